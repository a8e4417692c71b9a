// write_pieces and write_all (src/cli/line_reader.h): every byte in order, none twice, no
// single write(2) larger than kMaxWriteBytes, whatever the pieces look like, and write_pieces'
// calls ending on multiples of kMaxWriteBytes of the output position. A SOCK_SEQPACKET socket
// keeps each call's bytes as one message, so the reader sees the size of every call.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli/line_reader.h"

namespace logscrub::cli {
namespace {

struct Received {
  std::string bytes;
  std::vector<size_t> message_sizes;
};

// Runs `writer(fd)` against a reader on the other end of a SOCK_SEQPACKET pair.
template <class Writer>
Received write_through_socket(Writer writer) {
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds), 0);
  const int send_buffer = 1 << 20;
  ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
  Received got;
  std::thread reader([&] {
    std::vector<char> buf(kMaxWriteBytes * 4);
    for (;;) {
      const ssize_t n = ::recv(fds[1], buf.data(), buf.size(), MSG_TRUNC);
      if (n <= 0) break;
      got.message_sizes.push_back(static_cast<size_t>(n));
      got.bytes.append(buf.data(), std::min(static_cast<size_t>(n), buf.size()));
    }
  });
  writer(fds[0]);
  ::close(fds[0]);
  reader.join();
  ::close(fds[1]);
  return got;
}

// Adds each string of `storage` to `pieces`, every `owned_every`-th from `owned_first` on as an
// owned copy and the others borrowed; returns them all, concatenated.
std::string add_pieces(const std::vector<std::string>& storage, size_t owned_every,
                       size_t owned_first, OutputPieces& pieces) {
  std::string all;
  for (size_t i = 0; i < storage.size(); ++i) {
    if (i % owned_every == owned_first) {
      pieces.add_owned(storage[i]);
    } else {
      pieces.add_borrowed(storage[i]);
    }
    all += storage[i];
  }
  return all;
}

// write_pieces from `*position` on into a socket pair (write_through_socket).
Received write_pieces_through_socket(const OutputPieces& pieces, uint64_t* position) {
  return write_through_socket(
      [&](int fd) { EXPECT_EQ(write_pieces(fd, pieces, position), WriteStatus::Ok); });
}

TEST(WritePieces, WritesEveryPieceInOrderInCallsOfAtMostTheCap) {
  std::mt19937 rng(7);
  std::vector<std::string> storage;
  OutputPieces pieces;
  // Pieces far larger than the cap, exactly at it, tiny ones by the thousand (more than
  // IOV_MAX), and owned copies between borrowed ones.
  const size_t sizes[] = {3 * kMaxWriteBytes + 17, kMaxWriteBytes, kMaxWriteBytes - 1, 1};
  for (size_t s : sizes) storage.emplace_back(s, static_cast<char>('a' + s % 26));
  for (int i = 0; i < IOV_MAX + 500; ++i) storage.push_back(std::to_string(rng()));
  for (std::string& piece : storage) {
    for (char& c : piece) c = static_cast<char>(c + (rng() % 3));
  }
  const std::string expected = add_pieces(storage, 7, 3, pieces);
  uint64_t position = 0;
  const Received got = write_pieces_through_socket(pieces, &position);
  EXPECT_EQ(got.bytes, expected);
  EXPECT_EQ(position, expected.size());
  size_t full = 0;
  for (size_t n : got.message_sizes) {
    EXPECT_LE(n, kMaxWriteBytes);
    full += n == kMaxWriteBytes;
  }
  // The large pieces go out in whole calls of the cap, not one call each.
  EXPECT_GE(full, 5u);
}

