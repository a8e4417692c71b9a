// Payment card number scanner (see card_scanner.h).
//
// Scan: SSE2 (or scalar) skip to the next digit; every maximal digit run that starts at a
// word boundary is a candidate start. From there we read either
//   - a contiguous run: exactly 13..19 digits (a run of 20+ digits is never a card, and
//     sub-runs of it are never reported), or
//   - a grouped number: groups separated by a single ' ' or a single '-' (the same one
//     throughout) that match one of the groupings below. With several matching groupings the
//     longest valid one wins. A dash-grouped number must not continue with "-<digit>"; a
//     space-grouped one may (e.g. "4111 1111 1111 1111 12/25" reports the card).
//
// Groupings (digits per group -> total):
//   4-4-4-1 (13, Visa)   4-4-5 (13)   4-4-4-2 (14)   4-6-4 (14, Diners)   4-6-5 (15, Amex)
//   4-4-4-4 (16)         4-4-4-4-3 (19)
//
// Then: boundaries (card_scanner.h), Luhn, and the issuer table (IIN prefix -> lengths):
//   Visa        4                                     13, 16, 19
//   Mastercard  51-55, 2221-2720                      16
//   Amex        34, 37                                15
//   Discover    6011, 644-649, 65                     16-19
//   JCB         3528-3589                             16-19
//   Diners      300-305, 36, 38, 39                   14-19
//   UnionPay    62                                    16-19
//   Maestro     5018 5020 5038 5893 6304 6759 6761-6763  13-19
//
// Every candidate start does work bounded by its own first run plus ~30 bytes of look-ahead,
// and runs are disjoint, so the scan is linear. All reads are bounds-checked.
#include "detect/card_scanner.h"

#include <array>
#include <bit>
#include <cstdint>

#include "detect/ascii.h"
#include "detect/digit_shapes.h"
#include "detect/validators.h"

