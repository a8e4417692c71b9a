#include "cli/line_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace logscrub::cli {

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
