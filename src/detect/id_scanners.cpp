#include "detect/id_scanners.h"

#include <bit>
#include <cstdint>
#include <string>

#include "detect/validators.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logscrub {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_word(char c) {
  return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c == '_';
}

struct Masks {
  uint64_t digit = 0;
  uint64_t upper = 0;
  uint64_t sep = 0;  // ' ' or '-'
};

// Masks of text[i, i + 64); bytes past the end are 0.
Masks masks64(std::string_view text, size_t i) {
  Masks r;
  size_t n = text.size() - i < 64 ? text.size() - i : 64;
#if defined(__SSE2__)
  if (n == 64) {
    const __m128i d_lo = _mm_set1_epi8('0' - 1), d_hi = _mm_set1_epi8('9' + 1);
    const __m128i u_lo = _mm_set1_epi8('A' - 1), u_hi = _mm_set1_epi8('Z' + 1);
    const __m128i space = _mm_set1_epi8(' '), dash = _mm_set1_epi8('-');
    for (int k = 0; k < 4; ++k) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i + 16 * k));
      auto bits = [&](__m128i v) {
        return static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v))) << (16 * k);
      };
      r.digit |= bits(_mm_and_si128(_mm_cmpgt_epi8(x, d_lo), _mm_cmplt_epi8(x, d_hi)));
      r.upper |= bits(_mm_and_si128(_mm_cmpgt_epi8(x, u_lo), _mm_cmplt_epi8(x, u_hi)));
      r.sep |= bits(_mm_or_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(x, dash)));
    }
    return r;
  }
#endif
  for (size_t k = 0; k < n; ++k) {
    char c = text[i + k];
    uint64_t bit = uint64_t{1} << k;
    if (is_digit(c)) r.digit |= bit;
    if (is_upper(c)) r.upper |= bit;
    if (c == ' ' || c == '-') r.sep |= bit;
  }
  return r;
}

// Calls `check(pos)` for every position whose shape bits (computed by `shape` from the masks,
// valid for the first `step` bits) are set. A shape spans at most 64 - step bytes.
template <typename Shape, typename Check>
void scan_shapes(std::string_view text, size_t step, Shape shape, Check check) {
  for (size_t i = 0; i < text.size(); i += step) {
    uint64_t hits = shape(masks64(text, i));
    if (step < 64) hits &= (uint64_t{1} << step) - 1;
    while (hits) {
      size_t pos = i + static_cast<size_t>(std::countr_zero(hits));
      hits &= hits - 1;
      check(pos);
    }
  }
}

bool left_ok(std::string_view text, size_t begin, bool glue_chars) {
  if (begin == 0) return true;
  char p = text[begin - 1];
  if (is_word(p)) return false;
  return !(glue_chars && (p == '-' || p == '.' || p == '/' || p == '+'));
}

bool right_ok(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  char n = text[end];
  if (is_word(n)) return false;
  if ((n == '-' || n == '.' || n == '/') && end + 1 < text.size() && is_digit(text[end + 1]))
    return false;
  return true;
}

}  // namespace

void find_us_ssns(std::string_view text, std::vector<CardMatch>& out) {
  // ddd S dd S dddd: 11 bytes.
  auto shape = [](const Masks& m) {
    uint64_t d = m.digit, s = m.sep;
    return d & (d >> 1) & (d >> 2) & (s >> 3) & (d >> 4) & (d >> 5) & (s >> 6) & (d >> 7) &
           (d >> 8) & (d >> 9) & (d >> 10);
  };
  scan_shapes(text, 64 - 10, shape, [&](size_t pos) {
    if (text[pos + 3] != text[pos + 6]) return;  // the same separator twice
    if (!left_ok(text, pos, true) || !right_ok(text, pos + 11)) return;
    if (ssn_valid(text.substr(pos, 11))) out.push_back({pos, pos + 11});
  });
}

void find_ibans(std::string_view text, std::vector<CardMatch>& out) {
  size_t resume = 0;
  auto shape = [](const Masks& m) {
    return m.upper & (m.upper >> 1) & (m.digit >> 2) & (m.digit >> 3);
  };
  scan_shapes(text, 64 - 3, shape, [&](size_t pos) {
    if (pos < resume || !left_ok(text, pos, false)) return;
    auto alnum = [&](size_t k) {
      return k < text.size() && (is_upper(text[k]) || is_digit(text[k]));
    };
    // Compact: the whole upper-case/digit run.
    size_t end = pos;
    while (end < text.size() && end - pos <= 34 && alnum(end)) ++end;
    if (end - pos <= 34 && right_ok(text, end) && iban_valid(text.substr(pos, end - pos))) {
      out.push_back({pos, end});
      resume = end;
      return;
    }
    // Print form: groups of 4 separated by one space; try the longest first.
    if (end - pos != 4) return;
    std::vector<size_t> group_ends{end};
    size_t p = end;
    while (group_ends.size() < 9 && p < text.size() && text[p] == ' ' && alnum(p + 1)) {
      size_t q = p + 1;
      while (q - (p + 1) < 4 && alnum(q)) ++q;
      if (alnum(q)) break;  // a group longer than 4: stop
      group_ends.push_back(q);
      if (q - (p + 1) < 4) break;  // a short group is the last one
      p = q;
    }
    for (size_t g = group_ends.size(); g-- > 3;) {
      size_t e = group_ends[g];
      if (right_ok(text, e) && iban_valid(text.substr(pos, e - pos))) {
        out.push_back({pos, e});
        resume = e;
        return;
      }
    }
  });
}

}  // namespace logscrub
