// ShapeSearch (detect/native_search.h): the search for a pattern that is a fixed token shape,
// read from the pattern itself instead of written per rule. Most vendor token rules are one:
//   \bAIza[0-9A-Za-z_-]{35}            \b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b
//   \bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}      \b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b
// Each costs RE2 ~2,000 cycles per match on secret-dense lines (a DFA search for the match,
// another for its start) and a few hundred microseconds to build on its first match; the
// byte loop costs a few bytes' tests.
//
// The shapes it takes (anything else gets nullptr and runs on RE2):
//   [\b] HEAD STEP... [\b]
//   HEAD  nothing, or (?:ALT|ALT|...) -- alternatives of one or more STEPs each, tried in
//         their order (literal prefixes, or whole shapes: slack.token's two kinds)
//   STEP  a literal byte (printable ASCII, or '\' and a punctuation byte) or a class [...]
//         (no '^', no escapes), either maybe with a finite greedy quantifier {n}, {m,n}, ?
// no flags, no capture group (the match is the redacted span), and these conditions, which
// make a match's start fix the rest of it (each alternative with the STEPs after the group):
//   - a step whose count varies is the last step, or the next step needs at least one byte
//     and shares no byte with it: then the greedy run of its bytes is the only count that the
//     next step can follow (a shorter run is followed by one of its own bytes);
//   - a varying last step before a final \b needs at least one byte, all of them word bytes:
//     a shorter run is followed by a word byte after a word byte, where \b fails.
// Within one alternative, every step is then taken whole, so trying the alternatives in order
// at each start, leftmost start first, gives RE2's leftmost-first match (which prefers an
// earlier alternative at the same start).
// tests/unit/shape_search_test.cpp holds every built-in rule it takes to RE2 on random text, and
// the fuzzers (cross-check mode) compare each of its matches with RE2's.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/native_search.h"

namespace logscrub {

class ShapeSearch final : public NativeSearch {
 public:
  // The search for `pattern` with redacted group `group`, or nullptr when the pattern is not a
  // shape above (or group is not 0).
  static std::unique_ptr<ShapeSearch> build(const std::string& pattern, int group);
  // The leftmost-first match in [pos, end); the group is the whole match.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  bool may_hold_bracket() const override { return may_hold_bracket_; }

  // One STEP: the bytes it takes and how many (greedy).
  struct Step {
    std::array<bool, 256> bytes{};
    size_t min = 1;
    size_t max = 1;
  };

 private:
  // The end of the match of `steps` that starts at `s`, or SIZE_MAX.
  size_t match_from(const unsigned char* t, size_t size, size_t s, size_t end,
                    const std::vector<Step>& steps) const;

  bool leading_boundary_ = false;
  bool trailing_boundary_ = false;
  std::vector<std::vector<Step>> shapes_;  // per alternative: its steps, then the common ones
  std::array<bool, 256> first_bytes_{};    // the bytes a match can start with
  bool may_hold_bracket_ = false;          // some step takes '['
};

}  // namespace logscrub
