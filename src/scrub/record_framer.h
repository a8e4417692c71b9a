// Record framing: turns an arbitrary sequence of byte blocks (whatever read(2) or a caller's
// write returned) into runs of complete '\n'-terminated records.
//
// Contract: complete records are never held back; a run of complete records that lies wholly
// inside one fed block is handed out without being copied; at most `max_record_bytes` bytes of
// an unfinished record are buffered. A record longer than the limit is never handed out: its
// bytes are dropped as they arrive and the handler is told that one oversized record ended, at
// its place in the record order, so the caller can fail closed (emit a marker, report it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace logscrub {

class RecordFramer {
 public:
  // Receives the framed output. A handler returning false stops the framer: feed()/finish()
  // return false at once and deliver nothing more.
  class Handler {
   public:
    virtual ~Handler() = default;
    // `chunk` is never empty and holds one or more complete records in input order, each
    // ending in '\n' -- except for the last chunk delivered by finish(), which is the final
    // record of the input when it has no '\n'. Records are byte-identical to the input.
    // The view is valid only during the call.
    virtual bool on_lines(std::string_view chunk) = 0;
    // One record longer than the limit ended, at its position in the record order.
    // `length` is its size in bytes without the '\n'; `terminated` is true when it ended with
    // '\n' (false: it was the unterminated last record, reported by finish());
    // `ends_with_cr` is true when its last byte (before any '\n') was '\r'.
    virtual bool on_oversized(size_t length, bool terminated, bool ends_with_cr) = 0;
  };

  // `max_record_bytes`: longest record (bytes, excluding its '\n') handed out; must be > 0.
  explicit RecordFramer(size_t max_record_bytes);
  ~RecordFramer();  // wipes buffered bytes
  RecordFramer(const RecordFramer&) = delete;
  RecordFramer& operator=(const RecordFramer&) = delete;

  // Frames `data` (any size, any content including NUL). Every record completed by `data`
  // is delivered before this returns; only an unfinished last record (<= max_record_bytes
  // bytes) stays buffered. Returns false if the handler asked to stop.
  bool feed(std::string_view data, Handler& handler);

  // Ends the input: delivers the buffered unterminated record (if any) or reports the
  // unterminated oversized record (if one was being dropped). Resets the framer for a new
  // input. Returns false if the handler asked to stop.
  bool finish(Handler& handler);

  // Drops (and wipes) whatever is buffered, so the next feed starts a new input.
  void reset();

  // Bytes of an unfinished record held now (<= max_record_bytes).
  size_t buffered() const { return buf_.size(); }

  // Number of oversized records reported so far (over every input framed by this object).
  size_t oversized_records() const { return oversized_; }

 private:
  // Reports the oversized record being dropped and stops dropping.
  bool end_discarded(Handler& handler, bool terminated);

  size_t max_;
  std::string buf_;  // the unfinished record (never a complete one between calls)
  bool discarding_ = false;
  size_t discarded_len_ = 0;   // bytes of the oversized record seen so far
  bool discarded_cr_ = false;  // its last byte seen so far was '\r'
  size_t oversized_ = 0;
};

}  // namespace logscrub
