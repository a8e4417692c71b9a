// SecretAssignmentSearch finds exactly RE2's leftmost-first match of generic.secret (bounds and
// value), on random text dense in the bytes that matter, and at each of its bounds.
#include "detect/secret_assignment_search.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "detect/assignment_syntax.h"
#include "detect/matcher.h"
#include "detect/native_search.h"
#include "rules/rule_loader.h"
#include "test_util.h"

namespace logscrub {
namespace {

using testing::builtin_rule;

// The search and RE2 agree on text[pos, end) (testing::expect_same_as_re2); RE2's value.
std::string expect_same(const NativeSearch& search, const RE2& re, const std::string& text,
                        size_t pos, size_t end) {
  return testing::expect_same_as_re2(search, re, 1, text, pos, end);
}

// next_operator (16 bytes a step) finds what a byte loop finds, from every start to every end
// of a buffer with operators at, around and between the 16-byte steps.
TEST(AssignmentSyntax, NextOperatorEqualsAByteLoop) {
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {
    std::string text(70, 'a');
    for (char& c : text) {
      const auto r = static_cast<unsigned>(rng() % 40);
      c = r == 0   ? '='
          : r == 1 ? ':'
          : r == 2 ? '>'
          : r == 3 ? '\xbd'
                   : static_cast<char>('a' + r % 26);
    }
    testing::expect_same_in_every_window(text, assignment::next_operator,
                                         [&](size_t from, size_t end) {
                                           size_t i = from;
                                           while (i < end && text[i] != '=' && text[i] != ':') ++i;
                                           return i;
                                         });
  }
}

TEST(NativeSearch, TheBuiltinPatternsHaveOneAndOthersNot) {
  const Rule& secret = builtin_rule("generic.secret");
  EXPECT_NE(build_native_search(secret.pattern, 1), nullptr)
      << "generic.secret is no longer the pattern SecretAssignmentSearch matches by hand";
  EXPECT_NE(build_native_search(builtin_rule("url.credentials").pattern, 1), nullptr);
  EXPECT_EQ(build_native_search(secret.pattern + "x", 1), nullptr);
  EXPECT_EQ(build_native_search(secret.pattern, 0), nullptr);
  // crypto.private_key (a PEM block, BEGIN to END) has none: RE2 runs it.
  EXPECT_EQ(build_native_search(builtin_rule("crypto.private_key").pattern, 0), nullptr);
}

TEST(SecretAssignmentSearch, EqualsRe2LeftmostMatchOnRandomText) {
  const std::string& pattern = builtin_rule("generic.secret").pattern;
  RE2 re(pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto search = SecretAssignmentSearch::build(pattern, 1);
  ASSERT_NE(search, nullptr);
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "7",
                                           "_",
                                           "-",
                                           ".",
                                           "/",
                                           ":",
                                           "=",
                                           "=>",
                                           ":=",
                                           ">",
                                           "\"",
                                           "'",
                                           "\\",
                                           " ",
                                           "\t",
                                           "\f",
                                           "\v",
                                           "\n",
                                           ",",
                                           ";",
                                           "&",
                                           "@",
                                           "[",
                                           "]",
                                           "#",
                                           "\xe9",
                                           "key",
                                           "KEY",
                                           "Key",
                                           "secret",
                                           "SECRET",
                                           "token",
                                           "Token",
                                           "api",
                                           "API_",
                                           "private",
                                           "signing",
                                           "encryption",
                                           "master",
                                           "access",
                                           "AUTH",
                                           "apikey",
                                           "api-key",
                                           "secret.key",
                                           "x",
                                           std::string(7, 'v'),
                                           std::string(8, 'v'),
                                           std::string(505, 'w'),
                                           std::string(511, 'w')};
  const std::vector<std::string> names = {
      "secret",    "token",       "api_key",     "APIKEY",        "api.Key",    "secret_key",
      "secretkey", "private-key", "Signing_Key", "encryptionkey", "master.key", "access_key",
      "auth-key",  "authkey",     "x_token",     "secrets",       "tokens",     "key"};
  const std::vector<std::string> around = {"\"", "'", "\\", " ", "\t", "\v"};
  const std::vector<std::string> operators = {"=", ":", "=>", ":=", "==", "::", "=:"};
  size_t matches = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    auto add = [&](size_t count) {
      for (size_t i = 0; i < count; ++i) text += pieces[rng() % pieces.size()];
    };
    if (round % 2 == 0) {
      add(1 + rng() % 16);
    } else if (round % 4 == 1) {  // a key name, then random pieces
      add(rng() % 2);
      text += names[rng() % names.size()];
      add(1 + rng() % 6);
    } else {  // a key name, quotes and blanks, an operator, quotes and blanks, a value
      add(rng() % 2);
      text += names[rng() % names.size()];
      for (size_t i = rng() % 4; i > 0; --i) text += around[rng() % around.size()];
      text += operators[rng() % operators.size()];
      for (size_t i = rng() % 5; i > 0; --i) text += around[rng() % around.size()];
      add(1 + rng() % 3);
    }
    const auto [pos, end] = testing::random_window(rng, text.size());
    expect_same(*search, re, text, pos, end);
    if (HasFailure()) return;
    NativeMatch m;
    matches += search->leftmost(text, pos, end, &m);
  }
  EXPECT_GT(matches, 2000u);
}

// Each bound of the pattern, on both sides, against RE2 and against the value it must find
// ("" for no match).
TEST(SecretAssignmentSearch, BoundsEqualRe2) {
  const std::string& pattern = builtin_rule("generic.secret").pattern;
  RE2 re(pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto search = SecretAssignmentSearch::build(pattern, 1);
  ASSERT_NE(search, nullptr);
  const std::string v511(511, 'v'), v512(512, 'v');
  const struct {
    std::string text, value;
  } cases[] = {
      {"client_secret=Q9w8E7r6T5y4", "Q9w8E7r6T5y4"},
      {"token=abcdefgh", "abcdefgh"},              // 8 bytes
      {"token=abcdefg", ""},                       // 7
      {"token=a" + v511, "a" + v511},              // 512
      {"token=a" + v512, "a" + v511},              // 513: the match stops at 512
      {"API_KEY: \"abcdefgh\"", "abcdefgh"},       // quotes after
      {"\"api-key\"  :  'abcdefgh'", "abcdefgh"},  // quotes before and after
      {"token''=abcdefgh", "abcdefgh"},            // 2 quotes before
      {"token'''=abcdefgh", ""},                   // 3
      {"token    =abcdefgh", "abcdefgh"},          // 4 blanks before
      {"token     =abcdefgh", ""},                 // 5
      {"token=    abcdefgh", "abcdefgh"},          // 4 blanks after
      {"token=     abcdefgh", ""},                 // 5
      {"token=\"\"\"abcdefgh", "abcdefgh"},        // 3 quotes after
      {"token=\"\"\"\"abcdefgh", ""},              // 4
      {"token=>abcdefgh", "abcdefgh"},             // "=>"
      {"token=>abcdefg", ">abcdefg"},              // "=>" fails (7 bytes), "=" takes '>'
      {"token:=abcdefg", "=abcdefg"},              // the same for ":="
      {"token:=abcdefgh", "abcdefgh"},
      {"token=/etc/passwd/x", ""},       // '/' cannot start the value
      {"token=.abcdefgh", ""},           // nor '.'
      {"token=a/b.c:d=e", "a/b.c:d=e"},  // but can follow
      {"token=abcd,efgh", ""},           // ',' ends it
      {"TOKEN=abcdefgh", "abcdefgh"},    // any case
      {"SeCrEt_KeY=abcdefgh", "abcdefgh"},
      {"secretkey=abcdefgh", "abcdefgh"},
      {"secret__key=abcdefgh", ""},  // one separator at most
      {"publickey=abcdefgh", ""},    // not a key name
      {"key=abcdefgh", ""},
      {"x=1 token=abcdefgh", "abcdefgh"},              // an earlier operator without a name
      {"token=short token=abcdefgh", "abcdefgh"},      // an earlier name without a value
      {"token=abcdefgh secret=ijklmnop", "abcdefgh"},  // the leftmost
      {"auth_api_key=abcdefgh", "abcdefgh"},
      {"encryption-key\t=\tabcdefgh", "abcdefgh"},
      {"token\\\"=abcdefgh", "abcdefgh"},  // a backslash is a quote
  };
  for (const auto& c : cases) {
    EXPECT_EQ(expect_same(*search, re, c.text, 0, c.text.size()), c.value) << c.text;
  }
  // The window bounds the match: a value cut at its end, a name starting before pos.
  const std::string text = "token=abcdefghij";
  expect_same(*search, re, text, 0, text.size() - 2);
  expect_same(*search, re, text, 0, text.size() - 3);
  expect_same(*search, re, text, 1, text.size());
  expect_same(*search, re, "access_token=abcdefgh", 2, 21);
}

}  // namespace
}  // namespace logscrub

