// NativeSearch: a rule's leftmost-first match found by hand instead of by RE2, for built-in
// patterns common enough, and costly enough as RE2 programs, to be worth it. Each one is tied
// to its pattern byte for byte (build returns null for any other pattern, which then runs on
// RE2), reasons in its header why its answer is RE2's, and has a test that holds it to RE2 on
// random text and at every bound; the fuzzers run in cross-check mode, which compares each of
// its matches with RE2's.
//
// One more is read from the pattern rather than tied to it: ShapeSearch (shape_search.h) takes
// any pattern that is a fixed token shape (a literal prefix, counted byte classes), as most
// vendor token rules are, built-in or not.
//
// For the email rule, whose search also reports guard matches, see address_search.h.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace logscrub {

struct NativeMatch {
  size_t begin = 0, end = 0;              // the whole match
  size_t group_begin = 0, group_end = 0;  // the redacted group (it always takes part)
};

class NativeSearch {
 public:
  virtual ~NativeSearch() = default;
  // The leftmost-first match of the pattern in [pos, end) of `text` (all of it context for
  // assertions such as \b); false when there is none.
  virtual bool leftmost(std::string_view text, size_t pos, size_t end,
                        NativeMatch* match) const = 0;
  // Whether a match can hold '[' (and so a redaction marker, which a second scrub must not
  // take into a match: Matcher::confirm_region checks a match's bytes for one only when it
  // can).
  virtual bool may_hold_bracket() const { return true; }
};

// The hand-written search for `pattern` with redacted group `group`, or nullptr when there is
// none for it.
std::unique_ptr<NativeSearch> build_native_search(const std::string& pattern, int group);

}  // namespace logscrub
