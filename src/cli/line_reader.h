// Raw fd I/O for the command-line tool (record framing lives in scrub/record_framer.h).
#pragma once

#include <cstddef>
#include <string_view>

#include "scrub/engine.h"
#include "scrub/record_framer.h"

namespace logscrub::cli {

using LineFramer = logscrub::RecordFramer;

// Reads up to `n` bytes from `fd` into `buf`, retrying on EINTR. Returns the byte count
// (0 at end of input) or -1 with errno set.
long read_some(int fd, char* buf, size_t n);

enum class WriteStatus { Ok, BrokenPipe, Error };

// Writes all of `data` to `fd`, continuing after partial writes and EINTR. Returns
// BrokenPipe on EPIPE (SIGPIPE must be ignored by the caller), Error (errno set) otherwise.
WriteStatus write_all(int fd, std::string_view data);

// Writes every piece of `pieces` to `fd` in order (writev, IOV_MAX pieces per call), with the
// same retries and statuses as write_all.
WriteStatus write_pieces(int fd, const OutputPieces& pieces);

}  // namespace logscrub::cli
