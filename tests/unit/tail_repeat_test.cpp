// TailRepeat (detect/tail_repeat.h): which patterns are split into a head and a tail repeat,
// and, on every built-in rule that is, that the head's match followed by the tail loop is the
// whole pattern's match -- same start, same end, same redacted group -- on the rule's examples,
// negative examples, mutated copies and copies whose token runs far past the repeat's bound.
#include "detect/tail_repeat.h"

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

TEST(TailRepeat, SplitsAWideTrailingRepeat) {
  auto t = TailRepeat::split("abc[a-z0-9]{2,100}", options());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->head(), "abc[a-z0-9]{2}");
  EXPECT_EQ(t->extra(), 98u);
  EXPECT_TRUE(t->byte_class()['q']);
  EXPECT_TRUE(t->byte_class()['7']);
  EXPECT_FALSE(t->byte_class()['Q']);
  EXPECT_TRUE(t->group_holds_tail(0));

  // Flags reach the class; the groups closing after the repeat hold it.
  t = TailRepeat::split("(?i)key=((?:x|y)[a-f]{1,64})", options());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->head(), "(?i)key=((?:x|y)[a-f]{1})");
  EXPECT_TRUE(t->byte_class()['B']);
  EXPECT_FALSE(t->byte_class()['g']);
  EXPECT_TRUE(t->group_holds_tail(1));
  t = TailRepeat::split("(?i:k(e)y)=(x)[A-Z]{0,40}", options());
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->byte_class()['Z']);
  EXPECT_FALSE(t->byte_class()['z']);  // the (?i: group closed before the repeat
  EXPECT_FALSE(t->group_holds_tail(1));
  EXPECT_FALSE(t->group_holds_tail(2));

  // '\n' is never in the class (no match crosses a line).
  t = TailRepeat::split("x.{1,200}", options());
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->byte_class()['\n']);
  EXPECT_TRUE(t->byte_class()['\r']);

  // The loop stops at the bound, at a byte outside the class and at the searched text's end.
  t = TailRepeat::split("k[a-z]{1,33}", options());
  ASSERT_TRUE(t);
  const std::string text = "k" + std::string(50, 'a');
  EXPECT_EQ(t->extend(text, 2, text.size()), 34u);
  EXPECT_EQ(t->extend("kaaa-aaa", 2, 8), 4u);
  EXPECT_EQ(t->extend(text, 2, 10), 10u);
}

TEST(TailRepeat, RefusesShapesWhereTheTailIsNotTheMatchsEnd) {
  for (const char* p : {
           "a|b[a-z]{1,100}",      // alternatives at the top
           "(?:a|b[a-z]{1,100})",  // the repeat in one alternative
           "x[a-z]{1,100}?",       // lazy: the fewest bytes are preferred
           "(?U)x[a-z]{1,100}",    // ungreedy
           "x(?U)[a-z]{1,100}",    // flags from the middle on
           "x[a-z]{1,100}\\b",     // something after the repeat
           "x[a-z]{1,100}$",       // an assertion after it
           "x([a-z]{1,100}){2}",   // the group around it repeated
           "x([a-z]{1,100})?",     // ... or optional
           "x[a-z]{1,20}",         // too narrow to be worth it
           "x[a-z]{5}",            // fixed count
           "x[a-z]{5,}",           // unbounded (rejected by the rule loader anyway)
           "x\\b{1,100}",          // an assertion repeated
           "x\\Q[a-z]{1,100}\\E",  // quoting this reader does not follow
       }) {
    EXPECT_FALSE(TailRepeat::split(p, options())) << p;
  }
}

