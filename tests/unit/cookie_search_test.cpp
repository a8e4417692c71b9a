// CookieSearch finds exactly RE2's leftmost-first match of http.cookie (bounds and group), on
// random text dense in the bytes that matter, and at each bound.
#include "detect/cookie_search.h"

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

using testing::builtin_rule;
using testing::expect_same_as_re2;

struct CookieRule {
  std::unique_ptr<NativeSearch> search =
      build_native_search(builtin_rule("http.cookie").pattern, 1);
  RE2 re{builtin_rule("http.cookie").pattern, rule_re2_options()};
};

TEST(CookieSearch, TheBuiltinRuleHasIt) {
  EXPECT_NE(CookieRule().search, nullptr);
  EXPECT_EQ(CookieSearch::build(std::string(CookieSearch::kPattern), 0), nullptr);
  EXPECT_EQ(CookieSearch::build(std::string(CookieSearch::kPattern) + "x", 1), nullptr);
}

TEST(CookieSearch, EqualsRe2OnRandomText) {
  const CookieRule rule;
  ASSERT_NE(rule.search, nullptr);
  ASSERT_TRUE(rule.re.ok());
  const std::vector<std::string> pieces = {"cookie",
                                           "Cookie",
                                           "COOKIE",
                                           "CoOkIe",
                                           "set-",
                                           "Set-",
                                           "set-cookie",
                                           "xcookie",
                                           "_cookie",
                                           "-cookie",
                                           "cooki",
                                           ":",
                                           " ",
                                           "   ",
                                           "\t",
                                           "\v",
                                           "\r",
                                           "\n",
                                           "=",
                                           ";",
                                           ",",
                                           "\"",
                                           "'",
                                           "\\",
                                           "[",
                                           "]",
                                           "sid",
                                           "__Host-s.id!#$%&*+^`|~",
                                           "Rk29dLq0",
                                           "Cookie: sid=",
                                           "set-cookie:a=",
                                           std::string(127, 'n'),
                                           std::string(128, 'n'),
                                           std::string(996, 'v'),
                                           std::string(1001, 'v'),
                                           "\xe9",
                                           "/"};
  std::mt19937 rng(31);
  size_t matches = 0;
  for (int round = 0; round < 60000; ++round) {
    std::string text;
    for (size_t i = 1 + rng() % 8; i > 0; --i) text += pieces[rng() % pieces.size()];
    const auto [pos, end] = testing::random_window(rng, text.size());
    matches += !expect_same_as_re2(*rule.search, rule.re, 1, text, pos, end).empty();
    if (HasFailure()) return;
  }
  EXPECT_GT(matches, 3000u);
}

TEST(CookieSearch, BoundsEqualRe2) {
  const CookieRule rule;
  const std::string n128(128, 'n'), n129(129, 'n'), v1000(1000, 'v'), v1001(1001, 'v');
  const struct {
    std::string text, group;
  } cases[] = {
      {"Cookie: sid=abc; b=c", "abc; b=c"},
      {"Set-Cookie: sid=abc; Path=/; Secure", "abc; Path=/; Secure"},
      {"set-cookie  :    sid=abc", "abc"},    // 2 blanks, 4 blanks
      {"set-cookie   : sid=abc", ""},         // 3 blanks before ':'
      {"Cookie:     sid=abc", ""},            // 5 after
      {"xCookie: sid=abc", ""},               // no \b
      {"xset-Cookie: sid=abc", "abc"},        // the "cookie" after '-'
      {"Cookie: " + n128 + "=abc", "abc"},    // a name of 128 bytes
      {"Cookie: " + n129 + "=abc", ""},       // 129
      {"Cookie: =abc", ""},                   // no name
      {"Cookie: sid= abc", ""},               // the value starts with a blank
      {"Cookie: sid=;abc", ""},               // or ';'
      {"Cookie: sid=a b\"c", "a b"},          // then runs to a quote
      {"Cookie: sid=ab\\r\\nHost: x", "ab"},  // or a backslash
      {"Cookie: sid=ab\r\nHost: x", "ab"},    // or a line's end
      {"Cookie: sid=[REDACTED:x]", ""},       // a marker is no value
      {"Cookie: sid=" + v1001, v1000},        // 1 + 999 bytes
  };
  for (const auto& c : cases) {
    EXPECT_EQ(expect_same_as_re2(*rule.search, rule.re, 1, c.text, 0, c.text.size()), c.group)
        << c.text;
  }
  // Windows that cut a match.
  const std::string text = "Set-Cookie: sid=abc";
  for (size_t end = 0; end <= text.size(); ++end)
    expect_same_as_re2(*rule.search, rule.re, 1, text, 0, end);
  for (size_t pos = 0; pos <= text.size(); ++pos)
    expect_same_as_re2(*rule.search, rule.re, 1, text, pos, text.size());
}

}  // namespace
}  // namespace logscrub
