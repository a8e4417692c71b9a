// Adversarial suite, boundaries: secrets straddling every chunk offset of a stream (single
// cuts, pairs of cuts, 1-byte writes, 1-byte output buffers), records exactly at the configured
// line limit and one byte over it (with and without CRLF, with and without a final newline),
// end of input without a newline, and CRLF, lone CR and NUL right next to a secret.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adversarial_util.h"

namespace logscrub_adversarial {
namespace {

using namespace std::string_literals;

// Every shape of record the stream must frame: text, CRLF, JSON with escaped secrets and an
// escaped sensitive key, a multi-line PEM block (state carried across writes), lone CR and NUL,
// and a last record without '\n'.
std::string boundary_corpus() {
  return cat({"user=alice key=",
              kAwsKeyId,
              " region=eu-west-1\n",  //
              "GITHUB_TOKEN=",
              kGithubToken,
              "\r\n",  //
              "Authorization: Bearer ",
              kJwt,
              "\n",  //
              "stripe ",
              kStripeKey,
              " charged ",
              kCard,
              " for ",
              kEmail,
              "\n",                                                         //
              "connecting to postgres://app:S3cr3t-Pg@db:5432/orders\n",    //
              "{\"level\":\"info\",\"k\":\"AKIA\\u005A5B3Q2XJ7N4PLW6R\",",  //
              "\"pass\\u0077ord\":\"hunter2hunter2\"}\n",                   //
              pem_key("\n"),
              "\n",  //
              "a\rb ",
              kGithubServerToken,
              "\0tail\n"s,  //
              "last line without newline ",
              kAwsKeyId});
}

const std::vector<std::string_view> kCorpusSecrets = {kAwsKeyId,
                                                      kGithubToken,
                                                      kJwt,
                                                      kStripeKey,
                                                      kCard,
                                                      kEmail,
                                                      "S3cr3t-Pg",
                                                      "AKIA\\u005A5B3Q2XJ7N4PLW6R",
                                                      "hunter2hunter2",
                                                      kPemBody1,
                                                      kPemBody2,
                                                      kGithubServerToken};

void expect_no_corpus_secret(std::string_view out, const std::string& where) {
  for (std::string_view secret : kCorpusSecrets) {
    EXPECT_EQ(out.find(secret), std::string_view::npos) << secret << " leaked, " << where;
  }
}

TEST(AdversarialBoundaries, CorpusOneShotOutputLosesEverySecret) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = boundary_corpus();
  const std::string out = s.scrub(in);
  expect_no_corpus_secret(out, "one-shot");
  EXPECT_EQ(count_char(out, '\n'), count_char(in, '\n'));
  EXPECT_EQ(s.scrub(out), out);
}

TEST(AdversarialBoundaries, SecretStraddlingEveryChunkOffsetIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = boundary_corpus();
  const std::string want = s.scrub(in);
  for (size_t cut = 1; cut < in.size(); ++cut) {
    // Output buffers of 1..13 bytes, so output is also cut everywhere.
    const std::string got = s.stream(in, {cut}, 1 + cut % 13);
    ASSERT_EQ(got, want) << "cut at " << cut;
    expect_no_corpus_secret(got, "cut at " + std::to_string(cut));
  }
}

TEST(AdversarialBoundaries, EveryPairOfCutsThroughSecretsEqualsOneShot) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = cat({"k=", kAwsKeyId, " ", kGithubToken, "\n",
                              "{\"k\":\"AKIA\\u005A5B3Q2XJ7N4PLW6R\"}\n", pem_key("\n"), "\n"});
  const std::string want = s.scrub(in);
  ASSERT_EQ(want,
            "k=[REDACTED:aws.access_key_id] [REDACTED:github.token]\n"
            "{\"k\":\"[REDACTED:aws.access_key_id]\"}\n"
            "[REDACTED:crypto.private_key]\n[REDACTED:crypto.private_key]\n"
            "[REDACTED:crypto.private_key]\n[REDACTED:crypto.private_key]\n");
  for (size_t a = 1; a < in.size(); ++a) {
    for (size_t b = a + 1; b < in.size(); ++b) {
      ASSERT_EQ(s.stream(in, {a, b}, 64), want) << "cuts at " << a << " and " << b;
    }
  }
}

TEST(AdversarialBoundaries, OneByteWritesIntoAOneByteOutputBufferEqualOneShot) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = boundary_corpus();
  const std::string want = s.scrub(in);
  EXPECT_EQ(s.stream_bytewise(in, 1), want);
  EXPECT_EQ(s.stream_bytewise(in, 4096), want);
  EXPECT_EQ(s.stream(in, {}, 1), want);
}

