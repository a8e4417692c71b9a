// Record framing and raw fd I/O for the command-line tool.
//
// LineFramer turns an arbitrary sequence of byte blocks (whatever read(2) returned) into
// chunks of complete '\n'-terminated records, without holding complete records back and
// without buffering more than max_line_bytes of an unfinished record. A record longer than
// the limit is never handed out: its bytes are dropped and the handler is told that one
// oversized record ended, so the caller can fail closed (emit a marker, report it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace logscrub::cli {

class LineFramer {
 public:
  // Receives the framed output. A handler returning false stops the framer: feed()/finish()
  // return false at once and deliver nothing more.
  class Handler {
   public:
    virtual ~Handler() = default;
    // `chunk` is never empty and holds one or more complete records in input order, each
    // ending in '\n' -- except for the last chunk delivered by finish(), which is the final
    // record of the input when it has no '\n'. Records are byte-identical to the input.
    virtual bool on_lines(std::string_view chunk) = 0;
    // One record longer than the limit ended, at its position in the record order.
    // `length` is its size in bytes without the '\n'; `terminated` is true when it ended with
    // '\n' (false: it was the unterminated last record, reported by finish()).
    virtual bool on_oversized(size_t length, bool terminated) = 0;
  };

  // `max_line_bytes`: longest record (bytes, excluding its '\n') handed out; must be > 0.
  explicit LineFramer(size_t max_line_bytes);

  // Frames `data` (any size, any content including NUL). Every record completed by `data`
  // is delivered before this returns; only an unfinished last record (<= max_line_bytes
  // bytes) stays buffered. Returns false if the handler asked to stop.
  bool feed(std::string_view data, Handler& handler);

  // Ends the input: delivers the buffered unterminated record (if any) or reports the
  // unterminated oversized record (if one was being dropped). Resets the framer for a new
  // input. Returns false if the handler asked to stop.
  bool finish(Handler& handler);

  // Drops whatever is buffered (after an aborted input) so the next feed starts a new input.
  void reset();

  // Number of oversized records reported so far (over every input framed by this object).
  size_t oversized_records() const { return oversized_; }

 private:
  bool flush(Handler& handler);

  size_t max_;
  std::string buf_;         // complete records not yet delivered + the unfinished tail
  size_t partial_len_ = 0;  // length of the unfinished tail at the end of buf_
  bool discarding_ = false;
  size_t discarded_len_ = 0;  // bytes of the oversized record seen so far
  size_t oversized_ = 0;
};

// Reads up to `n` bytes from `fd` into `buf`, retrying on EINTR. Returns the byte count
// (0 at end of input) or -1 with errno set.
long read_some(int fd, char* buf, size_t n);

enum class WriteStatus { Ok, BrokenPipe, Error };

// Writes all of `data` to `fd`, continuing after partial writes and EINTR. Returns
// BrokenPipe on EPIPE (SIGPIPE must be ignored by the caller), Error (errno set) otherwise.
WriteStatus write_all(int fd, std::string_view data);

}  // namespace logscrub::cli
