// Required literals: byte strings that every match of a pattern contains, read from its
// syntax. The runs of plain characters at the pattern's top level (not inside a group, not
// under a quantifier that allows zero or repeats) are each a part of every match, in that
// order; anything else (a class, a group, an escape that is not a plain punctuation byte, an
// anchor, a quantified character) ends a run. A top-level '|' leaves none: no byte is then
// common to every alternative by this reading. A top-level group that every match passes
// through holds one of its alternatives: required_literal_sets reads those too.
//
// RequiredLiteralGate (detect/rule_gates.h) uses the sets, and word_language to tell which of
// them a prefilter's matches already hold: a window that lacks every literal of a set holds no
// match, and the rule's RE2 programs need not be built or run there.
#pragma once

#include <optional>
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

// Sets of literals of which every match holds at least one.
struct RequiredLiteralSet {
  std::vector<std::string> alternatives;  // lower case when caseless
  bool caseless = false;
};

// required_literals (each a set of one), then one set per top-level group that every match
// passes through (no quantifier after it that allows zero): the longest run of each of its
// alternatives, read as patterns of their own; a group with an alternative without a run of
// `min_bytes` gives none. An alternative that holds another is left out (a window with it
// holds the other). A pattern with a top-level '|' is read as one such group. Empty for
// syntax the reader does not follow.
std::vector<RequiredLiteralSet> required_literal_sets(const std::string& pattern, size_t min_bytes);

// Every string a pattern made of bytes, escapes, groups and '|' (no class, '.' or repeat) can
// match, in lower case, with a NUL byte where it has a class escape, an assertion or a code
// (\s, \b, \x41), which no literal holds; nullopt for other patterns or past `limit` strings. Tells
// whether each of a prefilter's matches holds one of a set's literals.
std::optional<std::vector<std::string>> word_language(const std::string& pattern, size_t limit);

}  // namespace logscrub
