// GroupLocator: where a rule's redacted capture group lies inside a match the DFA already found,
// by a few more DFA searches instead of RE2's capture engines (bit-state / NFA, which cost
// microseconds per key=value match and were half the time on secret-dense logs).
//
// The pattern is split at the group: `(?flags)(?:E1|...|Ek|A(G)C|...)` gives the earlier
// alternatives E1..Ek, the part before the group A, the group G and the part after it C. For a
// leftmost-first match [b, e) (RE2's Perl semantics: the most preferred parse wins, choices
// ordered left to right):
//  - if some Ej matches anchored at b inside [b, e), an earlier alternative is the parse and the
//    group did not take part (Absent);
//  - else A's most preferred parse a (anchored at b, inside [b, e)) starts the winning parse if
//    the rest can follow it: with C empty, G matching exactly [a, e) proves it and the group is
//    [a, e); otherwise, when G is one greedy repeated atom (`[^\s@]{1,256}`: longer parses are
//    preferred), the largest t with G matching exactly [a, t) and C exactly [t, e) — C's width
//    bounds t — is the group's end; for other G, G's most preferred parse g from a, followed by
//    C matching exactly [g, e), proves it and the group is [a, g).
//  - when a proof fails the answer is Unknown and the caller asks RE2 for the captures.
// Patterns of other shapes (the group nested in another group or repeated, a bare flag group
// inside the pattern, \Q..\E) get no locator.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

namespace logscrub {

class GroupLocator {
 public:
  enum class Result { Found, Absent, Unknown };

  // A locator for capture group `group` (1-based) of `pattern`, compiled with `options`;
  // nullptr when the pattern's shape is not one it handles or a part fails to compile.
  static std::unique_ptr<GroupLocator> build(const std::string& pattern, int group,
                                             const RE2::Options& options);

  // For the leftmost-first match [begin, end) of the pattern in `text` (the whole text is
  // context for \b), sets [*group_begin, *group_end) on Found.
  Result locate(const re2::StringPiece& text, size_t begin, size_t end, size_t* group_begin,
                size_t* group_end) const;

 private:
  std::vector<std::unique_ptr<RE2>> earlier_;  // alternatives before the group's
  std::unique_ptr<RE2> before_;                // A (null when empty)
  std::unique_ptr<RE2> group_;                 // G
  std::unique_ptr<RE2> after_;                 // C (null when empty)
  bool greedy_atom_ = false;                   // G is one greedy repeated atom
  size_t after_min_ = 0, after_max_ = 0;       // C's width range (with greedy_atom_)
};

// The parts of `pattern` around capture group `group`, as GroupLocator uses them (exposed for
// tests). False when the shape is not handled.
struct GroupSplit {
  std::string flags;  // leading bare flag groups, e.g. "(?i)", applied to every part
  std::vector<std::string> earlier;
  std::string before, group, after;
};
bool split_at_group(const std::string& pattern, int group, GroupSplit* split);

// True when `part` is one atom (a class, an escape, '.') with a greedy quantifier (`+`, `*`,
// `{m}`, `{m,}`, `{m,n}`), so that its longer parses are preferred.
bool is_greedy_atom_repeat(const std::string& part);

}  // namespace logscrub
