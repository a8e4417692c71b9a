// AddressSearch finds exactly RE2's leftmost-first match of the email rule (bounds, and whether
// the address group took part), on random text dense in the bytes that matter: local-part and
// domain bytes, '@', "://", ':' and separators.
#include "detect/address_search.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "detect/matcher.h"
#include "rules/rule_loader.h"

namespace logscrub {
namespace {

RE2::Options options() {
  return rule_re2_options();
}

const Rule& email_rule() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> r;
    EXPECT_FALSE(load_builtin_rules(r));
    return r;
  }();
  for (const Rule& r : rules) {
    if (r.id == "pii.email") return r;
  }
  ADD_FAILURE() << "no pii.email rule";
  return rules.front();
}

TEST(AddressSearch, TheBuiltinEmailRuleHasOne) {
  EXPECT_NE(AddressSearch::build(email_rule().pattern, 1, options()), nullptr)
      << "pii.email no longer has the shape AddressSearch handles (see address_search.h)";
  EXPECT_EQ(AddressSearch::build("\\b([a-z]+@[a-z]+)", 1, options()), nullptr);
  EXPECT_EQ(AddressSearch::build("(?:https?://x@|\\b([A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@x))", 1,
                                 options()),
            nullptr);  // a guard that does not start with "://"
}

TEST(AddressSearch, EqualsRe2LeftmostMatchOnRandomText) {
  const Rule& rule = email_rule();
  RE2 re(rule.pattern, options());
  ASSERT_TRUE(re.ok());
  auto search = AddressSearch::build(rule.pattern, 1, options());
  ASSERT_NE(search, nullptr);
  std::mt19937 rng(3);
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "7",
                                           ".",
                                           "_",
                                           "%",
                                           "+",
                                           "-",
                                           "@",
                                           "://",
                                           ":",
                                           "/",
                                           " ",
                                           "\"",
                                           "[",
                                           "]",
                                           "#",
                                           "jane.doe",
                                           "example.com",
                                           "co",
                                           "@mail.example.org",
                                           "https://",
                                           "user:pw@",
                                           "\xe9",
                                           std::string(70, 'x'),
                                           "x.y-z_w"};
  size_t matches = 0, addresses = 0, guards = 0;
  for (int round = 0; round < 80000; ++round) {
    std::string text;
    const size_t n = 1 + rng() % 24;
    for (size_t i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const size_t pos = rng() % (text.size() + 1);
    const size_t end = pos + rng() % (text.size() - pos + 1);
    const re2::StringPiece whole(text);
    re2::StringPiece groups[2];
    const bool want = re.Match(whole, pos, end, RE2::UNANCHORED, groups, 2);
    AddressSearch::Match got;
    AddressSearch::GuardCache cache;
    if (rng() % 2) {  // a cache filled by an earlier call at or before pos
      AddressSearch::Match earlier;
      search->leftmost(whole, pos - rng() % (pos + 1), end, &earlier, cache);
    }
    ASSERT_EQ(search->leftmost(whole, pos, end, &got, cache), want)
        << "text: " << text << " [" << pos << ", " << end << ")";
    if (!want) continue;
    ++matches;
    const size_t begin = static_cast<size_t>(groups[0].data() - text.data());
    ASSERT_EQ(got.begin, begin) << text;
    ASSERT_EQ(got.end, begin + groups[0].size()) << text;
    ASSERT_EQ(got.has_group, groups[1].data() != nullptr) << text;
    if (got.has_group) {
      ++addresses;
      EXPECT_EQ(got.group_begin, static_cast<size_t>(groups[1].data() - text.data())) << text;
      EXPECT_EQ(got.group_end - got.group_begin, groups[1].size()) << text;
    } else {
      ++guards;
    }
  }
  EXPECT_GT(addresses, 1000u);
  EXPECT_GT(guards, 1000u);
  EXPECT_GT(matches, addresses);
}

}  // namespace
}  // namespace logscrub
