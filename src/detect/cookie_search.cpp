#include "detect/cookie_search.h"

#include <algorithm>

#include "detect/ascii.h"

namespace logscrub {
namespace {

using ascii::is_re2_space;
using ascii::is_word;  // RE2's \b

constexpr size_t kMaxBlanksBeforeColon = 2;  // \s{0,2}
constexpr size_t kMaxBlanksAfterColon = 4;   // \s{0,4}
constexpr size_t kMaxNameBytes = 128;        // [\w.!#$%&*+^`|~-]{1,128}
constexpr size_t kMaxValueRest = 999;        // [^\r\n"'\\\[\]]{0,999}

constexpr bool is_name(unsigned char c) {  // [\w.!#$%&*+^`|~-]
  return is_word(c) || c == '.' || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' ||
         c == '*' || c == '+' || c == '^' || c == '`' || c == '|' || c == '~' || c == '-';
}
constexpr bool is_value_rest(unsigned char c) {  // [^\r\n"'\\\[\]]
  return c != '\r' && c != '\n' && c != '"' && c != '\'' && c != '\\' && c != '[' && c != ']';
}
constexpr bool is_value_first(unsigned char c) {  // [^\s;,"'\\\[\]]
  return is_value_rest(c) && !is_re2_space(c) && c != ';' && c != ',';
}
constexpr auto kNameBytes = ascii::byte_table(is_name);
constexpr auto kValueRestBytes = ascii::byte_table(is_value_rest);

// The end of the run of `in_class` bytes from `at`, at most `max` of them, within `end`;
// SIZE_MAX when the run is longer than `max`.
template <typename Table>
size_t bounded_run(const unsigned char* t, size_t at, size_t end, size_t max,
                   const Table& in_class) {
  const size_t limit = std::min(end, at + max);
  size_t i = at;
  while (i < limit && in_class[t[i]]) ++i;
  return i == limit && i < end && in_class[t[i]] ? SIZE_MAX : i;
}

// \s as the rules' RE2 options (never_nl) read it: [\t\f\r ], no '\n'.
constexpr bool is_blank(unsigned char c) {
  return is_re2_space(c) && c != '\n';
}
constexpr auto kBlankBytes = ascii::byte_table(is_blank);

// The length of "set-cookie" or "cookie" (any case) at `s` within end, 0 when neither is.
size_t cookie_word_at(const unsigned char* t, size_t s, size_t end) {
  constexpr std::string_view kSet = "set-", kCookie = "cookie";
  size_t i = s;
  if (end - i >= kSet.size() && ascii::equals_lower(t + i, kSet)) i += kSet.size();
  if (end - i < kCookie.size() || !ascii::equals_lower(t + i, kCookie)) return 0;
  return i + kCookie.size() - s;
}

}  // namespace

const std::string_view CookieSearch::kPattern =
    "(?i)\\b(?:set-)?cookie\\s{0,2}:\\s{0,4}[\\w.!#$%&*+^`|~-]{1,128}="
    "([^\\s;,\"'\\\\\\[\\]][^\\r\\n\"'\\\\\\[\\]]{0,999})";

std::unique_ptr<CookieSearch> CookieSearch::build(const std::string& pattern, int group) {
  if (group != 1 || pattern != kPattern) return nullptr;
  return std::make_unique<CookieSearch>();
}

bool CookieSearch::leftmost(std::string_view text, size_t pos, size_t end,
                            NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t s = pos; s < end; ++s) {
    const char first = ascii::to_lower(t[s]);
    if ((first != 'c' && first != 's') || (s > 0 && is_word(t[s - 1]))) continue;
    const size_t word = cookie_word_at(t, s, end);
    if (word == 0) continue;
    size_t i = bounded_run(t, s + word, end, kMaxBlanksBeforeColon, kBlankBytes);
    if (i == SIZE_MAX || i >= end || t[i] != ':') continue;
    i = bounded_run(t, i + 1, end, kMaxBlanksAfterColon, kBlankBytes);
    if (i == SIZE_MAX) continue;
    const size_t name_end = bounded_run(t, i, end, kMaxNameBytes, kNameBytes);
    if (name_end == SIZE_MAX || name_end == i || name_end >= end || t[name_end] != '=') continue;
    const size_t value = name_end + 1;
    if (value >= end || !is_value_first(t[value])) continue;
    const size_t limit = std::min(end, value + 1 + kMaxValueRest);
    size_t value_end = value + 1;
    while (value_end < limit && kValueRestBytes[t[value_end]]) ++value_end;
    *match = NativeMatch{s, value_end, value, value_end};
    return true;
  }
  return false;
}

}  // namespace logscrub
