// Engine mechanics, with small inline rule sets (independent of the built-in catalog).
#include "scrub/engine.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "test_util.h"

namespace logscrub {
namespace {

using testing::count_char;
using testing::find;
using testing::make_engine;
using testing::make_engine_from_yaml;
using testing::scrub;

const char* kDemoRules = R"(rules:
  - id: demo.password
    category: secret
    pattern: '(?i)password\s{0,3}[=:]\s{0,3}([^\s"'',;\[\]]{3,16})'
    extend: '^\s"'',;'
    validators: [not_placeholder]
    examples: ['password=hunter22']
    negative_examples: ['password=null']
  - id: demo.key
    category: secret
    pattern: '\b(DEMO[A-Z0-9]{12})\b'
    examples: ['k=DEMOABCDEF123456']
    negative_examples: ['DEMOabc']
  - id: demo.word
    category: pii
    pattern: 'secretword'
    examples: ['the secretword']
    negative_examples: ['secret word']
  - id: demo.pem
    category: secret
    pattern: '-----BEGIN (?:[A-Z]{1,10} ){0,2}PRIVATE KEY-----'
    end_pattern: '-----END (?:[A-Z]{1,10} ){0,2}PRIVATE KEY-----'
    examples: ['-----BEGIN PRIVATE KEY-----abc-----END PRIVATE KEY-----']
    negative_examples: ['-----BEGIN PUBLIC KEY-----']
)";

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { engine_ = make_engine_from_yaml(kDemoRules); }
  std::shared_ptr<const Engine> engine_;
};

TEST_F(EngineTest, RedactsOnlyTheCaptureGroup) {
  EXPECT_EQ(scrub(*engine_, "login password=hunter22 ok\n"),
            "login password=[REDACTED:demo.password] ok\n");
}

TEST_F(EngineTest, ExtendsPastTheBoundedRepeatSoNoTailLeaks) {
  std::string longpw(5000, 'q');
  longpw += "TAIL";
  std::string out = scrub(*engine_, "password=" + longpw + " next\n");
  EXPECT_EQ(out, "password=[REDACTED:demo.password] next\n");
}

TEST_F(EngineTest, ValidatorsRejectPlaceholders) {
  EXPECT_EQ(scrub(*engine_, "password=null\n"), "password=null\n");
}

TEST_F(EngineTest, BytesOutsideSpansAreUnchanged) {
  using namespace std::string_literals;
  std::string in = "a\0b\xff\xfe password: hunter22\r\nplain line\r\n\nlast"s;
  std::string out = scrub(*engine_, in);
  EXPECT_EQ(out, "a\0b\xff\xfe password: [REDACTED:demo.password]\r\nplain line\r\n\nlast"s);
}

TEST_F(EngineTest, LineCountPreservedInEveryShape) {
  for (std::string in : {std::string(""), std::string("\n"), std::string("\n\n\n"),
                         std::string("x"), std::string("password=abcdef\n"),
                         std::string("password=abcdef"), std::string("\r\n\r\npassword=abcdef\r"),
                         std::string("DEMOABCDEF123456\nDEMOABCDEF123456")}) {
    std::string out = scrub(*engine_, in);
    EXPECT_EQ(count_char(out, '\n'), count_char(in, '\n')) << in;
    EXPECT_EQ(out.empty(), in.empty());
  }
}

TEST_F(EngineTest, WordBoundariesSeeTheWholeBuffer) {
  EXPECT_EQ(scrub(*engine_, "xDEMOABCDEF123456\n"), "xDEMOABCDEF123456\n");
  EXPECT_EQ(scrub(*engine_, "x DEMOABCDEF123456\n"), "x [REDACTED:demo.key]\n");
}

TEST_F(EngineTest, OverlappingFindingsMergeIntoOneSpan) {
  // demo.word lies inside the password value: one marker, nothing of the value left.
  EXPECT_EQ(scrub(*engine_, "password=mysecretword1 end\n"),
            "password=[REDACTED:demo.password] end\n");
  auto findings = find(*engine_, "password=mysecretword1 end\n");
  ASSERT_EQ(findings.size(), 2u);  // find reports both, unmerged
}

TEST_F(EngineTest, AdjacentSecretsWithoutSeparatorAreBothRedacted) {
  EXPECT_EQ(scrub(*engine_, "secretwordsecretword\n"),
            "[REDACTED:demo.word][REDACTED:demo.word]\n");
}

