// The bytes a match of a regex can start with, read off the pattern's syntax (RE2 dialect,
// Latin-1). The matcher tries anchored matches only at window bytes in this set, so a rule whose
// match starts up to N bytes before its prefilter costs one or two tries instead of N + 1.
//
// The result is a superset of the true set, or nothing: the analysis understands leading flag
// groups ((?i)), zero-width assertions (\b, ^), literals, escapes (\d \w \s and their
// complements, escaped punctuation), character classes, groups with alternatives, and
// quantifiers (an item that may repeat zero times lets the next one start the match). Anything
// else -- a pattern that can match the empty string, '.', \x escapes, POSIX classes, case
// folding of a non-ASCII byte -- gives no set.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace logscrub {

using FirstByteSet = std::array<bool, 256>;

// The first-byte set of `pattern`, or nullopt when the analysis cannot state one.
std::optional<FirstByteSet> first_bytes(std::string_view pattern);

}  // namespace logscrub
