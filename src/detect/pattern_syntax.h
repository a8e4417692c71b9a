// Small readers of regex syntax (RE2 dialect) shared by the pattern analyses (GroupLocator,
// TailRepeat): what a '(' opens, where a character class ends.
#pragma once

#include <cstddef>
#include <string>

namespace logscrub::syntax {

// What a '(' at `pattern[i]` opens.
enum class Paren { Capturing, NonCapturing, BareFlags, Unsupported };

// Classifies the group opened at `i`; *body is the offset of its first byte after the
// opener, *flag_text the flags of "(?i)" / "(?i:" (without the parentheses and ':').
Paren classify_paren(const std::string& p, size_t i, size_t* body, std::string* flag_text);

// Offset just past the character class opened at `i` (p[i] == '['), or npos.
size_t skip_class(const std::string& p, size_t i);

}  // namespace logscrub::syntax
