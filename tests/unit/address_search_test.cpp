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
#include "test_util.h"

namespace logscrub {
namespace {

RE2::Options options() {
  return rule_re2_options();
}

const Rule& email_rule() {
  return testing::builtin_rule("pii.email");
}

TEST(AddressSearch, TheBuiltinEmailRuleHasOne) {
  const auto search = AddressSearch::build(email_rule().pattern, 1, options());
  ASSERT_NE(search, nullptr)
      << "pii.email no longer has the shape AddressSearch handles (see address_search.h)";
  EXPECT_TRUE(search->native_domain())
      << "pii.email's domain is no longer the grammar AddressSearch matches by hand";
  EXPECT_TRUE(search->native_guards())
      << "pii.email's URL-userinfo guards are no longer the ones AddressSearch finds by hand";
  EXPECT_EQ(AddressSearch::build("\\b([a-z]+@[a-z]+)", 1, options()), nullptr);
  EXPECT_EQ(AddressSearch::build("(?:https?://x@|\\b([A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@x))", 1,
                                 options()),
            nullptr);  // a guard that does not start with "://"
}

// The same email rule with another domain grammar (at most 3 labels, TLD of 2..6 letters): the
// address runs its own RE2 program.
std::string email_pattern_with_other_domain() {
  std::string p = email_rule().pattern;
  const std::string domain = "{1,8}[A-Za-z]{2,24}";
  const size_t at = p.find(domain);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) p.replace(at, domain.size(), "{1,3}[A-Za-z]{2,6}");
  return p;
}

// The same email rule with other URL-userinfo guards (user part of at most 64 bytes): the
// guards run their own RE2 program.
std::string email_pattern_with_other_guards() {
  std::string p = email_rule().pattern;
  const std::string user = "{0,128}:";
  const size_t at = p.find(user);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) p.replace(at, user.size(), "{0,64}:");
  return p;
}

// AddressSearch on `pattern` agrees with RE2's leftmost match of it on random text.
void expect_equal_to_re2_on_random_text(const std::string& pattern, bool native_domain,
                                        bool native_guards) {
  RE2 re(pattern, options());
  ASSERT_TRUE(re.ok());
  auto search = AddressSearch::build(pattern, 1, options());
  ASSERT_NE(search, nullptr);
  EXPECT_EQ(search->native_domain(), native_domain);
  EXPECT_EQ(search->native_guards(), native_guards);
  std::mt19937 rng(3);
  const std::vector<std::string> pieces = {
      "a", "Z", "7", ".", "_", "%", "+", "-", "@", "://", ":", "/", " ", "\"", "[", "]", "#",
      "jane.doe", "example.com", "co", "@mail.example.org", "https://", "user:pw@", "\xe9",
      std::string(70, 'x'), "x.y-z_w",
      // domain edges: label lengths 62..64, TLDs of 24
      // and 25 letters, nine labels, '-' at a label's end
      std::string(61, 'q') + ".", std::string(62, 'q') + ".", std::string(63, 'q') + ".",
      std::string(64, 'q') + ".", std::string(24, 't'), std::string(25, 't'), "a.b.c.d.e.f.g.h.i.",
      "x-.", "-y.", "9.io", "co_", "io9", "org-",
      // guard edges: ':' and '#' in the userinfo, runs
      // about the user's 128 and the password's 256
      ":a:b@", "a#b@", "@@", std::string(127, 'u'), std::string(128, 'u'), std::string(250, 'p')};
  size_t matches = 0, addresses = 0, guards = 0;
  for (int round = 0; round < 100000; ++round) {
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

TEST(AddressSearch, EqualsRe2LeftmostMatchOnRandomText) {
  expect_equal_to_re2_on_random_text(email_rule().pattern, true, true);
}

// The domain's edges, each against RE2 and against the address it must find ("" for none).
TEST(AddressSearch, DomainEdgesEqualRe2) {
  const Rule& rule = email_rule();
  RE2 re(rule.pattern, options());
  ASSERT_TRUE(re.ok());
  const auto search = AddressSearch::build(rule.pattern, 1, options());
  ASSERT_NE(search, nullptr);
  const std::string label63(63, 'q'), label64(64, 'q'), tld24(24, 't'), tld25(25, 't');
  const struct {
    std::string text, address;
  } cases[] = {
      {"mail a@b.co now", "a@b.co"},
      {"a@b.co_x", ""},          // no \b after the TLD
      {"a@b.co1", ""},           // nor before a digit
      {"a@b.co-x", "a@b.co"},    // '-' ends a TLD
      {"a@b.c", ""},             // a TLD of one letter
      {"a@b.cd.e", "a@b.cd"},    // the last label's TLD fails: one label fewer
      {"a@b.cd.123", "a@b.cd"},  // a label that is no TLD
      {"a@x-.io", ""},           // a label ends with an alphanumeric
      {"a@-x.io", ""},           // and starts with one
      {"a@" + label63 + ".io", "a@" + label63 + ".io"},
      {"a@" + label64 + ".io", ""},
      {"a@b." + tld24, "a@b." + tld24},
      {"a@b." + tld25, ""},
      {"a@1.2.3.4.5.6.7.8.io", "a@1.2.3.4.5.6.7.8.io"},   // eight labels
      {"a@1.2.3.4.5.6.7.8.9.io", ""},                     // nine: the TLD would be "9"
      {"a@1.2.3.4.5.6.7.bc.d.io", "a@1.2.3.4.5.6.7.bc"},  // TLD "d" fails: seven labels
      {"x_y@b.io", "x_y@b.io"},
      {"_a@b.io", ""},  // no \b before 'a'
  };
  for (const auto& c : cases) {
    const re2::StringPiece whole(c.text);
    re2::StringPiece groups[2];
    const bool want = re.Match(whole, 0, c.text.size(), RE2::UNANCHORED, groups, 2) &&
                      groups[1].data() != nullptr;
    EXPECT_EQ(want ? std::string(groups[1].data(), groups[1].size()) : "", c.address)
        << "RE2 on " << c.text;
    AddressSearch::Match got;
    AddressSearch::GuardCache cache;
    const bool found = search->leftmost(whole, 0, c.text.size(), &got, cache) && got.has_group;
    EXPECT_EQ(found ? c.text.substr(got.group_begin, got.group_end - got.group_begin) : "",
              c.address)
        << "AddressSearch on " << c.text;
  }
  // The window's end bounds the match, and \b looks past it.
  const std::string text = "a@b.io x";
  AddressSearch::Match got;
  AddressSearch::GuardCache cache;
  EXPECT_FALSE(search->leftmost(re2::StringPiece(text), 0, 5, &got, cache));  // "a@b.i"
  AddressSearch::GuardCache cache2;
  ASSERT_TRUE(search->leftmost(re2::StringPiece(text), 0, 6, &got, cache2));
  EXPECT_EQ(got.end, 6u);
}

TEST(AddressSearch, AnotherDomainGrammarRunsRe2AndEqualsIt) {
  expect_equal_to_re2_on_random_text(email_pattern_with_other_domain(), false, true);
}

TEST(AddressSearch, OtherGuardsRunRe2AndEqualIt) {
  expect_equal_to_re2_on_random_text(email_pattern_with_other_guards(), true, false);
}

}  // namespace
}  // namespace logscrub
