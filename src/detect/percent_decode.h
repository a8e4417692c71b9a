// Percent-encoded text (RFC 3986 section 2.1: '%' and two hex digits), decoded for the
// matcher's percent view (Matcher::find, step 9).
//
// A query string nested inside another one ("redirect_uri=https%3A%2F%2Fapp%3AS3cret%40host",
// "state=a%26token%3Dghp_...") or a form body logged encoded keeps its separators encoded: the
// raw text has no '=' after "token", no "://" before the password, no word boundary before
// "ghp_". A line holding an escape of such a byte is decoded and searched again, and what is
// found there is mapped back to the raw bytes, whole escapes included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/ascii.h"

namespace logscrub::percent {

// The byte the escape at `at` (a '%' with at least two bytes after it before `stop`) stands
// for, or -1 when it is no escape.
inline int escaped_byte(const char* at, const char* stop) {
  if (stop - at < 3 || *at != '%') return -1;
  const int high = ascii::hex_value(static_cast<unsigned char>(at[1]));
  const int low = high >= 0 ? ascii::hex_value(static_cast<unsigned char>(at[2])) : -1;
  return low < 0 ? -1 : high * 16 + low;
}

// Whether text[pos] (pos <= text.size()) begins an escape that turns the percent view on for its
// line: '%' and two hex digits of a byte that is neither a letter nor a digit nor >= 0x80 (the
// separators, quotes, brackets, whitespace, control bytes and '%' itself: a double encoding,
// "%253D"). Escapes of letters, digits and UTF-8 bytes change no boundary, so alone they trigger
// nothing; a triggered line has all its escapes decoded. The digit-shape pass
// (detect/digit_shapes.h) finds the candidates.
inline bool triggers_view(std::string_view text, size_t pos) {
  const int byte = escaped_byte(text.data() + pos, text.data() + text.size());
  return byte >= 0 && byte < 0x80 && !ascii::is_alnum(static_cast<unsigned char>(byte));
}

// Decoded bytes between two checkpoints of decode_append.
inline constexpr size_t kCheckpointSpacing = 64;

// Appends `raw` (< 4 GiB) to `out` with every escape decoded to its byte, and to `checkpoints`
// the offset in `raw` of decoded bytes 0, kCheckpointSpacing, 2 * kCheckpointSpacing, ... of
// what it appended. A decoded '\n' or '\r' becomes ' ', so a line stays one line. A '%' not
// followed by two hex digits is copied as is.
void decode_append(std::string_view raw, std::string& out, std::vector<uint32_t>& checkpoints);

// How many bytes of `raw` the decoded byte at raw offset `pos` (< raw.size()) came from: 3 for
// an escape, else 1.
size_t raw_width_at(std::string_view raw, size_t pos);

// The offset in `raw` of decoded byte `index` (< the decoded size), given the checkpoints
// decode_append recorded for `raw`: at most kCheckpointSpacing - 1 steps from one.
size_t raw_offset_of(std::string_view raw, const uint32_t* checkpoints, size_t index);

}  // namespace logscrub::percent
