// AddressSearch: the leftmost match of an email-address rule (pii.email's shape) without an
// unanchored DFA over the whole window. That DFA, with the counted repeats of a local part,
// domain labels and URL userinfo, builds new states on almost every new line and was the
// largest single cost on secret-dense logs.
//
// The shape (checked on the pattern's split, detect/group_locator.h):
//   (?: G1 | ... | Gk | \b( [A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@ ... ) ... )
// with every guard alternative Gi starting with "://". Its leftmost-first match in [pos, end):
//  - guards: the leftmost match of (?:G1|...|Gk), by RE2 (the "://" prefix makes that search
//    skip ahead at memchr speed);
//  - an address: its '@' is the first '@' after its start (the local part has none), so
//    walking the '@'s in order, the first whose local part can start (an alphanumeric after
//    \b, at most 64 bytes before the '@', after `pos`) and whose alternative matches anchored
//    there gives the leftmost address; the start is the leftmost such byte, since the local
//    part is one run of its class and what follows the '@' does not depend on where it began;
//  - the earlier of the two wins (they never start at the same byte: ':' is no alphanumeric).
// When the address alternative is the built-in one (local part, 1..8 dot-ended labels, a TLD of
// 2..24 letters, \b), the part after the '@' is matched by hand (no RE2 program: building it
// cost the first line holding an email ~2.5 ms, and each anchored run was most of the rule's
// cost on lines full of addresses); any other shape runs its own RE2 program.
// A guard match is a match whose redacted group is absent; an address match's group is the
// address. tests/unit/address_search_test.cpp and the fuzzers (cross-check mode) hold it to
// RE2's own leftmost match.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>

namespace logscrub {

class AddressSearch {
 public:
  // The search for `pattern` (redacted group `group`), or nullptr when it is not of the shape.
  static std::unique_ptr<AddressSearch> build(const std::string& pattern, int group,
                                              const RE2::Options& options);

  struct Match {
    size_t begin = 0, end = 0;  // the whole match
    bool has_group = false;     // false: a guard matched
    size_t group_begin = 0, group_end = 0;
  };

  // What the guard search found, kept between calls on the same window so that a run of
  // matches costs one guard search, not one per match (G1). Fresh for each window.
  struct GuardCache {
    size_t searched_from = SIZE_MAX;  // SIZE_MAX: nothing cached
    size_t begin = SIZE_MAX;          // the leftmost guard at or after searched_from, or none
    size_t end = 0;
  };

  // The leftmost-first match in [pos, end) of `text` (all of it context for \b); false when
  // there is none. Calls sharing `cache` must have the same `text` and `end` and a `pos` that
  // never decreases.
  bool leftmost(const re2::StringPiece& text, size_t pos, size_t end, Match* match,
                GuardCache& cache) const;

  // Whether the address is matched by hand (the built-in domain grammar), not by RE2.
  bool native_domain() const { return native_domain_; }
  // Whether the guards are the built-in URL-userinfo pair, found by hand, not by RE2.
  bool native_guards() const { return native_guards_; }

 private:
  std::unique_ptr<RE2> guards_;   // (?:G1|...|Gk)
  std::unique_ptr<RE2> address_;  // the address alternative, group as written (not native)
  bool native_domain_ = false;
  bool native_guards_ = false;
  int group_in_address_ = 1;  // the redacted group's number inside address_
};

}  // namespace logscrub
