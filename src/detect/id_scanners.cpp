#include "detect/id_scanners.h"

#include <bit>
#include <cstdint>
#include <string>

#include "detect/ascii.h"
#include "detect/digit_shapes.h"
#include "detect/validators.h"

namespace logscrub {
namespace {

using ascii::is_digit;
using ascii::is_upper;
using ascii::is_word;

bool left_ok(std::string_view text, size_t begin, bool glue_chars) {
  if (begin == 0) return true;
  char p = text[begin - 1];
  if (is_word(p)) return false;
  return !(glue_chars && (p == '-' || p == '.' || p == '/' || p == '+'));
}

bool right_ok(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  char n = text[end];
  if (is_word(n)) return false;
  if ((n == '-' || n == '.' || n == '/') && end + 1 < text.size() && is_digit(text[end + 1]))
    return false;
  return true;
}

}  // namespace

void ssn_check_at(std::string_view text, size_t pos, std::vector<CardMatch>& out) {
  if (text[pos + 3] != text[pos + 6]) return;  // the same separator twice
  if (!left_ok(text, pos, true) || !right_ok(text, pos + 11)) return;
  if (ssn_valid(text.substr(pos, 11))) out.push_back({pos, pos + 11});
}

size_t iban_check_at(std::string_view text, size_t pos, std::vector<CardMatch>& out) {
  if (!left_ok(text, pos, false)) return pos;
  auto alnum = [&](size_t k) {
    return k < text.size() && (is_upper(text[k]) || is_digit(text[k]));
  };
  // Compact: the whole upper-case/digit run.
  size_t end = pos;
  while (end < text.size() && end - pos <= 34 && alnum(end)) ++end;
  if (end - pos <= 34 && right_ok(text, end) && iban_valid(text.substr(pos, end - pos))) {
    out.push_back({pos, end});
    return end;
  }
  // Print form: groups of 4 separated by one space; the longest valid candidate wins.
  if (end - pos != 4) return pos;
  size_t group_ends[9];
  size_t groups = 0;
  group_ends[groups++] = end;
  size_t p = end;
  while (groups < 9 && p < text.size() && text[p] == ' ' && alnum(p + 1)) {
    size_t q = p + 1;
    while (q - (p + 1) < 4 && alnum(q)) ++q;
    if (alnum(q)) break;  // a group longer than 4: stop
    group_ends[groups++] = q;
    if (q - (p + 1) < 4) break;  // a short group is the last one
    p = q;
  }
  for (size_t g = groups; g-- > 3;) {
    size_t e = group_ends[g];
    if (right_ok(text, e) && iban_valid(text.substr(pos, e - pos))) {
      out.push_back({pos, e});
      return e;
    }
  }
  return pos;
}

void find_us_ssns(std::string_view text, std::vector<CardMatch>& out) {
  scan_digit_shapes(text, DigitShapeOutputs{nullptr, &out, nullptr});
}

void find_ibans(std::string_view text, std::vector<CardMatch>& out) {
  scan_digit_shapes(text, DigitShapeOutputs{nullptr, nullptr, &out});
}

}  // namespace logscrub
