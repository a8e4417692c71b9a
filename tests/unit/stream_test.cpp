// Streaming scrub (C API logscrub_stream_*, scrub/stream.h): G4 split invariance against the
// one-shot scrub, secrets cut across writes, tiny output buffers, oversized records, bounded
// output held per stream, errors and reuse.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "logscrub/logscrub.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const char kPem[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
    "-----END RSA PRIVATE KEY-----\n";

// Inputs that exercise every path: golden files, JSON, PEM, CRLF, NUL, no final newline.
std::vector<std::string> corpus() {
  std::vector<std::string> inputs;
  const std::string dir = std::string(LOGSCRUB_TEST_DATA_DIR) + "/golden/";
  for (const char* name : {"basic.in", "crlf.in", "invalid_utf8.in", "json_lines.in",
                           "no_trailing_newline.in", "nul_byte.in", "pem_block.in", "scan.in"}) {
    inputs.push_back(read_file(dir + name));
    EXPECT_FALSE(inputs.back().empty()) << name;
  }
  inputs.push_back(std::string("start\n") + kPem + "between\r\n" + kPem + "tail without newline " +
                   "AKIAZ5B3Q2XJ7N4PLW6R");
  inputs.push_back(
      "{\"level\":\"INFO\",\"password\":\"hunter2hunter2\",\"k\":\"AKIA\\u005A5B3Q2XJ7N4PLW6R\"}\n"
      "2026-11-22T10:00:00Z\tc0ffee\tINFO\t{\"token\":\"abc\"}\n");
  return inputs;
}

class Stream : public ::testing::Test {
 protected:
  void SetUp() override { make(nullptr); }
  void TearDown() override { release(); }

  void make(logscrub_options* options) {
    release();
    char err[512];
    ASSERT_EQ(logscrub_engine_create(options, &engine_, err, sizeof err), LOGSCRUB_OK) << err;
    ASSERT_EQ(logscrub_scratch_create(engine_, &scratch_), LOGSCRUB_OK);
    ASSERT_EQ(logscrub_stream_create(engine_, &stream_), LOGSCRUB_OK);
  }
  void release() {
    logscrub_stream_free(stream_);
    logscrub_scratch_free(scratch_);
    logscrub_engine_free(engine_);
    stream_ = nullptr;
    scratch_ = nullptr;
    engine_ = nullptr;
  }

  std::string one_shot(const std::string& in) {
    std::string out(logscrub_scrub_bound(engine_, in.size()) + 1, '\0');
    size_t len = 0;
    int rc = logscrub_scrub(engine_, scratch_, in.data(), in.size(), out.data(), out.size(), &len);
    EXPECT_GE(rc, 0) << logscrub_status_name(rc);
    out.resize(len);
    return out;
  }

  // Pushes `in` cut at `cuts`, collecting output through a buffer of `out_cap` bytes.
  std::string streamed(const std::string& in, const std::vector<size_t>& cuts, size_t out_cap,
                       size_t* max_pending = nullptr) {
    std::string result;
    std::vector<char> buf(out_cap);
    auto call = [&](const char* p, size_t n, logscrub_stream_op op) {
      logscrub_in_buffer ib{p, n, 0};
      for (;;) {
        logscrub_out_buffer ob{buf.data(), buf.size(), 0};
        size_t pending = 0;
        int rc = logscrub_stream_scrub(stream_, scratch_, &ob, &ib, op, &pending);
        EXPECT_GE(rc, 0) << logscrub_status_name(rc);
        if (rc < 0) return;
        if (max_pending) *max_pending = std::max(*max_pending, pending);
        result.append(buf.data(), ob.pos);
        if (ib.pos == ib.size && pending == 0) return;
        EXPECT_TRUE(ob.pos == ob.size) << "returned with room left and work to do";
      }
    };
    size_t pos = 0;
    for (size_t c : cuts) {
      call(in.data() + pos, c - pos, LOGSCRUB_CONTINUE);
      pos = c;
    }
    call(in.data() + pos, in.size() - pos, LOGSCRUB_CONTINUE);
    call(nullptr, 0, LOGSCRUB_END);
    return result;
  }

