// Required literals: byte strings that every match of a pattern contains, read from its
// syntax. The runs of plain characters at the pattern's top level (not inside a group, not
// under a quantifier that allows zero or repeats) are each a part of every match, in that
// order; anything else (a class, a group, an escape that is not a plain punctuation byte, an
// anchor, a quantified character) ends a run. A top-level '|' leaves none: no byte is then
// common to every alternative by this reading.
//
// Used by RequiredLiteralGate (detect/rule_gates.h): a window that lacks one of them holds no
// match, and the rule's RE2 programs need not be built or run there.
#pragma once

#include <string>
#include <vector>

namespace logscrub {

struct RequiredLiteral {
  std::string bytes;      // lower case when caseless
  bool caseless = false;  // the pattern sets (?i) somewhere: matched in any ASCII case
};

// The top-level literal runs of `pattern` (RE2 syntax) of at least `min_bytes` bytes, in
// pattern order; empty when there is a top-level alternative or syntax this reader does not
// follow (\Q...\E, an unclosed group or class). Only ASCII bytes are taken, so that a caseless
// run means ASCII case only, as RE2's Latin-1 folding of those bytes does.
std::vector<RequiredLiteral> required_literals(const std::string& pattern, size_t min_bytes);

}  // namespace logscrub
