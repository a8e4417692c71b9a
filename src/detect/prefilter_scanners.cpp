#include "detect/prefilter_scanners.h"

#include <cstring>

#include "detect/ascii.h"

namespace logscrub {

namespace {

bool label_byte(unsigned char c) {
  return ascii::is_alnum(c) || c == '-';
}

}  // namespace

PrefilterScanner prefilter_scanner_by_name(std::string_view name) {
  if (name == "at_domain") return PrefilterScanner::AtDomain;
  return PrefilterScanner::None;
}

std::string_view prefilter_scanner_pattern(PrefilterScanner scanner) {
  switch (scanner) {
    case PrefilterScanner::AtDomain: return "@[A-Za-z0-9-]{1,63}\\.[A-Za-z0-9]";
    case PrefilterScanner::None: break;
  }
  return {};
}

void scan_at_domain(std::string_view text, std::vector<size_t>& ends) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p < end;) {
    const char* at = static_cast<const char*>(std::memchr(p, '@', static_cast<size_t>(end - p)));
    if (at == nullptr) return;
    // One label of 1..63 bytes, then '.', then a label byte. Labels hold no '.', so an '@' has
    // at most one match (ends are distinct and ascending).
    const char* q = at + 1;
    while (q < end && q - at <= 64 && label_byte(static_cast<unsigned char>(*q))) ++q;
    const size_t label = static_cast<size_t>(q - at - 1);
    if (label >= 1 && label <= 63 && q + 1 < end && *q == '.' &&
        ascii::is_alnum(static_cast<unsigned char>(q[1]))) {
      ends.push_back(static_cast<size_t>(q + 2 - begin));
    }
    p = at + 1;
  }
}

}  // namespace logscrub