  logscrub_engine* engine_ = nullptr;
  logscrub_scratch* scratch_ = nullptr;
  logscrub_stream* stream_ = nullptr;
};

TEST_F(Stream, OneByteWritesEqualOneShot) {
  for (const std::string& in : corpus()) {
    std::vector<size_t> cuts;
    for (size_t i = 1; i < in.size(); ++i) cuts.push_back(i);
    EXPECT_EQ(streamed(in, cuts, 4096), one_shot(in)) << in.substr(0, 60);
  }
}

TEST_F(Stream, RandomChunkingsAndOutputSizesEqualOneShot) {
  std::mt19937 rng(2026);
  std::string all;
  for (const std::string& in : corpus()) all += in + "\n";
  const std::string want = one_shot(all);
  for (int iter = 0; iter < 200; ++iter) {
    std::vector<size_t> cuts;
    for (size_t pos = rng() % 50; pos < all.size(); pos += 1 + rng() % 300) cuts.push_back(pos);
    const size_t out_cap = 1 + rng() % 97;
    ASSERT_EQ(streamed(all, cuts, out_cap), want) << "iteration " << iter;
  }
}

TEST_F(Stream, SecretCutAtEveryOffsetIsRedacted) {
  const std::string secret = "AKIAZ5B3Q2XJ7N4PLW6R";
  const std::string in = "user=alice key=" + secret + " region=eu-west-1\n";
  const std::string want = one_shot(in);
  ASSERT_EQ(want.find(secret), std::string::npos);
  for (size_t cut = 1; cut < in.size(); ++cut) {
    const std::string got = streamed(in, {cut}, 1 << 16);
    EXPECT_EQ(got, want) << "cut at " << cut;
    EXPECT_EQ(got.find("AKIA"), std::string::npos) << "cut at " << cut;
  }
}

TEST_F(Stream, CompleteRecordsComeOutWithoutEnd) {
  // A record is written as soon as its '\n' arrives; the unfinished one waits.
  const std::string in = "password=Sup3rS3cretValue!\nhalf a li";
  std::vector<char> buf(1024);
  logscrub_in_buffer ib{in.data(), in.size(), 0};
  logscrub_out_buffer ob{buf.data(), buf.size(), 0};
  size_t pending = 1;
  ASSERT_EQ(logscrub_stream_scrub(stream_, scratch_, &ob, &ib, LOGSCRUB_FLUSH, &pending),
            LOGSCRUB_OK);
  EXPECT_EQ(ib.pos, in.size());
  EXPECT_EQ(pending, 0u);
  const std::string got(buf.data(), ob.pos);
  EXPECT_EQ(got, one_shot("password=Sup3rS3cretValue!\n"));
  EXPECT_EQ(got.find("Sup3r"), std::string::npos);
  logscrub_in_buffer empty{nullptr, 0, 0};
  ob.pos = 0;
  ASSERT_EQ(logscrub_stream_scrub(stream_, scratch_, &ob, &empty, LOGSCRUB_END, &pending),
            LOGSCRUB_OK);
  EXPECT_EQ(std::string(buf.data(), ob.pos), "half a li");
}

TEST_F(Stream, StreamIsReusableAfterEnd) {
  const std::string a =
      std::string("x\n") + "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1Lf\n";
  const std::string b = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\nplain\n";
  EXPECT_EQ(streamed(a, {}, 256), one_shot(a));
  // After END the open block does not continue into the next input.
  EXPECT_EQ(streamed(b, {}, 256), one_shot(b));
}

