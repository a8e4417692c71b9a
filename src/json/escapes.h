// JSON string escapes: what the strict decoded view (json_view.cpp) and the lenient one
// (lenient_decode.cpp) share.
#pragma once

#include <cstddef>
#include <cstdint>

#include "detect/ascii.h"

namespace logscrub::json_escape {

// The byte that the one-letter escape "\<letter>" stands for (\" \\ \/ \b \f \n \r \t), or -1
// when `letter` is not one of those ('u' included).
inline int one_letter(char letter) {
  switch (letter) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return -1;
  }
}

// The value of four hex digits at `s`; -1 when any is not a hex digit.
inline int32_t hex4(const char* s) {
  int32_t v = 0;
  for (int k = 0; k < 4; ++k) {
    const int h = ascii::hex_value(static_cast<unsigned char>(s[k]));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

// Writes the UTF-8 bytes of code point `u` (< 0x110000) to `out`; returns how many (1..4).
inline size_t utf8(uint32_t u, unsigned char out[4]) {
  if (u < 0x80) {
    out[0] = static_cast<unsigned char>(u);
    return 1;
  }
  if (u < 0x800) {
    out[0] = static_cast<unsigned char>(0xC0 | (u >> 6));
    out[1] = static_cast<unsigned char>(0x80 | (u & 0x3F));
    return 2;
  }
  if (u < 0x10000) {
    out[0] = static_cast<unsigned char>(0xE0 | (u >> 12));
    out[1] = static_cast<unsigned char>(0x80 | ((u >> 6) & 0x3F));
    out[2] = static_cast<unsigned char>(0x80 | (u & 0x3F));
    return 3;
  }
  out[0] = static_cast<unsigned char>(0xF0 | (u >> 18));
  out[1] = static_cast<unsigned char>(0x80 | ((u >> 12) & 0x3F));
  out[2] = static_cast<unsigned char>(0x80 | ((u >> 6) & 0x3F));
  out[3] = static_cast<unsigned char>(0x80 | (u & 0x3F));
  return 4;
}

}  // namespace logscrub::json_escape
