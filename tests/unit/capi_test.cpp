// C API argument checks, one per misuse (after Hyperscan's arg_checks), and contracts.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "logscrub/logscrub.h"

namespace {

const char kLine[] = "deploy with AWS_ACCESS_KEY_ID=AKIAZ5B3Q2XJ7N4PLW6R done\n";

class CApi : public ::testing::Test {
 protected:
  void SetUp() override {
    char err[512];
    ASSERT_EQ(logscrub_engine_create(nullptr, &engine_, err, sizeof err), LOGSCRUB_OK) << err;
    ASSERT_EQ(logscrub_scratch_create(engine_, &scratch_), LOGSCRUB_OK);
  }
  void TearDown() override {
    logscrub_scratch_free(scratch_);
    logscrub_engine_free(engine_);
  }
  logscrub_engine* engine_ = nullptr;
  logscrub_scratch* scratch_ = nullptr;
};

TEST(CApiVersion, MacrosMatchRuntime) {
  EXPECT_EQ(logscrub_version_number(), static_cast<unsigned>(LOGSCRUB_VERSION_NUMBER));
  std::string expected = std::to_string(LOGSCRUB_VERSION_MAJOR) + "." +
                         std::to_string(LOGSCRUB_VERSION_MINOR) + "." +
                         std::to_string(LOGSCRUB_VERSION_PATCH);
  EXPECT_EQ(std::string(logscrub_version_string()), expected);
}

TEST(CApiStatus, CodesAreStableAndNamed) {
  EXPECT_EQ(LOGSCRUB_OK, 0);
  EXPECT_EQ(LOGSCRUB_MASKED_RECORDS, 1);
  EXPECT_EQ(LOGSCRUB_E_INVALID_ARGUMENT, -1);
  EXPECT_EQ(LOGSCRUB_E_NO_MEMORY, -2);
  EXPECT_EQ(LOGSCRUB_E_RULE_FILE, -3);
  EXPECT_EQ(LOGSCRUB_E_COMPILE, -4);
  EXPECT_EQ(LOGSCRUB_E_NO_HMAC_KEY, -5);
  EXPECT_EQ(LOGSCRUB_E_BAD_SCRATCH, -6);
  EXPECT_EQ(LOGSCRUB_E_DST_TOO_SMALL, -7);
  EXPECT_EQ(LOGSCRUB_E_INTERNAL, -8);
  EXPECT_EQ(LOGSCRUB_E_UNKNOWN, -9);
  for (int s = -9; s <= 1; ++s) {
    std::string name = logscrub_status_name(s);
    EXPECT_EQ(name.rfind("LOGSCRUB_", 0), 0u) << s;
  }
  EXPECT_STREQ(logscrub_status_name(-1000), "unknown status");
}

TEST(CApiArgs, FreeAcceptsNull) {
  logscrub_options_free(nullptr);
  logscrub_engine_free(nullptr);
  logscrub_scratch_free(nullptr);
}

TEST(CApiArgs, OptionsRejectBadKeysAndValues) {
  logscrub_options* o = logscrub_options_create();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(logscrub_options_set_int(nullptr, LOGSCRUB_OPT_STYLE, 0), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_int(o, 9999, 0), LOGSCRUB_E_UNKNOWN);
  EXPECT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_STYLE, 42), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_CARD_KEEP_FIRST, 8),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_CARD_KEEP_LAST, 5),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_MAX_LINE_BYTES, 0),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_BUILTIN_RULES, 2),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_str(o, 9999, "x", 1), LOGSCRUB_E_UNKNOWN);
  EXPECT_EQ(logscrub_options_set_str(o, LOGSCRUB_OPT_DISABLE, nullptr, 3),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_str(nullptr, LOGSCRUB_OPT_DISABLE, "x", 1),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_str(o, LOGSCRUB_OPT_STYLE_FOR, "pii", 3),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_str(o, LOGSCRUB_OPT_STYLE_FOR, "pii=loud", 8),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_options_set_str(o, LOGSCRUB_OPT_STYLE_FOR, "pii=mask", 8), LOGSCRUB_OK);
  logscrub_options_free(o);
}

