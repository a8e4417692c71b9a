// A rule's `prefilter` is what Hyperscan looks for; RE2 only ever confirms around its matches.
// So every match of the pattern that redacts something must hold a prefilter match that starts at
// most `prefilter_offset` bytes after the match's start -- or the secret is never looked at (a
// leak). The examples only show the cases their authors thought of; this test also tries each
// example in other letter cases (a pattern under (?i) whose prefilter is not matched
// "sk<hex>:" the prefilter never reported) and with a few bytes changed.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "detect/matcher.h"
#include "rules/rule_loader.h"

namespace logscrub {
namespace {

std::string with_case(std::string s, int mode) {
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (mode == 0) c = static_cast<char>(std::tolower(u));
    if (mode == 1) c = static_cast<char>(std::toupper(u));
    if (mode == 2) c = static_cast<char>(std::islower(u) ? std::toupper(u) : std::tolower(u));
  }
  return s;
}

TEST(PrefilterSoundness, EveryMatchOfEveryBuiltinRuleHoldsItsPrefilter) {
  std::vector<Rule> rules;
  ASSERT_FALSE(load_builtin_rules(rules));
  std::mt19937 rng(5);
  const std::string noise = "=:@/.\"' \\-_aZ09";
  size_t checked_rules = 0, checked_matches = 0;
  for (const Rule& rule : rules) {
    if (rule.detector != Detector::Regex || rule.prefilter.empty() ||
        !rule.prefilter_scanner.empty())
      continue;
    RE2 pattern(rule.pattern, rule_re2_options());
    RE2 prefilter(rule.prefilter, rule_re2_options());
    ASSERT_TRUE(pattern.ok() && prefilter.ok()) << rule.id;
    const int group = rule.redact_group >= 0 ? rule.redact_group
                                             : (pattern.NumberOfCapturingGroups() > 0 ? 1 : 0);
    ASSERT_LT(group, 10) << rule.id;
    ++checked_rules;
    std::vector<std::string> texts = rule.examples;
    texts.insert(texts.end(), rule.negative_examples.begin(), rule.negative_examples.end());
    const size_t originals = texts.size();
    for (size_t i = 0; i < originals; ++i) {
      for (int mode = 0; mode < 3; ++mode) texts.push_back(with_case(texts[i], mode));
      for (int k = 0; k < 10; ++k) {
        std::string t = texts[i];
        for (int e = 0; e < 2 && !t.empty(); ++e) {
          const size_t at = rng() % t.size();
          const char c = noise[rng() % noise.size()];
          if (rng() % 2) {
            t[at] = c;
          } else {
            t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), c);
          }
        }
        texts.push_back(t);
      }
    }
    for (const std::string& text : texts) {
      const re2::StringPiece whole(text);
      for (size_t pos = 0; pos <= text.size();) {
        re2::StringPiece groups[10];
        if (!pattern.Match(whole, pos, text.size(), RE2::UNANCHORED, groups, group + 1)) break;
        const re2::StringPiece& m = groups[0];
        const size_t begin = static_cast<size_t>(m.data() - text.data());
        const size_t end = begin + m.size();
        pos = begin + 1;
        // A match whose redacted group did not take part (a guard alternative such as
        // pii.phone's "x+1") redacts nothing: only what is redacted must be reported.
        if (groups[group].data() == nullptr) continue;
        re2::StringPiece p;
        const bool held = prefilter.Match(whole, begin, end, RE2::UNANCHORED, &p, 1);
        EXPECT_TRUE(held) << rule.id << ": no prefilter match inside \"" << m << "\"";
        if (held && rule.prefilter_offset >= 0) {
          EXPECT_LE(static_cast<size_t>(p.data() - m.data()),
                    static_cast<size_t>(rule.prefilter_offset))
              << rule.id << ": the prefilter starts too far into \"" << m << "\"";
        }
        ++checked_matches;
      }
    }
  }
  EXPECT_GT(checked_rules, 150u);
  EXPECT_GT(checked_matches, 2000u);
}

}  // namespace
}  // namespace logscrub
