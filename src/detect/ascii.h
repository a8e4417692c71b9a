// ASCII byte classes shared by the scanners and pattern readers (the same classes RE2 and
// Hyperscan use without Unicode: bytes >= 0x80 are in none of them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace logscrub::ascii {

constexpr bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_upper(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_lower(unsigned char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_alpha(unsigned char c) {
  return is_upper(c) || is_lower(c);
}
constexpr bool is_alnum(unsigned char c) {
  return is_digit(c) || is_alpha(c);
}
// A word byte in the sense of \b: [0-9A-Za-z_].
constexpr bool is_word(unsigned char c) {
  return is_alnum(c) || c == '_';
}

// RE2's \s without Unicode: [\t\n\f\r ] (no \v). In a negated class ([^\s"]) it is also what
// the rules' options (never_nl) exclude.
constexpr bool is_re2_space(unsigned char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

// \s as the rules' RE2 options read it in a run of blanks (\s{0,4}): never_nl takes '\n' out
// of every class, so [\t\f\r ].
constexpr bool is_rule_blank(unsigned char c) {
  return is_re2_space(c) && c != '\n';
}

// [^\s/?\[\]"'<>]: a byte of a URL's password as the built-in patterns take it (pii.email's
// userinfo guard, url.credentials).
constexpr bool is_url_password(unsigned char c) {
  return !is_re2_space(c) && c != '/' && c != '?' && c != '[' && c != ']' && c != '"' &&
         c != '\'' && c != '<' && c != '>';
}

// The value of hex digit `c` (either case), or -1.
constexpr int hex_value(unsigned char c) {
  if (is_digit(c)) return c - '0';
  const auto lower = static_cast<unsigned char>(c | 0x20);
  return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// The byte with an ASCII letter's case changed; other bytes as they are.
constexpr char to_lower(unsigned char c) {
  return static_cast<char>(is_upper(c) ? c + ('a' - 'A') : c);
}
constexpr char to_upper(unsigned char c) {
  return static_cast<char>(is_lower(c) ? c - ('a' - 'A') : c);
}

constexpr bool is_digit(char c) {
  return is_digit(static_cast<unsigned char>(c));
}
constexpr bool is_upper(char c) {
  return is_upper(static_cast<unsigned char>(c));
}
constexpr bool is_alpha(char c) {
  return is_alpha(static_cast<unsigned char>(c));
}
constexpr bool is_alnum(char c) {
  return is_alnum(static_cast<unsigned char>(c));
}
constexpr bool is_word(char c) {
  return is_word(static_cast<unsigned char>(c));
}

// Whether the bytes at `t` are `lower_word` (lower case) in any ASCII case; the caller makes
// sure lower_word.size() bytes are there.
inline bool equals_lower(const unsigned char* t, std::string_view lower_word) {
  for (size_t i = 0; i < lower_word.size(); ++i) {
    if (to_lower(t[i]) != lower_word[i]) return false;
  }
  return true;
}

// `s` with its ASCII upper-case letters in lower case.
inline std::string lower_copy(std::string s) {
  for (char& c : s) c = to_lower(static_cast<unsigned char>(c));
  return s;
}

// A table of `in_class` for every byte, for classes tested byte by byte in inner loops (one
// load instead of a chain of comparisons).
template <typename Predicate>
constexpr std::array<bool, 256> byte_table(Predicate in_class) {
  std::array<bool, 256> table{};
  for (unsigned c = 0; c < 256; ++c) table[c] = in_class(static_cast<unsigned char>(c));
  return table;
}

// The end of a run of 0..max bytes of a class from `at` within `end`, SIZE_MAX when the run is
// longer (a pattern's bounded repeat C{0,max} then fails where the next part cannot start with
// a byte of C). `in_class` is a predicate on the byte.
template <typename Predicate>
size_t bounded_run(const unsigned char* t, size_t at, size_t end, size_t max, Predicate in_class) {
  size_t i = at;
  while (i < end && i - at <= max && in_class(t[i])) ++i;
  return i - at > max ? SIZE_MAX : i;
}

}  // namespace logscrub::ascii
