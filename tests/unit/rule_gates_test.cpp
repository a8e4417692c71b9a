// A rule gate never rules out a window in which RE2 finds a match of its pattern, and rules out
// the windows it is there for (database.ado_odbc_password, kubernetes.bootstrap_token).
#include "detect/rule_gates.h"

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

TEST(RuleGates, TheConnectionStringRuleHasOneAndOtherPatternsNot) {
  const Rule& rule = builtin_rule("database.ado_odbc_password");
  EXPECT_EQ(rule.pattern, kConnectionStringPasswordPattern)
      << "database.ado_odbc_password's pattern changed: its gate no longer applies";
  EXPECT_NE(build_rule_gate(rule.pattern), nullptr);
  EXPECT_EQ(build_rule_gate(rule.pattern + "x"), nullptr);
  EXPECT_EQ(build_rule_gate(builtin_rule("generic.password").pattern), nullptr);
}

TEST(RuleGates, ConnectionStringGateLetsEveryExampleThrough) {
  const Rule& rule = builtin_rule("database.ado_odbc_password");
  const auto gate = build_rule_gate(rule.pattern);
  ASSERT_NE(gate, nullptr);
  ASSERT_FALSE(rule.examples.empty());
  for (const std::string& example : rule.examples)
    EXPECT_TRUE(gate->may_match(example, 0, example.size())) << example;
  const std::string plain = "WARN login failed for user=admin password=Hunter2xyz";
  EXPECT_FALSE(gate->may_match(plain, 0, plain.size()));
  const std::string db = "db_password=S3cr3t; retry in 5s";
  EXPECT_FALSE(gate->may_match(db, 0, db.size()));
}

TEST(RuleGates, ConnectionStringGateNeverRulesOutAMatch) {
  const Rule& rule = builtin_rule("database.ado_odbc_password");
  RE2 re(rule.pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto gate = build_rule_gate(rule.pattern);
  ASSERT_NE(gate, nullptr);
  const std::vector<std::string> pieces = {"Server=sql-01;",
                                           "Data Source=x;",
                                           "User Id=app;",
                                           "uid=etl;",
                                           "Database=db;",
                                           ";",
                                           " ",
                                           "  ",
                                           "   ",
                                           "\t",
                                           "Password",
                                           "password",
                                           "PWD",
                                           "Pwd",
                                           "pass",
                                           "=",
                                           " =",
                                           "  =",
                                           "S3cr3t",
                                           "{Xw3}",
                                           "'q'",
                                           "Port=5432;",
                                           "Pa=1;",
                                           "Password=S3cr3t",
                                           "Pwd  = abc",
                                           "Server=x;  Password  =  abc;",
                                           "Host=h; pwd=q",
                                           "x",
                                           "\n",
                                           "\xe9"};
  std::mt19937 rng(17);
  size_t matches = 0, ruled_out = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    for (size_t i = 1 + rng() % 10; i > 0; --i) text += pieces[rng() % pieces.size()];
    const auto [pos, end] = testing::random_window(rng, text.size());
    const bool found = re.Match(re2::StringPiece(text), pos, end, RE2::UNANCHORED, nullptr, 0);
    const bool may = gate->may_match(text, pos, end);
    ASSERT_TRUE(may || !found) << "ruled out a match in: " << text << " [" << pos << ", " << end
                               << ")";
    matches += found;
    ruled_out += !may;
  }
  EXPECT_GT(matches, 3000u);
  EXPECT_GT(ruled_out, 30000u);
}

TEST(RuleGates, TheBootstrapTokenRuleHasOne) {
  const Rule& rule = builtin_rule("kubernetes.bootstrap_token");
  EXPECT_EQ(rule.pattern, kBootstrapTokenPattern)
      << "kubernetes.bootstrap_token's pattern changed: its gate no longer applies";
  EXPECT_NE(build_rule_gate(rule.pattern), nullptr);
  EXPECT_EQ(build_rule_gate(rule.pattern + "x"), nullptr);
}

TEST(RuleGates, BootstrapTokenGateLetsEveryExampleThroughAndRulesOutOtherTokens) {
  const Rule& rule = builtin_rule("kubernetes.bootstrap_token");
  const auto gate = build_rule_gate(rule.pattern);
  ASSERT_NE(gate, nullptr);
  ASSERT_FALSE(rule.examples.empty());
  for (const std::string& example : rule.examples)
    EXPECT_TRUE(gate->may_match(example, 0, example.size())) << example;
  for (const std::string& other :
       {std::string("access_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0"),
        std::string("token: abcdef.0123456789abcde"),    // a secret of 15
        std::string("token: abcde.0123456789abcdef"),    // an id of 5
        std::string("token: abcdeF.0123456789abcdef"),   // an upper-case byte
        std::string("token: abcdef-0123456789abcdef")})  // no dot
    EXPECT_FALSE(gate->may_match(other, 0, other.size())) << other;
  // The shape must lie inside the window, not run past either edge.
  const std::string shape = "token: abcdef.0123456789abcdef";
  EXPECT_TRUE(gate->may_match(shape, 7, shape.size()));
  EXPECT_FALSE(gate->may_match(shape, 8, shape.size()));
  EXPECT_FALSE(gate->may_match(shape, 0, shape.size() - 1));
}

TEST(RuleGates, BootstrapTokenGateNeverRulesOutAMatch) {
  const Rule& rule = builtin_rule("kubernetes.bootstrap_token");
  RE2 re(rule.pattern, rule_re2_options());
  ASSERT_TRUE(re.ok());
  const auto gate = build_rule_gate(rule.pattern);
  ASSERT_NE(gate, nullptr);
  const std::vector<std::string> pieces = {"--token ",
                                           "--discovery-token=",
                                           "token: ",
                                           "Token=\"",
                                           "TOKEN = '",
                                           "bootstrapToken: ",
                                           "BOOTSTRAP_TOKEN_ID=",
                                           "abcdef",
                                           "abcde",
                                           "0123456789abcdef",
                                           "0123456789abcde",
                                           ".",
                                           "..",
                                           "abcdef.0123456789abcdef",
                                           "q1w2e3.r4t5y6u7i8o9p0a1",
                                           "ABCDEF",
                                           "x",
                                           "9",
                                           " ",
                                           "-",
                                           "'",
                                           "\n",
                                           "\xe9"};
  std::mt19937 rng(23);
  size_t matches = 0, ruled_out = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    for (size_t i = 1 + rng() % 10; i > 0; --i) text += pieces[rng() % pieces.size()];
    const auto [pos, end] = testing::random_window(rng, text.size());
    const bool found = re.Match(re2::StringPiece(text), pos, end, RE2::UNANCHORED, nullptr, 0);
    const bool may = gate->may_match(text, pos, end);
    ASSERT_TRUE(may || !found) << "ruled out a match in: " << text << " [" << pos << ", " << end
                               << ")";
    matches += found;
    ruled_out += !may;
  }
  EXPECT_GT(matches, 2000u);
  EXPECT_GT(ruled_out, 30000u);
}

}  // namespace
}  // namespace logscrub
