// Hand-written searches (detect/native_search.h) for three built-in token rules whose RE2
// programs, with repeats counted to 1,000, cost 2.5-3 ms each to build (paid by the first line
// holding an "Authorization: Bearer <JWT>" header) and an anchored DFA run per match:
//
//  - JwtSearch, jwt.token:
//      \beyJ(?:[A-Za-z0-9_-]{4,1000}\.eyJ[A-Za-z0-9_-]{4}|[A-Za-z0-9_-]{1000}[A-Za-z0-9_-])
//    After "eyJ" (at \b) the run of header bytes, which holds no '.', is the first alternative's
//    {4,1000} whole (a shorter one is followed by a header byte, not '.'), or, 1,001 bytes or
//    more, the second's; the two never both match.
//  - BearerSearch, http.bearer_token:
//      \b(?:Bearer|bearer|BEARER)\s{1,4}([A-Za-z0-9._~+/=-]{16,1000})
//  - AuthorizationBearerSearch, http.authorization_bearer:
//      (?i)authorization["'\\]{0,2}\s{0,4}[:=]\s{0,4}["'\\]{0,2}bearer\s{1,4}([A-Za-z0-9._~+/=-]{6,1000})
//    Quotes, blanks, the operator and the token bytes share no byte, so each run is taken
//    whole (a longer run than its bound fails), and the token is the greedy run of its bytes.
// In each, a match's start fixes the rest of it, so the leftmost start that parses is RE2's
// leftmost-first match. tests/unit/token_searches_test.cpp and the fuzzers (cross-check mode)
// hold them to RE2.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "detect/native_search.h"

namespace logscrub {

class JwtSearch final : public NativeSearch {
 public:
  static const std::string_view kPattern;
  // The search for `pattern` with group `group` (0: no capture group), or nullptr.
  static std::unique_ptr<JwtSearch> build(const std::string& pattern, int group);
  // The leftmost match in [pos, end); the group is the whole match.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return false; }  // no '[' in its matches
};

class BearerSearch final : public NativeSearch {
 public:
  static const std::string_view kPattern;
  // The search for `pattern` with group `group` (1: the token), or nullptr.
  static std::unique_ptr<BearerSearch> build(const std::string& pattern, int group);
  // The leftmost match in [pos, end); the group is the token.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return false; }  // no '[' in its matches
};

class AuthorizationBearerSearch final : public NativeSearch {
 public:
  static const std::string_view kPattern;
  // The search for `pattern` with group `group` (1: the token), or nullptr.
  static std::unique_ptr<AuthorizationBearerSearch> build(const std::string& pattern, int group);
  // The leftmost match in [pos, end); the group is the token.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return false; }  // no '[' in its matches
};

}  // namespace logscrub
