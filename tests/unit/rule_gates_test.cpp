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

// `rule_id`'s gate, after checking that it says yes to each of the rule's examples (null, and a
// failure, when the rule has no gate).
std::unique_ptr<RuleGate> gate_passing_every_example(const char* rule_id) {
  const Rule& rule = builtin_rule(rule_id);
  auto gate = build_rule_gate(rule.pattern, rule.prefilter);
  if (!gate) {
    ADD_FAILURE() << rule_id << " has no gate";
    return gate;
  }
  EXPECT_FALSE(rule.examples.empty());
  for (const std::string& example : rule.examples)
    EXPECT_TRUE(gate->may_match(example, 0, example.size())) << example;
  return gate;
}

struct GateCounts {
  size_t matches = 0;    // windows in which RE2 finds a match
  size_t ruled_out = 0;  // windows the gate said no to
};

// Random texts of `pieces` in random windows: wherever RE2 finds a match of `rule_id`'s
// pattern, its gate must say yes. Returns the counts, for the caller's floors.
GateCounts expect_gate_never_rules_out_a_match(const char* rule_id,
                                               const std::vector<std::string>& pieces,
                                               unsigned seed) {
  const Rule& rule = builtin_rule(rule_id);
  RE2 re(rule.pattern, rule_re2_options());
  EXPECT_TRUE(re.ok());
  const auto gate = build_rule_gate(rule.pattern, rule.prefilter);
  GateCounts counts;
  if (!gate) {
    ADD_FAILURE() << rule_id << " has no gate";
    return counts;
  }
  std::mt19937 rng(seed);
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    for (size_t i = 1 + rng() % 10; i > 0; --i) text += pieces[rng() % pieces.size()];
    const auto [pos, end] = testing::random_window(rng, text.size());
    const bool found = re.Match(re2::StringPiece(text), pos, end, RE2::UNANCHORED, nullptr, 0);
    const bool may = gate->may_match(text, pos, end);
    if (!may && found) {
      ADD_FAILURE() << rule_id << ": ruled out a match in: " << text << " [" << pos << ", " << end
                    << ")";
      return counts;
    }
    counts.matches += found;
    counts.ruled_out += !may;
  }
  return counts;
}

TEST(RuleGates, TheConnectionStringRuleHasOneAndOtherPatternsNot) {
  const Rule& rule = builtin_rule("database.ado_odbc_password");
  EXPECT_EQ(rule.pattern, kConnectionStringPasswordPattern)
      << "database.ado_odbc_password's pattern changed: its gate no longer applies";
  EXPECT_NE(build_rule_gate(rule.pattern, rule.prefilter), nullptr);
  EXPECT_EQ(build_rule_gate(rule.pattern + "x", ""), nullptr);
  EXPECT_EQ(build_rule_gate(builtin_rule("generic.password").pattern, ""), nullptr);
}

TEST(RuleGates, ConnectionStringGateLetsEveryExampleThrough) {
  const auto gate = gate_passing_every_example("database.ado_odbc_password");
  ASSERT_NE(gate, nullptr);
  const std::string plain = "WARN login failed for user=admin password=Hunter2xyz";
  EXPECT_FALSE(gate->may_match(plain, 0, plain.size()));
  const std::string db = "db_password=S3cr3t; retry in 5s";
  EXPECT_FALSE(gate->may_match(db, 0, db.size()));
}

TEST(RuleGates, ConnectionStringGateNeverRulesOutAMatch) {
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
  const GateCounts counts =
      expect_gate_never_rules_out_a_match("database.ado_odbc_password", pieces, 17);
  EXPECT_GT(counts.matches, 3000u);
  EXPECT_GT(counts.ruled_out, 30000u);
}

TEST(RuleGates, TheBootstrapTokenRuleHasOne) {
  const Rule& rule = builtin_rule("kubernetes.bootstrap_token");
  EXPECT_EQ(rule.pattern, kBootstrapTokenPattern)
      << "kubernetes.bootstrap_token's pattern changed: its gate no longer applies";
  EXPECT_NE(build_rule_gate(rule.pattern, rule.prefilter), nullptr);
  EXPECT_EQ(build_rule_gate(rule.pattern + "x", ""), nullptr);
}

TEST(RuleGates, BootstrapTokenGateLetsEveryExampleThroughAndRulesOutOtherTokens) {
  const auto gate = gate_passing_every_example("kubernetes.bootstrap_token");
  ASSERT_NE(gate, nullptr);
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
  const GateCounts counts =
      expect_gate_never_rules_out_a_match("kubernetes.bootstrap_token", pieces, 23);
  EXPECT_GT(counts.matches, 2000u);
  EXPECT_GT(counts.ruled_out, 30000u);
}

TEST(RuleGates, ARuleWhosePatternHoldsALiteralItsPrefilterLacksGetsOne) {
  const Rule& mysql = builtin_rule("database.mysql_uri");
  const auto gate = gate_passing_every_example("database.mysql_uri");
  ASSERT_NE(gate, nullptr);
  // The prefilter ("mysql" alone) opens windows the gate closes without RE2.
  for (const std::string& mention :
       {std::string("connected to mysql at db-01:3306 in 12 ms"),
        std::string("MySQL server has gone away"), std::string("mariadb:/ /")})
    EXPECT_FALSE(gate->may_match(mention, 0, mention.size())) << mention;
  // "://" in any case-insensitive spelling is the literal; it must lie inside the window.
  const std::string uri = "mysql://app:pw@db";
  EXPECT_TRUE(gate->may_match(uri, 5, 8));
  EXPECT_FALSE(gate->may_match(uri, 6, uri.size()));
  EXPECT_FALSE(gate->may_match(uri, 0, 7));
  // No prefilter (the pattern itself opens windows) or one that holds the literal: no gate.
  EXPECT_EQ(build_rule_gate(mysql.pattern, ""), nullptr);
  EXPECT_EQ(build_rule_gate(mysql.pattern, "(?i)\\bmysql://"), nullptr);
  const Rule& redis = builtin_rule("database.redis_uri");
  EXPECT_EQ(build_rule_gate(redis.pattern, redis.prefilter), nullptr);
}

