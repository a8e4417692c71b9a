#include "detect/digit_shapes.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "detect/id_scanners.h"
#include "detect/percent_decode.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LOGSCRUB_HAVE_AVX2_PATH 1
#endif

namespace logscrub {
namespace {

struct Masks {
  uint64_t digit = 0;
  uint64_t upper = 0;
  uint64_t sep = 0;
  uint64_t percent = 0;
};

// Masks of the 64 bytes at p, with SSE2 when the build has it.
Masks masks_sse2_or_scalar(const char* p) {
  Masks r;
#if defined(__SSE2__)
  const __m128i d_lo = _mm_set1_epi8('0' - 1), d_hi = _mm_set1_epi8('9' + 1);
  const __m128i u_lo = _mm_set1_epi8('A' - 1), u_hi = _mm_set1_epi8('Z' + 1);
  const __m128i space = _mm_set1_epi8(' '), dash = _mm_set1_epi8('-');
  const __m128i pct = _mm_set1_epi8('%');
  for (int k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    auto bits = [&](__m128i v) {
      return static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v))) << (16 * k);
    };
    r.digit |= bits(_mm_and_si128(_mm_cmpgt_epi8(x, d_lo), _mm_cmplt_epi8(x, d_hi)));
    r.upper |= bits(_mm_and_si128(_mm_cmpgt_epi8(x, u_lo), _mm_cmplt_epi8(x, u_hi)));
    r.sep |= bits(_mm_or_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(x, dash)));
    r.percent |= bits(_mm_cmpeq_epi8(x, pct));
  }
#else
  for (size_t k = 0; k < 64; ++k) {
    const char c = p[k];
    const uint64_t bit = uint64_t{1} << k;
    if (c >= '0' && c <= '9') r.digit |= bit;
    if (c >= 'A' && c <= 'Z') r.upper |= bit;
    if (c == ' ' || c == '-') r.sep |= bit;
    if (c == '%') r.percent |= bit;
  }
#endif
  return r;
}

#if defined(LOGSCRUB_HAVE_AVX2_PATH)
__attribute__((target("avx2"))) Masks masks_avx2(const char* p) {
  const __m256i d_lo = _mm256_set1_epi8('0' - 1), d_hi = _mm256_set1_epi8('9' + 1);
  const __m256i u_lo = _mm256_set1_epi8('A' - 1), u_hi = _mm256_set1_epi8('Z' + 1);
  const __m256i space = _mm256_set1_epi8(' '), dash = _mm256_set1_epi8('-');
  const __m256i pct = _mm256_set1_epi8('%');
  Masks r;
  for (int k = 0; k < 2; ++k) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i dig = _mm256_and_si256(_mm256_cmpgt_epi8(x, d_lo), _mm256_cmpgt_epi8(d_hi, x));
    const __m256i up = _mm256_and_si256(_mm256_cmpgt_epi8(x, u_lo), _mm256_cmpgt_epi8(u_hi, x));
    const __m256i sep = _mm256_or_si256(_mm256_cmpeq_epi8(x, space), _mm256_cmpeq_epi8(x, dash));
    const int shift = 32 * k;  // no lambda: it would not inherit target("avx2")
    r.digit |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(dig))) << shift;
    r.upper |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(up))) << shift;
    r.sep |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(sep))) << shift;
    r.percent |= static_cast<uint64_t>(
                     static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, pct))))
                 << shift;
  }
  return r;
}

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

// AVX-512BW: each class test gives its 64-bit mask directly. The tail is read with a masked
// load (bytes past the end read as 0, never touched), so no padded copy is made.
__attribute__((target("avx512f,avx512bw"))) inline Masks masks_avx512_of(__m512i x) {
  Masks r;
  r.digit = _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8('0')) &
            _mm512_cmple_epu8_mask(x, _mm512_set1_epi8('9'));
  r.upper = _mm512_cmpge_epu8_mask(x, _mm512_set1_epi8('A')) &
            _mm512_cmple_epu8_mask(x, _mm512_set1_epi8('Z'));
  r.sep = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(' ')) |
          _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('-'));
  r.percent = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('%'));
  return r;
}
__attribute__((target("avx512f,avx512bw"))) Masks masks_avx512(const char* p) {
  return masks_avx512_of(_mm512_loadu_si512(p));
}
__attribute__((target("avx512f,avx512bw"))) Masks masks_avx512_tail(const char* p, size_t left) {
  return masks_avx512_of(_mm512_maskz_loadu_epi8((uint64_t{1} << left) - 1, p));
}