TEST_F(EngineTest, ManyHitsOnOneLongLineAreAllRedacted) {
  std::string in;
  for (int i = 0; i < 20000; ++i) in += "secretword ";
  in += "\n";
  std::string out = scrub(*engine_, in);
  EXPECT_EQ(out.find("secretword"), std::string::npos);
  EXPECT_EQ(count_char(out, '\n'), 1u);
}

TEST_F(EngineTest, PemBlockOverManyLines) {
  std::string in =
      "before\n"
      "key: -----BEGIN RSA PRIVATE KEY-----\n"
      "MIIEowIBAAKCAQEA1234567890abcdefABCDEF+/\n"
      "Proc-Type: 4,ENCRYPTED\n"
      "\n"
      "Zm9vYmFyYmF6cXV4==\n"
      "-----END RSA PRIVATE KEY----- trailing\n"
      "after\n";
  std::string out = scrub(*engine_, in);
  EXPECT_EQ(out,
            "before\n"
            "key: [REDACTED:demo.pem]\n"
            "[REDACTED:demo.pem]\n"
            "[REDACTED:demo.pem]\n"
            "\n"
            "[REDACTED:demo.pem]\n"
            "[REDACTED:demo.pem] trailing\n"
            "after\n");
}

TEST_F(EngineTest, PemBlockEndsAtAFirstNonBodyLine) {
  std::string in = "-----BEGIN PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n2024-01-01 INFO normal line\n";
  EXPECT_EQ(scrub(*engine_, in),
            "[REDACTED:demo.pem]\n[REDACTED:demo.pem]\n2024-01-01 INFO normal line\n");
}

TEST_F(EngineTest, PemBlockCarriedAcrossCallsEqualsOneShot) {
  std::string in =
      "a\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBbase64base64\nAwEHoUQDQgAE==\n"
      "-----END EC PRIVATE KEY-----\nb\n";
  std::string one_shot = scrub(*engine_, in);
  // Every way of cutting the input at record boundaries gives the same output (G4).
  std::vector<size_t> cuts;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\n') cuts.push_back(i + 1);
  }
  for (size_t mask = 0; mask < (size_t{1} << cuts.size()); ++mask) {
    StreamState state;
    std::string out;
    size_t start = 0;
    for (size_t c = 0; c < cuts.size(); ++c) {
      if (mask & (size_t{1} << c)) {
        out +=
            scrub(*engine_, std::string_view(in).substr(start, cuts[c] - start), nullptr, &state);
        start = cuts[c];
      }
    }
    out += scrub(*engine_, std::string_view(in).substr(start), nullptr, &state);
    EXPECT_EQ(out, one_shot) << "cut mask " << mask;
  }
}

TEST_F(EngineTest, PemOnOneLineWithEscapedNewlines) {
  std::string in = R"({"k":"-----BEGIN PRIVATE KEY-----\nMIIE\nabc\n-----END PRIVATE KEY-----\n"})"
                   "\n";
  EXPECT_EQ(scrub(*engine_, in), R"({"k":"[REDACTED:demo.pem]\n"})"
                                 "\n");
}

TEST(EngineLimits, OversizedRecordsAreMaskedWholeAndCounted) {
  EngineOptions o;
  o.max_line_bytes = 16;
  auto engine = make_engine_from_yaml(kDemoRules, o);
  ScrubStats stats;
  std::string out = scrub(*engine, "short\nthis line is much longer than sixteen\r\nok\n", &stats);
  EXPECT_EQ(out, "short\n[REDACTED:oversized-record]\r\nok\n");
  EXPECT_EQ(stats.records_failed_closed, 1u);
}

TEST(EngineOptionsTest, UnknownNamesAreErrors) {
  for (auto apply :
       {+[](EngineOptions& o) { o.disabled_ids.push_back("no.such.rule"); },
        +[](EngineOptions& o) { o.enabled_ids.push_back("nope"); },
        +[](EngineOptions& o) { o.disabled_categories.push_back("secrets"); },
        +[](EngineOptions& o) { o.style_overrides.emplace_back("nope", Style::Mask); }}) {
    EngineOptions o;
    o.builtin_rules = false;
    o.rule_texts.push_back(kDemoRules);
    apply(o);
    Error err;
    EXPECT_FALSE(Engine::create(o, &err));
    EXPECT_EQ(err.code, ErrorCode::Unknown) << err.message;
  }
}