// FLUSH writes every complete record but holds the unfinished one: the first half of a secret
// is never written out before the rest arrives.
TEST(AdversarialBoundaries, FlushNeverEmitsHalfASecret) {
  logscrub_engine* engine = nullptr;
  ASSERT_EQ(logscrub_engine_create(nullptr, &engine, nullptr, 0), LOGSCRUB_OK);
  logscrub_scratch* scratch = nullptr;
  logscrub_stream* stream = nullptr;
  ASSERT_EQ(logscrub_scratch_create(engine, &scratch), LOGSCRUB_OK);
  ASSERT_EQ(logscrub_stream_create(engine, &stream), LOGSCRUB_OK);
  std::vector<char> buf(4096);
  auto push = [&](std::string_view piece, logscrub_stream_op op) {
    logscrub_in_buffer ib{piece.data(), piece.size(), 0};
    logscrub_out_buffer ob{buf.data(), buf.size(), 0};
    size_t pending = 1;
    EXPECT_EQ(logscrub_stream_scrub(stream, scratch, &ob, &ib, op, &pending), LOGSCRUB_OK);
    EXPECT_EQ(ib.pos, piece.size());
    EXPECT_EQ(pending, 0u);
    return std::string(buf.data(), ob.pos);
  };
  EXPECT_EQ(push("first line\nkey=AKIAZ5B3", LOGSCRUB_FLUSH), "first line\n");
  EXPECT_EQ(push("Q2XJ7N4PL", LOGSCRUB_FLUSH), "");
  EXPECT_EQ(push("W6R more\ntail ghp_wP9sXPojGPgh9xOz", LOGSCRUB_FLUSH),
            "key=[REDACTED:aws.access_key_id] more\n");
  EXPECT_EQ(push("OYZvBqvbwf4WDu2i0brw", LOGSCRUB_FLUSH), "");
  EXPECT_EQ(push("", LOGSCRUB_END), "tail [REDACTED:github.token]");
  logscrub_stream_free(stream);
  logscrub_scratch_free(scratch);
  logscrub_engine_free(engine);
}

TEST(AdversarialBoundaries, EndOfInputWithoutNewlineStillRedactsTheLastRecord) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {cat({"a\nkey ", kAwsKeyId}), "a\nkey [REDACTED:aws.access_key_id]"},
      {std::string(kAwsKeyId), "[REDACTED:aws.access_key_id]"},
      {cat({"a\n", kGithubToken, "\r"}), "a\n[REDACTED:github.token]\r"},
      {cat({"{\"k\":\"AKIA\\u005A5B3Q2XJ7N4PLW6R\"}"}), "{\"k\":\"[REDACTED:aws.access_key_id]\"}"},
      {cat({"x\n", "password=hunter2hunter2"}), "x\npassword=[REDACTED:generic.password]"},
      // An unterminated PEM block at the end of input: its body is still redacted.
      {cat({"-----BEGIN RSA PRIVATE KEY-----\n", kPemBody1}),
       "[REDACTED:crypto.private_key]\n[REDACTED:crypto.private_key]"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(s.scrub(in), want) << excerpt(in);
    EXPECT_EQ(s.stream_bytewise(in), want) << excerpt(in);
  }
}

// A record of `content_len` bytes (without its terminator) holding an AWS key id.
std::string record_of(size_t content_len, std::string_view terminator) {
  std::string r = cat({"k ", kAwsKeyId, " "});
  r.resize(content_len, 'x');
  r += terminator;
  return r;
}

