// Whether a rule's prefilter holds every match of its pattern. Hyperscan looks only for the
// prefilter and RE2 confirms only around its matches, so a match of the pattern without a
// prefilter match inside it -- starting at most prefilter_offset bytes after the match's
// start -- is text the engine never redacts although the rule says it should.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace logscrub {

// Tries `rule`'s pattern on each of `texts` and on its lower-case, upper-case and case-swapped
// copies (a pattern under (?i) with a case-sensitive prefilter is the usual slip). Returns the
// first redacting match (one whose redacted group takes part) that its prefilter does not hold,
// or nullopt. Rules without a Hyperscan prefilter (no `prefilter`, or a prefilter_scanner)
// always give nullopt; so does a pattern or prefilter that does not compile.
std::optional<std::string> match_outside_prefilter(const Rule& rule,
                                                   const std::vector<std::string>& texts);

}  // namespace logscrub
