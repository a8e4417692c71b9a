// Scrubbing of one input in jobs, on N threads, for the filter command: every regular file
// (`--threads N`, N >= 1), and pipes with --threads N > 1.
//
// N workers (the calling thread is one) each take the next job from the input -- complete
// records, ~256 KiB, read straight into the job's buffer under a lock (RecordCutter) --,
// scrub it with a scratch of their own, and hand it back. Jobs are written in input order
// by whichever worker finds the next one due, while the others go on scrubbing; no thread
// only reads or only writes, so N threads keep N cores busy. Output is byte-identical to
// the single-threaded stream (G4): a worker starts each job with no multi-line block open;
// when the job before it ended inside a block (a PEM key cut by a job boundary, rare), the
// job is scrubbed again with the carried block state before it is written.
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
// returns false to stop (broken pipe, write error). Called by one thread at a time.
using OutputSink = std::function<bool(const OutputPieces&)>;
// Called after each job is read, with the input bytes read so far (one thread at a time).
using ProgressFn = std::function<void(size_t bytes_read)>;

// Scrubs all of `fd` with `threads` workers (1: the calling thread alone) and writes the
// result through `sink`. From a pipe, each job is written as soon as it is scrubbed: no
// line waits for the next ones to arrive.
ParallelResult scrub_fd_parallel(const Engine& engine, int fd, unsigned threads,
                                 const OutputSink& sink, const ProgressFn& progress,
                                 bool count_records);

}  // namespace logscrub::cli
