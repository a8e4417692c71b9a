// Built-in prefilter scanners: a rule may name one (`prefilter_scanner:` in its YAML) to find
// its prefilter's matches with a few memchr-speed passes instead of Hyperscan. They exist for
// prefilters that start with one frequent-looking byte, which a Hyperscan literal matcher
// handles slowly (the email prefilter alone halved the whole database's speed).
//
// Contract of every scanner: it reports exactly the end offsets at which the rule's
// `prefilter` regex has a match (each end once, ascending), so the rule behaves as if
// Hyperscan had reported them; tests/unit/prefilter_scanners_test.cpp checks this against RE2.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace logscrub {

enum class PrefilterScanner : unsigned char { None, AtDomain };

// The scanner named `name` ("at_domain"), or None when the name is unknown.
PrefilterScanner prefilter_scanner_by_name(std::string_view name);

// The prefilter regex a scanner stands for (the rule must declare exactly this one).
std::string_view prefilter_scanner_pattern(PrefilterScanner scanner);

// at_domain: matches of '@[A-Za-z0-9-]{1,63}\.[A-Za-z0-9]' -- an '@', a first domain label,
// a dot and one more label byte. Appends each match's end offset to `ends`.
void scan_at_domain(std::string_view text, std::vector<size_t>& ends);

}  // namespace logscrub
