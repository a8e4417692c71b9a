#include "cli/line_reader.h"

#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace logscrub::cli {

long read_some(int fd, char* buf, size_t n) {
  for (;;) {
    const ssize_t r = ::read(fd, buf, n);
    if (r >= 0) return static_cast<long>(r);
    if (errno != EINTR) return -1;
  }
}

namespace {

// Whether a failed write may be retried (EINTR, or a non-blocking fd that is full: wait until
// it drains rather than drop output); otherwise the status to report.
bool retry_write_error(WriteStatus* status) {
  if (errno == EINTR) return true;
  if (errno == EAGAIN || errno == EWOULDBLOCK) {
    ::usleep(1000);
    return true;
  }
  *status = errno == EPIPE ? WriteStatus::BrokenPipe : WriteStatus::Error;
  return false;
}

}  // namespace

WriteStatus write_pieces(int fd, const OutputPieces& pieces) {
  std::vector<iovec> iov;
  pieces.for_each([&](std::string_view v) {
    iov.push_back({const_cast<char*>(v.data()), v.size()});
  });
  size_t first = 0;
  while (first < iov.size()) {
    const size_t count = std::min<size_t>(iov.size() - first, IOV_MAX);
    const ssize_t w = ::writev(fd, iov.data() + first, static_cast<int>(count));
    if (w < 0) {
      WriteStatus status = WriteStatus::Ok;
      if (retry_write_error(&status)) continue;
      return status;
    }
    // Skips what was written; a partial write leaves the rest of one piece for the next call.
    size_t done = static_cast<size_t>(w);
    while (first < iov.size() && done >= iov[first].iov_len) {
      done -= iov[first].iov_len;
      ++first;
    }
    if (done > 0) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + done;
      iov[first].iov_len -= done;
    }
  }
  return WriteStatus::Ok;
}

WriteStatus write_all(int fd, std::string_view data) {
  const char* p = data.data();
  size_t left = data.size();
  while (left > 0) {
    const ssize_t w = ::write(fd, p, left);
    if (w < 0) {
      WriteStatus status = WriteStatus::Ok;
      if (retry_write_error(&status)) continue;
      return status;
    }
    p += w;
    left -= static_cast<size_t>(w);
  }
  return WriteStatus::Ok;
}

}  // namespace logscrub::cli
