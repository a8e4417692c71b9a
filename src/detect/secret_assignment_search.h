// SecretAssignmentSearch: the leftmost match of the built-in generic.secret rule without RE2.
//
// The rule, a secret, token or API key assigned to a key name:
//   (?i)(?:secret|token|api[_.-]?key|(?:secret|private|signing|encryption|master|access|auth)
//   [_.-]?key)["'\\]{0,2}\s{0,4}(?:=>|:=|=|:)\s{0,4}["'\\]{0,3}
//   ([^\s"',;&@\[\]\\/.][^\s"',;&@\[\]\\]{7,511})
// As RE2 it took a prefilter search, an anchored search and a group search per window, the
// largest single cost on secret-dense logs. Its leftmost-first match in [pos, end):
//  - after a key name come quotes, blanks and the operator, whose classes share no byte, and
//    the value's first byte is none of them: each run is taken whole (at most 2 quotes, 4
//    blanks; a longer run fails), so a key name ending at `kend` has one parse up to its
//    operator; reading back from an '=' or ':' over at most 4 blanks and 2 quotes gives the
//    only `kend` that operator can have;
//  - key names hold no '=' or ':', so matches around a later operator start later: operators
//    are tried in order, and for each the leftmost key name ending at `kend` (at a given start
//    at most one alternative can be followed by quotes, blanks or an operator);
//  - the operator: "=>" before "=", ":=" before ":" (the shorter one leaves '>' or '=' as the
//    value's first byte, tried only when the longer one fails); then at most 4 blanks, at most
//    3 quotes, and the value: a first byte, then the greedy run of value bytes (7..511).
// Only a pattern that is exactly the built-in one gets this search. tests/unit/
// secret_assignment_search_test.cpp and the fuzzers (cross-check mode) hold it to RE2.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "detect/native_search.h"

namespace logscrub {

class SecretAssignmentSearch final : public NativeSearch {
 public:
  // The patterns this search replaces: generic.secret (patterns/generic.yaml), and
  // aws.secret_access_key (patterns/aws.yaml), of the same shape with its own key names
  // (aws[_.-]?secret[_.-]?(?:access[_.-]?)?key | secret[_.-]?access[_.-]?key: words that start
  // with letters, so one parse), at most 2 quotes after the operator and a value of exactly 40
  // [A-Za-z0-9/+] bytes (which cannot start with '>' or '=': one operator parse).
  static const std::string_view kPattern;
  static const std::string_view kAwsPattern;

  // The search for `pattern` with redacted group `group`, or nullptr when it is neither
  // pattern with group 1.
  static std::unique_ptr<SecretAssignmentSearch> build(const std::string& pattern, int group);

  // The leftmost-first match in [pos, end) of `text`, the value as its group; false when there
  // is none.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return false; }  // no '[' in its matches

 private:
  explicit SecretAssignmentSearch(bool aws) : aws_(aws) {}
  bool aws_;  // aws.secret_access_key's key names and value (kAwsPattern), else kPattern's
};

}  // namespace logscrub
