#include "detect/percent_decode.h"

#include <cstring>

namespace logscrub::percent {
namespace {

// The value of hex digit `c`, or -1.
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void decode_append(std::string_view raw, std::string& out, std::vector<size_t>& escapes) {
  out.reserve(out.size() + raw.size());
  size_t pos = 0;
  while (pos < raw.size()) {
    const void* pct = std::memchr(raw.data() + pos, '%', raw.size() - pos);
    const size_t at =
        pct ? static_cast<size_t>(static_cast<const char*>(pct) - raw.data()) : raw.size();
    out.append(raw.data() + pos, at - pos);
    if (at == raw.size()) break;
    const int high = at + 2 < raw.size() ? hex_value(raw[at + 1]) : -1;
    const int low = high >= 0 ? hex_value(raw[at + 2]) : -1;
    if (low < 0) {
      out.push_back('%');
      pos = at + 1;
      continue;
    }
    char byte = static_cast<char>(high * 16 + low);
    if (byte == '\n' || byte == '\r') byte = ' ';
    escapes.push_back(out.size());
    out.push_back(byte);
    pos = at + 3;
  }
}

}  // namespace logscrub::percent
