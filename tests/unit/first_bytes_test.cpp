// first_bytes: the set read off a pattern holds the first byte of every match RE2 finds, on
// every built-in rule's examples (and mutated copies); shapes it cannot read give no set.
#include "detect/first_bytes.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "detect/matcher.h"
#include "rules/rule_loader.h"
#include "test_util.h"

namespace logscrub {
namespace {

std::string members(const FirstByteSet& s) {
  std::string out;
  for (int b = 0; b < 256; ++b)
    if (s[static_cast<size_t>(b)]) out += static_cast<char>(b);
  return out;
}

TEST(FirstBytes, ReadsLiteralsClassesGroupsAndFlags) {
  EXPECT_EQ(members(*first_bytes("(?i)authorization: bearer")), "Aa");
  EXPECT_EQ(members(*first_bytes(R"(\bghp_[A-Za-z0-9]{36})")), "g");
  EXPECT_EQ(members(*first_bytes("(?:sk|rk)_live_")), "rs");
  EXPECT_EQ(members(*first_bytes("x?y+z")), "xy");  // an optional item lets the next start
  EXPECT_EQ(members(*first_bytes("[0-2]{0,3}\\d")), "0123456789");
  EXPECT_EQ(members(*first_bytes("(?i:ab)|C")), "ACa");
  EXPECT_EQ(members(*first_bytes("a(?i)b")), "a");  // flags after the first item
  EXPECT_EQ(members(*first_bytes("(?i)[a-c_]x")), "ABC_abc");
  EXPECT_EQ(first_bytes("[^a]")->at('a'), false);
  EXPECT_EQ(first_bytes("(?i)[^a]")->at('A'), true);  // complemented before folding: superset
  EXPECT_EQ(members(*first_bytes(R"(\-\.x)")), "-");
}

TEST(FirstBytes, GivesNoSetForWhatItDoesNotRead) {
  for (const char* p :
       {"", "a?", "(?:a|)", ".x", "\\x41", "[[:alpha:]]", "\\pL", "(?i)\xe9", "a{0}", "(ab", "*a"})
    EXPECT_FALSE(first_bytes(p).has_value()) << p;
}

TEST(FirstBytes, HoldsTheFirstByteOfEveryBuiltinMatch) {
  std::vector<Rule> rules;
  ASSERT_FALSE(load_builtin_rules(rules));
  const RE2::Options o = rule_re2_options();
  std::mt19937 rng(9);
  const std::string noise = "=:@/.\"' \\-_aAzZ09";
  size_t with_set = 0, regex_rules = 0, matches = 0;
  for (const Rule& rule : rules) {
    if (rule.detector != Detector::Regex) continue;
    ++regex_rules;
    const auto set = first_bytes(rule.pattern);
    if (!set) continue;
    ++with_set;
    RE2 re(rule.pattern, o);
    ASSERT_TRUE(re.ok()) << rule.id;
    std::vector<std::string> texts = testing::examples_and_negatives(rule);
    for (size_t i = 0, n = texts.size(); i < n; ++i) {
      for (int m = 0; m < 10; ++m) {
        std::string t = texts[i];
        const size_t at = rng() % (t.size() + 1);
        t.insert(at, 1, noise[rng() % noise.size()]);
        texts.push_back(t);
      }
    }
    for (const std::string& text : texts) {
      re2::StringPiece whole(text), m;
      for (size_t pos = 0; pos <= text.size();) {
        if (!re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1)) break;
        const size_t begin = static_cast<size_t>(m.data() - text.data());
        ++matches;
        EXPECT_TRUE((*set)[static_cast<unsigned char>(text[begin])])
            << rule.id << " starts a match with '" << text[begin] << "' in: " << text;
        pos = begin + 1;
      }
    }
  }
  std::printf("%zu of %zu regex rules have a first-byte set; %zu matches checked\n", with_set,
              regex_rules, matches);
  EXPECT_GE(with_set * 10, regex_rules * 8);  // the filter must not silently go away
  EXPECT_GT(matches, 500u);
}

}  // namespace
}  // namespace logscrub
