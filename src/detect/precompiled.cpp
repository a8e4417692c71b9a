#include "detect/precompiled.h"

#include <hs/hs.h>

namespace logscrub {
namespace {

struct Fnv1a {
  uint64_t h = 1469598103934665603ull;
  void bytes(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator, so ("ab","c") != ("a","bc")
    h *= 1099511628211ull;
  }
};

}  // namespace

uint64_t rules_fingerprint(const std::vector<Rule>& rules) {
  Fnv1a f;
  f.bytes(hs_version());
  for (const Rule& r : rules) {
    f.bytes(r.id);
    f.bytes(std::string_view(reinterpret_cast<const char*>(&r.detector), 1));
    f.bytes(r.pattern);
    f.bytes(r.prefilter);
    f.bytes(std::to_string(r.prefilter_offset));
    f.bytes(r.end_pattern);
  }
  return f.h;
}

}  // namespace logscrub
