#include "cli/output_reservation.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace logscrub::cli {

namespace {

constexpr long kExtSuperMagic = 0xEF53;  // ext2, ext3 and ext4 (linux/magic.h)

}  // namespace

OutputReservation::OutputReservation(int fd, uint64_t position)
    : fd_(fd), reserved_end_(position), last_end_(position) {
  const int flags = ::fcntl(fd, F_GETFL);
  struct stat st {};
  struct statfs fs {};
  active_ = flags >= 0 && (flags & O_APPEND) == 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            static_cast<uint64_t>(st.st_size) == position && ::fstatfs(fd, &fs) == 0 &&
            fs.f_type == kExtSuperMagic;
}

OutputReservation::~OutputReservation() {
  finish(last_end_);
}

void OutputReservation::before_write(uint64_t position, uint64_t bytes) {
  last_end_ = position + bytes;
  if (!active_ || last_end_ <= reserved_end_) return;
  const uint64_t from = position > reserved_end_ ? position : reserved_end_;
  const uint64_t length = last_end_ - from + kAheadBytes;
  if (::fallocate(fd_, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(from), static_cast<off_t>(length)) !=
      0) {
    active_ = false;  // not supported here, or no space: the writes go on without it
  }
  // Also after a failure, which may have reserved a part: finish() frees whatever it did.
  reserved_end_ = from + length;
}

void OutputReservation::finish(uint64_t end) {
  if (reserved_end_ <= end) return;
  struct stat st {};
  // Truncating to the file's own size loses no byte and frees the blocks past it.
  if (::fstat(fd_, &st) == 0 && static_cast<uint64_t>(st.st_size) == end)
    static_cast<void>(::ftruncate(fd_, static_cast<off_t>(end)));
  reserved_end_ = end;
  active_ = false;
}

}  // namespace logscrub::cli
