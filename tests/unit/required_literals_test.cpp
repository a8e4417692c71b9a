// required_literals reads the plain bytes every match of a pattern holds, and nothing else:
// what a quantifier, a group, a class, an escape or a top-level alternative makes optional or
// variable is left out.
#include "detect/required_literals.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "detect/ascii.h"
#include "detect/matcher.h"

namespace logscrub {
namespace {

std::vector<std::string> bytes_of(const std::string& pattern, size_t min_bytes = 1) {
  std::vector<std::string> out;
  for (const RequiredLiteral& l : required_literals(pattern, min_bytes)) out.push_back(l.bytes);
  return out;
}

using Runs = std::vector<std::string>;

TEST(RequiredLiterals, TopLevelRunsBetweenGroupsAndClasses) {
  EXPECT_EQ(bytes_of(R"(\bmysql(?:\+[a-z]{1,20})?://[^:]{0,9}:([^@]+)@h)"),
            (Runs{"mysql", "://", ":", "@h"}));
  EXPECT_EQ(bytes_of("abc"), (Runs{"abc"}));
  EXPECT_EQ(bytes_of("ab[cd]ef.gh"), (Runs{"ab", "ef", "gh"}));
}

TEST(RequiredLiterals, AQuantifiedByteLeavesTheRun) {
  EXPECT_EQ(bytes_of("abc?de"), (Runs{"ab", "de"}));
  EXPECT_EQ(bytes_of("abc*de"), (Runs{"ab", "de"}));
  EXPECT_EQ(bytes_of("abc+de"), (Runs{"ab", "de"}));
  EXPECT_EQ(bytes_of("abc{2}de"), (Runs{"ab", "de"}));
  EXPECT_EQ(bytes_of("abc{0,3}?de"), (Runs{"ab", "de"}));
  // A '{' that opens no repeat is a byte, as in RE2.
  EXPECT_EQ(bytes_of("a{b}c"), (Runs{"a{b}c"}));
}

TEST(RequiredLiterals, EscapedPunctuationIsABytePlainEscapesEndTheRun) {
  EXPECT_EQ(bytes_of(R"(sk\-ant\.x)"), (Runs{"sk-ant.x"}));
  EXPECT_EQ(bytes_of(R"(ab\scd\bef\x41gh\x{42}ij\pLkl\p{Greek}mn)"),
            (Runs{"ab", "cd", "ef", "gh", "ij", "kl", "mn"}));
  EXPECT_EQ(bytes_of(R"(a\ b)"), (Runs{"a", "b"}));
  // An escape's argument is no byte of the text: \x41 is "A", \101 is "A".
  EXPECT_EQ(bytes_of(R"(\x41bc\101de\0fg)"), (Runs{"bc", "de", "fg"}));
}

TEST(RequiredLiterals, AnchorsDotsAndNonAsciiBytesEndTheRun) {
  EXPECT_EQ(bytes_of("^ab$"), (Runs{"ab"}));
  EXPECT_EQ(bytes_of("a.b"), (Runs{"a", "b"}));
  EXPECT_EQ(bytes_of("ab\xe9"
                     "cd"),
            (Runs{"ab", "cd"}));
}

TEST(RequiredLiterals, NothingInsideGroupsNothingWithATopLevelAlternative) {
  EXPECT_EQ(bytes_of("(abc)(?:def)(?i:ghi)"), Runs{});
  EXPECT_EQ(bytes_of("abc(?:x|y)def"), (Runs{"abc", "def"}));
  EXPECT_EQ(bytes_of("abc|def"), Runs{});
  EXPECT_EQ(bytes_of("(?:a|b)c|d"), Runs{});
}

TEST(RequiredLiterals, UnsupportedSyntaxGivesNone) {
  EXPECT_EQ(bytes_of(R"(ab\Qcd\E)"), Runs{});
  EXPECT_EQ(bytes_of("ab(cd"), Runs{});
  EXPECT_EQ(bytes_of("ab)cd"), Runs{});
  EXPECT_EQ(bytes_of("ab[cd"), Runs{});
  EXPECT_EQ(bytes_of("ab\\"), Runs{});
}

TEST(RequiredLiterals, AnyCaseFlagMakesEveryRunCaselessAndLowerCase) {
  const auto runs = required_literals("(?i)Bearer ([A-Z]+)", 1);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].bytes, "bearer ");
  EXPECT_TRUE(runs[0].caseless);
  // A flag set later, or inside a group, or turned off, still makes them caseless: a superset.
  for (const char* p : {"ABC(?i)x", "ABC(?i:x)", "ABC(?-i)x"}) {
    const auto later = required_literals(p, 1);
    ASSERT_FALSE(later.empty()) << p;
    EXPECT_TRUE(later[0].caseless) << p;
    EXPECT_EQ(later[0].bytes, "abc") << p;
  }
  EXPECT_FALSE(required_literals("ABC", 1)[0].caseless);
}

