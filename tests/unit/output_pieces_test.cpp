// Output as pieces (OutputPieces, Engine::scrub_pieces, StreamScrubber::write into pieces): the
// CLI writes them with writev, so unchanged input bytes are never copied. The pieces must
// spell exactly the bytes the string output holds, for every chunking, and refer to the input
// only where the input is still alive.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "scrub/engine.h"
#include "scrub/stream.h"
#include "test_util.h"

namespace logscrub {
namespace {

using testing::make_engine;

std::string joined(const OutputPieces& pieces) {
  std::string s;
  pieces.for_each([&](std::string_view v) { s.append(v); });
  return s;
}

size_t count(const OutputPieces& pieces) {
  size_t n = 0;
  pieces.for_each([&](std::string_view) { ++n; });
  return n;
}

TEST(OutputPieces, ContiguousViewsAndOwnedBytesMerge) {
  const std::string input = "abcdefghij";
  OutputPieces p;
  p.add_borrowed(std::string_view(input).substr(0, 3));
  p.add_borrowed(std::string_view(input).substr(3, 2));  // follows the first view: merged
  p.add_owned("[X]");
  p.add_owned("!");  // owned after owned: merged
  p.add_borrowed(std::string_view(input).substr(7, 3));
  p.add_borrowed({});  // empty pieces add nothing
  p.add_owned({});
  EXPECT_EQ(joined(p), "abcde[X]!hij");
  EXPECT_EQ(p.size(), 12u);
  EXPECT_EQ(count(p), 3u);
  std::vector<const char*> starts;
  p.for_each([&](std::string_view v) { starts.push_back(v.data()); });
  EXPECT_EQ(starts[0], input.data());  // a view, not a copy
  EXPECT_EQ(starts[2], input.data() + 7);
}

TEST(OutputPieces, TruncateCutsAcrossPieces) {
  const std::string input = "0123456789";
  for (size_t keep = 0; keep <= 12; ++keep) {
    OutputPieces p;
    p.add_borrowed(std::string_view(input).substr(0, 4));
    p.add_owned("abcd");
    p.add_borrowed(std::string_view(input).substr(6, 4));
    const std::string all = joined(p);
    p.truncate(keep);
    EXPECT_EQ(joined(p), all.substr(0, keep)) << keep;
    EXPECT_EQ(p.size(), keep);
    p.add_owned("Z");  // owned storage stays consistent after a cut
    EXPECT_EQ(joined(p), all.substr(0, keep) + "Z") << keep;
  }
  OutputPieces p;
  p.add_owned("abc");
  p.clear();
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(count(p), 0u);
}

class Pieces : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions o;
    o.max_line_bytes = 64;  // some records below are over the limit
    engine_ = make_engine(o);
    ASSERT_TRUE(engine_);
    Error err;
    scratch_ = Scratch::create(*engine_, &err);
    ASSERT_TRUE(scratch_) << err.message;
  }

  std::string one_shot(std::string_view in) {
    std::string out;
    EXPECT_FALSE(engine_->scrub(*scratch_, in, out));
    return out;
  }

  // Streams `in` cut at `cuts` into pieces; each write's pieces are read while its input
  // chunk is alive (a copy that is then overwritten, as the CLI's read buffer is).
  std::string streamed(const std::string& in, const std::vector<size_t>& cuts) {
    StreamScrubber stream(*engine_);
    std::string result;
    OutputPieces pieces;
    std::string chunk;
    size_t pos = 0;
    auto push = [&](size_t end) {
      chunk.assign(in, pos, end - pos);
      pieces.clear();
      EXPECT_FALSE(stream.write(*scratch_, chunk, pieces));
      result += joined(pieces);
      chunk.assign(chunk.size(), '#');  // the next read overwrites the buffer
      pos = end;
    };
    for (size_t c : cuts) push(c);
    push(in.size());
    pieces.clear();
    EXPECT_FALSE(stream.finish(*scratch_, pieces));
    result += joined(pieces);
    return result;
  }

  std::shared_ptr<const Engine> engine_;
  std::unique_ptr<Scratch> scratch_;
};

const char kInput[] =
    "GET /health 200\n"
    "key=AKIAZ5B3Q2XJ7N4PLW6R user=alice@example.com\r\n"
    "a line that is longer than sixty-four bytes, with AKIAZ5B3Q2XJ7N4PLW6R inside it\n"
    "{\"password\":\"hunter2hunter2\",\"msg\":\"ok\"}\n"
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    "-----END RSA PRIVATE KEY-----\n"
    "tail token=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";  // no final newline

TEST_F(Pieces, OneShotPiecesEqualStringOutputAndReferToTheInput) {
  const std::string in = kInput;
  OutputPieces pieces;
  ScrubStats stats;
  ASSERT_FALSE(engine_->scrub_pieces(*scratch_, in, pieces, &stats));
  EXPECT_EQ(joined(pieces), one_shot(in));
  EXPECT_GT(stats.findings, 0u);
  EXPECT_EQ(stats.records_failed_closed, 1u);
  // The first piece is the clean first line (and what follows up to the key), not a copy.
  std::vector<const char*> starts;
  pieces.for_each([&](std::string_view v) { starts.push_back(v.data()); });
  EXPECT_EQ(starts.front(), in.data());

  const std::string clean = "nothing to see\nhere either\n";
  pieces.clear();
  ASSERT_FALSE(engine_->scrub_pieces(*scratch_, clean, pieces));
  EXPECT_EQ(count(pieces), 1u);
  pieces.for_each([&](std::string_view v) {
    EXPECT_EQ(v.data(), clean.data());
    EXPECT_EQ(v.size(), clean.size());
  });
}

TEST_F(Pieces, StreamedPiecesEqualOneShotForEveryChunking) {
  const std::string in = kInput;
  const std::string want = one_shot(in);
  std::vector<size_t> every;
  for (size_t i = 1; i < in.size(); ++i) every.push_back(i);
  EXPECT_EQ(streamed(in, every), want);
  EXPECT_EQ(streamed(in, {}), want);
  std::mt19937 rng(7);
  for (int iter = 0; iter < 300; ++iter) {
    std::vector<size_t> cuts;
    for (size_t pos = rng() % 20; pos < in.size(); pos += 1 + rng() % 90) cuts.push_back(pos);
    ASSERT_EQ(streamed(in, cuts), want) << "iteration " << iter;
  }
}

}  // namespace
}  // namespace logscrub