TEST(AdversarialBoundaries, RecordsAtTheLineLimitAreScannedAndOneByteOverAreMaskedWhole) {
  constexpr size_t kLimit = 64;
  Scrubber s({{LOGSCRUB_OPT_MAX_LINE_BYTES, static_cast<long long>(kLimit)}});
  ASSERT_TRUE(s.ok());
  const std::string scanned = "k [REDACTED:aws.access_key_id] " + std::string(kLimit - 23, 'x');
  const std::string masked = "[REDACTED:oversized-record]";
  struct Case {
    std::string in;
    std::string want;
    bool masked;
  };
  const std::vector<Case> cases = {
      {record_of(kLimit, "\n"), scanned + "\n", false},
      {record_of(kLimit + 1, "\n"), masked + "\n", true},
      // The limit excludes a trailing "\r\n" (and the '\r' before end of input).
      {record_of(kLimit, "\r\n"), scanned + "\r\n", false},
      {record_of(kLimit + 1, "\r\n"), masked + "\r\n", true},
      {record_of(kLimit, ""), scanned, false},
      {record_of(kLimit + 1, ""), masked, true},
      {record_of(kLimit, "\r"), scanned + "\r", false},
      {record_of(kLimit + 1, "\r"), masked + "\r", true},
      // A lone CR inside the record counts as content.
      {record_of(kLimit - 1, "\r") + "\n", scanned.substr(0, scanned.size() - 1) + "\r\n", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(excerpt(c.in));
    int status = 0;
    EXPECT_EQ(s.scrub(c.in, &status), c.want);
    EXPECT_EQ(status, c.masked ? LOGSCRUB_MASKED_RECORDS : LOGSCRUB_OK);
    size_t masked_count = 0;
    bool saw_status = false;
    EXPECT_EQ(s.stream(c.in, {}, 4096, &masked_count, &saw_status), c.want);
    EXPECT_EQ(masked_count, c.masked ? 1u : 0u);
    EXPECT_EQ(saw_status, c.masked);
  }
  // All of them in one input, cut at every offset (G4), every secret gone either way.
  std::string all;
  std::string want;
  size_t want_masked = 0;
  for (const Case& c : cases) {
    if (c.in.back() != '\n') continue;  // only terminated records inside
    all += c.in;
    want += c.want;
    want_masked += c.masked;
  }
  all += record_of(kLimit + 1, "");
  want += masked;
  ++want_masked;
  EXPECT_EQ(s.scrub(all), want);
  EXPECT_EQ(want.find(kAwsKeyId), std::string::npos);
  for (size_t cut = 1; cut < all.size(); ++cut) {
    size_t masked_count = 0;
    ASSERT_EQ(s.stream(all, {cut}, 1 + cut % 7, &masked_count), want) << "cut at " << cut;
    EXPECT_EQ(masked_count, want_masked);
  }
  EXPECT_EQ(s.stream_bytewise(all, 3), want);
}

TEST(AdversarialBoundaries, SecretEndingExactlyAtTheLineLimitIsRedacted) {
  constexpr size_t kLimit = 64;
  Scrubber s({{LOGSCRUB_OPT_MAX_LINE_BYTES, static_cast<long long>(kLimit)}});
  ASSERT_TRUE(s.ok());
  std::string line(kLimit - kGithubToken.size() - 1, 'x');
  line += ' ';
  line += kGithubToken;
  ASSERT_EQ(line.size(), kLimit);
  const std::string want =
      line.substr(0, line.size() - kGithubToken.size()) + "[REDACTED:github.token]";
  for (std::string_view term : {"\n", "\r\n", ""}) {
    const std::string in = line + std::string(term);
    EXPECT_EQ(s.scrub(in), want + std::string(term));
    EXPECT_EQ(s.stream_bytewise(in), want + std::string(term));
  }
}

TEST(AdversarialBoundaries, CrlfLoneCrAndNulNextToASecretKeepTheirBytes) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string aws = "[REDACTED:aws.access_key_id]";
  const std::string gh = "[REDACTED:github.token]";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {cat({"k=", kAwsKeyId, "\r\n"}), "k=" + aws + "\r\n"},
      {cat({kAwsKeyId, "\r", kGithubToken, "\r\n"}), aws + "\r" + gh + "\r\n"},
      {cat({"a\rb ", kAwsKeyId, "\n"}), "a\rb " + aws + "\n"},
      {cat({"\r", kAwsKeyId, "\r"}), "\r" + aws + "\r"},
      {cat({"\0"s, kAwsKeyId, "\0"s, kGithubToken, "\0\n"s}), "\0"s + aws + "\0"s + gh + "\0\n"s},
      {cat({"x\0y "s, kAwsKeyId, "\n"}), "x\0y "s + aws + "\n"},
      {"password=hunter2hunter2\r\n", "password=[REDACTED:generic.password]\r\n"},
      {"password=hunter2hunter2\rnext", "password=[REDACTED:generic.password]\rnext"},
      {cat({"\r\n\r\n", kAwsKeyId, "\r\n\r\n"}), "\r\n\r\n" + aws + "\r\n\r\n"},
      // A PEM block with CRLF line ends: every body line goes, every '\r' stays.
      {pem_key("\r\n") + "\r\n",
       "[REDACTED:crypto.private_key]\r\n[REDACTED:crypto.private_key]\r\n"
       "[REDACTED:crypto.private_key]\r\n[REDACTED:crypto.private_key]\r\n"},
  };
  for (const auto& [in, want] : cases) {
    const std::string out = s.scrub(in);
    EXPECT_EQ(out, want) << excerpt(in);
    EXPECT_EQ(s.stream_bytewise(in), want) << excerpt(in);
    expect_scrubbed(s, in, out, {kAwsKeyId, kGithubToken, "hunter2hunter2", kPemBody1});
  }
}

// A NUL or CR inside a password value ends it, as whitespace does; the part before it is gone.
TEST(AdversarialBoundaries, NulOrCrInsideAPasswordValueDoesNotLeakItsStart) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (std::string sep : {"\0"s, "\r"s}) {
    const std::string in = "password=hunter2hunter2" + sep + "rest\n";
    const std::string out = s.scrub(in);
    EXPECT_EQ(out.find("hunter2"), std::string::npos) << excerpt(out);
    EXPECT_EQ(count_char(out, '\n'), 1u);
  }
}

}  // namespace
}  // namespace logscrub_adversarial