TEST(EngineOptionsTest, DisableByIdTagAndCategory) {
  EngineOptions o;
  o.disabled_categories.push_back("pii");
  o.disabled_ids.push_back("demo.key");
  auto engine = make_engine_from_yaml(kDemoRules, o);
  EXPECT_EQ(scrub(*engine, "secretword DEMOABCDEF123456 password=abcdef\n"),
            "secretword DEMOABCDEF123456 password=[REDACTED:demo.password]\n");
}

TEST(EngineOptionsTest, StylesPerRuleAndGlobal) {
  EngineOptions o;
  o.style_overrides.emplace_back("demo.key", Style::Mask);
  auto engine = make_engine_from_yaml(kDemoRules, o);
  EXPECT_EQ(scrub(*engine, "DEMOABCDEF123456 password=abcdef\n"),
            "[REDACTED] password=[REDACTED:demo.password]\n");
  EngineOptions same;
  same.style = Style::Mask;
  same.style_forced = true;
  same.mask_same_length = true;
  auto engine2 = make_engine_from_yaml(kDemoRules, same);
  EXPECT_EQ(scrub(*engine2, "password=abcdef\n"), "password=******\n");
}

TEST(EngineOptionsTest, HmacRefusesToRunWithoutAKey) {
  for (std::string key : {std::string(), std::string("short-key")}) {
    EngineOptions o;
    o.builtin_rules = false;
    o.rule_texts.push_back(kDemoRules);
    o.style = Style::Hmac;
    o.style_forced = true;
    o.hmac_key = key;
    Error err;
    EXPECT_FALSE(Engine::create(o, &err));
    EXPECT_EQ(err.code, ErrorCode::NoHmacKey);
  }
}

TEST(EngineOptionsTest, HmacMapsEqualSecretsToEqualTokens) {
  EngineOptions o;
  o.style = Style::Hmac;
  o.style_forced = true;
  o.hmac_key = "a-test-key-that-is-long-enough";
  auto engine = make_engine_from_yaml(kDemoRules, o);
  std::string out = scrub(*engine, "password=abcdef\npassword=abcdef\npassword=abcdeg\n");
  size_t l1 = out.find('\n');
  size_t l2 = out.find('\n', l1 + 1);
  EXPECT_EQ(out.substr(0, l1), out.substr(l1 + 1, l2 - l1 - 1));
  EXPECT_NE(out.substr(0, l1), out.substr(l2 + 1, out.size() - l2 - 2));
  EXPECT_EQ(out.find("abcdef"), std::string::npos);
}