TEST(CApiArgs, EngineCreateErrors) {
  char err[256] = "unchanged";
  EXPECT_EQ(logscrub_engine_create(nullptr, nullptr, err, sizeof err), LOGSCRUB_E_INVALID_ARGUMENT);
  logscrub_options* o = logscrub_options_create();
  logscrub_options_set_str(o, LOGSCRUB_OPT_DISABLE, "no.such.rule", 12);
  logscrub_engine* e = reinterpret_cast<logscrub_engine*>(0x1);
  EXPECT_EQ(logscrub_engine_create(o, &e, err, sizeof err), LOGSCRUB_E_UNKNOWN);
  EXPECT_EQ(e, nullptr);
  EXPECT_NE(std::strstr(err, "no.such.rule"), nullptr) << err;
  logscrub_options_free(o);

  o = logscrub_options_create();
  logscrub_options_set_int(o, LOGSCRUB_OPT_STYLE, LOGSCRUB_STYLE_HMAC);
  EXPECT_EQ(logscrub_engine_create(o, &e, err, sizeof err), LOGSCRUB_E_NO_HMAC_KEY);
  // A tiny error buffer is truncated, still NUL-terminated.
  char tiny[4];
  EXPECT_EQ(logscrub_engine_create(o, &e, tiny, sizeof tiny), LOGSCRUB_E_NO_HMAC_KEY);
  EXPECT_EQ(std::strlen(tiny), 3u);
  logscrub_options_free(o);

  o = logscrub_options_create();
  logscrub_options_set_str(o, LOGSCRUB_OPT_RULE_TEXT, "rules: [", 8);
  EXPECT_EQ(logscrub_engine_create(o, &e, nullptr, 0), LOGSCRUB_E_RULE_FILE);
  logscrub_options_free(o);

  o = logscrub_options_create();
  const char* unbounded = "rules:\n  - id: u.b\n    category: secret\n    pattern: 'a+'\n";
  logscrub_options_set_str(o, LOGSCRUB_OPT_RULE_TEXT, unbounded, std::strlen(unbounded));
  EXPECT_EQ(logscrub_engine_create(o, &e, err, sizeof err), LOGSCRUB_E_COMPILE);
  EXPECT_NE(std::strstr(err, "u.b"), nullptr) << err;
  logscrub_options_free(o);
}

TEST_F(CApi, ScratchArgs) {
  logscrub_scratch* s = nullptr;
  EXPECT_EQ(logscrub_scratch_create(nullptr, &s), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_scratch_create(engine_, nullptr), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_scratch_clone(nullptr, &s), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_scratch_clone(scratch_, nullptr), LOGSCRUB_E_INVALID_ARGUMENT);
  ASSERT_EQ(logscrub_scratch_clone(scratch_, &s), LOGSCRUB_OK);
  char out[512];
  size_t n = 0;
  EXPECT_EQ(logscrub_scrub(engine_, s, kLine, sizeof kLine - 1, out, sizeof out, &n), LOGSCRUB_OK);
  logscrub_scratch_free(s);
}

TEST_F(CApi, ScrubRedactsAndKeepsTheRest) {
  char out[512];
  size_t n = 0;
  ASSERT_EQ(logscrub_scrub(engine_, scratch_, kLine, sizeof kLine - 1, out, sizeof out, &n),
            LOGSCRUB_OK);
  EXPECT_EQ(std::string(out, n),
            "deploy with AWS_ACCESS_KEY_ID=[REDACTED:aws.access_key_id] done\n");
}

