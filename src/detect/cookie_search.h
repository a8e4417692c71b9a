// CookieSearch: the leftmost match of the built-in http.cookie rule without RE2. Its RE2
// confirmation ran on every "cookie:" a line holds (half the lines of the secret-dense corpus)
// and cost those lines ~10% of their time; this search reads the same match in one pass.
//
// The rule:
//   (?i)\b(?:set-)?cookie\s{0,2}:\s{0,4}[\w.!#$%&*+^`|~-]{1,128}=
//   ([^\s;,"'\\\[\]][^\r\n"'\\\[\]]{0,999})
// Its leftmost-first match in [pos, end):
//  - a match starts at "set-cookie" or "cookie" after \b; where "set-cookie" fails to parse,
//    the "cookie" inside it (after \b, since '-' is no word byte) is followed by the same bytes
//    and fails too, so each start is tried once with whichever word is there;
//  - blanks, ':', the name's bytes and '=' are four disjoint sets, so each blank run and the
//    name are taken whole: a run longer than its bound is followed by a byte of its own set,
//    which the next part cannot start with, and the match fails;
//  - the value: one byte of the first class, then the greedy run of the second, at most 999.
// Only a pattern that is exactly the built-in one gets this search.
// tests/unit/cookie_search_test.cpp and the fuzzers (cross-check mode) hold it to RE2.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "detect/native_search.h"

namespace logscrub {

class CookieSearch final : public NativeSearch {
 public:
  // The pattern this search replaces (patterns/http_auth.yaml, http.cookie).
  static const std::string_view kPattern;

  // The search for `pattern` with redacted group `group`, or nullptr when it is not kPattern
  // with group 1.
  static std::unique_ptr<CookieSearch> build(const std::string& pattern, int group);

  // The leftmost-first match in [pos, end) of `text` (all of it context for \b), the cookie's
  // value and what follows it on the line as its group; false when there is none.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return false; }  // no '[' in its matches
};

}  // namespace logscrub