// Compares the whole pattern with head + tail at each leftmost match from the start of
// `text`, resuming one byte after each match's start. Returns the matches compared.
size_t compare_on(const RE2& full, const RE2& head, const TailRepeat& tail, int group,
                  const std::string& text, const std::string& id) {
  const re2::StringPiece whole(text);
  const int n = group + 1;
  size_t compared = 0;
  for (size_t pos = 0; pos <= text.size();) {
    re2::StringPiece f[10], h[10];
    const bool found_full = full.Match(whole, pos, text.size(), RE2::UNANCHORED, f, n);
    const bool found_head = head.Match(whole, pos, text.size(), RE2::UNANCHORED, h, n);
    EXPECT_EQ(found_full, found_head) << id << " at " << pos << " in: " << text;
    if (!found_full || !found_head) break;
    const size_t begin = static_cast<size_t>(h[0].data() - text.data());
    const size_t head_end = begin + h[0].size();
    const size_t end = tail.extend(text, head_end, text.size());
    EXPECT_EQ(static_cast<size_t>(f[0].data() - text.data()), begin) << id << " in: " << text;
    EXPECT_EQ(begin + f[0].size(), end) << id << " in: " << text;
    if (group > 0) {
      EXPECT_EQ(f[group].data() == nullptr, h[group].data() == nullptr) << id << ": " << text;
      if (f[group].data() && h[group].data()) {
        const size_t g_begin = static_cast<size_t>(h[group].data() - text.data());
        size_t g_end = g_begin + h[group].size();
        if (g_end == head_end && tail.group_holds_tail(group)) g_end = end;
        EXPECT_EQ(static_cast<size_t>(f[group].data() - text.data()), g_begin) << id;
        EXPECT_EQ(g_begin + f[group].size(), g_end) << id << " in: " << text;
      }
    }
    ++compared;
    pos = begin + 1;
  }
  return compared;
}

TEST(TailRepeat, HeadAndTailMatchLikeTheWholePatternOnEveryBuiltinRule) {
  std::vector<Rule> rules;
  ASSERT_FALSE(load_builtin_rules(rules));
  std::mt19937 rng(11);
  const std::string noise = "=:@/.\"' \\-_aZ09%+[]\xe9";
  size_t split = 0, compared = 0;
  for (const Rule& rule : rules) {
    if (rule.detector != Detector::Regex || !rule.end_pattern.empty() ||
        !rule.prefilter_scanner.empty())
      continue;
    const auto tail = TailRepeat::split(rule.pattern, options());
    if (!tail) continue;
    ++split;
    RE2 full(rule.pattern, options());
    RE2 head(tail->head(), options());
    ASSERT_TRUE(full.ok() && head.ok()) << rule.id;
    const int group =
        rule.redact_group >= 0 ? rule.redact_group : (full.NumberOfCapturingGroups() > 0 ? 1 : 0);
    // A byte of the class, to run tokens past the repeat's bound.
    char run_byte = 0;
    for (const char c : std::string("aZ09x")) {
      if (tail->byte_class()[static_cast<unsigned char>(c)]) {
        run_byte = c;
        break;
      }
    }
    std::vector<std::string> texts = testing::examples_and_negatives(rule);
    const size_t originals = texts.size();
    testing::add_mutated_copies(texts, rng, noise, 20, 3);
    for (size_t i = 0; i < originals; ++i) {
      re2::StringPiece m;
      if (run_byte && full.Match(texts[i], 0, texts[i].size(), RE2::UNANCHORED, &m, 1)) {
        const size_t at = static_cast<size_t>(m.data() - texts[i].data()) + m.size();
        std::string longer = texts[i];
        longer.insert(at, tail->extra() + 40, run_byte);  // past n: the match stops at n
        texts.push_back(longer);
        longer.insert(at + tail->extra() / 2, 1, '\n');  // a line break inside the run
        texts.push_back(longer);
      }
    }
    for (const std::string& text : texts)
      compared += compare_on(full, head, *tail, group, text, rule.id);
  }
  // The split must serve the rules it was made for, or the saving has silently gone away.
  EXPECT_GE(split, 40u);
  EXPECT_GT(compared, 1000u);
  std::printf("%zu built-in rules split, %zu matches compared\n", split, compared);
}

}  // namespace
}  // namespace logscrub
