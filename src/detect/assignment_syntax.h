// What the hand-written "key name = value" searches share (SecretAssignmentSearch,
// PasswordAssignmentSearch; AuthorizationBearerSearch uses the quote class): the patterns put
// at most a few quotes ["'\\] and blanks (RE2's \s, without '\n' under the rules' never_nl) around
// the operator, in classes that share no byte with each other, with the operator or with the
// value's first byte, so each run is taken whole and a run longer than its bound fails the match.
#pragma once

#include <cstddef>
#include <cstdint>

#include "detect/ascii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logscrub::assignment {

constexpr bool is_quote(unsigned char c) {  // ["'\\]
  return c == '"' || c == '\'' || c == '\\';
}

// The first '=' or ':' in [from, end), or end when there is none. 16 bytes a step with SSE2
// (the searches walk every byte of a window to find their operators).
inline size_t next_operator(const unsigned char* t, size_t from, size_t end) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i equals = _mm_set1_epi8('=');
  const __m128i colon = _mm_set1_epi8(':');
  for (; i + 16 <= end; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
    const int hits =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, equals), _mm_cmpeq_epi8(x, colon)));
    if (hits != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(hits)));
  }
#endif
  for (; i < end; ++i) {
    if (t[i] == '=' || t[i] == ':') return i;
  }
  return end;
}

// Where a key name ends before the operator at `op`: back over at most max_blanks blanks,
// then at most max_quotes quotes, not before pos. SIZE_MAX when a run is longer; *quotes:
// the quotes read.
inline size_t key_end_before(const unsigned char* t, size_t pos, size_t op, size_t max_blanks,
                             size_t max_quotes, size_t* quotes) {
  size_t kend = op;
  while (kend > pos && op - kend <= max_blanks && ascii::is_rule_blank(t[kend - 1])) --kend;
  if (op - kend > max_blanks) return SIZE_MAX;
  const size_t blanks_begin = kend;
  while (kend > pos && blanks_begin - kend <= max_quotes && is_quote(t[kend - 1])) --kend;
  *quotes = blanks_begin - kend;
  return *quotes > max_quotes ? SIZE_MAX : kend;
}

// After an operator, at `at`: at most max_blanks blanks, then at most max_quotes quotes,
// within end. Where the value starts (end when nothing follows); SIZE_MAX when a run is longer.
inline size_t value_start_after(const unsigned char* t, size_t at, size_t end, size_t max_blanks,
                                size_t max_quotes) {
  const size_t quotes = ascii::bounded_run(t, at, end, max_blanks, ascii::is_rule_blank);
  return quotes == SIZE_MAX ? SIZE_MAX : ascii::bounded_run(t, quotes, end, max_quotes, is_quote);
}

// The value after the operator at `op` ('=' or ':'), tried as RE2's alternation does: after
// "=>" (or ":=", when the pattern has it) first, then after the one byte, which leaves '>' or
// '=' as the value's first byte. `value(t, at, end, &begin, &end)` reads what follows an
// operator; true with the value's bounds.
template <typename ValueAfter>
bool value_after_operator(const unsigned char* t, size_t op, size_t end, bool colon_equals,
                          ValueAfter value, size_t* value_begin, size_t* value_end) {
  const bool two_byte = op + 1 < end && ((t[op] == '=' && t[op + 1] == '>') ||
                                         (colon_equals && t[op] == ':' && t[op + 1] == '='));
  return (two_byte && value(t, op + 2, end, value_begin, value_end)) ||
         value(t, op + 1, end, value_begin, value_end);
}

}  // namespace logscrub::assignment
