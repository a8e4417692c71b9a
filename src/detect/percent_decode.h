// Percent-encoded text (RFC 3986 section 2.1: '%' and two hex digits), decoded for the
// matcher's percent view (Matcher::find, step 9).
//
// A query string nested inside another one ("redirect_uri=https%3A%2F%2Fapp%3AS3cret%40host",
// "state=a%26token%3Dghp_...") or a form body logged encoded keeps its separators encoded: the
// raw text has no '=' after "token", no "://" before the password, no word boundary before
// "ghp_". A record holding an escape of such a byte is decoded and searched again, and what is
// found there is mapped back to the raw bytes, whole escapes included.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace logscrub::percent {

// The Hyperscan expression that fires on the escape of a byte that is neither a letter nor a
// digit nor >= 0x80: the separators, quotes, brackets, whitespace, control bytes and '%'
// itself (a double encoding, "%253D"). Escapes of letters, digits and UTF-8 bytes change no
// boundary, so alone they trigger nothing; a triggered record has all its escapes decoded.
inline constexpr const char* kTriggerExpression =
    "%(?:[01][0-9A-Fa-f]|2[0-9A-Fa-f]|3[A-Fa-f]|40|5[B-Fb-f]|60|7[B-Fb-f])";

// Appends `raw` to `out` with every escape decoded to its byte, and the offset in `out` of
// each byte that came from an escape to `escapes` (ascending). A decoded '\n' or '\r' becomes
// ' ', so a record stays one line. A '%' not followed by two hex digits is copied as is.
void decode_append(std::string_view raw, std::string& out, std::vector<size_t>& escapes);

}  // namespace logscrub::percent
