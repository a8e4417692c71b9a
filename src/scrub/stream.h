// Streaming scrub: bytes in any chunking in, scrubbed bytes out.
//
// G4: the output of a stream is the same for every chunking of its input (1-byte writes
// included) and equals Engine::scrub of the whole input at once. A record is scrubbed as soon
// as its '\n' arrives (nothing complete is held back); a secret cut across writes is redacted
// because records are only ever scanned whole.
//
// Memory per stream: the unfinished last record, at most max_line_bytes + 1 bytes (a longer
// record is dropped as it arrives and becomes "[REDACTED:oversized-record]", G3), plus the
// caller's output string.
#pragma once

#include <string>
#include <string_view>

#include "scrub/engine.h"
#include "scrub/record_framer.h"

namespace logscrub {

class StreamScrubber {
 public:
  // A stream over `engine`, which must outlive it.
  explicit StreamScrubber(const Engine& engine);

  // Scrubs every record that `data` completes and appends the output to `out`; keeps the
  // unfinished last record for the next call. On error nothing of the failing records is
  // appended (fail closed) and the stream must be reset before it is used again.
  Error write(Scratch& scratch, std::string_view data, std::string& out);

  // As write, with the output appended as pieces (Engine::scrub_pieces) that refer to `data`
  // where its bytes are unchanged: `data` must stay alive and unchanged while `out` is used.
  // (A record completed from earlier writes is copied.) Output identical to write's.
  Error write(Scratch& scratch, std::string_view data, OutputPieces& out);

  // Ends the input: the unfinished record, if any, is scrubbed as the last record (no '\n' is
  // added). The stream is then ready for a new input (multi-line blocks do not continue).
  Error finish(Scratch& scratch, std::string& out);
  Error finish(Scratch& scratch, OutputPieces& out);

  // Drops the buffered bytes and the block state: the next write starts a new input.
  void reset();

  // Bytes of an unfinished record held now.
  size_t buffered() const { return framer_.buffered(); }

  // Totals since the stream was created: spans redacted, records masked whole (too long for
  // max_line_bytes, or not scannable).
  const ScrubStats& stats() const { return stats_; }

 private:
  class Sink;
  Error feed(std::string_view data, Sink& sink);
  Error end(Sink& sink);
  const Engine& engine_;
  RecordFramer framer_;
  StreamState state_;
  ScrubStats stats_;
  Error failed_;  // sticky until reset()
};

}  // namespace logscrub
