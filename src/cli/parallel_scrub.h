// Multi-threaded scrubbing of one input for the filter command (`--threads N`).
//
// The reader (calling thread) frames the input into jobs of complete records (~256 KiB), N
// workers scrub jobs concurrently with a scratch each, and a writer thread writes their
// output to the sink in input order. Output is byte-identical to the single-threaded stream
// (G4): a worker starts each job with no multi-line block open; when the job before it ended
// inside a block (a PEM key cut by a job boundary, rare), the writer scrubs the job again
// with the carried block state before writing it.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "scrub/engine.h"

namespace logscrub::cli {

struct ParallelResult {
  bool ok = true;             // false: read error, scrub error or the sink refused output
  std::string error;          // why, when !ok and the sink did not refuse (read/scrub error)
  size_t bytes_in = 0;        // input bytes read
  size_t records = 0;         // records (lines) read
  size_t redactions = 0;      // spans redacted
  size_t masked_records = 0;  // records masked whole (too long, or not scannable)
};

// Writes one block of output (pieces that refer to the job's input, alive during the call);
// returns false to stop (broken pipe, write error).
using OutputSink = std::function<bool(const OutputPieces&)>;
// Called by the reader after each block read, with the input bytes read so far.
using ProgressFn = std::function<void(size_t bytes_read)>;

// Scrubs all of `fd` with `threads` workers (>= 2) and writes the result through `sink`.
ParallelResult scrub_fd_parallel(const Engine& engine, int fd, unsigned threads,
                                 const OutputSink& sink, const ProgressFn& progress,
                                 bool count_records);

}  // namespace logscrub::cli
