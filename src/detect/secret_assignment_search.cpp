#include "detect/secret_assignment_search.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "detect/ascii.h"
#include "detect/assignment_syntax.h"

namespace logscrub {
namespace {

constexpr size_t kMaxQuotesBefore = 2;  // ["'\\]{0,2}
constexpr size_t kMaxBlanks = 4;        // \s{0,4}, on both sides of the operator
constexpr size_t kMaxQuotesAfter = 3;   // ["'\\]{0,3}
constexpr size_t kMinValueRest = 7;     // the value's bytes after its first: {7,511}
constexpr size_t kMaxValueRest = 511;

using ascii::is_re2_space;
using ascii::to_lower;

using assignment::is_quote;
constexpr bool is_value(unsigned char c) {  // [^\s"',;&@\[\]\\]
  return !is_re2_space(c) && !is_quote(c) && c != ',' && c != ';' && c != '&' && c != '@' &&
         c != '[' && c != ']';
}
constexpr bool is_value_first(unsigned char c) {  // [^\s"',;&@\[\]\\/.]
  return is_value(c) && c != '/' && c != '.';
}
constexpr auto kValueBytes = ascii::byte_table(is_value);

constexpr bool is_separator(unsigned char c) {  // [_.-]
  return c == '_' || c == '.' || c == '-';
}

// Whether text[at, at + word.size()) is `word` (lower case) in any case.
bool word_at(const unsigned char* t, size_t at, std::string_view word) {
  return ascii::equals_lower(t + at, word);
}

// The leftmost start in [pos, kend - 3] of a key name ending at kend: "secret", "token", or
// ("api" | one of kKeyPrefixes) [_.-]? "key". SIZE_MAX when none ends there.
size_t key_name_start(const unsigned char* t, size_t pos, size_t kend) {
  static constexpr std::array<std::string_view, 8> kKeyPrefixes = {
      "api", "secret", "private", "signing", "encryption", "master", "access", "auth"};
  size_t best = SIZE_MAX;
  auto consider = [&](size_t length, std::string_view word) {
    if (kend - pos >= length && word_at(t, kend - length, word))
      best = std::min(best, kend - length);
  };
  consider(6, "secret");
  consider(5, "token");
  if (kend - pos >= 3 && word_at(t, kend - 3, "key")) {
    const size_t key = kend - 3;
    const bool separated = key > pos && is_separator(t[key - 1]);
    for (std::string_view prefix : kKeyPrefixes) {
      if (key - pos >= prefix.size() && word_at(t, key - prefix.size(), prefix))
        best = std::min(best, key - prefix.size());
      if (separated && key - 1 - pos >= prefix.size() &&
          word_at(t, key - 1 - prefix.size(), prefix))
        best = std::min(best, key - 1 - prefix.size());
    }
  }
  return best;
}

// Whether text[from, kend) is, in any case, `word` then an optional [_.-]: where the rest
// starts, or SIZE_MAX.
size_t word_then_separator(const unsigned char* t, size_t from, size_t kend,
                           std::string_view word) {
  if (kend - from < word.size() || !word_at(t, from, word)) return SIZE_MAX;
  from += word.size();
  return from < kend && is_separator(t[from]) ? from + 1 : from;
}

// Whether text[s, kend) is aws.secret_access_key's key name, in any case:
// aws[_.-]?secret[_.-]?(?:access[_.-]?)?key or secret[_.-]?access[_.-]?key. Each word starts
// with a letter, not a separator, so the parse is the only one.
bool aws_key_name_at(const unsigned char* t, size_t s, size_t kend) {
  size_t i = word_then_separator(t, s, kend, "aws");
  const bool aws = i != SIZE_MAX;
  i = word_then_separator(t, aws ? i : s, kend, "secret");
  if (i == SIZE_MAX) return false;
  const size_t access = word_then_separator(t, i, kend, "access");
  if (access != SIZE_MAX) {
    i = access;
  } else if (!aws) {
    return false;  // the second form needs "access"
  }
  return kend - i == 3 && word_at(t, i, "key");
}

// The leftmost start in [pos, kend) of aws.secret_access_key's key name ending at kend (12 to
// 21 bytes), SIZE_MAX when none.
size_t aws_key_name_start(const unsigned char* t, size_t pos, size_t kend) {
  constexpr size_t kLongest = 21, kShortest = 12;  // aws_secret_access_key, awssecretkey
  for (size_t s = kend - std::min(kend - pos, kLongest); s + kShortest <= kend; ++s) {
    if (aws_key_name_at(t, s, kend)) return s;
  }
  return SIZE_MAX;
}

constexpr bool is_aws_secret(unsigned char c) {  // [A-Za-z0-9/+]
  return ascii::is_alnum(c) || c == '/' || c == '+';
}
constexpr size_t kAwsSecretBytes = 40;
constexpr size_t kAwsMaxQuotesAfter = 2;

// After the operator, at `at`: blanks, at most 2 quotes and exactly 40 secret bytes (whatever
// follows), within end.
bool aws_value_after(const unsigned char* t, size_t at, size_t end, size_t* value_begin,
                     size_t* value_end) {
  const size_t i = assignment::value_start_after(t, at, end, kMaxBlanks, kAwsMaxQuotesAfter);
  if (i == SIZE_MAX || end - i < kAwsSecretBytes) return false;
  for (size_t k = i; k < i + kAwsSecretBytes; ++k) {
    if (!is_aws_secret(t[k])) return false;
  }
  *value_begin = i;
  *value_end = i + kAwsSecretBytes;
  return true;
}

// After the operator, at `at`: blanks, quotes and the value, within end. The value's bounds
// into *value_begin / *value_end; false when they do not follow.
bool value_after(const unsigned char* t, size_t at, size_t end, size_t* value_begin,
                 size_t* value_end) {
  size_t i = assignment::value_start_after(t, at, end, kMaxBlanks, kMaxQuotesAfter);
  if (i == SIZE_MAX || i >= end || !is_value_first(t[i])) return false;
  const size_t first = i++;
  const size_t limit = std::min(end, first + 1 + kMaxValueRest);
  while (i < limit && kValueBytes[t[i]]) ++i;
  if (i - first - 1 < kMinValueRest) return false;
  *value_begin = first;
  *value_end = i;
  return true;
}

}  // namespace

const std::string_view SecretAssignmentSearch::kPattern =
    "(?i)(?:secret|token|api[_.-]?key|(?:secret|private|signing|encryption|master|access|auth)"
    "[_.-]?key)[\"'\\\\]{0,2}\\s{0,4}(?:=>|:=|=|:)\\s{0,4}[\"'\\\\]{0,3}([^\\s\"',;&@\\[\\]\\\\/.]"
    "[^\\s\"',;&@\\[\\]\\\\]{7,511})";

const std::string_view SecretAssignmentSearch::kAwsPattern =
    "(?i)(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key)[\"'\\\\]{0,2}"
    "\\s{0,4}(?:=>|:=|=|:)\\s{0,4}[\"'\\\\]{0,2}([A-Za-z0-9/+]{40})";

std::unique_ptr<SecretAssignmentSearch> SecretAssignmentSearch::build(const std::string& pattern,
                                                                      int group) {
  if (group != 1 || (pattern != kPattern && pattern != kAwsPattern)) return nullptr;
  return std::unique_ptr<SecretAssignmentSearch>(
      new SecretAssignmentSearch(pattern == kAwsPattern));
}

bool SecretAssignmentSearch::leftmost(std::string_view text, size_t pos, size_t end,
                                      NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t op = assignment::next_operator(t, pos, end); op < end;
       op = assignment::next_operator(t, op + 1, end)) {
    // Back over the blanks and the quotes to where the key name ends.
    size_t quotes = 0;
    const size_t kend =
        assignment::key_end_before(t, pos, op, kMaxBlanks, kMaxQuotesBefore, &quotes);
    if (kend == SIZE_MAX) continue;
    // Every key name ends with "secret", "token" or "key" (AWS's with "key").
    if (kend == pos) continue;
    const char last = to_lower(t[kend - 1]);
    if (last != 'y' && (aws_ || (last != 't' && last != 'n'))) continue;
    const size_t start = aws_ ? aws_key_name_start(t, pos, kend) : key_name_start(t, pos, kend);
    if (start == SIZE_MAX) continue;
    // The operator: the two-byte one first, then the one-byte one (for AWS's value, which
    // cannot start with '>' or '=', only one of them can be followed by it).
    const auto value = aws_ ? aws_value_after : value_after;
    size_t value_begin = 0, value_end = 0;
    if (assignment::value_after_operator(t, op, end, true, value, &value_begin, &value_end)) {
      *match = NativeMatch{start, value_end, value_begin, value_end};
      return true;
    }
  }
  return false;
}

}  // namespace logscrub
