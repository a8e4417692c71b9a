#include "rules/rule_loader.h"

#include <gtest/gtest.h>

#include "rules/builtin_rules.h"

namespace logscrub {
namespace {

TEST(RuleLoader, ParsesAllFields) {
  std::vector<Rule> rules;
  Error err = parse_rules_yaml(R"(rules:
  - id: demo.token
    name: Demo token
    category: secret
    tags: [demo, test]
    pattern: 'demo_([a-z]{4,8})'
    redact: 1
    extend: 'a-z'
    validators: [not_placeholder]
    style: mask
    references: ['https://example.invalid/doc']
    examples: ['x demo_abcdef y']
    negative_examples: ['demo_AB']
)",
                               "t.yaml", rules);
  ASSERT_FALSE(err) << err.message;
  ASSERT_EQ(rules.size(), 1u);
  const Rule& r = rules[0];
  EXPECT_EQ(r.id, "demo.token");
  EXPECT_EQ(r.name, "Demo token");
  EXPECT_EQ(r.category, Category::Secret);
  EXPECT_EQ(r.tags, (std::vector<std::string>{"demo", "test"}));
  EXPECT_EQ(r.redact_group, 1);
  EXPECT_EQ(r.extend, "a-z");
  EXPECT_TRUE(r.has_style);
  EXPECT_EQ(r.style, Style::Mask);
  EXPECT_EQ(r.examples.size(), 1u);
  EXPECT_EQ(r.negative_examples.size(), 1u);
  EXPECT_EQ(r.source_line, 2);
}

struct BadRuleCase {
  const char* yaml;
  const char* expected_fragment;
};

class RuleLoaderErrors : public ::testing::TestWithParam<BadRuleCase> {};

TEST_P(RuleLoaderErrors, NameTheProblemRuleAndLine) {
  std::vector<Rule> rules;
  Error err = parse_rules_yaml(GetParam().yaml, "user.yaml", rules);
  ASSERT_TRUE(err);
  EXPECT_EQ(err.code, ErrorCode::RuleFile);
  EXPECT_NE(err.message.find("user.yaml"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find(GetParam().expected_fragment), std::string::npos) << err.message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RuleLoaderErrors,
    ::testing::Values(
        BadRuleCase{"rules: [", ""}, BadRuleCase{"foo: 1", "rules:"},
        BadRuleCase{"rules:\n  - name: x\n", "missing 'id'"},
        BadRuleCase{"rules:\n  - id: Bad Id\n    category: secret\n    pattern: 'x'\n",
                    "id must be"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: nope\n    pattern: 'x'\n", "category"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: secret\n", "missing 'pattern'"},
        BadRuleCase{
            "rules:\n  - id: a.b\n    category: secret\n    pattern: 'x'\n    patern: 'y'\n",
            "unknown key 'patern'"},
        BadRuleCase{
            "rules:\n  - id: a.b\n    category: secret\n    pattern: 'x'\n    validators: [nope]\n",
            "unknown validator 'nope'"},
        BadRuleCase{
            "rules:\n  - id: a.b\n    category: secret\n    pattern: 'x'\n    style: loud\n",
            "style"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: pii\n    detector: magic\n",
                    "unknown detector"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: secret\n    detector: jwk\n"
                    "    prefilter: 'kty'\n",
                    "the jwk detector has its own trigger"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: secret\n    detector: jwk\n"
                    "    pattern: '\"d\"'\n",
                    "'pattern' and 'detector' are exclusive"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: secret\n    pattern: 'tok_[a-z]{20}'\n"
                    "    glued: true\n",
                    "'glued' needs a prefilter"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: secret\n    pattern: 'tok_[a-z]{20}'\n"
                    "    prefilter: 'tok_'\n    prefilter_offset: 0\n    glued: true\n",
                    "'glued' needs a prefilter"},
        BadRuleCase{"rules:\n  - id: a.b\n    category: secret\n    pattern: 'x\\btok_[a-z]{20}'\n"
                    "    prefilter: '\\btok_'\n    prefilter_offset: 1\n    glued: true\n",
                    "prefilter_offset 0"}));

TEST(RuleLoader, ErrorLineNumberPointsAtTheRule) {
  std::vector<Rule> rules;
  Error err = parse_rules_yaml(
      "rules:\n  - id: good.one\n    category: secret\n    pattern: 'x'\n  - id: bad.one\n    "
      "category: x\n",
      "f.yaml", rules);
  ASSERT_TRUE(err);
  EXPECT_NE(err.message.find("f.yaml:5"), std::string::npos) << err.message;
  EXPECT_NE(err.message.find("bad.one"), std::string::npos) << err.message;
}

TEST(RuleLoader, MissingFileIsAnError) {
  std::vector<Rule> rules;
  Error err = load_rules_file("/nonexistent/rules.yaml", rules);
  ASSERT_TRUE(err);
  EXPECT_NE(err.message.find("/nonexistent/rules.yaml"), std::string::npos);
}

TEST(BuiltinRules, AreEmbeddedAndLoad) {
  ASSERT_FALSE(builtin_rule_files().empty());
  std::vector<Rule> rules;
  Error err = load_builtin_rules(rules);
  ASSERT_FALSE(err) << err.message;
  EXPECT_GE(rules.size(), 15u);
  for (const Rule& r : rules) {
    EXPECT_GE(r.examples.size(), 2u) << r.id;
    EXPECT_GE(r.negative_examples.size(), 2u) << r.id;
    EXPECT_EQ(r.source.rfind("builtin:patterns/", 0), 0u) << r.source;
  }
}

}  // namespace
}  // namespace logscrub
