// A rule's `prefilter` is what Hyperscan looks for; RE2 only ever confirms around its matches.
// So every match of the pattern that redacts something must hold a prefilter match that starts
// at most `prefilter_offset` bytes after the match's start -- or that text is never redacted.
// match_outside_prefilter (detect/prefilter_check.h, also run by `logscrub rules check`) tries
// texts in their own and other letter cases; here every built-in rule's examples, negative
// examples and mutated copies go through it.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "detect/prefilter_check.h"
#include "rules/rule_loader.h"
#include "test_util.h"

namespace logscrub {
namespace {

Rule regex_rule(const std::string& pattern, const std::string& prefilter, int offset) {
  Rule r;
  r.id = "test.rule";
  r.detector = Detector::Regex;
  r.pattern = pattern;
  r.prefilter = prefilter;
  r.prefilter_offset = offset;
  return r;
}

TEST(PrefilterSoundness, FindsAMatchItsPrefilterDoesNotHold) {
  // (?i) on the pattern, not on the prefilter: "ABC123" in upper case is never reported.
  auto bad = match_outside_prefilter(regex_rule("(?i)abc[0-9]{3}", "abc", 0), {"x abc123 y"});
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "ABC123");
  // A prefilter that starts further into the match than the offset allows.
  bad = match_outside_prefilter(regex_rule("key=([0-9]{4})", "[0-9]{4}", 2), {"key=1234"});
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "key=1234");
  // Sound rules, and a guard alternative whose group does not take part (it redacts nothing).
  EXPECT_FALSE(match_outside_prefilter(regex_rule("(?i)abc[0-9]{3}", "(?i)abc", 0), {"ABC123"}));
  EXPECT_FALSE(match_outside_prefilter(regex_rule("key=([0-9]{4})", "[0-9]{4}", 4), {"key=1234"}));
  EXPECT_FALSE(match_outside_prefilter(
      regex_rule("[a-z]\\+[0-9]|(\\+[1-9][0-9]{5})", "\\+[1-9]", 0), {"a+0 and +123456"}));
}

TEST(PrefilterSoundness, EveryMatchOfEveryBuiltinRuleHoldsItsPrefilter) {
  std::vector<Rule> rules;
  ASSERT_FALSE(load_builtin_rules(rules));
  const std::string noise = "=:@/.\"' \\-_aZ09";
  size_t checked = 0;
  for (const Rule& rule : rules) {
    if (rule.detector != Detector::Regex || rule.prefilter.empty() ||
        !rule.prefilter_scanner.empty())
      continue;
    ++checked;
    // Each rule's own mutations (seeded by its id): adding an example to one rule does not
    // change what is tried on the others.
    std::seed_seq seed(rule.id.begin(), rule.id.end());
    std::mt19937 rng(seed);
    std::vector<std::string> texts = testing::examples_and_negatives(rule);
    testing::add_mutated_copies(texts, rng, noise, 10, 2);
    const auto bad = match_outside_prefilter(rule, texts);
    EXPECT_FALSE(bad) << rule.id << ": no prefilter match (within prefilter_offset) inside \""
                      << bad.value_or("") << "\"";
  }
  EXPECT_GT(checked, 150u);
}

}  // namespace
}  // namespace logscrub
