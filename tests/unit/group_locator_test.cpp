// GroupLocator finds the same redacted group as RE2's capture engines: on the split of
// hand-written shapes, and on every match of every built-in rule in its examples, negative
// examples and mutated copies of them.
#include "detect/group_locator.h"

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

RE2::Options options() {
  return rule_re2_options();
}

TEST(GroupLocator, SplitsAroundTheGroupWithLeadingFlagsAndWrappers) {
  GroupSplit s;
  ASSERT_TRUE(split_at_group(R"((?i)(?:key[=:]\s*)([a-z]{8,})\b)", 1, &s));
  EXPECT_EQ(s.flags, "(?i)");
  EXPECT_TRUE(s.earlier.empty());
  EXPECT_EQ(s.before, R"((?:key[=:]\s*))");
  EXPECT_EQ(s.group, "[a-z]{8,}");
  EXPECT_EQ(s.after, R"(\b)");

  GroupSplit alt;
  ASSERT_TRUE(split_at_group(R"((?:://[^@(]{0,9}@|x|\b([a-z(|)]+@[a-z]+)\b))", 1, &alt));
  EXPECT_EQ(alt.earlier, (std::vector<std::string>{"://[^@(]{0,9}@", "x"}));
  EXPECT_EQ(alt.before, R"(\b)");
  EXPECT_EQ(alt.group, "[a-z(|)]+@[a-z]+");
  EXPECT_EQ(alt.after, R"(\b)");

  GroupSplit second;
  ASSERT_TRUE(split_at_group(R"((a)(?P<v>b+)c)", 2, &second));
  EXPECT_EQ(second.before, "(a)");
  EXPECT_EQ(second.group, "b+");
  EXPECT_EQ(second.after, "c");
}

TEST(GroupLocator, RefusesShapesItCannotProve) {
  GroupSplit s;
  EXPECT_FALSE(split_at_group("a(b)+", 1, &s));        // repeated group
  EXPECT_FALSE(split_at_group("a(?:x(b))", 1, &s));    // nested group
  EXPECT_FALSE(split_at_group("a(?i)(b)", 1, &s));     // flags set inside
  EXPECT_FALSE(split_at_group(R"(\Q(\E(b))", 1, &s));  // quoting
  EXPECT_FALSE(split_at_group("a(b)", 2, &s));         // no such group
  EXPECT_FALSE(split_at_group("a(b", 1, &s));          // unbalanced
  EXPECT_TRUE(is_greedy_atom_repeat("[^\\s/?]{1,256}"));
  EXPECT_TRUE(is_greedy_atom_repeat("\\S+"));
  EXPECT_FALSE(is_greedy_atom_repeat("[a-z]{1,5}?"));  // lazy
  EXPECT_FALSE(is_greedy_atom_repeat("[a-z]+x"));      // more than one item
  EXPECT_FALSE(is_greedy_atom_repeat("(?:ab)+"));
}

// Every leftmost-first match of `re` in `text`: the locator's answer equals RE2's captures.
// Returns the number of matches the locator answered (not Unknown).
size_t compare_on(const RE2& re, const GroupLocator& locator, int group, const std::string& text,
                  const std::string& rule_id) {
  size_t answered = 0;
  re2::StringPiece whole(text);
  std::vector<re2::StringPiece> caps(static_cast<size_t>(group) + 1);
  for (size_t pos = 0; pos <= text.size();) {
    if (!re.Match(whole, pos, text.size(), RE2::UNANCHORED, caps.data(),
                  static_cast<int>(caps.size())))
      break;
    const size_t begin = static_cast<size_t>(caps[0].data() - text.data());
    const size_t end = begin + caps[0].size();
    size_t gb = 0, ge = 0;
    const auto r = locator.locate(whole, begin, end, &gb, &ge);
    const re2::StringPiece& g = caps[static_cast<size_t>(group)];
    if (r == GroupLocator::Result::Absent) {
      EXPECT_EQ(g.data(), nullptr) << rule_id << " on: " << text;
      ++answered;
    } else if (r == GroupLocator::Result::Found) {
      EXPECT_NE(g.data(), nullptr) << rule_id << " on: " << text;
      if (g.data() != nullptr) {
        EXPECT_EQ(gb, static_cast<size_t>(g.data() - text.data())) << rule_id << " on: " << text;
        EXPECT_EQ(ge - gb, g.size()) << rule_id << " on: " << text;
      }
      ++answered;
    }
    pos = end > pos ? end : pos + 1;
  }
  return answered;
}

// With (?U) repeats prefer fewer bytes, so "longer is preferred" (the greedy-atom shortcut) does
// not hold: the locator must still agree with RE2 on such patterns (it skips the shortcut for
// them; Hyperscan, which measures the suffix's width for it, also rejects (?U)).
TEST(GroupLocator, UngreedyFlagStillAgreesWithRe2) {
  std::mt19937 rng(13);
  const std::string alphabet = "ab@=: kx";
  size_t answered = 0;
  for (const std::string pattern :
       {"(?U)k=([a-z@]{1,9})@[a-z@]{0,3}x", "(?U)k[=:]([^\\s]+)@[a-z]{1,2}\\b",
        "(?i)k=([a-z@]{1,9})@?[a-z]{0,3}"}) {
    RE2 re(pattern, options());
    ASSERT_TRUE(re.ok()) << pattern;
    auto locator = GroupLocator::build(pattern, 1, options());
    ASSERT_NE(locator, nullptr) << pattern;
    for (int round = 0; round < 3000; ++round) {
      std::string text = "k=";
      for (size_t n = rng() % 14; n > 0; --n) text += alphabet[rng() % alphabet.size()];
      answered += compare_on(re, *locator, 1, text, pattern);
    }
  }
  EXPECT_GT(answered, 1000u);
}

TEST(GroupLocator, AgreesWithRe2CapturesOnEveryBuiltinRule) {
  std::vector<Rule> rules;
  ASSERT_FALSE(load_builtin_rules(rules));
  std::mt19937 rng(7);
  const std::string noise = "=:@/.\"' \\-_aZ09%+[]";
  size_t grouped = 0, located = 0, answered = 0;
  for (const Rule& rule : rules) {
    if (rule.detector != Detector::Regex || !rule.end_pattern.empty()) continue;
    RE2 re(rule.pattern, options());
    ASSERT_TRUE(re.ok()) << rule.id;
    const int group =
        rule.redact_group >= 0 ? rule.redact_group : (re.NumberOfCapturingGroups() > 0 ? 1 : 0);
    if (group == 0) continue;
    ++grouped;
    auto locator = GroupLocator::build(rule.pattern, group, options());
    if (!locator) continue;
    ++located;
    std::vector<std::string> texts = testing::examples_and_negatives(rule);
    testing::add_mutated_copies(texts, rng, noise, 20, 3);
    for (const std::string& text : texts)
      answered += compare_on(re, *locator, group, text, rule.id);
  }
  // The locator must serve nearly every rule, or the fast path has silently gone away.
  EXPECT_GE(located * 10, grouped * 9) << located << " of " << grouped << " rules";
  EXPECT_GT(answered, 1000u);
  std::printf("%zu of %zu grouped rules located, %zu matches answered\n", located, grouped,
              answered);
}

}  // namespace
}  // namespace logscrub