TEST(EngineRules, UnboundedPatternIsRejectedNamingTheRule) {
  EngineOptions o;
  o.builtin_rules = false;
  o.rule_texts.push_back(
      "rules:\n  - id: bad.unbounded\n    category: secret\n    pattern: 'tok_[a-z]+'\n");
  Error err;
  EXPECT_FALSE(Engine::create(o, &err));
  EXPECT_EQ(err.code, ErrorCode::Compile);
  EXPECT_NE(err.message.find("bad.unbounded"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find("unbounded"), std::string::npos) << err.message;
}

// A glued rule's prefix must have one width (its start is its end less the width) and start with
// a word byte, so that "\b" before it means the byte before is not one (Rule::glued).
TEST(EngineRules, GluedRuleWithAPrefixItCannotCutAtIsRejectedNamingTheRule) {
  for (const auto& [prefilter_and_pattern, why] : std::vector<std::pair<std::string, std::string>>{
           {"    prefilter: '\\b(?:tk|tok)_'\n    pattern: '\\b(?:tk|tok)_[a-z]{20}\\b'\n",
            "one fixed width"},
           {"    prefilter: '\\b[-a]tok_'\n    pattern: '\\b[-a]tok_[a-z]{20}\\b'\n",
            "start with a word byte"},
       }) {
    EngineOptions o;
    o.builtin_rules = false;
    o.rule_texts.push_back("rules:\n  - id: bad.glued\n    category: secret\n" +
                           prefilter_and_pattern + "    prefilter_offset: 0\n    glued: true\n");
    Error err;
    EXPECT_FALSE(Engine::create(o, &err));
    EXPECT_EQ(err.code, ErrorCode::Compile);
    EXPECT_NE(err.message.find("bad.glued"), std::string::npos) << err.message;
    EXPECT_NE(err.message.find(why), std::string::npos) << err.message;
  }
}

// A user rule marked glued is found after a word byte; the same rule without the mark is not.
TEST(EngineRules, GluedUserRuleIsFoundAfterAWordByte) {
  for (bool glued : {true, false}) {
    EngineOptions o;
    o.builtin_rules = false;
    o.rule_texts.push_back(
        std::string("rules:\n  - id: demo.glued\n    category: secret\n"
                    "    pattern: '\\btok_[a-z0-9]{20}\\b'\n    prefilter: '\\btok_'\n"
                    "    prefilter_offset: 0\n") +
        (glued ? "    glued: true\n" : ""));
    auto engine = testing::make_engine(o);
    ASSERT_TRUE(engine);
    const std::string in = "id=abc123tok_0123456789abcdefghij end\n";
    EXPECT_EQ(scrub(*engine, in), glued ? "id=abc123[REDACTED:demo.glued] end\n" : in);
    // Where the prefix starts a word, both find it.
    EXPECT_EQ(scrub(*engine, "id=tok_0123456789abcdefghij\n"), "id=[REDACTED:demo.glued]\n");
  }
}

// A marker splits the word a finding began or ended inside: the head before it and the tail
// after it are words of their own to a second scrub, which finds tokens there that need a
// boundary (\b). The first scrub must find them already (G6), also along a chain of tokens
// each ending inside the next.
TEST(EngineRules, TokensAfterAFindingThatEndsInsideAWordAreFoundAsASecondScrubWouldFindThem) {
  std::string yaml = "rules:\n";
  for (const char* id : {"a", "b", "c", "g"}) {
    const std::string x(id);
    yaml += "  - id: demo." + x + "\n    category: secret\n" + "    pattern: '\\bqq" + x +
            "_[a-z]{8}'\n    prefilter: '\\bqq" + x + "_'\n    prefilter_offset: 0\n" +
            (x == "g" ? "    glued: true\n" : "");
  }
  auto engine = make_engine_from_yaml(yaml);
  ASSERT_TRUE(engine);
  const std::string in = "x qqa_abcdefghqqb_abcdefghqqc_abcdefghzz y\n";
  const std::string out = scrub(*engine, in);
  EXPECT_EQ(out, "x [REDACTED:demo.a][REDACTED:demo.b][REDACTED:demo.c]zz y\n");
  EXPECT_EQ(scrub(*engine, out), out);
  // A glued token found after a word byte, ending inside a word, leaves a tail too.
  const std::string glued = "x zzqqg_abcdefghqqb_abcdefgh y\n";
  EXPECT_EQ(scrub(*engine, glued), "x zz[REDACTED:demo.g][REDACTED:demo.b] y\n");
  // A tail that holds no token stays as it is.
  EXPECT_EQ(scrub(*engine, "qqa_abcdefghijk\n"), "[REDACTED:demo.a]ijk\n");
}

TEST(EngineRules, ATokenBeforeAFindingThatBeginsInsideAWordIsFoundAsASecondScrubWouldFindIt) {
  auto engine = make_engine_from_yaml(
      "rules:\n  - id: demo.inner\n    category: secret\n"
      "    pattern: 'qqd_[a-z]{8}'\n"
      "  - id: demo.word\n    category: secret\n"
      "    pattern: '\\b[a-z]{4}_tok\\b'\n    prefilter: '_tok'\n");
  ASSERT_TRUE(engine);
  const std::string in = "x abcd_tokqqd_abcdefgh y\n";
  const std::string out = scrub(*engine, in);
  EXPECT_EQ(out, "x [REDACTED:demo.word][REDACTED:demo.inner] y\n");
  EXPECT_EQ(scrub(*engine, out), out);
}

// Rule::next_pattern: every value of a command, each found where the one before it ends.
TEST(EngineRules, NextPatternFindsEveryValueOfACommand) {
  auto engine = make_engine_from_yaml(
      "rules:\n  - id: demo.setpw\n    category: secret\n"
      "    pattern: '\\bsetpw\\b[^\\r\\n;]{0,40}?\\s\\+(\\w{4,40})'\n"
      "    next_pattern: '[^\\r\\n;]{0,40}?\\s\\+(\\w{4,40})'\n"
      "    validators: [not_placeholder]\n");
  ASSERT_TRUE(engine);
  const std::string in = "setpw bob +Alpha1pw -x +changeme +Bravo2pw; +Charlie3pw\n";
  const std::string out = scrub(*engine, in);
  // The placeholder is not redacted and ends no chain; ';' ends the command.
  EXPECT_EQ(out,
            "setpw bob +[REDACTED:demo.setpw] -x +changeme +[REDACTED:demo.setpw]; +Charlie3pw\n");
  EXPECT_EQ(scrub(*engine, out), out);
  // A placeholder first value does not hide a real second one.
  EXPECT_EQ(scrub(*engine, "setpw +changeme +Delta4pw\n"),
            "setpw +changeme +[REDACTED:demo.setpw]\n");
  // The gap's bound holds for each step: a value too far from the one before is not taken.
  EXPECT_EQ(scrub(*engine, "setpw +Echo5pw" + std::string(60, '-') + " +Foxtrot6pw\n"),
            "setpw +[REDACTED:demo.setpw]" + std::string(60, '-') + " +Foxtrot6pw\n");
}

TEST(EngineRules, NextPatternWithoutTheRedactedGroupIsRejectedNamingTheRule) {
  EngineOptions o;
  o.builtin_rules = false;
  o.rule_texts.push_back(
      "rules:\n  - id: bad.next\n    category: secret\n"
      "    pattern: 'setpw \\+(\\w{4,40})'\n    next_pattern: ' \\+\\w{4,40}'\n");
  Error err;
  EXPECT_FALSE(Engine::create(o, &err));
  EXPECT_NE(err.message.find("bad.next"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find("next_pattern"), std::string::npos) << err.message;
}

TEST(EngineRules, BadRegexIsRejectedNamingTheRule) {
  EngineOptions o;
  o.builtin_rules = false;
  o.rule_texts.push_back("rules:\n  - id: bad.regex\n    category: secret\n    pattern: 'a(b'\n");
  Error err;
  EXPECT_FALSE(Engine::create(o, &err));
  EXPECT_EQ(err.code, ErrorCode::Compile);
  EXPECT_NE(err.message.find("bad.regex"), std::string::npos) << err.message;
}

TEST(EngineRules, UserRuleOverridesBuiltinWithTheSameId) {
  EngineOptions o;
  o.rule_texts.push_back(
      "rules:\n  - id: pii.email\n    category: pii\n    pattern: 'OVERRIDDEN'\n");
  auto engine = make_engine(o);
  ASSERT_TRUE(engine);
  EXPECT_EQ(scrub(*engine, "jane.doe@example.com OVERRIDDEN\n"),
            "jane.doe@example.com [REDACTED:pii.email]\n");
}

TEST(EngineScratch, ScratchOfAnotherEngineIsRejected) {
  auto a = make_engine_from_yaml(kDemoRules);
  auto b = make_engine_from_yaml(kDemoRules);
  Error err;
  auto scratch = Scratch::create(*a, &err);
  std::string out;
  err = b->scrub(*scratch, "password=abcdef\n", out);
  EXPECT_EQ(err.code, ErrorCode::BadScratch);
  EXPECT_TRUE(out.empty());
}

TEST(EngineScratch, BusyScratchIsRejectedAndMessageHasNoInput) {
  auto engine = make_engine_from_yaml(kDemoRules);
  Error err;
  auto scratch = Scratch::create(*engine, &err);
  scratch->busy().store(true);  // as if another thread were inside a call
  std::string out;
  err = engine->scrub(*scratch, "password=hunter22\n", out);
  EXPECT_EQ(err.code, ErrorCode::BadScratch);
  EXPECT_EQ(err.message.find("hunter22"), std::string::npos);
  EXPECT_TRUE(out.empty());
}

TEST(EngineThreads, SharedEngineWithScratchPerThread) {
  auto engine = make_engine_from_yaml(kDemoRules);
  std::string in;
  for (int i = 0; i < 200; ++i)
    in += "user " + std::to_string(i) + " password=pw" + std::to_string(i) + "xyz\n";
  std::string expected = scrub(*engine, in);
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Error err;
      auto scratch = Scratch::create(*engine, &err);
      for (int rep = 0; rep < 20; ++rep) {
        std::string out;
        if (engine->scrub(*scratch, in, out)) return;
        results[static_cast<size_t>(t)] = out;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);
}

}  // namespace
}  // namespace logscrub
