// Raw fd I/O for the command-line tool (record framing lives in scrub/record_framer.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scrub/engine.h"
#include "scrub/record_framer.h"

namespace logscrub::cli {

using LineFramer = logscrub::RecordFramer;

// Reads up to `n` bytes from `fd` into `buf`, retrying on EINTR. Returns the byte count
// (0 at end of input) or -1 with errno set.
long read_some(int fd, char* buf, size_t n);

enum class WriteStatus { Ok, BrokenPipe, Error };

// The most bytes one write(2) call is given. Measured on this project's VM (Linux 6.18, ext4,
// 1 GB to a new file, best of 3): 64 KB writes cost 0.26-0.31 s per GB, 256 KB writes 0.70-0.98
// s and 1 MB writes 1.46-1.62 s (the page cache is filled in larger, slower pieces); a call per
// 64 KB costs ~16,000 system calls per GB. It is also a pipe's default capacity. (Those writes
// started on unaligned offsets; aligned as write_pieces makes them, 128 and 256 KB calls cost
// what 64 KB calls do, loghub to a file, session 16.)
inline constexpr size_t kMaxWriteBytes = size_t{64} << 10;

// Writes all of `data` to `fd`, continuing after partial writes and EINTR. Returns
// BrokenPipe on EPIPE (SIGPIPE must be ignored by the caller), Error (errno set) otherwise.
WriteStatus write_all(int fd, std::string_view data);

// Where the next write(2) to `fd` lands: the end of a regular file opened for appending, else
// the fd's offset; 0 where it has none (pipes, terminals, sockets).
uint64_t write_position(int fd);

// A write(2) call's bytes made of more pieces than this are copied into one buffer first and
// written from there; fewer go to writev(2) as they are. Secret-dense lines (a redaction every
// ~130 bytes, ~40-byte pieces) to a file: 4-6% faster end to end (50 MB, one thread, 7 and 9
// interleaved runs); real logs, where a call's 64 KB is one or two pieces, the same whether 8
// or 32 (copied always: ~2% slower). A C program writing 100 MB to a new file in aligned
// 64 KB calls: 40-byte pieces by writev 56 ms, copied first 26 ms.
inline constexpr size_t kMostPiecesPassedAsIs = 8;

// Writes every piece of `pieces` to `fd` in order (writev of at most IOV_MAX pieces, or one
// copy: kMostPiecesPassedAsIs; at most kMaxWriteBytes per call), with the same retries and
// statuses as write_all. `*position` is where the output stands (write_position, then this
// function's updates): each call ends where it reaches a multiple of kMaxWriteBytes, so that
// the calls into a file start on aligned offsets. The kernel then fills the page cache in large
// folios: on this VM `dd` to a new file takes 27.5 ms per 100 MB in 65,536-byte blocks and 35 ms in
// 65,000-byte ones, and loghub through the CLI to a file went from ~81 to ~74 ms of CPU time per
// 100 MB.
WriteStatus write_pieces(int fd, const OutputPieces& pieces, uint64_t* position);

}  // namespace logscrub::cli