TEST(RuleGates, CaselessLiteralGateMatchesAnyCase) {
  const Rule& rule = builtin_rule("http.authorization_bearer");
  const auto gate = build_rule_gate(rule.pattern, rule.prefilter);
  ASSERT_NE(gate, nullptr);
  for (const std::string& header :
       {std::string("AUTHORIZATION: Bearer abc"), std::string("authorization: bearer abc"),
        std::string("AuThOrIzAtIoN: Bearer abc")})
    EXPECT_TRUE(gate->may_match(header, 0, header.size())) << header;
  const std::string bare = "sent Bearer abcdefghijklmnop upstream";
  EXPECT_FALSE(gate->may_match(bare, 0, bare.size()));
}

// Every built-in rule's gate says yes in the tightest window of each match RE2 finds in the
// rule's examples: the match itself.
TEST(RuleGates, EveryBuiltinGateLetsEachExampleMatchThroughInItsOwnSpan) {
  size_t gated = 0;
  for (const Rule& rule : testing::builtin_rules()) {
    if (!rule.end_pattern.empty()) continue;
    const auto gate = build_rule_gate(rule.pattern, rule.prefilter);
    if (!gate) continue;
    ++gated;
    RE2 re(rule.pattern, rule_re2_options());
    ASSERT_TRUE(re.ok()) << rule.id;
    for (const std::string& example : rule.examples) {
      size_t found = 0;
      re2::StringPiece match;
      for (size_t pos = 0; pos <= example.size();) {
        if (!re.Match(example, pos, example.size(), RE2::UNANCHORED, &match, 1)) break;
        const auto begin = static_cast<size_t>(match.data() - example.data());
        const size_t end = begin + match.size();
        EXPECT_TRUE(gate->may_match(example, begin, end))
            << rule.id << ": " << example.substr(begin, end - begin);
        ++found;
        pos = end > begin ? end : begin + 1;
      }
      EXPECT_GT(found, 0u) << rule.id << ": " << example;
    }
  }
  // The two hand-written gates and the literal ones (database.mysql_uri, mssql_uri, ...).
  EXPECT_GE(gated, 30u);
}

// curl in a User-Agent ("curl/8.5.0") opened a window of http.curl_user_password on every line
// of an access log; its option group (-u, --user, -U, --proxy-user) gives the gate "-u" or "-U".
TEST(RuleGates, AGroupOfAlternativesGivesAGateOnAnyOfThem) {
  const auto gate = gate_passing_every_example("http.curl_user_password");
  ASSERT_NE(gate, nullptr);
  const std::string access =
      R"(10.0.3.7 - - [22/Nov/2026:13:00:00 +0000] "GET /health HTTP/1.1" 200 2 "-" "curl/8.5.0")";
  EXPECT_FALSE(gate->may_match(access, 0, access.size()));
  for (const std::string& option : {std::string("curl -s -u a:b"), std::string("curl -U a:b"),
                                    std::string("curl --proxy-user a:b")})
    EXPECT_TRUE(gate->may_match(option, 0, option.size())) << option;
}

// A prefilter that spells the literals the pattern requires needs no gate: stripe's
// \b(?:sk|rk)_(?:live|test)_ holds one of sk_live, sk_test, rk_live, rk_test in every match.
TEST(RuleGates, NoGateWhereEveryPrefilterMatchHoldsTheLiteral) {
  for (const char* id : {"stripe.secret_key", "linear.api_key", "database.redis_uri",
                         "generic.secret", "aws.access_key_id", "slack.token"}) {
    const Rule& rule = builtin_rule(id);
    EXPECT_EQ(build_rule_gate(rule.pattern, rule.prefilter), nullptr) << id;
  }
  // A prefilter with a class or a repeat is not read (it may spell the literal): no gate.
  EXPECT_EQ(build_rule_gate("abc://x", "ab[c]"), nullptr);
  EXPECT_NE(build_rule_gate("abc://x", "abc"), nullptr);
}

TEST(RuleGates, GroupGateNeverRulesOutAMatch) {
  const std::vector<std::string> pieces = {
      "curl ",          "curl/8.5", "curl", " -u ", "-u",  "--user=",
      " --proxy-user ", " -U",      "'",    "\"",   "a:b", ":",
      "deploy",         "pw",       " ",    "x",    "\n",  "\xe9"};
  const GateCounts counts =
      expect_gate_never_rules_out_a_match("http.curl_user_password", pieces, 31);
  EXPECT_GT(counts.matches, 1000u);
  EXPECT_GT(counts.ruled_out, 20000u);
}

TEST(RuleGates, LiteralGateNeverRulesOutAMatch) {
  const std::vector<std::string> pieces = {
      "mysql://app", "MySQL://", "mysqlx", "mariadb+x://", "+pymysql", "://", ":/", "//",
      ":pw@db",      ":",        "app",    "pw",           "@",        "@[",  " ",  "jdbc:",
      "x",           "/",        "\n",     "\xe9"};
  const GateCounts counts = expect_gate_never_rules_out_a_match("database.mysql_uri", pieces, 29);
  EXPECT_GT(counts.matches, 1000u);
  EXPECT_GT(counts.ruled_out, 30000u);
}

}  // namespace
}  // namespace logscrub