bool cpu_has_avx512bw() {
  static const bool has = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512f");
  return has;
}
#endif

// Masks of the last `left` (< 64) bytes at p through `Full` (which reads 64 bytes): a
// zero-padded copy (a NUL is no digit, letter, separator or '%'), so the tail takes the same path.
template <Masks (*Full)(const char*)>
inline __attribute__((always_inline)) Masks masks_padded(const char* p, size_t left) {
  char padded[64] = {};
  std::memcpy(padded, p, left);
  return Full(padded);
}

// Longest shape (a card's 13 bytes) that must fit in a block: positions [0, kStep) are final.
constexpr size_t kStep = 64 - 12;

}  // namespace

namespace {

// Where each detector may start in a block (bit k: the block's byte k), from its masks and
// the bits each detector may start at (0 when it is off). Plain arithmetic: a loop of it over
// several blocks is vectorised.
struct Candidates {
  uint64_t cards, ssns, ibans, percents;
};
struct DetectorBits {
  uint64_t card, ssn, iban, percent;
};
inline __attribute__((always_inline)) Candidates candidates_of(uint64_t d, uint64_t u, uint64_t s,
                                                               uint64_t p, const DetectorBits& on) {
  const uint64_t d2 = d & (d >> 1);
  const uint64_t d4 = d2 & (d2 >> 2);  // bit k: bytes k..k+3 are digits
  // What card_check_at accepts starts with 4 digits, then either 9 more digits (contiguous)
  // or a separator and a group of at least 4 digits: timestamps such as "2026-11-22 13:05"
  // are no candidates. All 13 bytes are digits or separators.
  const uint64_t d13 = d4 & (d4 >> 4) & (d4 >> 8) & (d >> 12);
  const uint64_t grouped = (s >> 4) & (d4 >> 5);
  uint64_t a = d | s;  // bit k: bytes k..k+12 all digits or separators
  a &= a >> 1;
  a &= a >> 2;
  a &= a >> 4;
  a &= a >> 5;
  return {d4 & (d13 | grouped) & a & on.card,
          // ddd?dd?dddd, ? a separator
          d2 & (d >> 2) & (s >> 3) & (d2 >> 4) & (s >> 6) & (d4 >> 7) & on.ssn,
          // two capitals, two digits
          u & (u >> 1) & (d2 >> 2) & on.iban,
          // '%' (percent::triggers_view reads the two bytes after it)
          p & on.percent};
}

// A cheap necessary condition for candidates_of to find any start in a block: a card or SSN
// starts with a digit that begins >= 11 bytes of digits and separators (an SSN's whole span, a
// card's is 13), an IBAN with two capitals and two digits, the percent view at a '%'. Most
// blocks of a log line fail it (a timestamp's run of digits and separators stops at its 'T' or
// ':'), and it costs half of candidates_of. (The vectorised groups below do without it: there
// the check per block cost more than it saved.)
inline __attribute__((always_inline)) bool may_hold_a_shape(uint64_t d, uint64_t u, uint64_t s,
                                                            uint64_t p) {
  uint64_t a = d | s;
  a &= a >> 1;
  a &= a >> 2;
  a &= a >> 4;
  a &= a >> 3;  // bit k: bytes k..k+10 all digits or separators
  const uint64_t d2 = d & (d >> 1);
  return ((a & d) | (u & (u >> 1) & (d2 >> 2)) | p) != 0;
}

// The scalar checks of a block's candidates, in text order, and where each detector resumes.
struct ShapeChecks {
  ShapeChecks(std::string_view t, const DigitShapeOutputs& o) : text(t), out(o) {}
  std::string_view text;
  const DigitShapeOutputs& out;
  static constexpr uint64_t kFirst = (uint64_t{1} << kStep) - 1;
  // Each detector that is off gets no bits, so its candidates vanish.
  const DetectorBits on{out.cards ? kFirst : 0, out.ssns ? kFirst : 0, out.ibans ? kFirst : 0,
                        out.percent_lines ? kFirst : 0};
  size_t card_resume = 0;
  size_t iban_resume = 0;
  size_t percent_resume = 0;  // the end of the last line found for the percent view