TEST(RequiredLiterals, ShortRunsAreLeftOut) {
  EXPECT_EQ(bytes_of("ab[0-9]cde[0-9]fghi", 3), (Runs{"cde", "fghi"}));
}

// Whether `literal` occurs in `text` (in any ASCII case when caseless).
bool holds(std::string_view text, const RequiredLiteral& literal) {
  if (!literal.caseless) return text.find(literal.bytes) != std::string_view::npos;
  std::string lower(text);
  for (char& c : lower) c = ascii::to_lower(static_cast<unsigned char>(c));
  return lower.find(literal.bytes) != std::string::npos;
}

// Random patterns of the syntax the reader follows (bytes, escapes, classes, groups with
// alternatives, quantifiers, anchors, flags, codes), over random texts: every match RE2 finds
// holds every literal read from its pattern.
TEST(RequiredLiterals, EveryMatchOfRandomPatternsHoldsTheirLiterals) {
  const std::vector<std::string> atoms = {"a",        "b",     ":",      "/",        "-", "A",
                                          "\\.",      "\\-",   "\\/",    "[ab]",     ".", "\\b",
                                          "\\s",      "\\x41", "\\101",  "\\x{62}",  "^", "$",
                                          "(?:ab|b)", "(a)",   "(?i:a)", "(?:a:|/)", "{", "}"};
  const std::vector<std::string> quantifiers = {"",  "",    "",      "?",     "*",
                                                "+", "{2}", "{0,2}", "{1,3}?"};
  std::mt19937 rng(41);
  size_t checked = 0, with_literals = 0, with_sets = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string pattern = rng() % 4 == 0 ? "(?i)" : "";
    for (size_t n = 1 + rng() % 8; n > 0; --n)
      pattern += atoms[rng() % atoms.size()] + quantifiers[rng() % quantifiers.size()];
    if (rng() % 8 == 0) pattern += "|" + atoms[rng() % atoms.size()];
    if (rng() % 8 == 0) pattern += "(?i)b";
    RE2 re(pattern, rule_re2_options());
    if (!re.ok()) continue;
    const std::vector<RequiredLiteral> literals = required_literals(pattern, 1);
    const std::vector<RequiredLiteralSet> sets = required_literal_sets(pattern, 1);
    with_literals += !literals.empty();
    with_sets += sets.size() > literals.size();
    for (int t = 0; t < 40; ++t) {
      std::string text;
      for (size_t n = rng() % 24; n > 0; --n) text += "abAB:/.- \n"[rng() % 11];
      re2::StringPiece match;
      for (size_t pos = 0; pos <= text.size();) {
        if (!re.Match(text, pos, text.size(), RE2::UNANCHORED, &match, 1)) break;
        for (const RequiredLiteral& literal : literals)
          ASSERT_TRUE(holds(match, literal)) << "pattern " << pattern << " matched \"" << match
                                             << "\" without \"" << literal.bytes << "\"";
        for (const RequiredLiteralSet& set : sets) {
          const bool one = std::any_of(set.alternatives.begin(), set.alternatives.end(),
                                       [&](const std::string& a) {
                                         return holds(match, RequiredLiteral{a, set.caseless});
                                       });
          ASSERT_TRUE(one) << "pattern " << pattern << " matched \"" << match
                           << "\" without any of a set of " << set.alternatives.size();
        }
        ++checked;
        const auto begin = static_cast<size_t>(match.data() - text.data());
        pos = begin + 1;
      }
    }
  }
  EXPECT_GT(checked, 20000u);
  EXPECT_GT(with_literals, 1000u);
  EXPECT_GT(with_sets, 300u);
}