// The output's position decides where calls end: the first call only reaches the next
// multiple of the cap, and a second batch goes on from where the first left the position.
TEST(WritePieces, CallsEndOnMultiplesOfTheCapFromTheOutputPosition) {
  const std::string first(3 * kMaxWriteBytes + 5, 'a');
  const std::string second_head(10, 'b'), second_rest(kMaxWriteBytes - 10, 'c');
  OutputPieces one, two;
  one.add_borrowed(first);
  two.add_borrowed(second_head);
  two.add_owned(second_rest);
  uint64_t position = 1000;
  const Received got = write_through_socket([&](int fd) {
    EXPECT_EQ(write_pieces(fd, one, &position), WriteStatus::Ok);
    EXPECT_EQ(position, 1000 + first.size());
    EXPECT_EQ(write_pieces(fd, two, &position), WriteStatus::Ok);
  });
  EXPECT_TRUE(got.bytes == first + second_head + second_rest);  // (no 250 KB dump on failure)
  EXPECT_EQ(position, 1000 + first.size() + kMaxWriteBytes);
  EXPECT_EQ(got.message_sizes,
            (std::vector<size_t>{kMaxWriteBytes - 1000, kMaxWriteBytes, kMaxWriteBytes, 1005,
                                 kMaxWriteBytes - 1005, 1005}));
}

// Calls made of many small pieces (copied into one buffer first, kMostPiecesPassedAsIs) end on
// the same multiples as those passed to writev, owned and borrowed pieces alike, and a large
// piece after them goes on from where they left the position.
TEST(WritePieces, CallsOfManySmallPiecesEndOnMultiplesOfTheCapToo) {
  std::vector<std::string> storage;
  for (int i = 0; i < 10'000; ++i) storage.push_back(std::to_string(1'000'000 + i * 7919) + "|");
  storage.emplace_back(3 * kMaxWriteBytes, 'L');
  OutputPieces pieces;
  const std::string expected = add_pieces(storage, 3, 0, pieces);
  uint64_t position = 1000;
  const Received got = write_pieces_through_socket(pieces, &position);
  EXPECT_TRUE(got.bytes == expected);  // (no 260 KB dump on failure)
  EXPECT_EQ(position, 1000 + expected.size());
  uint64_t at = 1000;
  for (size_t k = 0; k < got.message_sizes.size(); ++k) {
    const size_t n = got.message_sizes[k];
    EXPECT_LE(n, kMaxWriteBytes - at % kMaxWriteBytes) << "call " << k;
    at += n;
    if (k + 1 < got.message_sizes.size()) {
      EXPECT_EQ(at % kMaxWriteBytes, 0u) << "call " << k;
    }
  }
  // ~85 KB of small pieces: the first call reaches 64 KiB, the second goes into the large piece,
  // which then goes out in calls of the cap from the next multiple.
  ASSERT_GE(got.message_sizes.size(), 2u);
  EXPECT_EQ(got.message_sizes[0], kMaxWriteBytes - 1000);
}

TEST(WritePosition, IsTheOffsetTheEndWhenAppendingAndZeroForAPipe) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  const int fd = ::fileno(file);
  const std::string bytes(5000, 'x');
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), 5000);
  ASSERT_EQ(::lseek(fd, 123, SEEK_SET), 123);
  EXPECT_EQ(write_position(fd), 123u);
  const int appending =
      ::open(("/proc/self/fd/" + std::to_string(fd)).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_GE(appending, 0);
  EXPECT_EQ(write_position(appending), 5000u);  // its offset is still 0: the end counts
  ::close(appending);
  std::fclose(file);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EXPECT_EQ(write_position(fds[1]), 0u);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(WriteAll, SplitsLargeBuffersIntoCallsOfAtMostTheCap) {
  std::string data(5 * kMaxWriteBytes / 2, 'x');
  for (size_t i = 0; i < data.size(); i += 97) data[i] = static_cast<char>('0' + i % 10);
  const Received got =
      write_through_socket([&](int fd) { EXPECT_EQ(write_all(fd, data), WriteStatus::Ok); });
  EXPECT_EQ(got.bytes, data);
  EXPECT_EQ(got.message_sizes,
            (std::vector<size_t>{kMaxWriteBytes, kMaxWriteBytes, kMaxWriteBytes / 2}));
}

TEST(WritePieces, ReportsABrokenPipe) {
  ::signal(SIGPIPE, SIG_IGN);  // as the CLI does
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  OutputPieces pieces;
  const std::string text = "some bytes\n";
  pieces.add_borrowed(text);
  uint64_t position = 0;
  EXPECT_EQ(write_pieces(fds[1], pieces, &position), WriteStatus::BrokenPipe);
  ::close(fds[1]);
}

}  // namespace
}  // namespace logscrub::cli
