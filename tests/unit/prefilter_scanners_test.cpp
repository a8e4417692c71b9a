// Built-in prefilter scanners report exactly the matches of the prefilter regex they stand
// for (checked against RE2 on random and edge-case text), and the rule loader holds rules to
// that pairing.
#include "detect/prefilter_scanners.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace logscrub {
namespace {

// Every end offset of a match of `pattern` (which can only start at an '@').
std::vector<size_t> reference_ends(const std::string& text, std::string_view pattern) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  RE2 re(std::string(pattern), o);
  EXPECT_TRUE(re.ok());
  std::vector<size_t> ends;
  for (size_t p = 0; p < text.size(); ++p) {
    re2::StringPiece m;
    if (text[p] == '@' && re.Match(text, p, text.size(), RE2::ANCHOR_START, &m, 1))
      ends.push_back(p + m.size());
  }
  return ends;
}

TEST(PrefilterScanners, AtDomainEqualsItsRegexOnEdgeCases) {
  const std::string label63(63, 'a'), label64(64, 'a');
  for (const std::string& text :
       {std::string("jane@example.com"), std::string("@a.b"), std::string("@a."),
        std::string("@.b"), std::string("a@b@c.d"), std::string("@" + label63 + ".x"),
        std::string("@" + label64 + ".x"), std::string("user@localhost:9000"), std::string("x@-.-"),
        std::string("@@@a.1@"), std::string(""), std::string("mail a@b.c and d@e-f.g\n@h.i")}) {
    std::vector<size_t> got;
    scan_at_domain(text, got);
    EXPECT_EQ(got, reference_ends(text, prefilter_scanner_pattern(PrefilterScanner::AtDomain)))
        << text;
  }
}

TEST(PrefilterScanners, AtDomainEqualsItsRegexOnRandomText) {
  std::mt19937 rng(99);
  const std::string alphabet = "@@..--aZ09_ :/\n\xe9";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    const size_t len = rng() % 120;
    for (size_t i = 0; i < len; ++i) {
      text += (rng() % 4 == 0) ? static_cast<char>('a' + rng() % 26)
                               : alphabet[rng() % alphabet.size()];
    }
    std::vector<size_t> got;
    scan_at_domain(text, got);
    ASSERT_EQ(got, reference_ends(text, prefilter_scanner_pattern(PrefilterScanner::AtDomain)))
        << "iteration " << iter;
  }
}

TEST(PrefilterScanners, LoaderChecksTheScannerAgainstThePrefilter) {
  EngineOptions options;
  options.builtin_rules = false;
  options.rule_texts.push_back(R"(rules:
  - id: test.mail
    category: pii
    pattern: '[a-z]{1,20}@[a-z]{1,20}\.[a-z]{2,6}'
    prefilter: '@[a-z]'
    prefilter_scanner: at_domain
)");
  Error err;
  EXPECT_FALSE(Engine::create(options, &err));
  EXPECT_NE(err.message.find("stands for the prefilter"), std::string::npos) << err.message;
  options.rule_texts[0] = R"(rules:
  - id: test.mail
    category: pii
    pattern: '[a-z]{1,20}@[a-z]{1,20}\.[a-z]{2,6}'
    prefilter: '@[A-Za-z0-9-]{1,63}\.[A-Za-z0-9]'
    prefilter_scanner: no_such_scanner
)";
  EXPECT_FALSE(Engine::create(options, &err));
  EXPECT_NE(err.message.find("unknown prefilter_scanner"), std::string::npos) << err.message;
  // The pairing that is right gives a working rule.
  options.rule_texts[0] = R"(rules:
  - id: test.mail
    category: pii
    pattern: '[a-z]{1,20}@[a-z]{1,20}\.[a-z]{2,6}'
    prefilter: '@[A-Za-z0-9-]{1,63}\.[A-Za-z0-9]'
    prefilter_scanner: at_domain
)";
  auto engine = Engine::create(options, &err);
  ASSERT_TRUE(engine) << err.message;
  EXPECT_EQ(testing::scrub(*engine, "to jane@example.com now\nno at here\n"),
            "to [REDACTED:test.mail] now\nno at here\n");
}

}  // namespace
}  // namespace logscrub