TEST_F(Stream, OversizedRecordsAreMaskedLikeOneShot) {
  logscrub_options* o = logscrub_options_create();
  ASSERT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_MAX_LINE_BYTES, 16), LOGSCRUB_OK);
  make(o);
  logscrub_options_free(o);
  const std::vector<std::string> inputs = {
      "short\nthis line is far too long for sixteen bytes AKIAZ5B3Q2XJ7N4PLW6R\nok\n",
      "exactly sixteen!\nexactly sixteen!\r\nseventeen bytes!!\r\nseventeen bytes!!\n",
      "tail that is too long and unterminated",
      "tail too long and unterminated with cr\r",
      std::string("-----BEGIN RSA PRIVATE KEY-----\n") + std::string(40, 'A') + "\nQUJD\n",
      "0123456789abcdef\r"};
  for (const std::string& in : inputs) {
    const std::string want = one_shot(in);
    std::vector<size_t> every;
    for (size_t i = 1; i < in.size(); ++i) every.push_back(i);
    EXPECT_EQ(streamed(in, every, 7), want) << in;
    EXPECT_EQ(streamed(in, {}, 1 << 12), want) << in;
    EXPECT_EQ(want.find("AKIA"), std::string::npos);
  }
  // The counter and the status tell the caller that records were masked whole.
  logscrub_stream_reset(stream_);
  const size_t before = logscrub_stream_masked_records(stream_);
  const std::string in = "a record longer than sixteen bytes\n";
  std::vector<char> buf(256);
  logscrub_in_buffer ib{in.data(), in.size(), 0};
  logscrub_out_buffer ob{buf.data(), buf.size(), 0};
  EXPECT_EQ(logscrub_stream_scrub(stream_, scratch_, &ob, &ib, LOGSCRUB_END, nullptr),
            LOGSCRUB_MASKED_RECORDS);
  EXPECT_EQ(std::string(buf.data(), ob.pos), "[REDACTED:oversized-record]\n");
  EXPECT_EQ(logscrub_stream_masked_records(stream_), before + 1);
}

TEST_F(Stream, OutputHeldPerStreamIsBounded) {
  // 8 MiB pushed in one call into a 4 KiB output buffer: the stream takes input in slices and
  // never holds more than the output of one slice.
  std::string in;
  while (in.size() < (8u << 20)) in += "GET /index.html 200 user=bob token=ghp_not_a_token\n";
  size_t max_pending = 0;
  const std::string got = streamed(in, {}, 4096, &max_pending);
  EXPECT_EQ(got, one_shot(in));
  EXPECT_LE(max_pending, size_t{512} << 10);  // the output of one 256 KiB slice, not 8 MiB
}

TEST_F(Stream, MisuseIsAnError) {
  char c = 0;
  logscrub_in_buffer ib{"x", 1, 0};
  logscrub_out_buffer ob{&c, 1, 0};
  EXPECT_EQ(logscrub_stream_create(nullptr, nullptr), LOGSCRUB_E_INVALID_ARGUMENT);
  logscrub_stream* s = reinterpret_cast<logscrub_stream*>(&c);
  EXPECT_EQ(logscrub_stream_create(nullptr, &s), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(s, nullptr);
  EXPECT_EQ(logscrub_stream_scrub(nullptr, scratch_, &ob, &ib, LOGSCRUB_CONTINUE, nullptr),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_stream_scrub(stream_, scratch_, nullptr, &ib, LOGSCRUB_CONTINUE, nullptr),
            LOGSCRUB_E_INVALID_ARGUMENT);
  logscrub_in_buffer bad_pos{"x", 1, 2};
  EXPECT_EQ(logscrub_stream_scrub(stream_, scratch_, &ob, &bad_pos, LOGSCRUB_CONTINUE, nullptr),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_stream_scrub(stream_, scratch_, &ob, &ib, static_cast<logscrub_stream_op>(3),
                                  nullptr),
            LOGSCRUB_E_INVALID_ARGUMENT);
  // A scratch of another engine.
  logscrub_engine* other = nullptr;
  logscrub_scratch* other_scratch = nullptr;
  ASSERT_EQ(logscrub_engine_create(nullptr, &other, nullptr, 0), LOGSCRUB_OK);
  ASSERT_EQ(logscrub_scratch_create(other, &other_scratch), LOGSCRUB_OK);
  EXPECT_EQ(logscrub_stream_scrub(stream_, other_scratch, &ob, &ib, LOGSCRUB_CONTINUE, nullptr),
            LOGSCRUB_E_BAD_SCRATCH);
  EXPECT_EQ(ib.pos, 0u);
  logscrub_scratch_free(other_scratch);
  logscrub_engine_free(other);
  EXPECT_EQ(logscrub_stream_reset(nullptr), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_stream_masked_records(nullptr), 0u);
}

}  // namespace
