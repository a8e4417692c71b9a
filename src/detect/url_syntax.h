// What the URL searches share (UrlCredentialSearch, AddressSearch's userinfo guard): both walk
// a window for the "://" after a scheme. Log lines hold many ':' that are not one (times,
// "host:port", "key: value"), so the separator is looked for whole, 16 bytes a step, instead
// of ':' by ':'.
#pragma once

#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logscrub::url {

// The first i in [from, end) with "://" at t[i, i + 3) inside [from, end), or end when there
// is none.
inline size_t next_scheme_separator(const unsigned char* t, size_t from, size_t end) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i colon = _mm_set1_epi8(':');
  const __m128i slash = _mm_set1_epi8('/');
  for (; i + 18 <= end; i += 16) {  // bytes i .. i + 17 are read: all before end
    const __m128i at0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
    const __m128i at1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i + 1));
    const __m128i at2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i + 2));
    const __m128i both_slashes =
        _mm_and_si128(_mm_cmpeq_epi8(at1, slash), _mm_cmpeq_epi8(at2, slash));
    const int hits = _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(at0, colon), both_slashes));
    if (hits != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(hits)));
  }
#endif
  for (; i + 3 <= end; ++i) {
    if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/') return i;
  }
  return end;
}

}  // namespace logscrub::url
