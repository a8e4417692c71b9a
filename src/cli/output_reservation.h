// Reserves the blocks of an output file ahead of the writes that fill it (fallocate(2) with
// FALLOC_FL_KEEP_SIZE), where that makes the writes cheaper: on ext4 a buffered write into a
// block that is not yet allocated pays for ext4's delayed allocation of each 4 KiB block
// (extent-status and quota bookkeeping, block reservation); into a reserved block it does not.
// On this project's VM (Linux 6.18, ext4) 100 MB written in aligned 64 KiB calls to a new file
// took 18 ms, and 11.5 ms with 4 MiB reserved ahead at a time. On tmpfs it was slower (30 ->
// 34 ms), so the reservation is made on ext2/3/4 only.
//
// The file's size never shows a byte that was not written (KEEP_SIZE), and what stays reserved
// past the end at finish() is given back. It is used only where this process extends the file:
// a regular file on ext4, not opened for appending, with the write offset at its end when the
// output starts. Any failure (ENOSPC, EOPNOTSUPP...) switches the reservation off for good; the
// writes themselves then report what they report without it.
#pragma once

#include <cstdint>

namespace logscrub::cli {

class OutputReservation {
 public:
  // How far ahead of the output position blocks are reserved, in one call each time the
  // output passes the reserved end. Also the most that can stay reserved past the file's end
  // when the process dies before finish().
  static constexpr uint64_t kAheadBytes = uint64_t{4} << 20;

  // Looks at `fd` (see above) and stays inactive when it is not such a file. `position` is
  // where the next write lands (write_position).
  OutputReservation(int fd, uint64_t position);
  // finish(position) with the last position seen by before_write.
  ~OutputReservation();
  OutputReservation(const OutputReservation&) = delete;
  OutputReservation& operator=(const OutputReservation&) = delete;

  // Called before writing `bytes` at `position`: reserves the next kAheadBytes when the write
  // would pass the reserved end.
  void before_write(uint64_t position, uint64_t bytes);

  // The output ends at `end`: when blocks are still reserved past it and the file ends there
  // (no one else extended it), truncates the file to its own size, which frees them. Idempotent.
  void finish(uint64_t end);

  bool active() const { return active_; }
  uint64_t reserved_end() const { return reserved_end_; }

 private:
  int fd_;
  bool active_ = false;
  uint64_t reserved_end_ = 0;  // blocks are reserved up to here
  uint64_t last_end_ = 0;      // the end of the last write announced to before_write
};

}  // namespace logscrub::cli
