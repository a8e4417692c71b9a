#include "detect/precompiled.h"

#include <hs/hs.h>

#include <bit>
#include <cstring>

namespace logscrub {
namespace {

// A 64-bit hash that takes 8 bytes per step (the fingerprint is computed at every engine
// creation, over every pattern). Each field is preceded by its length, so ("ab","c") and
// ("a","bc") differ; each step is a bijection of the state for a given word.
struct Hasher {
  static constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h = 1469598103934665603ull;
  void word(uint64_t w) { h = std::rotl((h ^ w) * kMul, 31); }
  void bytes(std::string_view s) {
    word(s.size());
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
      word(w);
    }
    if (i < s.size()) {
      uint64_t w = 0;
      for (size_t k = 0; i + k < s.size(); ++k) w |= uint64_t{p[i + k]} << (8 * k);
      word(w);
    }
  }
  uint64_t finish() const {
    uint64_t x = h;
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
  }
};

}  // namespace

uint64_t rules_fingerprint(const std::vector<Rule>& rules) {
  Hasher f;
  f.bytes(hs_version());
  f.word(rules.size());
  for (const Rule& r : rules) {
    f.bytes(r.id);
    f.word(static_cast<uint64_t>(r.detector));
    f.bytes(r.pattern);
    f.bytes(r.prefilter);
    f.word(static_cast<uint64_t>(static_cast<int64_t>(r.prefilter_offset)));
    f.bytes(r.end_pattern);
    f.bytes(r.prefilter_scanner);
  }
  return f.finish();
}

}  // namespace logscrub
