#include "cli/record_cutter.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "cli/line_reader.h"
#include "scrub/render.h"

namespace logscrub::cli {

char* ByteBuffer::reserve_tail(size_t n) {
  if (capacity_ - size_ < n) {
    const size_t capacity = std::max(size_ + n, 2 * capacity_);
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_ > 0) std::memcpy(bigger.get(), bytes_.get(), size_);
    bytes_ = std::move(bigger);
    capacity_ = capacity;
  }
  return bytes_.get() + size_;
}

void ByteBuffer::append(std::string_view v) {
  if (v.empty()) return;
  std::memcpy(reserve_tail(v.size()), v.data(), v.size());
  size_ += v.size();
}

RecordCutter::RecordCutter(int fd, size_t max_record_bytes, bool fill_jobs)
    : fd_(fd), max_record_(std::max<size_t>(max_record_bytes, 1)), fill_jobs_(fill_jobs) {}

namespace {

// The marker line of a dropped record is at most this long.
constexpr size_t kMarkerLine = oversized_record_line(true, true).size();

}  // namespace

long RecordCutter::read_into(ByteBuffer& job, size_t n) {
  // Room for a marker line too: it may take the place of fewer bytes than its own.
  const long got = read_some(fd_, job.reserve_tail(n + kMarkerLine), n);
  if (got < 0) {
    error_ = std::string("cannot read: ") + std::strerror(errno);
    return -1;
  }
  job.commit(static_cast<size_t>(got));
  bytes_read_ += static_cast<size_t>(got);
  return got;
}

size_t RecordCutter::put_marker(char* at, bool terminated) const {
  const std::string_view line = oversized_record_line(dropped_cr_, terminated);
  std::memcpy(at, line.data(), line.size());
  return line.size();
}

bool RecordCutter::next(ByteBuffer& job) {
  job.clear();
  if (ended_) return false;
  job.append(carry_.view());
  carry_.clear();
  // job[0, record_start) are complete records; after them, the unfinished record (none
  // while one is being dropped).
  size_t record_start = 0;
  while (record_start == 0 || (fill_jobs_ && job.size() < kJobBytes)) {
    const size_t old = job.size();
    const size_t want = std::max(kJobBytes - std::min(old, kJobBytes), kMinRead);
    const long got = read_into(job, want);
    if (got <= 0) {
      ended_ = true;
      if (got < 0) {
        // The unfinished record is dropped, never handed out; the complete ones before it are.
        job.truncate(record_start);
      } else if (dropping_) {  // the input's last record, unterminated, was over the limit
        ++oversized_;
        job.commit(put_marker(job.reserve_tail(kMarkerLine), false));
      }
      return !job.empty();
    }
    const size_t n = static_cast<size_t>(got);
    char* fresh = job.data() + old;
    if (dropping_) {
      const char* nl = static_cast<const char*>(std::memchr(fresh, '\n', n));
      if (nl == nullptr) {  // all of it belongs to the dropped record
        dropped_cr_ = fresh[n - 1] == '\r';
        job.truncate(old);
        continue;
      }
      const size_t k = static_cast<size_t>(nl - fresh);
      if (k > 0) dropped_cr_ = fresh[k - 1] == '\r';
      // The record ends: its marker line, then what followed its '\n' (room reserved).
      const size_t rest = n - k - 1;
      char line[kMarkerLine];
      const size_t line_len = put_marker(line, true);
      std::memmove(fresh + line_len, nl + 1, rest);
      std::memcpy(fresh, line, line_len);
      job.truncate(old);
      job.commit(line_len + rest);
      dropping_ = false;
      ++oversized_;
      record_start = old + line_len;
    }
    const size_t from = std::max(old, record_start);
    const void* last = memrchr(job.data() + from, '\n', job.size() - from);
    if (last) record_start = static_cast<size_t>(static_cast<const char*>(last) - job.data()) + 1;
    if (job.size() - record_start > max_record_) {
      // The unfinished record is over the limit: from now on its bytes are dropped.
      dropped_cr_ = job.data()[job.size() - 1] == '\r';
      job.truncate(record_start);
      dropping_ = true;
    }
  }
  carry_.append(job.view().substr(record_start));
  job.truncate(record_start);
  return true;
}

}  // namespace logscrub::cli