namespace logscrub {
namespace {

TEST(SecretAssignmentSearch, AwsSecretKeyEqualsRe2OnRandomText) {
  const std::string& pattern = builtin_rule("aws.secret_access_key").pattern;
  RE2 re(pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto search = SecretAssignmentSearch::build(pattern, 1);
  ASSERT_NE(search, nullptr) << "aws.secret_access_key is no longer the pattern matched by hand";
  std::mt19937 rng(19);
  const std::vector<std::string> names = {"aws_secret_access_key",
                                          "AWS_SECRET_ACCESS_KEY",
                                          "aws-secret-key",
                                          "awssecretkey",
                                          "aws.secret.accesskey",
                                          "secret_access_key",
                                          "SecretAccessKey",
                                          "secretaccess_key",
                                          "secret_key",
                                          "aws__secret_key",
                                          "aws_secret",
                                          "x_aws_secret_key",
                                          "access_key",
                                          "aws_secret_access"};
  const std::vector<std::string> around = {"\"", "'", "\\", " ", "\t", "\v"};
  const std::vector<std::string> operators = {"=", ":", "=>", ":=", "==", "::"};
  const std::string secret40 = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE";  // 40 bytes
  // Built with += (GCC 12 reports a false -Wrestrict on "x" + std::string).
  std::vector<std::string> values = {secret40, secret40.substr(0, 39), secret40, "=", ">", "-"};
  values[2] += 'Q';
  values[3] += secret40;
  values[4] += secret40;
  values[5] += secret40.substr(0, 39);
  const std::vector<std::string> junk = {"x", " ", "=", ":", "\"", "a", "_", ";"};
  size_t matches = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    if (rng() % 2) text += junk[rng() % junk.size()];
    text += names[rng() % names.size()];
    for (size_t i = rng() % 4; i > 0; --i) text += around[rng() % around.size()];
    text += operators[rng() % operators.size()];
    for (size_t i = rng() % 4; i > 0; --i) text += around[rng() % around.size()];
    text += values[rng() % values.size()];
    if (rng() % 2)
      text += junk[rng() % junk.size()] + names[rng() % names.size()] + "=" + values[0];
    const auto [pos, end] = testing::random_window(rng, text.size());
    expect_same(*search, re, text, pos, end);
    if (HasFailure()) return;
    NativeMatch m;
    matches += search->leftmost(text, pos, end, &m);
  }
  EXPECT_GT(matches, 10000u);
}

}  // namespace
}  // namespace logscrub
