#include "detect/percent_decode.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace logscrub::percent {
namespace {

constexpr size_t kBlock = 16;  // bytes per block copy in decode_append

}  // namespace

void decode_append(std::string_view raw, std::string& out, std::vector<uint32_t>& checkpoints) {
  // One pass into room made beforehand (decoding never makes text longer, plus a block of
  // slack for the block stores below). Encoded text has an escape every few bytes, where a
  // search and an append per run between escapes cost more than the bytes: runs are copied 16
  // bytes at a time (a store of the whole block, then a jump to its first '%').
  const size_t base = out.size();
  out.resize(base + raw.size() + kBlock);
  char* const first = out.data() + base;
  char* dst = first;
  const char* const begin = raw.data();
  const char* src = begin;
  const char* const stop = src + raw.size();
  size_t next_checkpoint = 0;  // decoded offset of the next checkpoint
  // Records a checkpoint that falls inside `run` decoded bytes taken one for one from `src`.
  const auto checkpoint_in_run = [&](size_t run) {
    const size_t at = static_cast<size_t>(dst - first);
    if (next_checkpoint < at + run) {
      checkpoints.push_back(static_cast<uint32_t>(src - begin + (next_checkpoint - at)));
      next_checkpoint += kCheckpointSpacing;
    }
  };
  while (src < stop) {
#if defined(__SSE2__)
    if (stop - src >= static_cast<std::ptrdiff_t>(kBlock)) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), block);
      const unsigned mask =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8('%'))));
      const size_t run = mask == 0 ? kBlock : static_cast<size_t>(__builtin_ctz(mask));
      checkpoint_in_run(run);  // kBlock < kCheckpointSpacing: one at most
      src += run;
      dst += run;
      if (mask == 0) continue;
    }
#endif
    checkpoint_in_run(1);
    const int byte = escaped_byte(src, stop);
    if (byte < 0) {
      *dst++ = *src++;
      continue;
    }
    *dst++ = byte == '\n' || byte == '\r' ? ' ' : static_cast<char>(byte);
    src += 3;
  }
  out.resize(base + static_cast<size_t>(dst - first));
}

size_t raw_width_at(std::string_view raw, size_t pos) {
  return escaped_byte(raw.data() + pos, raw.data() + raw.size()) < 0 ? 1 : 3;
}

size_t raw_offset_of(std::string_view raw, const uint32_t* checkpoints, size_t index) {
  size_t pos = checkpoints[index / kCheckpointSpacing];
  for (size_t steps = index % kCheckpointSpacing; steps > 0; --steps) pos += raw_width_at(raw, pos);
  return pos;
}

}  // namespace logscrub::percent
