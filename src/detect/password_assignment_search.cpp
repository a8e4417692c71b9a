#include "detect/password_assignment_search.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "detect/ascii.h"
#include "detect/assignment_syntax.h"

namespace logscrub {
namespace {

constexpr size_t kMaxQuotesBefore = 2;  // ["'\\]{0,2}
constexpr size_t kMaxBlanks = 4;        // \s{0,4}
constexpr size_t kMaxQuotesAfter = 3;   // ["'\\]{0,3}
constexpr size_t kMinRest = 3;          // a first byte, then {3,255}
constexpr size_t kMaxRest = 255;
constexpr size_t kMinSlashRest = 2;  // '/', a second byte, then {2,254}
constexpr size_t kMaxSlashRest = 254;

using ascii::is_alnum;
using ascii::is_re2_space;
using ascii::is_word;  // RE2's \b

using assignment::is_quote;
constexpr bool is_value(unsigned char c) {  // [^\s"',;&\[\]\\()]
  return !is_re2_space(c) && !is_quote(c) && c != ',' && c != ';' && c != '&' && c != '[' &&
         c != ']' && c != '(' && c != ')';
}
constexpr auto kValueBytes = ascii::byte_table(is_value);
constexpr bool is_separator(unsigned char c) {  // [_.-]
  return c == '_' || c == '.' || c == '-';
}

// Whether text[at, at + word.size()) is `word` (lower case) in any case; at >= pos.
bool word_at(const unsigned char* t, size_t pos, size_t at, size_t kend, std::string_view word) {
  return at >= pos && kend - at >= word.size() && ascii::equals_lower(t + at, word);
}

// The leftmost start in [pos, kend) of a first-alternative key name ending at kend: password,
// passwd, passphrase, or [A-Za-z0-9][_.-] then pass or pwd. SIZE_MAX when none.
size_t first_alternative_start(const unsigned char* t, size_t pos, size_t kend) {
  size_t best = SIZE_MAX;
  for (std::string_view name :
       {std::string_view("passphrase"), std::string_view("password"), std::string_view("passwd")}) {
    if (kend - pos >= name.size() && word_at(t, pos, kend - name.size(), kend, name))
      best = std::min(best, kend - name.size());
  }
  for (std::string_view tail : {std::string_view("pass"), std::string_view("pwd")}) {
    const size_t length = tail.size() + 2;
    if (kend - pos < length || !word_at(t, pos, kend - tail.size(), kend, tail)) continue;
    const size_t start = kend - length;
    if (is_alnum(t[start]) && is_separator(t[start + 1])) best = std::min(best, start);
  }
  return best;
}

// After the operator, at `at`: blanks, quotes and the value, within end. The value's bounds;
// false when they do not follow.
bool value_after(const unsigned char* t, size_t at, size_t end, size_t* value_begin,
                 size_t* value_end) {
  const size_t i = assignment::value_start_after(t, at, end, kMaxBlanks, kMaxQuotesAfter);
  if (i == SIZE_MAX || i >= end || !kValueBytes[t[i]]) return false;
  const size_t first = i;
  // "/x..." takes its second byte (not '/') before the run; any other first byte, the run.
  const bool slash = t[first] == '/';
  if (slash && (first + 1 >= end || !kValueBytes[t[first + 1]] || t[first + 1] == '/'))
    return false;
  const size_t run = first + (slash ? 2 : 1);
  const size_t min = slash ? kMinSlashRest : kMinRest;
  const size_t limit = std::min(end, run + (slash ? kMaxSlashRest : kMaxRest));
  size_t e = run;
  while (e < limit && kValueBytes[t[e]]) ++e;
  if (e - run < min) return false;
  *value_begin = first;
  *value_end = e;
  return true;
}

}  // namespace

const std::string_view PasswordAssignmentSearch::kPattern =
    "(?i)(?:(?:pass(?:word|wd|phrase)|[A-Za-z0-9][_.-](?:pass|pwd))[\"'\\\\]{0,2}\\s{0,4}(?:=>|:=|"
    "=|:)|\\bpass(?:\\s{0,4}=>?|[\"'\\\\]{1,2}\\s{0,4}:))\\s{0,4}[\"'\\\\]{0,3}((?:[^\\s\"',;&\\["
    "\\]"
    "\\\\()/][^\\s\"',;&\\[\\]\\\\()]{3,255}|/[^\\s\"',;&\\[\\]\\\\()/][^\\s\"',;&\\[\\]\\\\()]{2,"
    "254}))";

std::unique_ptr<PasswordAssignmentSearch> PasswordAssignmentSearch::build(
    const std::string& pattern, int group) {
  if (group != 1 || pattern != kPattern) return nullptr;
  return std::make_unique<PasswordAssignmentSearch>();
}

bool PasswordAssignmentSearch::leftmost(std::string_view text, size_t pos, size_t end,
                                        NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t op = assignment::next_operator(t, pos, end); op < end;
       op = assignment::next_operator(t, op + 1, end)) {
    size_t quotes = 0;
    const size_t kend =
        assignment::key_end_before(t, pos, op, kMaxBlanks, kMaxQuotesBefore, &quotes);
    if (kend == SIZE_MAX) continue;
    size_t start = first_alternative_start(t, pos, kend);
    const bool full_operators = start != SIZE_MAX;  // "=>", ":=", "=", ":"; else '=' ['>'] or ':'
    if (start == SIZE_MAX) {
      // \bpass: before '=' blanks only, before ':' 1..2 quotes and blanks.
      const bool shape = t[op] == '=' ? quotes == 0 : quotes >= 1;
      if (!shape || kend - pos < 4 || !word_at(t, pos, kend - 4, kend, "pass") ||
          (kend - 4 > 0 && is_word(t[kend - 5])))
        continue;
      start = kend - 4;
    }
    size_t value_begin = 0, value_end = 0;
    if (assignment::value_after_operator(t, op, end, full_operators, value_after, &value_begin,
                                         &value_end)) {
      *match = NativeMatch{start, value_end, value_begin, value_end};
      return true;
    }
  }
  return false;
}

}  // namespace logscrub
