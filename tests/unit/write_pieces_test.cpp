// write_pieces and write_all (src/cli/line_reader.h): every byte in order, none twice, and no
// single write(2) larger than kMaxWriteBytes, whatever the pieces look like. A SOCK_SEQPACKET
// socket keeps each call's bytes as one message, so the reader sees the size of every call.
#include <gtest/gtest.h>
#include <limits.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

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

TEST(WritePieces, WritesEveryPieceInOrderInCallsOfAtMostTheCap) {
  std::mt19937 rng(7);
  std::vector<std::string> storage;
  OutputPieces pieces;
  std::string expected;
  // Pieces far larger than the cap, exactly at it, tiny ones by the thousand (more than
  // IOV_MAX), and owned copies between borrowed ones.
  const size_t sizes[] = {3 * kMaxWriteBytes + 17, kMaxWriteBytes, kMaxWriteBytes - 1, 1};
  for (size_t s : sizes) storage.emplace_back(s, static_cast<char>('a' + s % 26));
  for (int i = 0; i < IOV_MAX + 500; ++i) storage.push_back(std::to_string(rng()));
  for (size_t i = 0; i < storage.size(); ++i) {
    for (char& c : storage[i]) c = static_cast<char>(c + (rng() % 3));
    if (i % 7 == 3) {
      pieces.add_owned(storage[i]);
    } else {
      pieces.add_borrowed(storage[i]);
    }
    expected += storage[i];
  }
  const Received got =
      write_through_socket([&](int fd) { EXPECT_EQ(write_pieces(fd, pieces), WriteStatus::Ok); });
  EXPECT_EQ(got.bytes, expected);
  size_t full = 0;
  for (size_t n : got.message_sizes) {
    EXPECT_LE(n, kMaxWriteBytes);
    full += n == kMaxWriteBytes;
  }
  // The large pieces go out in whole calls of the cap, not one call each.
  EXPECT_GE(full, 5u);
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
  EXPECT_EQ(write_pieces(fds[1], pieces), WriteStatus::BrokenPipe);
  ::close(fds[1]);
}

}  // namespace
}  // namespace logscrub::cli
