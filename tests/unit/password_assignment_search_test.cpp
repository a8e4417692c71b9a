// PasswordAssignmentSearch finds exactly RE2's leftmost-first match of generic.password (bounds
// and value), on random text dense in the bytes that matter, and at each of its bounds.
#include "detect/password_assignment_search.h"

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

const Rule& password_rule() {
  return testing::builtin_rule("generic.password");
}

// The search and RE2 agree on text[pos, end) (testing::expect_same_as_re2); RE2's value.
std::string expect_same(const NativeSearch& search, const RE2& re, const std::string& text,
                        size_t pos, size_t end) {
  return testing::expect_same_as_re2(search, re, 1, text, pos, end);
}

struct Fixture {
  RE2 re{password_rule().pattern, rule_re2_options()};
  std::unique_ptr<PasswordAssignmentSearch> search =
      PasswordAssignmentSearch::build(password_rule().pattern, 1);
};

TEST(PasswordAssignmentSearch, TheBuiltinRuleHasOne) {
  Fixture f;
  ASSERT_TRUE(f.re.ok());
  EXPECT_NE(f.search, nullptr) << "generic.password is no longer the pattern matched by hand";
  EXPECT_EQ(PasswordAssignmentSearch::build(password_rule().pattern + "x", 1), nullptr);
  EXPECT_NE(build_native_search(password_rule().pattern, 1), nullptr);
}

TEST(PasswordAssignmentSearch, EqualsRe2LeftmostMatchOnRandomText) {
  Fixture f;
  ASSERT_NE(f.search, nullptr);
  const std::vector<std::string> names = {
      "password", "PASSWORD", "passwd",    "Passphrase", "pass",     "PASS",  "db_password",
      "db_pass",  "x-pwd",    "7.PWD",     "_pass",      "x_passwd", "xpass", "user_pass_hint",
      "pwd",      "passw",    "passwordx", "a.pass",     "-pass"};
  const std::vector<std::string> around = {"\"", "'", "\\", " ", "\t", "\v", "\n"};
  const std::vector<std::string> operators = {"=", ":", "=>", ":=", "==", "::", "=:"};
  const std::vector<std::string> values = {"Hunter2",
                                           "abcd",
                                           "abc",
                                           "/abc",
                                           "/ab",
                                           "//abc",
                                           "/",
                                           ">abc",
                                           "=abc",
                                           "a(b)c",
                                           "p,q",
                                           "x;y",
                                           "ab)cd",
                                           std::string(255, 'v'),
                                           std::string(256, 'v'),
                                           std::string(257, 'v'),
                                           std::string(1, '/').append(255, 'v'),
                                           "\xe9\xe9\xe9\xe9"};
  const std::vector<std::string> junk = {"x", " ", "=", ":", "\"", "a", "_", ";", "(", "/"};
  std::mt19937 rng(23);
  size_t matches = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    if (round % 3 == 0) {  // random pieces of every kind
      for (size_t i = 1 + rng() % 10; i > 0; --i) {
        switch (rng() % 5) {
          case 0: text += names[rng() % names.size()]; break;
          case 1: text += around[rng() % around.size()]; break;
          case 2: text += operators[rng() % operators.size()]; break;
          case 3: text += values[rng() % values.size()]; break;
          default: text += junk[rng() % junk.size()]; break;
        }
      }
    } else {  // name, quotes and blanks, operator, quotes and blanks, value
      if (rng() % 2) text += junk[rng() % junk.size()];
      text += names[rng() % names.size()];
      for (size_t i = rng() % 4; i > 0; --i) text += around[rng() % around.size()];
      text += operators[rng() % operators.size()];
      for (size_t i = rng() % 5; i > 0; --i) text += around[rng() % around.size()];
      text += values[rng() % values.size()];
      if (rng() % 2) text += junk[rng() % junk.size()];
    }
    const auto [pos, end] = testing::random_window(rng, text.size());
    matches += !expect_same(*f.search, f.re, text, pos, end).empty();
    if (HasFailure()) return;
  }
  EXPECT_GT(matches, 4000u);
}

TEST(PasswordAssignmentSearch, BoundsEqualRe2) {
  Fixture f;
  ASSERT_NE(f.search, nullptr);
  const struct {
    std::string text, value;
  } cases[] = {
      {"login failed password=Hunter2 from x", "Hunter2"},
      {"password=abcd", "abcd"},       // 4 bytes
      {"password=abc", ""},            // 3
      {"password=/abc", "/abc"},       // '/', then 3
      {"password=/ab", ""},            // '/', then 2
      {"password=//abc", ""},          // no second '/'
      {"pass=abcd", "abcd"},           // \bpass before '='
      {"pass: abcd", ""},              // but not before ':' without quotes
      {"\"pass\": \"abcd\"", "abcd"},  // with them
      {"\"pass\"=abcd", ""},           // nor quotes before '='
      {"xpass=abcd", ""},              // no \b
      {"x_pass: abcd", "abcd"},        // the first alternative
      {"db_pwd=abcd", "abcd"},
      {"passwd : abcd", "abcd"},
      {"password=>abcd", "abcd"},
      {"password=>abc", ">abc"},  // "=>" fails, "=" takes '>'
      {"password:=abc", "=abc"},
      {"pass=>abc", ">abc"},
      {"\"pass\":=abc", "=abc"},        // the second alternative has no ":="
      {"password=a(b", ""},             // '(' ends the value
      {"password    =abcd", "abcd"},    // 4 blanks
      {"password     =abcd", ""},       // 5
      {"password''=abcd", "abcd"},      // 2 quotes
      {"password'''=abcd", ""},         // 3
      {"password=\"\"\"abcd", "abcd"},  // 3 quotes after
      {"password=\"\"\"\"abcd", ""},    // 4
      {std::string("password=").append(256, 'v'), std::string(256, 'v')},
      {std::string("password=").append(257, 'v'), std::string(256, 'v')},
      {"passphrase=abc password=abcd", "abcd"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(expect_same(*f.search, f.re, c.text, 0, c.text.size()), c.value) << c.text;
  const std::string text = "user=x password=abcdef";
  for (size_t end = text.size() - 4; end <= text.size(); ++end)
    expect_same(*f.search, f.re, text, 0, end);
  expect_same(*f.search, f.re, text, 9, text.size());
  expect_same(*f.search, f.re, "a_pass=abcd", 1, 11);
}

}  // namespace
}  // namespace logscrub
