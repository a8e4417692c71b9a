// JwtSearch, BearerSearch and AuthorizationBearerSearch find exactly RE2's leftmost-first match
// of their rules (bounds and group), on random text dense in the bytes that matter, and at
// each bound.
#include "detect/token_searches.h"

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

struct Searched {
  std::unique_ptr<NativeSearch> search;
  RE2 re;
  int group;
  Searched(const std::string& id, int g)
      : search(build_native_search(builtin_rule(id).pattern, g)),
        re(builtin_rule(id).pattern, rule_re2_options()),
        group(g) {}
};

// Random texts of `pieces`, half of them whole windows, half random windows.
void expect_same_on_random_text(const Searched& s, const std::vector<std::string>& pieces,
                                unsigned seed, size_t min_matches) {
  ASSERT_NE(s.search, nullptr);
  ASSERT_TRUE(s.re.ok());
  std::mt19937 rng(seed);
  size_t matches = 0;
  for (int round = 0; round < 60000; ++round) {
    std::string text;
    for (size_t i = 1 + rng() % 8; i > 0; --i) text += pieces[rng() % pieces.size()];
    const auto [pos, end] = testing::random_window(rng, text.size());
    matches += !expect_same_as_re2(*s.search, s.re, s.group, text, pos, end).empty();
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(matches, min_matches);
}

TEST(TokenSearches, TheBuiltinRulesHaveThem) {
  EXPECT_NE(Searched("jwt.token", 0).search, nullptr);
  EXPECT_NE(Searched("http.bearer_token", 1).search, nullptr);
  EXPECT_NE(Searched("http.authorization_bearer", 1).search, nullptr);
  EXPECT_EQ(JwtSearch::build(std::string(JwtSearch::kPattern), 1), nullptr);
  EXPECT_EQ(BearerSearch::build(std::string(BearerSearch::kPattern) + "x", 1), nullptr);
}

TEST(TokenSearches, JwtEqualsRe2OnRandomText) {
  const std::vector<std::string> pieces = {"eyJ",
                                           "eyJhbGci",
                                           ".",
                                           ".eyJ",
                                           "eyJ.",
                                           "a",
                                           "_",
                                           "-",
                                           " ",
                                           "x",
                                           "9",
                                           "=",
                                           "ey",
                                           "J",
                                           std::string(3, 'h'),
                                           std::string(4, 'h'),
                                           std::string(995, 'h'),
                                           std::string(997, 'h'),
                                           std::string(1001, 'h'),
                                           ".eyJpYX",
                                           ".eyJpYXQ",
                                           "\xe9"};
  expect_same_on_random_text(Searched("jwt.token", 0), pieces, 11, 3000);
}

TEST(TokenSearches, BearerEqualsRe2OnRandomText) {
  const std::vector<std::string> pieces = {"Bearer",
                                           "bearer",
                                           "BEARER",
                                           "BeArEr",
                                           "xBearer",
                                           "_bearer",
                                           " ",
                                           "  ",
                                           "\t",
                                           "\v",
                                           "\f",
                                           "\n",
                                           "abcd",
                                           "A.b~c+d/e=f-g_",
                                           "Bearer abcdefghijklmnop",
                                           "bearer\tabcdefghijklmnopq",
                                           std::string(15, 't'),
                                           std::string(16, 't'),
                                           std::string(995, 't'),
                                           std::string(1001, 't'),
                                           ",",
                                           ":",
                                           "\xe9",
                                           "-"};
  expect_same_on_random_text(Searched("http.bearer_token", 1), pieces, 12, 3000);
}

TEST(TokenSearches, AuthorizationBearerEqualsRe2OnRandomText) {
  const std::vector<std::string> pieces = {"authorization",
                                           "Authorization",
                                           "AUTHORIZATION",
                                           "xauthorization",
                                           "\"",
                                           "'",
                                           "\\",
                                           ":",
                                           "=",
                                           " ",
                                           "     ",
                                           "\t",
                                           "\v",
                                           "\n",
                                           "bearer",
                                           "Bearer",
                                           "BEARER ",
                                           "abcdef",
                                           "abcde",
                                           "A.b~c+d/e=f-g_",
                                           "Authorization: Bearer abcdef",
                                           "authorization=bearer ",
                                           "\"Authorization\": \"Bearer ",
                                           std::string(997, 't'),
                                           std::string(1001, 't'),
                                           ",",
                                           "\xe9"};
  expect_same_on_random_text(Searched("http.authorization_bearer", 1), pieces, 13, 3000);
}

TEST(TokenSearches, BoundsEqualRe2) {
  const Searched jwt("jwt.token", 0), bearer("http.bearer_token", 1),
      authorization("http.authorization_bearer", 1);
  const std::string h1000(1000, 'h'), h1001(1001, 'h'), t1000(1000, 't'), t1001(1001, 't');
  const struct {
    const Searched& s;
    std::string text, group;
  } cases[] = {
      {jwt, "eyJhbGci.eyJpYXQx.sig", "eyJhbGci.eyJpYXQ"},  // 4 bytes of payload
      {jwt, "eyJhbG.eyJpYXQx", ""},                        // a header of 3 bytes
      {jwt, "eyJhbGc.eyJpYX", ""},                         // a payload start of 3
      {jwt, "xeyJhbGci.eyJpYXQx", ""},                     // no \b
      {jwt, "eyJ" + h1000 + ".eyJpYXQx", "eyJ" + h1000 + ".eyJpYXQ"},
      {jwt, "eyJ" + h1001 + ".eyJpYXQx", "eyJ" + h1001},  // the second alternative
      {jwt, "eyJ" + h1000, ""},
      {bearer, "Authorization: Bearer abcdefghijklmnop", "abcdefghijklmnop"},  // 16 bytes
      {bearer, "Bearer abcdefghijklmno", ""},                                  // 15
      {bearer, "BeArEr abcdefghijklmnop", ""},
      {bearer, "Bearer    abcdefghijklmnop", "abcdefghijklmnop"},  // 4 blanks
      {bearer, "Bearer     abcdefghijklmnop", ""},                 // 5
      {bearer, "Bearerabcdefghijklmnop", ""},
      {bearer, "xBearer abcdefghijklmnop", ""},
      {bearer, "Bearer " + t1001, t1000},  // the group stops at 1,000 bytes
      {authorization, "authorization: bearer abcdef", "abcdef"},
      {authorization, "AUTHORIZATION=BEARER abcdef", "abcdef"},
      {authorization, "\"Authorization\": \"Bearer abcdef", "abcdef"},
      {authorization, "Authorization''':Bearer abcdef", ""},                 // 3 quotes
      {authorization, "Authorization     :Bearer abcdef", ""},               // 5 blanks
      {authorization, "Authorization''    :    ''Bearer abcdef", "abcdef"},  // every bound
      {authorization, "Authorization:Bearer abcde", ""},                     // a 5-byte token
      {authorization, "Authorization:Bearer\tabcdef", "abcdef"},
      {authorization, "xAuthorization: Bearer abcdef", "abcdef"},  // no \b needed
  };
  for (const auto& c : cases) {
    EXPECT_EQ(expect_same_as_re2(*c.s.search, c.s.re, c.s.group, c.text, 0, c.text.size()), c.group)
        << c.text;
  }
  // Windows that cut a match.
  const std::string text = "Authorization: Bearer abcdefghijklmnopq";
  for (size_t end = text.size() - 3; end <= text.size(); ++end) {
    expect_same_as_re2(*bearer.search, bearer.re, 1, text, 0, end);
    expect_same_as_re2(*authorization.search, authorization.re, 1, text, 0, end);
  }
  const std::string jwt_text = "eyJhbGci.eyJpYXQx";
  for (size_t end = jwt_text.size() - 2; end <= jwt_text.size(); ++end)
    expect_same_as_re2(*jwt.search, jwt.re, 0, jwt_text, 0, end);
}

}  // namespace
}  // namespace logscrub
