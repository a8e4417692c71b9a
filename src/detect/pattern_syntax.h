// Small readers of regex syntax (RE2 dialect) shared by the pattern analyses (GroupLocator,
// TailRepeat, first_bytes): what a '(' opens, where a character class ends, what a
// quantifier allows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace logscrub::syntax {

// What a '(' at `pattern[i]` opens.
enum class Paren { Capturing, NonCapturing, BareFlags, Unsupported };

// Classifies the group opened at `i`; *body is the offset of its first byte after the
// opener, *flag_text the flags of "(?i)" / "(?i:" (without the parentheses and ':').
Paren classify_paren(const std::string& p, size_t i, size_t* body, std::string* flag_text);

// Offset just past the character class opened at `i` (p[i] == '['), or npos.
size_t skip_class(const std::string& p, size_t i);

// A quantifier: '*', '+', '?', {m}, {m,} or {m,n}, each maybe followed by a lazy '?'.
struct Quantifier {
  size_t end = 0;  // offset just past it (and past a lazy '?')
  size_t min = 0;
  size_t max = 0;  // SIZE_MAX: no upper bound
  bool lazy = false;
};

// The quantifier at `p[i]`, or nullopt when there is none (a '{' that does not open {m},
// {m,} or {m,n} is a literal, as in RE2).
std::optional<Quantifier> read_quantifier(std::string_view p, size_t i);

}  // namespace logscrub::syntax
