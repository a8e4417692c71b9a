// Sorting findings by where they begin, in linear time for the usual case.
//
// The matcher hands findings back rule by rule, so a buffer's findings are a few dozen sorted
// runs interleaved; a comparison sort of them was ~4% of the CPU time on secret-dense logs.
// Findings spread over the buffer, so a counting sort on `begin / bucket width` (about one
// finding per bucket) and a comparison sort inside each bucket (insertion sort for the usual
// one to three findings) puts them in order in a few passes. Findings crowded into one
// bucket (a long line full of them) cost what std::sort costs for them, never more (G1).
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "scrub/engine.h"

namespace logscrub {

// Reusable storage for sort_findings (kept in a scratch: no allocation once warm).
struct FindingSortBuffers {
  std::vector<Finding> sorted;
  std::vector<uint32_t> bucket_starts;
};

// Sorts `findings` (every `end` <= `text_size`) by `less`, a strict weak order that compares
// `begin` first (earlier first) -- the same order std::sort gives, up to the order of
// findings that are equivalent under `less`.
template <class Less>
void sort_findings(std::vector<Finding>& findings, size_t text_size, const Less& less,
                   FindingSortBuffers& buffers) {
  const size_t n = findings.size();
  constexpr size_t kSmall = 64;  // below this, std::sort is as fast
  if (n < kSmall || n > UINT32_MAX || text_size == 0) {
    std::sort(findings.begin(), findings.end(), less);
    return;
  }
  // Bucket width: the power of two nearest the mean gap between findings, so about one finding
  // per bucket; at most 2n + 1 buckets.
  const size_t gap = std::max<size_t>(1, text_size / n);
  const auto shift = static_cast<unsigned>(std::bit_width(gap) - 1);
  const size_t buckets = (text_size >> shift) + 1;
  std::vector<uint32_t>& starts = buffers.bucket_starts;
  starts.assign(buckets + 1, 0);
  for (const Finding& f : findings) ++starts[(f.begin >> shift) + 1];
  for (size_t b = 1; b <= buckets; ++b) starts[b] += starts[b - 1];
  std::vector<Finding>& sorted = buffers.sorted;
  sorted.resize(n);
  for (const Finding& f : findings) sorted[starts[f.begin >> shift]++] = f;
  // starts[b] is now where bucket b ends; bucket b begins where b - 1 ends.
  size_t begin = 0;
  for (size_t b = 0; b < buckets; ++b) {
    const size_t end = starts[b];
    if (end - begin > 1) std::sort(sorted.begin() + begin, sorted.begin() + end, less);
    begin = end;
  }
  findings.swap(sorted);
}

}  // namespace logscrub
