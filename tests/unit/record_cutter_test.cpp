// RecordCutter (src/cli/record_cutter.h): jobs of complete records read straight from an fd.
// Whatever the reads return, the jobs put together are the input, except that records over
// the limit may be their marker line already (the engine masks the others the same way);
// every job but the input's last ends with '\n'; no job holds much more than a full job and
// one record of the limit, however long the input's lines.
#include "cli/record_cutter.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "scrub/render.h"

namespace logscrub::cli {
namespace {

// The input as the engine masks it: records longer than `max` bytes (before the '\n') become
// the marker, keeping a final '\r' and the '\n'. The marker line maps to itself, so a job's
// records give the input's when the cutter put some markers in already.
std::string expected_jobs(const std::string& input, size_t max, size_t* oversized) {
  std::string out;
  *oversized = 0;
  for (size_t pos = 0; pos < input.size();) {
    const size_t nl = input.find('\n', pos);
    const bool terminated = nl != std::string::npos;
    const size_t end = terminated ? nl : input.size();
    if (end - pos > max) {
      ++*oversized;
      out += kOversizedMarker;
      if (input[end - 1] == '\r') out += '\r';
    } else {
      out.append(input, pos, end - pos);
    }
    if (terminated) out += '\n';
    pos = end + 1;
  }
  return out;
}

// Lines of mixed lengths around `max` (some far over it), some ending in "\r\n", with NULs,
// and sometimes no final '\n'.
std::string random_input(std::mt19937& rng, size_t max, size_t lines) {
  std::string s;
  for (size_t i = 0; i < lines; ++i) {
    size_t len = 0;
    switch (rng() % 5) {
      case 0: len = rng() % 4; break;
      case 1: len = rng() % (max + 3); break;
      case 2: len = max + rng() % 3; break;  // at and just over the limit
      case 3: len = max * (2 + rng() % 4); break;
      default: len = rng() % 80; break;
    }
    for (size_t k = 0; k < len; ++k)
      s += static_cast<char>(rng() % 7 == 0 ? '\0' : 'a' + rng() % 26);
    if (rng() % 4 == 0) s += '\r';
    s += '\n';
  }
  if (rng() % 2 == 0 && !s.empty()) s.pop_back();
  return s;
}

struct Cut {
  std::vector<std::string> jobs;
  size_t oversized = 0;
  size_t bytes_read = 0;
  std::string error;
};

Cut cut_all(int fd, size_t max, bool fill) {
  RecordCutter cutter(fd, max, fill);
  ByteBuffer job;
  Cut cut;
  while (cutter.next(job)) cut.jobs.emplace_back(job.view());
  EXPECT_TRUE(job.empty()) << "a job ends empty";
  cut.oversized = cutter.oversized_records();
  cut.bytes_read = cutter.bytes_read();
  cut.error = cutter.error();
  return cut;
}

// Writes `input` into a pipe in random pieces from another thread; cuts what it reads.
Cut cut_through_pipe(const std::string& input, size_t max, std::mt19937& rng) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const unsigned seed = static_cast<unsigned>(rng());
  std::thread writer([&input, fd = fds[1], seed] {
    std::mt19937 r(seed);
    for (size_t pos = 0; pos < input.size();) {
      const size_t n = std::min<size_t>(input.size() - pos, 1 + r() % 70000);
      const ssize_t w = ::write(fd, input.data() + pos, n);
      if (w <= 0) break;
      pos += static_cast<size_t>(w);
    }
    ::close(fd);
  });
  Cut cut = cut_all(fds[0], max, false);
  writer.join();
  ::close(fds[0]);
  return cut;
}

void expect_well_cut(const Cut& cut, const std::string& input, size_t max) {
  size_t oversized = 0;
  const std::string want = expected_jobs(input, max, &oversized);
  std::string got;
  size_t markers = 0;
  for (size_t i = 0; i < cut.jobs.size(); ++i) {
    ASSERT_FALSE(cut.jobs[i].empty()) << "job " << i;
    if (i + 1 < cut.jobs.size()) {
      ASSERT_EQ(cut.jobs[i].back(), '\n') << "job " << i;
    }
    ASSERT_LE(cut.jobs[i].size(), RecordCutter::kJobBytes + 2 * RecordCutter::kMinRead + max + 64)
        << "job " << i;
    got += cut.jobs[i];
  }
  for (size_t at = got.find(kOversizedMarker); at != std::string::npos;
       at = got.find(kOversizedMarker, at + 1))
    ++markers;
  size_t ignored = 0;
  const std::string masked = expected_jobs(got, max, &ignored);
  // Compared by hand, not by ASSERT_EQ: a diff of megabytes helps no one.
  ASSERT_EQ(masked.size(), want.size());
  ASSERT_TRUE(masked == want) << "first difference at byte "
                              << std::mismatch(masked.begin(), masked.end(), want.begin()).first -
                                     masked.begin();
  EXPECT_EQ(cut.oversized, markers);  // every marker is one the cutter put in
  EXPECT_LE(cut.oversized, oversized);
  EXPECT_EQ(cut.bytes_read, input.size());
  EXPECT_EQ(cut.error, "");
}

TEST(RecordCutter, PipeInRandomPiecesGivesTheFramedRecords) {
  std::mt19937 rng(7);
  for (size_t max : {size_t{1}, size_t{10}, size_t{300}, size_t{70000}, size_t{200000}}) {
    for (int round = 0; round < 6; ++round) {
      const std::string input = random_input(rng, max, max > 1000 ? 12 : 400);
      SCOPED_TRACE("max " + std::to_string(max) + " round " + std::to_string(round));
      expect_well_cut(cut_through_pipe(input, max, rng), input, max);
    }
  }
}

class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/record_cutter_test.XXXXXX";
    fd_ = ::mkstemp(name);
    path_ = name;
    EXPECT_EQ(::write(fd_, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::lseek(fd_, 0, SEEK_SET);
  }
  ~TempFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string path_;
};

TEST(RecordCutter, RegularFileJobsAreFullAndBounded) {
  std::mt19937 rng(11);
  for (size_t max : {size_t{100}, size_t{100000}, size_t{300000}}) {
    const std::string input = random_input(rng, max, max > 1000 ? 24 : 30000);
    TempFile file(input);
    const Cut cut = cut_all(file.fd(), max, true);
    SCOPED_TRACE("max " + std::to_string(max));
    expect_well_cut(cut, input, max);
    ASSERT_GE(cut.jobs.size(), 2u);
    for (size_t i = 0; i + 1 < cut.jobs.size(); ++i) {
      // Full up to the unfinished record carried on (at most the limit).
      if (max < RecordCutter::kJobBytes) {
        EXPECT_GE(cut.jobs[i].size(), RecordCutter::kJobBytes - max - 1) << "job " << i;
      }
    }
  }
}

TEST(RecordCutter, EmptyInputGivesNoJob) {
  TempFile file("");
  const Cut cut = cut_all(file.fd(), 100, true);
  EXPECT_TRUE(cut.jobs.empty());
  EXPECT_EQ(cut.error, "");
}

TEST(RecordCutter, UnterminatedOversizedLastRecordIsAMarkerWithoutNewline) {
  TempFile file("ok\n" + std::string(500, 'x') + "\r");
  const Cut cut = cut_all(file.fd(), 100, true);
  ASSERT_EQ(cut.jobs.size(), 1u);
  EXPECT_EQ(cut.jobs[0], "ok\n" + std::string(kOversizedMarker) + "\r");
  EXPECT_EQ(cut.oversized, 1u);
}

TEST(RecordCutter, PipeJobEndsWithTheReadThatCompletesARecord) {
  // The rest of the input follows only once the first line came out (or after 10 s, and
  // then the test fails): a cutter that waits for a full job would hold it back.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::atomic<bool> first_out{false};
  std::atomic<bool> gave_up{false};
  std::thread writer([&] {
    EXPECT_EQ(::write(fds[1], "first line\nsecond", 17), 17);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!first_out.load() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    gave_up.store(!first_out.load());
    EXPECT_EQ(::write(fds[1], " line\n", 6), 6);
    ::close(fds[1]);
  });
  RecordCutter cutter(fds[0], 1000, false);
  ByteBuffer job;
  ASSERT_TRUE(cutter.next(job));
  first_out.store(true);
  EXPECT_EQ(job.view(), "first line\n");
  ASSERT_TRUE(cutter.next(job));
  EXPECT_EQ(job.view(), "second line\n");
  EXPECT_FALSE(cutter.next(job));
  writer.join();
  ::close(fds[0]);
  EXPECT_FALSE(gave_up.load()) << "the first line waited for the rest of the input";
}

TEST(RecordCutter, ReadErrorIsReportedAndNoJobIsMade) {
  const int dir = ::open("/", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dir, 0);
  const Cut cut = cut_all(dir, 100, true);
  ::close(dir);
  EXPECT_TRUE(cut.jobs.empty());
  EXPECT_NE(cut.error.find("cannot read"), std::string::npos) << cut.error;
}

}  // namespace
}  // namespace logscrub::cli