  inline __attribute__((always_inline)) void check(size_t at, const Candidates& c) {
    for (uint64_t bits = c.cards; bits; bits &= bits - 1) {
      const size_t pos = at + static_cast<size_t>(std::countr_zero(bits));
      if (pos >= card_resume) card_resume = card_check_at(text, pos, *out.cards);
    }
    for (uint64_t bits = c.ssns; bits; bits &= bits - 1)
      ssn_check_at(text, at + static_cast<size_t>(std::countr_zero(bits)), *out.ssns);
    for (uint64_t bits = c.ibans; bits; bits &= bits - 1) {
      const size_t pos = at + static_cast<size_t>(std::countr_zero(bits));
      if (pos >= iban_resume) iban_resume = iban_check_at(text, pos, *out.ibans);
    }
    for (uint64_t bits = c.percents; bits; bits &= bits - 1) {
      const size_t pos = at + static_cast<size_t>(std::countr_zero(bits));
      if (pos < percent_resume || !percent::triggers_view(text, pos)) continue;
      const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
      percent_resume =
          nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
      out.percent_lines->push_back(percent_resume);
    }
  }
};

// The two loops of the pass, each instantiated once per mask function so the masks inline into
// it, and each compiled into a function of its own (LOGSCRUB_DIGIT_SHAPE_PASS below): sharing one,
// the short loop kept fewer vector constants in registers and ran ~10 ns slower per log line.

// Block by block, for a text of at most kBlockByBlockBytes (one log line): most blocks fail
// may_hold_a_shape and cost a few instructions.
constexpr size_t kGroup = 4;  // blocks per vectorised step of scan_windows
constexpr size_t kBlockByBlockBytes = kGroup * kStep;
template <Masks (*Full)(const char*), Masks (*Tail)(const char*, size_t)>
inline __attribute__((always_inline)) void scan_blocks(std::string_view text, ShapeChecks& checks) {
  for (size_t i = 0; i < text.size(); i += kStep) {
    const size_t left = text.size() - i;
    const Masks m = left >= 64 ? Full(text.data() + i) : Tail(text.data() + i, left);
    if (!may_hold_a_shape(m.digit, m.upper, m.sep, m.percent)) continue;
    const Candidates c = candidates_of(m.digit, m.upper, m.sep, m.percent, checks.on);
    if ((c.cards | c.ssns | c.ibans | c.percents) != 0) checks.check(i, c);
  }
}

// Window by window, for longer texts. A window is scanned in three loops: the class masks of
// each block (no calls, so the vector constants stay in registers), each detector's candidate
// starts for a group of blocks at once (candidates_of over arrays, vectorised), then the scalar
// checks on the few blocks with a candidate. Here may_hold_a_shape would cost more than it
// saves: the vectorised candidates are cheap per block (block by block, the loghub pass ran at
// 0.37 ms instead of 0.27).
constexpr size_t kWindowBlocks = 64;  // a multiple of kGroup
template <Masks (*Full)(const char*), Masks (*Tail)(const char*, size_t)>
inline __attribute__((always_inline)) void scan_windows(std::string_view text,
                                                        ShapeChecks& checks) {
  alignas(64) uint64_t digit[kWindowBlocks], upper[kWindowBlocks], sep[kWindowBlocks],
      percent[kWindowBlocks];
  alignas(64) uint64_t cards[kWindowBlocks], ssns[kWindowBlocks], ibans[kWindowBlocks],
      percents[kWindowBlocks];
  alignas(64) uint64_t any[kWindowBlocks];  // nonzero: the block has a candidate of some kind
  for (size_t window = 0; window < text.size(); window += kWindowBlocks * kStep) {
    const size_t blocks = std::min(kWindowBlocks, (text.size() - window + kStep - 1) / kStep);
    for (size_t b = 0; b < blocks; ++b) {
      const size_t i = window + b * kStep;
      const size_t left = text.size() - i;
      const Masks m = left >= 64 ? Full(text.data() + i) : Tail(text.data() + i, left);
      digit[b] = m.digit;
      upper[b] = m.upper;
      sep[b] = m.sep;
      percent[b] = m.percent;
    }
    const size_t lanes = (blocks + kGroup - 1) / kGroup * kGroup;  // as few groups as cover it
    for (size_t b = blocks; b < lanes; ++b) digit[b] = upper[b] = sep[b] = percent[b] = 0;
    for (size_t group = 0; group < lanes; group += kGroup) {
      for (size_t b = group; b < group + kGroup; ++b) {
        const Candidates c = candidates_of(digit[b], upper[b], sep[b], percent[b], checks.on);
        cards[b] = c.cards;
        ssns[b] = c.ssns;
        ibans[b] = c.ibans;
        percents[b] = c.percents;
        any[b] = c.cards | c.ssns | c.ibans | c.percents;
      }
    }
    for (size_t b = 0; b < blocks; ++b) {
      if (any[b] != 0)
        checks.check(window + b * kStep, Candidates{cards[b], ssns[b], ibans[b], percents[b]});
    }
  }
}

// One pass per instruction set: its two loops as separate functions, and the one that fits.
#define LOGSCRUB_DIGIT_SHAPE_PASS(NAME, TARGET, FULL, TAIL)                            \
  TARGET __attribute__((flatten, noinline)) void NAME##_blocks(std::string_view text,  \
                                                               ShapeChecks& checks) {  \
    scan_blocks<FULL, TAIL>(text, checks);                                             \
  }                                                                                    \
  TARGET __attribute__((flatten, noinline)) void NAME##_windows(std::string_view text, \
                                                                ShapeChecks& checks) { \
    scan_windows<FULL, TAIL>(text, checks);                                            \
  }                                                                                    \
  void NAME(std::string_view text, const DigitShapeOutputs& out) {                     \
    ShapeChecks checks(text, out);                                                     \
    if (text.size() <= kBlockByBlockBytes)                                             \
      NAME##_blocks(text, checks);                                                     \
    else                                                                               \
      NAME##_windows(text, checks);                                                    \
  }

