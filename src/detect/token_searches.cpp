#include "detect/token_searches.h"

#include <algorithm>
#include <cstring>

#include "detect/ascii.h"
#include "detect/assignment_syntax.h"

namespace logscrub {
namespace {

using ascii::bounded_run;
using ascii::is_rule_blank;
using ascii::is_word;  // RE2's \b
using ascii::to_lower;

constexpr size_t kMinJwtHeader = 4;  // [A-Za-z0-9_-]{4,1000}
constexpr size_t kMaxJwtHeader = 1000;
constexpr size_t kJwtPayloadStart = 4;  // \.eyJ[A-Za-z0-9_-]{4}
constexpr size_t kMaxBearerBlanks = 4;  // \s{1,4}
constexpr size_t kMaxTokenBytes = 1000;
constexpr size_t kMinBearerToken = 16;
constexpr size_t kMinAuthorizationToken = 6;
constexpr size_t kMaxQuotes = 2;  // ["'\\]{0,2}
constexpr size_t kMaxBlanks = 4;  // \s{0,4}

constexpr bool is_base64url(unsigned char c) {  // [A-Za-z0-9_-]
  return is_word(c) || c == '-';
}
constexpr bool is_token(unsigned char c) {  // [A-Za-z0-9._~+/=-]
  return ascii::is_alnum(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
         c == '=' || c == '-';
}
using assignment::is_quote;
constexpr auto kBase64UrlBytes = ascii::byte_table(is_base64url);
constexpr auto kTokenBytes = ascii::byte_table(is_token);

// The end of the run of `in_class` bytes from `at`, scanning no further than `limit`.
template <typename Table>
size_t run_end(const unsigned char* t, size_t at, size_t limit, const Table& in_class) {
  while (at < limit && in_class[t[at]]) ++at;
  return at;
}

// Whether text[at, at + word.size()) is `word` (lower case) in any case, within end.
bool word_at(const unsigned char* t, size_t at, size_t end, std::string_view word) {
  return end - at >= word.size() && ascii::equals_lower(t + at, word);
}

// \s{1,4} then a token of min..1000 bytes at `at`: the token's bounds; false when none.
bool blanks_then_token(const unsigned char* t, size_t at, size_t end, size_t min,
                       size_t* token_begin, size_t* token_end) {
  const size_t blanks_end = bounded_run(t, at, end, kMaxBearerBlanks, is_rule_blank);
  if (blanks_end == SIZE_MAX || blanks_end == at) return false;
  const size_t token =
      run_end(t, blanks_end, std::min(end, blanks_end + kMaxTokenBytes), kTokenBytes);
  if (token - blanks_end < min) return false;
  *token_begin = blanks_end;
  *token_end = token;
  return true;
}

}  // namespace

const std::string_view JwtSearch::kPattern =
    "\\beyJ(?:[A-Za-z0-9_-]{4,1000}\\.eyJ[A-Za-z0-9_-]{4}|[A-Za-z0-9_-]{1000}[A-Za-z0-9_-])";
const std::string_view BearerSearch::kPattern =
    "\\b(?:Bearer|bearer|BEARER)\\s{1,4}([A-Za-z0-9._~+/=-]{16,1000})";
const std::string_view AuthorizationBearerSearch::kPattern =
    "(?i)authorization[\"'\\\\]{0,2}\\s{0,4}[:=]\\s{0,4}[\"'\\\\]{0,2}bearer\\s{1,4}"
    "([A-Za-z0-9._~+/=-]{6,1000})";

std::unique_ptr<JwtSearch> JwtSearch::build(const std::string& pattern, int group) {
  if (group != 0 || pattern != kPattern) return nullptr;
  return std::make_unique<JwtSearch>();
}

bool JwtSearch::leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t s = pos; s + 3 <= end; ++s) {
    const void* e = std::memchr(t + s, 'e', end - s - 2);
    if (!e) return false;
    s = static_cast<size_t>(static_cast<const unsigned char*>(e) - t);
    if (t[s + 1] != 'y' || t[s + 2] != 'J' || (s > 0 && is_word(t[s - 1]))) continue;
    const size_t header = s + 3;
    const size_t header_end =
        run_end(t, header, std::min(end, header + kMaxJwtHeader + 1), kBase64UrlBytes);
    const size_t length = header_end - header;
    size_t match_end = SIZE_MAX;
    if (length > kMaxJwtHeader) {
      match_end = header_end;  // the second alternative: 1,001 header bytes
    } else if (length >= kMinJwtHeader && end - header_end >= 4 + kJwtPayloadStart &&
               t[header_end] == '.' && t[header_end + 1] == 'e' && t[header_end + 2] == 'y' &&
               t[header_end + 3] == 'J' &&
               run_end(t, header_end + 4, header_end + 4 + kJwtPayloadStart, kBase64UrlBytes) ==
                   header_end + 4 + kJwtPayloadStart) {
      match_end = header_end + 4 + kJwtPayloadStart;
    }
    if (match_end == SIZE_MAX) continue;
    *match = NativeMatch{s, match_end, s, match_end};
    return true;
  }
  return false;
}

std::unique_ptr<BearerSearch> BearerSearch::build(const std::string& pattern, int group) {
  if (group != 1 || pattern != kPattern) return nullptr;
  return std::make_unique<BearerSearch>();
}

bool BearerSearch::leftmost(std::string_view text, size_t pos, size_t end,
                            NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  constexpr std::string_view kWord = "bearer";
  for (size_t s = pos; s + kWord.size() < end; ++s) {
    if (to_lower(t[s]) != 'b' || (s > 0 && is_word(t[s - 1]))) continue;
    // Bearer, bearer or BEARER: the case of the first two letters sets the rest's.
    const std::string_view word(reinterpret_cast<const char*>(t + s), kWord.size());
    if (word != "Bearer" && word != "bearer" && word != "BEARER") continue;
    size_t token_begin = 0, token_end = 0;
    if (!blanks_then_token(t, s + kWord.size(), end, kMinBearerToken, &token_begin, &token_end))
      continue;
    *match = NativeMatch{s, token_end, token_begin, token_end};
    return true;
  }
  return false;
}

std::unique_ptr<AuthorizationBearerSearch> AuthorizationBearerSearch::build(
    const std::string& pattern, int group) {
  if (group != 1 || pattern != kPattern) return nullptr;
  return std::make_unique<AuthorizationBearerSearch>();
}

bool AuthorizationBearerSearch::leftmost(std::string_view text, size_t pos, size_t end,
                                         NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  constexpr std::string_view kName = "authorization";
  for (size_t s = pos; s + kName.size() <= end; ++s) {
    if (to_lower(t[s]) != 'a' || !word_at(t, s, end, kName)) continue;
    size_t i = bounded_run(t, s + kName.size(), end, kMaxQuotes, is_quote);
    if (i != SIZE_MAX) i = bounded_run(t, i, end, kMaxBlanks, is_rule_blank);
    if (i == SIZE_MAX || i >= end || (t[i] != ':' && t[i] != '=')) continue;
    i = bounded_run(t, i + 1, end, kMaxBlanks, is_rule_blank);
    if (i != SIZE_MAX) i = bounded_run(t, i, end, kMaxQuotes, is_quote);
    if (i == SIZE_MAX || !word_at(t, i, end, "bearer")) continue;
    size_t token_begin = 0, token_end = 0;
    if (!blanks_then_token(t, i + 6, end, kMinAuthorizationToken, &token_begin, &token_end))
      continue;
    *match = NativeMatch{s, token_end, token_begin, token_end};
    return true;
  }
  return false;
}

}  // namespace logscrub