namespace logscrub {
namespace {

constexpr size_t kMinDigits = 13;
constexpr size_t kMaxDigits = 19;
constexpr size_t kMaxGroups = 5;
constexpr size_t kMaxGroupLen = 6;  // longest group in any grouping

struct Grouping {
  size_t count;
  std::array<uint8_t, kMaxGroups> lens;
};

// Longest first, so the first valid match is the longest one.
constexpr std::array<Grouping, 7> kGroupings = {{
    {5, {4, 4, 4, 4, 3}},
    {4, {4, 4, 4, 4, 0}},
    {3, {4, 6, 5, 0, 0}},
    {4, {4, 4, 4, 2, 0}},
    {3, {4, 6, 4, 0, 0}},
    {4, {4, 4, 4, 1, 0}},
    {3, {4, 4, 5, 0, 0}},
}};

using ascii::is_digit;
using ascii::is_word;

// Offset one past the digit run starting at i, reading at most `limit` digits.
size_t run_end(std::string_view text, size_t i, size_t limit) {
  const size_t stop = (text.size() - i < limit) ? text.size() : i + limit;
  while (i < stop && is_digit(text[i])) ++i;
  return i;
}

// True when text[i] is `sep` and is followed by a digit.
bool sep_then_digit(std::string_view text, size_t i, char sep) {
  return i + 1 < text.size() && text[i] == sep && is_digit(text[i + 1]);
}

// Left boundary of a number starting at `begin` (see card_scanner.h).
bool left_ok(std::string_view text, size_t begin) {
  if (begin == 0) return true;
  const char p = text[begin - 1];
  if (is_word(p)) return false;
  const bool glue = p == '-' || p == '.' || p == '+' || p == '/';
  return !(glue && begin >= 2 && is_word(text[begin - 2]));
}

// Right boundary of a number ending at `end` (see card_scanner.h).
bool right_ok(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  if (is_word(text[end])) return false;
  // "4111111111111111.5" is a decimal, not a card; a comma is a list separator (CSV fields,
  // JSON arrays of numbers), so "4111111111111111,12,2027" still holds a card.
  return !sep_then_digit(text, end, '.');
}

// Luhn and issuer checks on text[begin, end), which holds 13..19 digits plus separators.
bool card_checks(std::string_view text, size_t begin, size_t end) {
  std::array<char, kMaxDigits> digits{};
  size_t n = 0;
  for (size_t i = begin; i < end; ++i) {
    if (!is_digit(text[i])) continue;
    if (n == digits.size()) return false;
    digits[n++] = text[i];
  }
  const std::string_view d(digits.data(), n);
  return luhn_valid(d) && card_iin_plausible(d);
}

// End offset of a valid grouped card whose first 4-digit group starts at `begin`, or 0.
size_t match_grouped(std::string_view text, size_t begin, size_t first_end) {
  const char sep = text[first_end];
  std::array<size_t, kMaxGroups> lens{4};
  std::array<size_t, kMaxGroups> ends{first_end};
  size_t groups = 1;
  while (groups < kMaxGroups && sep_then_digit(text, ends[groups - 1], sep)) {
    const size_t start = ends[groups - 1] + 1;
    const size_t end = run_end(text, start, kMaxGroupLen + 1);
    lens[groups] = end - start;
    ends[groups] = end;
    ++groups;
    if (lens[groups - 1] > kMaxGroupLen) break;
  }
  for (const Grouping& g : kGroupings) {
    if (g.count > groups) continue;
    bool same = true;
    for (size_t k = 0; k < g.count; ++k) same = same && lens[k] == g.lens[k];
    if (!same) continue;
    const size_t end = ends[g.count - 1];
    if (sep == '-' && sep_then_digit(text, end, '-')) continue;
    if (right_ok(text, end) && card_checks(text, begin, end)) return end;
  }
  return 0;
}

// True when d (all digits) starts with a number in [lo, hi] of `width` digits.
bool prefix_in(std::string_view d, size_t width, unsigned lo, unsigned hi) {
  if (d.size() < width) return false;
  unsigned v = 0;
  for (size_t i = 0; i < width; ++i) v = v * 10 + static_cast<unsigned>(d[i] - '0');
  return v >= lo && v <= hi;
}

}  // namespace

size_t card_check_at(std::string_view text, size_t i, std::vector<CardMatch>& out) {
  const size_t first_end = run_end(text, i, text.size() - i);
  const size_t len = first_end - i;
  size_t match_end = 0;
  if (left_ok(text, i)) {
    if (len >= kMinDigits && len <= kMaxDigits) {
      if (right_ok(text, first_end) && card_checks(text, i, first_end)) match_end = first_end;
    } else if (len == 4 &&
               (sep_then_digit(text, first_end, ' ') || sep_then_digit(text, first_end, '-'))) {
      match_end = match_grouped(text, i, first_end);
    }
  }
  if (match_end != 0) out.push_back(CardMatch{i, match_end});
  return match_end != 0 ? match_end : first_end;
}

void find_card_numbers(std::string_view text, std::vector<CardMatch>& out) {
  scan_digit_shapes(text, DigitShapeOutputs{&out, nullptr, nullptr});
}

bool card_iin_plausible(std::string_view d) {
  const size_t n = d.size();
  if (n < kMinDigits || n > kMaxDigits) return false;
  for (char c : d) {
    if (!is_digit(c)) return false;
  }
  const bool n16_19 = n >= 16;
  if (d[0] == '4' && (n == 13 || n == 16 || n == 19)) return true;  // Visa
  if ((prefix_in(d, 2, 51, 55) || prefix_in(d, 4, 2221, 2720)) && n == 16) return true;
  if ((prefix_in(d, 2, 34, 34) || prefix_in(d, 2, 37, 37)) && n == 15) return true;  // Amex
  if ((prefix_in(d, 4, 6011, 6011) || prefix_in(d, 3, 644, 649) || prefix_in(d, 2, 65, 65)) &&
      n16_19) {
    return true;  // Discover
  }
  if (prefix_in(d, 4, 3528, 3589) && n16_19) return true;  // JCB
  if ((prefix_in(d, 3, 300, 305) || prefix_in(d, 2, 36, 36) || prefix_in(d, 2, 38, 39)) &&
      n >= 14) {
    return true;  // Diners
  }
  if (prefix_in(d, 2, 62, 62) && n16_19) return true;  // UnionPay
  static constexpr std::array<unsigned, 9> kMaestro = {5018, 5020, 5038, 5893, 6304,
                                                       6759, 6761, 6762, 6763};
  for (unsigned p : kMaestro) {
    if (prefix_in(d, 4, p, p)) return true;  // Maestro, 13..19
  }
  return false;
}

}  // namespace logscrub
