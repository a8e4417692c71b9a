// The private members of JSON Web Keys (RFC 7517), found by reading the object around each
// "kty" member instead of by a pattern: a key's members come in any order (sorted by a JSON
// library, in a hash map's order, RFC 7517's), any length (an 8192-bit RSA key's "n" and "d"
// are 1,366 bytes each) and the object may sit inside a JSON string with escaped quotes.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "detect/card_scanner.h"  // CardMatch

namespace logscrub {

// The Hyperscan expression whose matches are the triggers of find_jwk_private_values: a "kty"
// member name, its quotes plain ("kty") or escaped (\"kty\", ending where the name's closing
// quote ends).
inline constexpr const char* kJwkTrigger = R"("kty\\?")";

// Appends to `out` the value (between its quotes) of every private member of each JSON Web
// Key whose "kty" name ends at one of `kty_ends` (the trigger's match ends, ascending), in
// text order:
//  - "kty" "RSA", "EC" or "OKP": "d", "p", "q", "dp", "dq", "qi" (RFC 7518 6.2.2 and 6.3.2,
//    RFC 8037 2); "kty" "oct": "k" (RFC 7518 6.4.1). A value counts when it is 20 or more
//    base64url bytes ([A-Za-z0-9_-], or misencoded as base64: '+', '/', '='), so a redaction
//    marker or a placeholder is none.
//  - The object is read member by member from the '{' before "kty" (at most 16 KiB before it,
//    on the same line) to its '}', over string, number, literal, array and nested object
//    values; where it stops being JSON (or the line ends, an unterminated last string
//    included) the members read until then still count. Its quotes are those of "kty": plain,
//    or backslash-escaped for a key written inside a JSON string.
// Linear in text.size() over all triggers: a trigger inside an object already read is
// skipped, and each looks back at most to the previous one. Never reads outside `text`.
void find_jwk_private_values(std::string_view text, const std::vector<size_t>& kty_ends,
                             std::vector<CardMatch>& out);

}  // namespace logscrub
