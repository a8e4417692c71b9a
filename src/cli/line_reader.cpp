#include "cli/line_reader.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
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

uint64_t write_position(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  struct stat st {};
  if (flags >= 0 && (flags & O_APPEND) != 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    return static_cast<uint64_t>(st.st_size);
  }
  const off_t at = ::lseek(fd, 0, SEEK_CUR);
  return at > 0 ? static_cast<uint64_t>(at) : 0;
}

WriteStatus write_pieces(int fd, const OutputPieces& pieces, uint64_t* position) {
  // See kMostPiecesPassedAsIs.
  thread_local const std::unique_ptr<char[]> staging = std::make_unique<char[]>(kMaxWriteBytes);
  std::vector<iovec> iov;
  pieces.for_each([&](std::string_view v) {
    iov.push_back({const_cast<char*>(v.data()), v.size()});
  });
  std::vector<iovec> batch;  // the next call's pieces: at most kMaxWriteBytes, IOV_MAX pieces
  size_t first = 0;
  while (first < iov.size()) {
    batch.clear();
    // This call ends where the output reaches the next multiple of kMaxWriteBytes.
    const size_t cap = kMaxWriteBytes - static_cast<size_t>(*position % kMaxWriteBytes);
    size_t bytes = 0;
    for (size_t i = first; i < iov.size() && bytes < cap && batch.size() < IOV_MAX; ++i) {
      const size_t take = std::min(iov[i].iov_len, cap - bytes);
      batch.push_back({iov[i].iov_base, take});
      bytes += take;
    }
    ssize_t w = 0;
    if (batch.size() > kMostPiecesPassedAsIs) {
      // Copied into one buffer (up to the cap, past IOV_MAX pieces too) and written whole.
      bytes = 0;
      for (size_t i = first; i < iov.size() && bytes < cap; ++i) {
        const size_t take = std::min(iov[i].iov_len, cap - bytes);
        std::memcpy(staging.get() + bytes, iov[i].iov_base, take);
        bytes += take;
      }
      const WriteStatus status = write_all(fd, std::string_view(staging.get(), bytes));
      if (status != WriteStatus::Ok) return status;
      w = static_cast<ssize_t>(bytes);
    } else {
      w = ::writev(fd, batch.data(), static_cast<int>(batch.size()));
      if (w < 0) {
        WriteStatus status = WriteStatus::Ok;
        if (retry_write_error(&status)) continue;
        return status;
      }
    }
    *position += static_cast<uint64_t>(w);
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
    const ssize_t w = ::write(fd, p, std::min(left, kMaxWriteBytes));
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
