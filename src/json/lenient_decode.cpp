#include "json/lenient_decode.h"

#include <cstdint>
#include <cstring>

namespace logscrub {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char lower = static_cast<char>(c | 0x20);
  if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return -1;
}

// The code unit of "\uXXXX" at raw[i] (raw[i] == '\\'), or -1 when there is none.
int32_t unicode_escape_at(std::string_view raw, size_t i) {
  if (i + 6 > raw.size() || raw[i + 1] != 'u') return -1;
  int32_t v = 0;
  for (size_t k = 2; k < 6; ++k) {
    const int h = hex_value(raw[i + k]);
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

class ViewWriter {
 public:
  explicit ViewWriter(JsonView& view) : view_(view) {}
  void put(unsigned char c, size_t raw_begin, size_t raw_end) {
    view_.decoded.push_back(static_cast<char>(c));
    view_.raw_of.push_back(raw_begin);
    view_.raw_end_of.push_back(raw_end);
  }
  void put_code_point(uint32_t u, size_t raw_begin, size_t raw_end) {
    if (u < 0x80) {
      put(static_cast<unsigned char>(u), raw_begin, raw_end);
    } else if (u < 0x800) {
      put(static_cast<unsigned char>(0xC0 | (u >> 6)), raw_begin, raw_end);
      put(static_cast<unsigned char>(0x80 | (u & 0x3F)), raw_begin, raw_end);
    } else if (u < 0x10000) {
      put(static_cast<unsigned char>(0xE0 | (u >> 12)), raw_begin, raw_end);
      put(static_cast<unsigned char>(0x80 | ((u >> 6) & 0x3F)), raw_begin, raw_end);
      put(static_cast<unsigned char>(0x80 | (u & 0x3F)), raw_begin, raw_end);
    } else {
      put(static_cast<unsigned char>(0xF0 | (u >> 18)), raw_begin, raw_end);
      put(static_cast<unsigned char>(0x80 | ((u >> 12) & 0x3F)), raw_begin, raw_end);
      put(static_cast<unsigned char>(0x80 | ((u >> 6) & 0x3F)), raw_begin, raw_end);
      put(static_cast<unsigned char>(0x80 | (u & 0x3F)), raw_begin, raw_end);
    }
  }

 private:
  JsonView& view_;
};

// Decodes the escape at raw[i] (raw[i] == '\\') into `out`; returns its length, or 0 when it
// is not a well-formed escape (the backslash is then copied as it is).
size_t decode_one(std::string_view raw, size_t i, ViewWriter& out) {
  if (i + 1 >= raw.size()) return 0;
  char c;
  switch (raw[i + 1]) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': {
      const int32_t unit = unicode_escape_at(raw, i);
      if (unit < 0) return 0;
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        const int32_t low = unicode_escape_at(raw, i + 6);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          const uint32_t cp = 0x10000 + ((static_cast<uint32_t>(unit) - 0xD800) << 10) +
                              (static_cast<uint32_t>(low) - 0xDC00);
          out.put_code_point(cp, i, i + 12);
          return 12;
        }
      }
      if (unit >= 0xD800 && unit <= 0xDFFF) {
        out.put('?', i, i + 6);  // a lone surrogate: no character to write
      } else {
        out.put_code_point(static_cast<uint32_t>(unit), i, i + 6);
      }
      return 6;
    }
    default: return 0;
  }
  out.put(static_cast<unsigned char>(c), i, i + 2);
  return 2;
}

}  // namespace

void decode_escapes_leniently(std::string_view raw, JsonView& view) {
  view.clear();
  view.decoded.reserve(raw.size());
  view.raw_of.reserve(raw.size() + 1);
  view.raw_end_of.reserve(raw.size());
  ViewWriter out(view);
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] == '\\') {
      const size_t len = decode_one(raw, i, out);
      if (len > 0) {
        i += len;
        continue;
      }
    }
    out.put(static_cast<unsigned char>(raw[i]), i, i + 1);
    ++i;
  }
  view.raw_of.push_back(raw.size());
}

}  // namespace logscrub
