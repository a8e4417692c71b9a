#include "cli/line_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace logscrub::cli {

LineFramer::LineFramer(size_t max_line_bytes) : max_(max_line_bytes == 0 ? 1 : max_line_bytes) {}

bool LineFramer::flush(Handler& handler) {
  const size_t complete = buf_.size() - partial_len_;
  if (complete == 0) return true;
  const bool go_on = handler.on_lines(std::string_view(buf_.data(), complete));
  buf_.erase(0, complete);
  return go_on;
}

bool LineFramer::feed(std::string_view data, Handler& handler) {
  const char* p = data.data();
  const char* const end = p + data.size();
  const char* run = p;  // start of the bytes of `data` not yet copied into buf_
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (discarding_) {
      // Dropping an oversized record: nothing of it is kept, only its length counted.
      if (nl == nullptr) {
        discarded_len_ += static_cast<size_t>(end - p);
        return true;
      }
      const size_t len = discarded_len_ + static_cast<size_t>(nl - p);
      discarding_ = false;
      discarded_len_ = 0;
      ++oversized_;
      p = nl + 1;
      run = p;
      if (!handler.on_oversized(len, true)) return false;
      continue;
    }
    const size_t line_len = partial_len_ + static_cast<size_t>((nl ? nl : end) - p);
    if (line_len > max_) {
      // Deliver the complete records before this one, then drop this one.
      buf_.append(run, static_cast<size_t>(p - run));
      buf_.resize(buf_.size() - partial_len_);
      partial_len_ = 0;
      if (!flush(handler)) return false;
      if (nl == nullptr) {
        discarding_ = true;
        discarded_len_ = line_len;
        return true;
      }
      ++oversized_;
      p = nl + 1;
      run = p;
      if (!handler.on_oversized(line_len, true)) return false;
      continue;
    }
    if (nl == nullptr) {
      // Unfinished record within the limit: keep it for the next feed.
      partial_len_ = line_len;
      p = end;
      break;
    }
    partial_len_ = 0;
    p = nl + 1;
  }
  buf_.append(run, static_cast<size_t>(end - run));
  return flush(handler);
}

bool LineFramer::finish(Handler& handler) {
  if (discarding_) {
    const size_t len = discarded_len_;
    discarding_ = false;
    discarded_len_ = 0;
    ++oversized_;
    return handler.on_oversized(len, false);
  }
  partial_len_ = 0;  // the unfinished tail is now the complete last record
  const bool go_on = flush(handler);
  buf_.clear();
  return go_on;
}

void LineFramer::reset() {
  buf_.clear();
  partial_len_ = 0;
  discarding_ = false;
  discarded_len_ = 0;
}

long read_some(int fd, char* buf, size_t n) {
  for (;;) {
    const ssize_t r = ::read(fd, buf, n);
    if (r >= 0) return static_cast<long>(r);
    if (errno != EINTR) return -1;
  }
}

WriteStatus write_all(int fd, std::string_view data) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        // Non-blocking stdout: wait until it drains rather than drop output.
        ::usleep(1000);
        continue;
      }
      return errno == EPIPE ? WriteStatus::BrokenPipe : WriteStatus::Error;
    }
    p += w;
    left -= static_cast<size_t>(w);
  }
  return WriteStatus::Ok;
}

}  // namespace logscrub::cli