TEST_F(CApi, ScrubArgs) {
  char out[512];
  size_t n = 99;
  EXPECT_EQ(logscrub_scrub(nullptr, scratch_, kLine, 5, out, sizeof out, &n),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(logscrub_scrub(engine_, nullptr, kLine, 5, out, sizeof out, &n),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_scrub(engine_, scratch_, nullptr, 5, out, sizeof out, &n),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_scrub(engine_, scratch_, kLine, 5, nullptr, 10, &n),
            LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_scrub(engine_, scratch_, kLine, 5, out, sizeof out, nullptr),
            LOGSCRUB_E_INVALID_ARGUMENT);
  // Zero-length input: NULL allowed, nothing written.
  n = 99;
  EXPECT_EQ(logscrub_scrub(engine_, scratch_, nullptr, 0, nullptr, 0, &n), LOGSCRUB_OK);
  EXPECT_EQ(n, 0u);
}

TEST_F(CApi, TooSmallOutputReportsNeededSizeAndLeavesNoPartialOutput) {
  std::vector<char> out(10, '#');
  size_t n = 0;
  ASSERT_EQ(logscrub_scrub(engine_, scratch_, kLine, sizeof kLine - 1, out.data(), out.size(), &n),
            LOGSCRUB_E_DST_TOO_SMALL);
  EXPECT_GT(n, out.size());
  // No partial output: every byte is as it was or zeroed.
  for (char c : out) EXPECT_TRUE(c == '#' || c == '\0') << static_cast<int>(c);
  std::vector<char> big(n);
  size_t m = 0;
  EXPECT_EQ(logscrub_scrub(engine_, scratch_, kLine, sizeof kLine - 1, big.data(), big.size(), &m),
            LOGSCRUB_OK);
  EXPECT_EQ(m, n);
  EXPECT_LE(n, logscrub_scrub_bound(engine_, sizeof kLine - 1));
}

TEST_F(CApi, BoundIsEnoughForDenseSecrets) {
  std::string in;
  for (int i = 0; i < 100; ++i) in += "AKIAZ5B3Q2XJ7N4PLW6R ";
  std::vector<char> out(logscrub_scrub_bound(engine_, in.size()));
  size_t n = 0;
  EXPECT_EQ(logscrub_scrub(engine_, scratch_, in.data(), in.size(), out.data(), out.size(), &n),
            LOGSCRUB_OK);
  EXPECT_EQ(std::string(out.data(), n).find("AKIA"), std::string::npos);
}

TEST(CApiLimits, OversizedRecordIsMaskedAndReported) {
  logscrub_options* o = logscrub_options_create();
  ASSERT_EQ(logscrub_options_set_int(o, LOGSCRUB_OPT_MAX_LINE_BYTES, 20), LOGSCRUB_OK);
  logscrub_engine* e = nullptr;
  ASSERT_EQ(logscrub_engine_create(o, &e, nullptr, 0), LOGSCRUB_OK);
  logscrub_options_free(o);
  logscrub_scratch* s = nullptr;
  ASSERT_EQ(logscrub_scratch_create(e, &s), LOGSCRUB_OK);
  std::string in = "ok\nthis record is longer than twenty bytes password=hunter22\nok\n";
  char out[512];
  size_t n = 0;
  EXPECT_EQ(logscrub_scrub(e, s, in.data(), in.size(), out, sizeof out, &n),
            LOGSCRUB_MASKED_RECORDS);
  EXPECT_EQ(std::string(out, n), "ok\n[REDACTED:oversized-record]\nok\n");
  logscrub_scratch_free(s);
  logscrub_engine_free(e);
}

struct Collected {
  std::vector<std::string> rules;
  std::vector<std::pair<size_t, size_t>> offsets;
  int stop_after = -1;
};

int collect(const logscrub_finding* f, void* user) {
  auto* c = static_cast<Collected*>(user);
  c->rules.emplace_back(f->rule_id);
  c->offsets.emplace_back(f->begin, f->end);
  EXPECT_TRUE(std::strcmp(f->category, "secret") == 0 || std::strcmp(f->category, "pii") == 0);
  return c->stop_after >= 0 && static_cast<int>(c->rules.size()) >= c->stop_after;
}

TEST_F(CApi, FindReportsRuleAndOffsetsOnly) {
  std::string in = std::string(kLine) + "mail jane.doe@example.com\n";
  Collected c;
  ASSERT_EQ(logscrub_find(engine_, scratch_, in.data(), in.size(), collect, &c), LOGSCRUB_OK);
  ASSERT_EQ(c.rules.size(), 2u);
  EXPECT_EQ(c.rules[0], "aws.access_key_id");
  EXPECT_EQ(in.substr(c.offsets[0].first, c.offsets[0].second - c.offsets[0].first),
            "AKIAZ5B3Q2XJ7N4PLW6R");
  EXPECT_EQ(c.rules[1], "pii.email");
  Collected first_only;
  first_only.stop_after = 1;
  ASSERT_EQ(logscrub_find(engine_, scratch_, in.data(), in.size(), collect, &first_only),
            LOGSCRUB_OK);
  EXPECT_EQ(first_only.rules.size(), 1u);
}

TEST_F(CApi, FindArgs) {
  Collected c;
  EXPECT_EQ(logscrub_find(nullptr, scratch_, kLine, 3, collect, &c), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_find(engine_, nullptr, kLine, 3, collect, &c), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_find(engine_, scratch_, nullptr, 3, collect, &c), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_find(engine_, scratch_, kLine, 3, nullptr, &c), LOGSCRUB_E_INVALID_ARGUMENT);
  EXPECT_EQ(logscrub_find(engine_, scratch_, nullptr, 0, collect, &c), LOGSCRUB_OK);
  EXPECT_TRUE(c.rules.empty());
}

struct Reentry {
  logscrub_engine* engine;
  logscrub_scratch* scratch;
  int status = 0;
};

int reenter(const logscrub_finding*, void* user) {
  auto* r = static_cast<Reentry*>(user);
  char out[256];
  size_t n = 0;
  r->status = logscrub_scrub(r->engine, r->scratch, "x", 1, out, sizeof out, &n);
  return 1;
}

TEST_F(CApi, CallbackReusingTheScratchIsRejected) {
  Reentry r{engine_, scratch_};
  ASSERT_EQ(logscrub_find(engine_, scratch_, kLine, sizeof kLine - 1, reenter, &r), LOGSCRUB_OK);
  EXPECT_EQ(r.status, LOGSCRUB_E_BAD_SCRATCH);
}

TEST_F(CApi, ScratchOfAnotherEngineIsRejected) {
  logscrub_engine* other = nullptr;
  ASSERT_EQ(logscrub_engine_create(nullptr, &other, nullptr, 0), LOGSCRUB_OK);
  char out[256];
  size_t n = 0;
  EXPECT_EQ(logscrub_scrub(other, scratch_, kLine, sizeof kLine - 1, out, sizeof out, &n),
            LOGSCRUB_E_BAD_SCRATCH);
  logscrub_engine_free(other);
}

TEST_F(CApi, RuleIntrospection) {
  size_t n = logscrub_engine_rule_count(engine_);
  EXPECT_GE(n, 15u);
  EXPECT_NE(logscrub_engine_rule_id(engine_, 0), nullptr);
  EXPECT_EQ(logscrub_engine_rule_id(engine_, n), nullptr);
  EXPECT_EQ(logscrub_engine_rule_id(nullptr, 0), nullptr);
  EXPECT_EQ(logscrub_engine_rule_count(nullptr), 0u);
}

TEST_F(CApi, SharedEngineAcrossThreads) {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      logscrub_scratch* s = nullptr;
      if (logscrub_scratch_clone(scratch_, &s) != LOGSCRUB_OK) return;
      char out[512];
      int good = 0;
      for (int i = 0; i < 200; ++i) {
        size_t n = 0;
        if (logscrub_scrub(engine_, s, kLine, sizeof kLine - 1, out, sizeof out, &n) ==
                LOGSCRUB_OK &&
            std::string(out, n).find("AKIA") == std::string::npos)
          ++good;
      }
      ok[static_cast<size_t>(t)] = good;
      logscrub_scratch_free(s);
    });
  }
  for (auto& th : threads) th.join();
  for (int g : ok) EXPECT_EQ(g, 200);
}

}  // namespace
