// ShapeSearch finds exactly RE2's leftmost-first match: for every built-in rule it takes, on
// random text built from the rule's examples and near misses, and for random shape patterns
// (which also tests the conditions under which it takes a pattern), on random text.
#include "detect/shape_search.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "detect/matcher.h"
#include "rules/rule_loader.h"
#include "test_util.h"

namespace logscrub {
namespace {

using testing::expect_same_as_re2;

// Compares `search` with RE2's `pattern` on `rounds` random texts of `pieces`; returns how many
// had a match.
size_t compare_on_random_text(const NativeSearch& search, const std::string& pattern,
                              const std::vector<std::string>& pieces, std::mt19937& rng,
                              int rounds) {
  RE2 re(pattern, rule_re2_options());
  EXPECT_TRUE(re.ok()) << pattern;
  size_t matches = 0;
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    for (size_t i = 1 + rng() % 8; i > 0; --i) text += pieces[rng() % pieces.size()];
    const auto [pos, end] = testing::random_window(rng, text.size());
    matches += re.Match(re2::StringPiece(text), pos, end, RE2::UNANCHORED, nullptr, 0);
    expect_same_as_re2(search, re, 0, text, pos, end);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "pattern: " << pattern;
      return matches;
    }
  }
  return matches;
}

TEST(ShapeSearch, TakesTheVendorTokenShapes) {
  for (const char* id : {"google.api_key", "github.token", "sendgrid.api_key", "aws.access_key_id",
                         "twilio.api_key", "slack.token", "stripe.secret_key"}) {
    const Rule& rule = testing::builtin_rule(id);
    EXPECT_NE(ShapeSearch::build(rule.pattern, 0), nullptr) << id;
  }
}

TEST(ShapeSearch, RejectsWhatItCannotProve) {
  for (const char* pattern : {
           "(?i)\\bAIza[0-9A-Za-z_-]{35}",  // flags
           "\\b(AIza)[0-9A-Za-z_-]{35}",    // a capture group
           "\\bAIza[^ ]{35}",               // a negated class
           "\\bAIza\\d{35}",                // an escape class
           "\\bAIza[0-9A-Za-z]+",           // unbounded
           "\\bAIza[0-9A-Za-z]{3,}",        // unbounded
           "\\bAIza[0-9A-Za-z]{3,9}?",      // lazy
           "\\bab[a-z]{2,5}[a-c]{2}",       // a varying step, then one sharing bytes with it
           "\\bab[a-z]{2,5}_?x",            // a varying step, then one that may take no byte
           "\\bab[a-z_-]{2,5}\\b",          // a varying step of non-word bytes before \b
           "\\bab[a-z]{0,5}\\b",            // a varying step that may be empty before \b
           "[a-z]?x",                       // no head and a first step that may be empty
           "(?:ab|cd)+x",                   // a quantified group
           "a.b",                           // any byte
           "ab$",                           // an anchor
           "a|b",                           // alternatives outside a group
           "\\bab\\b[a-z]{3}",              // \b inside
           "(?:ab|)x",                      // an empty alternative
           "(?:a(b)|c)x",                   // a group inside an alternative
           "(?:a[a-z]{1,3}|b)[a-z]x",       // a varying step, then a tail step sharing bytes
       }) {
    EXPECT_EQ(ShapeSearch::build(pattern, 0), nullptr) << pattern;
  }
  EXPECT_EQ(ShapeSearch::build("\\bAIza[0-9A-Za-z_-]{35}", 1), nullptr);  // a group to redact
}

// Every built-in rule it takes, on random text of its examples, their pieces and near misses.
TEST(ShapeSearch, EqualsRe2ForEveryBuiltinRuleItTakes) {
  std::mt19937 rng(41);
  size_t taken = 0;
  for (const Rule& rule : testing::builtin_rules()) {
    if (rule.detector != Detector::Regex || !rule.end_pattern.empty()) continue;
    const auto search = ShapeSearch::build(rule.pattern, 0);
    if (!search) continue;
    ++taken;
    std::vector<std::string> pieces = {" ", "_", "-", ".", "=", "x", "Z", "0", "\xe9", "\n"};
    for (const std::string& example : rule.examples) {
      pieces.push_back(example);
      for (int k = 0; k < 6; ++k) {  // cuts of the example: heads, tails, middles
        const size_t a = rng() % (example.size() + 1), b = rng() % (example.size() + 1);
        pieces.push_back(example.substr(std::min(a, b), std::max(a, b) - std::min(a, b)));
      }
    }
    for (const std::string& negative : rule.negative_examples) pieces.push_back(negative);
    const size_t matches = compare_on_random_text(*search, rule.pattern, pieces, rng, 20000);
    EXPECT_GT(matches, 500u) << rule.id;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GE(taken, 5u);
}

// Random shape patterns over a small alphabet: whenever build takes one, it equals RE2.
TEST(ShapeSearch, EqualsRe2ForRandomShapes) {
  const std::vector<std::string> heads = {
      "", "\\b", "(?:ab|a)", "\\b(?:a|ab|b_)", "x\\.", "\\b(?:xy|x)",
      // alternatives of whole steps
      "\\b(?:a[0-9]{1,3}_|b[a-c]{2})", "(?:x[a-c]?y|[0-9]{2})", "\\b(?:[a-c]{1,2}|x)"};
  const std::vector<std::string> atoms = {"[a-c]", "[a-z0-9]", "[0-9]",   "[_-]",    "_",
                                          "\\.",   "b",        "[a-z_-]", "[A-Z2-7]"};
  const std::vector<std::string> quantifiers = {"", "", "{2}", "{1,3}", "{0,2}", "?", "{2,4}"};
  const std::vector<std::string> pieces = {"a", "b", "c", "x", "y",    "z",   "0",  "1",
                                           "9", "_", "-", ".", " ",    "ab",  "xy", "A",
                                           "Q", "2", "7", "8", "\xe9", "abc", "b_", "x."};
  std::mt19937 rng(43);
  size_t taken = 0, rejected = 0, matches = 0;
  for (int p = 0; p < 3000; ++p) {
    std::string pattern = heads[rng() % heads.size()];
    for (size_t k = 1 + rng() % 4; k > 0; --k)
      pattern += atoms[rng() % atoms.size()] + quantifiers[rng() % quantifiers.size()];
    if (rng() % 3 == 0) pattern += "\\b";
    const auto search = ShapeSearch::build(pattern, 0);
    if (!search) {
      ++rejected;
      continue;
    }
    ++taken;
    matches += compare_on_random_text(*search, pattern, pieces, rng, 300);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(taken, 1000u);
  EXPECT_GT(rejected, 300u);
  EXPECT_GT(matches, 15000u);
}

}  // namespace
}  // namespace logscrub
