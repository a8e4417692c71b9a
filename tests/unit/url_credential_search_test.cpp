// UrlCredentialSearch finds exactly RE2's leftmost-first match of url.credentials (bounds and
// password), on random text dense in the bytes that matter, and at each of its bounds.
#include "detect/url_credential_search.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "detect/matcher.h"
#include "detect/url_syntax.h"
#include "rules/rule_loader.h"
#include "test_util.h"

namespace logscrub {
namespace {

using testing::builtin_rule;

const Rule& url_rule() {
  return builtin_rule("url.credentials");
}
const Rule& postgres_rule() {
  return builtin_rule("database.postgres_uri");
}

// next_scheme_separator (16 bytes a step) finds what a byte loop finds, from every start to
// every end of buffers dense in ':' and '/', with separators at, around and across the steps.
TEST(UrlSyntax, NextSchemeSeparatorEqualsAByteLoop) {
  std::mt19937 rng(5);
  for (int round = 0; round < 300; ++round) {
    std::string text(60, 'a');
    for (char& c : text) {
      const auto r = static_cast<unsigned>(rng() % 8);
      c = r < 3 ? ':' : r < 6 ? '/' : r == 6 ? '\xba' : 'h';
    }
    testing::expect_same_in_every_window(text, url::next_scheme_separator,
                                         [&](size_t from, size_t end) {
                                           size_t i = from;
                                           while (i + 3 <= end && text.compare(i, 3, "://") != 0)
                                             ++i;
                                           return i + 3 <= end ? i : end;
                                         });
  }
}

// The search and RE2 agree on text[pos, end) (testing::expect_same_as_re2); RE2's password.
std::string expect_same(const UrlCredentialSearch& search, const RE2& re, const std::string& text,
                        size_t pos, size_t end) {
  return testing::expect_same_as_re2(search, re, 1, text, pos, end);
}

TEST(UrlCredentialSearch, TheBuiltinRulesHaveOneAndOtherPatternsNot) {
  EXPECT_NE(UrlCredentialSearch::build(postgres_rule().pattern, 1), nullptr)
      << "database.postgres_uri is no longer the pattern UrlCredentialSearch matches by hand";
  EXPECT_NE(UrlCredentialSearch::build(url_rule().pattern, url_rule().redact_group), nullptr)
      << "url.credentials is no longer the pattern UrlCredentialSearch matches by hand";
  EXPECT_EQ(UrlCredentialSearch::build(url_rule().pattern + "x", 1), nullptr);
  EXPECT_EQ(UrlCredentialSearch::build(url_rule().pattern, 0), nullptr);
}

// The search for `pattern` agrees with RE2 on random text: random pieces, and
// "<scheme>://user:password@host" with a scheme from `schemes`, each part from pieces at the
// bounds.
void expect_equal_on_random_text(const std::string& pattern,
                                 const std::vector<std::string>& schemes, unsigned seed,
                                 size_t min_matches) {
  RE2 re(pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto search = UrlCredentialSearch::build(pattern, 1);
  ASSERT_NE(search, nullptr);
  std::mt19937 rng(seed);
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "7",
                                           "_",
                                           "+",
                                           ".",
                                           "-",
                                           ":",
                                           "/",
                                           "//",
                                           "://",
                                           "@",
                                           "[",
                                           "]",
                                           "#",
                                           "?",
                                           " ",
                                           "\t",
                                           "\f",
                                           "\v",
                                           "\"",
                                           "'",
                                           "<",
                                           "\xe9",
                                           "https",
                                           "postgres",
                                           "x.y+z",
                                           "user",
                                           "pa:ss",
                                           "p@ss",
                                           "@host",
                                           "@[::1]",
                                           "http://",
                                           "redis://u:",
                                           ":pw@h",
                                           "x:y@z",
                                           "//a:b@",
                                           "u:p@h",
                                           "@h",
                                           "@-",
                                           "@_",
                                           "@/",
                                           "host",
                                           std::string(31, 's'),
                                           std::string(32, 's'),
                                           std::string(127, 'u'),
                                           std::string(128, 'u'),
                                           std::string(129, 'u'),
                                           std::string(254, 'p'),
                                           std::string(255, 'p'),
                                           std::string(256, 'p')};
  size_t matches = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    auto add = [&](size_t count) {
      for (size_t i = 0; i < count; ++i) text += pieces[rng() % pieces.size()];
    };
    if (round % 2 == 0) {
      add(1 + rng() % 20);
    } else {  // scheme://user:password@host, each part from a few pieces, around random ones
      add(rng() % 3);
      text += schemes[rng() % schemes.size()];
      text += "://";
      add(rng() % 3);
      text += ':';
      add(rng() % 4);
      text += '@';
      add(rng() % 3);
    }
    const auto [pos, end] = testing::random_window(rng, text.size());
    expect_same(*search, re, text, pos, end);
    if (::testing::Test::HasFailure()) return;
    NativeMatch m;
    matches += search->leftmost(text, pos, end, &m);
  }
  EXPECT_GT(matches, min_matches);
}

TEST(UrlCredentialSearch, EqualsRe2LeftmostMatchOnRandomText) {
  expect_equal_on_random_text(url_rule().pattern,
                              {"http", "x", "postgres+srv", "a.b-c", "_s", "9s", "",
                               std::string(31, 's'), std::string(32, 's')},
                              5, 4000);
}

TEST(UrlCredentialSearch, PostgresEqualsRe2LeftmostMatchOnRandomText) {
  expect_equal_on_random_text(
      postgres_rule().pattern,
      {"postgres", "PostgreSQL", "postgresql+psycopg2", "postgres+asyncpg", "postgres+",
       "postgres+" + std::string(20, 'd'), "postgres+" + std::string(21, 'd'), "xpostgres",
       "x.postgres", "postgres+postgresql", "postgre", "postgresq", "postgresqlx", "_postgres",
       "postgres+a-b", "http"},
      6, 1500);
}

// Each bound of the pattern, on both sides, against RE2 and against the password it must find
// ("" for no match).
TEST(UrlCredentialSearch, BoundsEqualRe2) {
  const std::string& pattern = url_rule().pattern;
  RE2 re(pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto search = UrlCredentialSearch::build(pattern, 1);
  ASSERT_NE(search, nullptr);
  const std::string s31(31, 's'), s32(32, 's'), u128(128, 'u'), u129(129, 'u'), p256(256, 'p'),
      p257(257, 'p');
  const struct {
    std::string text, password;
  } cases[] = {
      {"db postgres://app:S3cr3t@db:5432/x", "S3cr3t"},
      {"x" + s31 + "://u:pw@h", "pw"},     // a 32-byte scheme
      {"x" + s32 + "://u:pw@h", ""},       // 33 bytes
      {" " + s31 + "://u:pw@h", "pw"},     // 31 bytes after \b
      {"h://u:pw@h", ""},                  // a 1-byte scheme
      {"_http://u:pw@h", ""},              // no \b before the scheme
      {"9http://u:pw@h", ""},              // the run starts with a digit: no \b later
      {"x.http://u:pw@h", "pw"},           // '.' is a scheme byte: starts at x
      {"-http://u:pw@h", "pw"},            // starts after '-' (a \b)
      {"http://" + u128 + ":pw@h", "pw"},  // a 128-byte user
      {"http://" + u129 + ":pw@h", ""},    // 129
      {"http://:pw@h", "pw"},              // no user
      {"http://u:@h", ""},                 // no password
      {"http://u:" + p256 + "@h", p256},   // a 256-byte password
      {"http://u:" + p257 + "@h", ""},     // 257
      {"http://u:a@b@c", "a@b"},           // the rightmost '@' a host byte follows
      {"http://u:a@b@/", "a"},             // '/' is no host byte
      {"http://u:a@[::1]:80", "a"},        // an IPv6 host
      {"http://u:a#b@h", "a#b"},           // '#' in the password
      {"http://u#x:a@h", ""},              // but not in the user
      {"http://u:a b@h", ""},              // whitespace ends it
      {"http://u:a@h http://v:b@h", "a"},  // the leftmost
      {"x:// http://v:b@h", "b"},          // an earlier "://" that fails
      {"http:/u:p@h", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(expect_same(*search, re, c.text, 0, c.text.size()), c.password) << c.text;
  }
  // The window's end bounds the match, the host byte included; \b looks before pos.
  const std::string text = "http://u:pw@h";
  expect_same(*search, re, text, 0, text.size() - 1);
  expect_same(*search, re, text, 1, text.size());
  expect_same(*search, re, "ahttp://u:pw@h", 1, 14);
}

}  // namespace
}  // namespace logscrub
