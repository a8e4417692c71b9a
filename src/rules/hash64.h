// A fast 64-bit hash taking 8 bytes per step, for the build-time artefacts checked at every
// start-up: the precompiled database's rule fingerprint and the rule catalog's checksum. Each
// step is a bijection of the state for a given word (a change confined to one word always
// changes the result); bytes() is length-prefixed, so ("ab","c") and ("a","bc") differ.
// Not cryptographic.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace logscrub {

class Hash64 {
 public:
  void word(uint64_t w) { h_ = std::rotl((h_ ^ w) * kMul, 31); }

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
    uint64_t x = h_;
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
  }

 private:
  static constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  uint64_t h_ = 1469598103934665603ull;
};

}  // namespace logscrub
