// Cuts an fd's bytes into jobs of complete records, reading straight into each job's buffer.
// (RecordFramer hands out views of the caller's read buffer, which a job that outlives the
// next read would have to copy.)
//
// A job holds whole '\n'-terminated records -- from a regular file, those of the reads that
// bring it to kJobBytes (less the unfinished record at the end); from a pipe or terminal,
// whatever complete records a read brought (a line is never held back waiting for more) --
// and, in the input's last job, its unterminated last record. The unfinished record after a
// job's last '\n' is carried into the next job (a copy of less than one record).
//
// Memory stays bounded: an unfinished record that grows past `max_record_bytes` is dropped as
// its bytes arrive, and the job gets its marker line in its place (oversized_record_line in
// scrub/render.h: the marker, then the record's '\r' and '\n' when it had them) -- what
// StreamScrubber writes for it. A record over the limit that arrived whole is left in the
// job: the engine masks it the same way (Engine::scrub), so the output is the stream's
// either way.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace logscrub::cli {

// A byte buffer that grows without zero-filling: read(2) writes the new bytes.
class ByteBuffer {
 public:
  const char* data() const { return bytes_.get(); }
  char* data() { return bytes_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {bytes_.get(), size_}; }
  void clear() { size_ = 0; }
  // Room for `n` more bytes after size(); returns where they go (commit() adds them).
  char* reserve_tail(size_t n);
  // Adds `n` bytes written at the old end (at most what reserve_tail gave).
  void commit(size_t n) { size_ += n; }
  // Keeps the first `n` bytes (n <= size()).
  void truncate(size_t n) { size_ = n; }
  void append(std::string_view v);

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

class RecordCutter {
 public:
  // `max_record_bytes`: the longest record (bytes before its '\n') a job may hold; > 0.
  // `fill_jobs`: read until a job holds kJobBytes (for regular files, where reads do not
  // wait); otherwise a job ends with the first read that completes a record.
  RecordCutter(int fd, size_t max_record_bytes, bool fill_jobs);

  // Fills `job` with the next run of records. False (job empty) when the input is exhausted
  // or a read failed: then error() says why, and the unfinished record is dropped, never
  // handed out. Complete records read before a failure are handed out first.
  bool next(ByteBuffer& job);

  // Bytes read so far; records dropped for their length so far.
  size_t bytes_read() const { return bytes_read_; }
  size_t oversized_records() const { return oversized_; }
  // Why reading stopped early ("" when it did not).
  const std::string& error() const { return error_; }

  static constexpr size_t kJobBytes = size_t{256} << 10;
  static constexpr size_t kMinRead = size_t{64} << 10;

 private:
  // Reads up to `n` bytes onto job's end; returns the byte count, 0 at the end of input, -1
  // on error (recorded).
  long read_into(ByteBuffer& job, size_t n);
  // Writes the dropped record's marker line at `at` (room for kMarkerLine bytes).
  size_t put_marker(char* at, bool terminated) const;

  int fd_;
  size_t max_record_;
  bool fill_jobs_;
  ByteBuffer carry_;         // the unfinished record after the last job's last '\n'
  bool dropping_ = false;    // the record being read is over the limit: drop its bytes
  bool dropped_cr_ = false;  // the last byte of it seen so far was '\r'
  bool ended_ = false;
  size_t bytes_read_ = 0;
  size_t oversized_ = 0;
  std::string error_;
};

}  // namespace logscrub::cli
