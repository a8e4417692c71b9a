// PasswordAssignmentSearch: the leftmost match of the built-in generic.password rule without
// RE2 (its program cost the first line holding "password=" 4-6 ms to build).
//
// The rule:
//   (?i)(?:(?:pass(?:word|wd|phrase)|[A-Za-z0-9][_.-](?:pass|pwd))["'\\]{0,2}\s{0,4}
//   (?:=>|:=|=|:)|\bpass(?:\s{0,4}=>?|["'\\]{1,2}\s{0,4}:))\s{0,4}["'\\]{0,3}
//   ((?:[^\s"',;&\[\]\\()/][^\s"',;&\[\]\\()]{3,255}|/[^\s"',;&\[\]\\()/][^\s"',;&\[\]\\()]{2,254}))
// Its leftmost-first match in [pos, end), as SecretAssignmentSearch's (see there):
//  - quotes, blanks and the operator share no byte and the value's first byte is none of
//    them: reading back from an '=' or ':' over at most 4 blanks and 2 quotes gives where the
//    key name ends; key names hold no '=' or ':', so operators are tried in order;
//  - the key names ending there: password, passwd, passphrase or an alphanumeric, [_.-] and
//    pass or pwd (the first alternative, any quotes), else "pass" after \b (the second: before
//    '=' blanks only, before ':' 1..2 quotes then blanks). A name of the first is longer than
//    "pass" and ends at the same place, so it starts first; the second's operators ('=' with
//    an optional '>', or ':') are among the first's, so where the first fails at an operator
//    the second fails too;
//  - "=>" before "=", ":=" before ":"; then at most 4 blanks and 3 quotes; the value: a byte
//    other than '/' and 3..255 more, or '/', a byte other than '/' and 2..254 more (greedy).
// Only a pattern that is exactly the built-in one gets this search.
// tests/unit/password_assignment_search_test.cpp and the fuzzers (cross-check mode) hold it
// to RE2.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "detect/native_search.h"

namespace logscrub {

class PasswordAssignmentSearch final : public NativeSearch {
 public:
  // The pattern this search replaces (patterns/generic.yaml, generic.password).
  static const std::string_view kPattern;

  // The search for `pattern` with redacted group `group`, or nullptr when it is not kPattern
  // with group 1.
  static std::unique_ptr<PasswordAssignmentSearch> build(const std::string& pattern, int group);

  // The leftmost-first match in [pos, end) of `text` (all of it context for \b), the value as
  // its group; false when there is none.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return false; }  // no '[' in its matches
};

}  // namespace logscrub
