#include "json/lenient_decode.h"

#include <cstdint>
#include <cstring>

#include "json/escapes.h"

namespace logscrub {
namespace {

// The code unit of "\uXXXX" at raw[i] (raw[i] == '\\'), or -1 when there is none.
int32_t unicode_escape_at(std::string_view raw, size_t i) {
  if (i + 6 > raw.size() || raw[i + 1] != 'u') return -1;
  return json_escape::hex4(raw.data() + i + 2);
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
    unsigned char bytes[4];
    const size_t n = json_escape::utf8(u, bytes);
    for (size_t k = 0; k < n; ++k) put(bytes[k], raw_begin, raw_end);
  }

 private:
  JsonView& view_;
};

// Decodes the escape at raw[i] (raw[i] == '\\') into `out`; returns its length, or 0 when it
// is not a well-formed escape (the backslash is then copied as it is).
size_t decode_one(std::string_view raw, size_t i, ViewWriter& out) {
  if (i + 1 >= raw.size()) return 0;
  const int letter = json_escape::one_letter(raw[i + 1]);
  if (letter >= 0) {
    out.put(static_cast<unsigned char>(letter), i, i + 2);
    return 2;
  }
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
