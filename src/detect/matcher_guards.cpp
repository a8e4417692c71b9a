// The guard recheck (see matcher.h, step 7): where a redaction covers part of a guard match,
// the guarded rule runs again after it, as a second scrub would see the text (G6).
#include <algorithm>

#include "detect/matcher.h"
#include "detect/matcher_internal.h"

namespace logscrub {

using matcher_internal::line_end_at;

void Matcher::recheck_after_broken_guards(std::string_view text, MatcherScratch& scratch,
                                          std::vector<Finding>& out, size_t from) const {
  // A guard match (pii.email's "://user@" userinfo) hides what its rule would otherwise find.
  // When another rule's redaction covers part of it, the second pass sees a marker there (no
  // guard spans a marker: guards exclude '[' and ']') and reads the text after it afresh. So
  // the rule runs again after that redaction, on the rest of the line as a text of its own
  // (\b at its start sees a boundary, as after the marker's ']'), up to the width of one match
  // past the guard; what it finds there is a finding now, and scrubbing the output finds
  // nothing more (G6). Each finding costs a look at a bitmap of the 64-byte blocks guards
  // overlap, a binary search among the guards that begin in its last kilobyte when one of its
  // blocks is marked, and a re-run of at most two match widths when it breaks a guard, so this
  // stays linear (G1).
  std::vector<Finding>& guards = scratch.guards;
  std::sort(guards.begin(), guards.end(), [](const Finding& a, const Finding& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.begin < b.begin;
  });
  constexpr unsigned kBlockShift = 6;
  std::vector<uint64_t>& blocks = scratch.guarded_blocks;
  blocks.assign(((text.size() >> kBlockShift) >> 6) + 1, 0);
  for (const Finding& g : guards) {
    const size_t last = g.end > g.begin ? g.end - 1 : g.begin;
    for (size_t b = g.begin >> kBlockShift; b <= last >> kBlockShift; ++b)
      blocks[b >> 6] |= uint64_t{1} << (b & 63);
  }
  // Whether any block of [begin, end) is marked: only then can a guard overlap it (a long
  // finding is not looked at block by block: it goes to the binary search).
  constexpr size_t kMostBlocksLooked = 8;
  auto may_overlap_guard = [&](size_t begin, size_t end) {
    const size_t first_block = begin >> kBlockShift;
    const size_t last_block = (end > begin ? end - 1 : begin) >> kBlockShift;
    if (last_block - first_block >= kMostBlocksLooked) return true;
    for (size_t b = first_block; b <= last_block; ++b) {
      if (blocks[b >> 6] >> (b & 63) & 1) return true;
    }
    return false;
  };
  const size_t found = out.size();
  std::vector<size_t>& max_end = scratch.guard_reach;  // over guards[segment begin .. i]
  max_end.resize(guards.size());
  // Per kilobyte k of the text, the first guard of the segment that begins at or after it:
  // the guards that begin before a finding's end are found among one kilobyte's guards.
  constexpr unsigned kKiloShift = 10;
  std::vector<uint32_t>& first_in_kilo = scratch.guard_kilo_index;
  // Where the rule runs again, [from, to): a finding's end and the line's or window's end, both
  // fixed by that end (the guards that reach past it do not depend on where the finding began).
  std::vector<std::pair<size_t, size_t>>& rechecks = scratch.guard_rechecks;
  first_in_kilo.resize((text.size() >> kKiloShift) + 2);
  for (size_t seg = 0; seg < guards.size();) {
    const uint32_t rule = guards[seg].rule;
    size_t seg_end = seg;
    for (size_t run = 0; seg_end < guards.size() && guards[seg_end].rule == rule; ++seg_end)
      max_end[seg_end] = run = std::max(run, guards[seg_end].end);
    for (size_t k = 0, g = seg; k < first_in_kilo.size(); ++k) {
      while (g < seg_end && guards[g].begin < (k << kKiloShift)) ++g;
      first_in_kilo[k] = static_cast<uint32_t>(g);
    }
    rechecks.clear();
    for (size_t i = from; i < found; ++i) {
      // The fields, not a copy of the finding (a whole-struct copy through the stack stalled
      // on store forwarding).
      if (out[i].rule == rule) continue;
      const size_t f_begin = out[i].begin, f_end = out[i].end;
      if (!may_overlap_guard(f_begin, f_end)) continue;
      // Guards that begin before f ends; one of them overlaps f if their furthest end is past
      // f's begin. Those of earlier kilobytes all do, those of later ones none.
      const size_t kilo = f_end >> kKiloShift;
      const auto after = std::lower_bound(guards.begin() + first_in_kilo[kilo],
                                          guards.begin() + first_in_kilo[kilo + 1], f_end,
                                          [](const Finding& g, size_t at) { return g.begin < at; });
      const size_t n_before = static_cast<size_t>(after - guards.begin());
      if (n_before == seg) continue;
      const size_t reach = max_end[n_before - 1];
      if (reach <= f_begin) continue;
      // The end of the line or of the window, whichever comes first (the search for '\n' stays
      // inside the window: to the line's end it cost a whole long line per finding, G1).
      const size_t window_end = std::min(text.size(), reach + compiled_[rule].max_width);
      if (f_end >= window_end) continue;
      const size_t limit =
          line_end_at(text.substr(0, window_end), f_end);  // window_end when no '\n'
      if (f_end >= limit) continue;
      rechecks.push_back({f_end, limit});
    }
    // Findings that end at the same place (url.credentials and database.postgres_uri on one
    // password) break the same guards: the rule runs there once.
    std::sort(rechecks.begin(), rechecks.end());
    rechecks.erase(std::unique(rechecks.begin(), rechecks.end()), rechecks.end());
    for (const auto& [f_end, limit] : rechecks) {
      const std::string_view rest = text.substr(f_end, limit - f_end);
      const size_t before = out.size();
      confirm_region(rule, rest, Region{0, rest.size()}, out, nullptr);
      for (size_t k = before; k < out.size(); ++k) {
        out[k].begin += f_end;
        out[k].end += f_end;
      }
    }
    seg = seg_end;
  }
}

}  // namespace logscrub
