// OutputReservation (src/cli/output_reservation.h): where it reserves (a regular file on ext4
// that this process extends), what stays reserved while the output grows and after finish(),
// and that no byte written by anyone is lost. The files live in a directory made under the
// test's working directory (the build tree); on a file system other than ext4 the reservation
// must stay inactive, and the byte checks hold either way.
#include "cli/output_reservation.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace logscrub::cli {
namespace {

class OutputReservationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "output_reservation_XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    dir_ = std::filesystem::absolute(name);
    struct statfs fs {};
    ASSERT_EQ(::statfs(dir_.c_str(), &fs), 0);
    on_ext_ = fs.f_type == 0xEF53;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int open_file(const char* name, int flags) {
    const int fd = ::open((dir_ / name).c_str(), flags | O_CLOEXEC, 0644);
    EXPECT_GE(fd, 0);
    return fd;
  }
  static uint64_t allocated(int fd) {
    struct stat st {};
    EXPECT_EQ(::fstat(fd, &st), 0);
    return static_cast<uint64_t>(st.st_blocks) * 512;
  }
  static uint64_t size_of(int fd) {
    struct stat st {};
    EXPECT_EQ(::fstat(fd, &st), 0);
    return static_cast<uint64_t>(st.st_size);
  }
  // Writes `total` bytes in 64 KiB calls, announcing each to `r`; returns what was written.
  static std::string write_output(int fd, OutputReservation& r, uint64_t* position, size_t total) {
    std::string all;
    for (size_t done = 0; done < total;) {
      const std::string chunk(std::min<size_t>(65536, total - done),
                              static_cast<char>('a' + done % 23));
      r.before_write(*position, chunk.size());
      EXPECT_EQ(::write(fd, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
      *position += chunk.size();
      done += chunk.size();
      all += chunk;
    }
    return all;
  }
  static std::string contents(int fd) {
    std::string s(size_of(fd), '\0');
    EXPECT_EQ(::pread(fd, s.data(), s.size(), 0), static_cast<ssize_t>(s.size()));
    return s;
  }

  std::filesystem::path dir_;
  bool on_ext_ = false;
};

TEST_F(OutputReservationTest, ReservesAheadWhileWritingAndGivesTheRestBackAtTheEnd) {
  const int fd = open_file("new.out", O_RDWR | O_CREAT | O_TRUNC);
  OutputReservation r(fd, 0);
  EXPECT_EQ(r.active(), on_ext_);
  uint64_t position = 0;
  const std::string written = write_output(fd, r, &position, 5 * 1000 * 1000 + 17);
  if (r.active()) {
    // The blocks past the end are allocated (not visible in the size).
    EXPECT_GE(r.reserved_end(), position + 1);
    EXPECT_GE(allocated(fd), r.reserved_end() & ~uint64_t{4095});
    EXPECT_EQ(size_of(fd), position);
  }
  r.finish(position);
  EXPECT_FALSE(r.active());
  EXPECT_EQ(size_of(fd), position);
  EXPECT_LE(allocated(fd), position + 65536);  // the file's own blocks (and its extent tree)
  EXPECT_EQ(contents(fd), written);
  ::close(fd);
}

TEST_F(OutputReservationTest, AnOutputAfterOtherBytesAtTheEndIsReservedToo) {
  const int fd = open_file("header.out", O_RDWR | O_CREAT | O_TRUNC);
  ASSERT_EQ(::write(fd, "header\n", 7), 7);
  OutputReservation r(fd, 7);
  EXPECT_EQ(r.active(), on_ext_);
  uint64_t position = 7;
  const std::string written = write_output(fd, r, &position, 300000);
  r.finish(position);
  EXPECT_EQ(contents(fd), "header\n" + written);
  EXPECT_LE(allocated(fd), position + 65536);
  ::close(fd);
}

TEST_F(OutputReservationTest, FinishLeavesBytesOthersWrotePastTheOutputsEnd) {
  const int fd = open_file("shared.out", O_RDWR | O_CREAT | O_TRUNC);
  OutputReservation r(fd, 0);
  uint64_t position = 0;
  const std::string written = write_output(fd, r, &position, 200000);
  // Another writer extends the file past this output's end before it finishes.
  const int other = open_file("shared.out", O_WRONLY);
  ASSERT_EQ(::pwrite(other, "theirs\n", 7, static_cast<off_t>(position)), 7);
  ::close(other);
  r.finish(position);
  EXPECT_EQ(contents(fd), written + "theirs\n");
  ::close(fd);
}

TEST_F(OutputReservationTest, IsInactiveForAppendsPipesAndOffsetsBeforeTheEnd) {
  const int append = open_file("append.out", O_WRONLY | O_CREAT | O_APPEND);
  EXPECT_FALSE(OutputReservation(append, 0).active());
  ::close(append);

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  EXPECT_FALSE(OutputReservation(pipe_fds[1], 0).active());
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);

  // Writing over a file's bytes (offset 0 of a 7-byte file): not this process's to extend.
  const int fd = open_file("inside.out", O_RDWR | O_CREAT | O_TRUNC);
  ASSERT_EQ(::write(fd, "header\n", 7), 7);
  ASSERT_EQ(::lseek(fd, 0, SEEK_SET), 0);
  OutputReservation r(fd, 0);
  EXPECT_FALSE(r.active());
  uint64_t position = 0;
  write_output(fd, r, &position, 100);
  r.finish(position);
  EXPECT_EQ(size_of(fd), 100u);
  ::close(fd);
}

}  // namespace
}  // namespace logscrub::cli
