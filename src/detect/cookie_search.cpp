#include "detect/cookie_search.h"

#include <algorithm>

#include "detect/ascii.h"

namespace logscrub {
namespace {

using ascii::bounded_run;
using ascii::is_re2_space;
using ascii::is_rule_blank;
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
constexpr bool is_name_byte(unsigned char c) {  // is_name by a table lookup
  return kNameBytes[c];
}
constexpr auto kValueRestBytes = ascii::byte_table(is_value_rest);

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
    size_t i = bounded_run(t, s + word, end, kMaxBlanksBeforeColon, is_rule_blank);
    if (i == SIZE_MAX || i >= end || t[i] != ':') continue;
    i = bounded_run(t, i + 1, end, kMaxBlanksAfterColon, is_rule_blank);
    if (i == SIZE_MAX) continue;
    const size_t name_end = bounded_run(t, i, end, kMaxNameBytes, is_name_byte);
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