LOGSCRUB_DIGIT_SHAPE_PASS(scan_portable, , masks_sse2_or_scalar, masks_padded<masks_sse2_or_scalar>)
#if defined(LOGSCRUB_HAVE_AVX2_PATH)
LOGSCRUB_DIGIT_SHAPE_PASS(scan_avx2, __attribute__((target("avx2"))), masks_avx2,
                          masks_padded<masks_avx2>)
LOGSCRUB_DIGIT_SHAPE_PASS(scan_avx512, __attribute__((target("avx2,avx512f,avx512bw"))),
                          masks_avx512, masks_avx512_tail)
#endif
#undef LOGSCRUB_DIGIT_SHAPE_PASS

}  // namespace

void scan_digit_shapes(std::string_view text, const DigitShapeOutputs& out) {
#if defined(LOGSCRUB_HAVE_AVX2_PATH)
  if (cpu_has_avx512bw()) return scan_avx512(text, out);
  if (cpu_has_avx2()) return scan_avx2(text, out);
#endif
  scan_portable(text, out);
}

bool scan_digit_shapes_with(DigitShapeIsa isa, std::string_view text,
                            const DigitShapeOutputs& out) {
  switch (isa) {
    case DigitShapeIsa::Portable: scan_portable(text, out); return true;
#if defined(LOGSCRUB_HAVE_AVX2_PATH)
    case DigitShapeIsa::Avx2:
      if (!cpu_has_avx2()) return false;
      scan_avx2(text, out);
      return true;
    case DigitShapeIsa::Avx512:
      if (!cpu_has_avx512bw()) return false;
      scan_avx512(text, out);
      return true;
#endif
    default: return false;
  }
}

}  // namespace logscrub