std::vector<std::vector<std::string>> sets_of(const std::string& pattern, size_t min_bytes = 1) {
  std::vector<std::vector<std::string>> out;
  for (const RequiredLiteralSet& set : required_literal_sets(pattern, min_bytes))
    out.push_back(set.alternatives);
  return out;
}

using Sets = std::vector<std::vector<std::string>>;

TEST(RequiredLiteralSets, RunsThenOneSetPerGroupEveryMatchPassesThrough) {
  EXPECT_EQ(sets_of(R"(\bcurl\b[^\r\n]{0,512}\s(?:-u|--user|-U|--proxy-user)[=\s]{0,4}x)"),
            (Sets{{"curl"}, {"x"}, {"-u", "-U"}}));
  // A group a quantifier may skip gives none; one it must pass through at least once does.
  EXPECT_EQ(sets_of("a(?:bc|de)?f(?:gh|ij)+k(lm){0,2}"), (Sets{{"a"}, {"f"}, {"k"}, {"gh", "ij"}}));
  // An alternative without a run of min_bytes leaves the group out.
  EXPECT_EQ(sets_of("(?:abc|d)x", 2), Sets{});
  EXPECT_EQ(sets_of("(?:abc|de)x", 2), (Sets{{"de", "abc"}}));
  // Each alternative read as a pattern: its longest run stands for it.
  EXPECT_EQ(sets_of("(?:ab[0-9]cde|f(?:g|h)ijkl)"), (Sets{{"cde", "ijkl"}}));
}

TEST(RequiredLiteralSets, ATopLevelAlternativeIsOneSet) {
  EXPECT_EQ(sets_of(R"(\bsk-(?:proj|admin)-|T3BlbkFJ)"), (Sets{{"sk-", "T3BlbkFJ"}}));
  EXPECT_EQ(sets_of("(?i)Mysql|MARIADB"), (Sets{{"mysql", "mariadb"}}));
  EXPECT_EQ(sets_of("ab|[0-9]"), Sets{});
}

TEST(WordLanguage, EveryStringOfWordsAndGroups) {
  const auto words = word_language(R"(\b(?:sk|rk)_(?:live|test)_)", 16);
  ASSERT_TRUE(words.has_value());
  const std::string nul(1, '\0');
  EXPECT_EQ(*words, (std::vector<std::string>{nul + "sk_live_", nul + "sk_test_", nul + "rk_live_",
                                              nul + "rk_test_"}));
  EXPECT_EQ(*word_language(R"((?i)Bearer\.x|AB)", 4), (std::vector<std::string>{"bearer.x", "ab"}));
  // A code's argument is no byte of the text: \x41 is "A", not "41".
  EXPECT_EQ(*word_language(R"(a\x41b\x{42}c)", 4),
            (std::vector<std::string>{"a" + nul + "b" + nul + "c"}));
  EXPECT_FALSE(word_language("ab[cd]", 16).has_value());
  EXPECT_FALSE(word_language("abc?", 16).has_value());
  EXPECT_FALSE(word_language("a.c", 16).has_value());
  EXPECT_FALSE(word_language("(?:a|b)(?:c|d)(?:e|f)", 7).has_value());
  EXPECT_TRUE(word_language("(?:a|b)(?:c|d)(?:e|f)", 8).has_value());
}

}  // namespace
}  // namespace logscrub
