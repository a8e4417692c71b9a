#include "scrub/render.h"

#include <gtest/gtest.h>

namespace logscrub {
namespace {

Rule make_rule(const char* id, Detector d = Detector::Regex) {
  Rule r;
  r.id = id;
  r.detector = d;
  return r;
}

std::string render(const Rule& rule, Style style, std::string_view secret, RenderOptions o = {}) {
  std::string out;
  render_replacement(rule, style, secret, o, out);
  return out;
}

TEST(Render, TagNamesTheRule) {
  EXPECT_EQ(render(make_rule("aws.access_key_id"), Style::Tag, "AKIAXXXX"),
            "[REDACTED:aws.access_key_id]");
}

TEST(Render, MaskFixedOrSameLength) {
  EXPECT_EQ(render(make_rule("a.b"), Style::Mask, "hunter2"), "[REDACTED]");
  RenderOptions o;
  o.mask_same_length = true;
  EXPECT_EQ(render(make_rule("a.b"), Style::Mask, "hunter2", o), "*******");
}

TEST(Render, PartialCardShowsAtMostLastFour) {
  Rule card = make_rule("pii.payment_card", Detector::PaymentCard);
  EXPECT_EQ(render(card, Style::Partial, "4111111111111111"), "************1111");
  EXPECT_EQ(render(card, Style::Partial, "4111 1111 1111 1111"), "**** **** **** 1111");
  RenderOptions none;
  none.card_keep_last = 0;
  EXPECT_EQ(render(card, Style::Partial, "4111-1111-1111-1111", none), "****-****-****-****");
  RenderOptions six;
  six.card_keep_first = 6;
  EXPECT_EQ(render(card, Style::Partial, "4111111111111111", six), "411111******1111");
  // Out-of-range settings are clamped to the PCI DSS maximum.
  RenderOptions greedy;
  greedy.card_keep_last = 9;
  EXPECT_EQ(render(card, Style::Partial, "4111111111111111", greedy), "************1111");
}

TEST(Render, PartialNonCardHidesEverything) {
  EXPECT_EQ(render(make_rule("generic.password"), Style::Partial, "s3cret!"), "*******");
}

TEST(Render, HmacIsKeyedDeterministicAndNormalisesCards) {
  RenderOptions k1;
  k1.hmac_key = "0123456789abcdef0123";
  RenderOptions k2;
  k2.hmac_key = "another-key-of-16-bytes";
  Rule r = make_rule("generic.password");
  std::string a = render(r, Style::Hmac, "hunter2", k1);
  EXPECT_EQ(a.rfind("[REDACTED:generic.password#", 0), 0u) << a;
  EXPECT_EQ(a.size(), std::string("[REDACTED:generic.password#]").size() + 16);
  EXPECT_EQ(a, render(r, Style::Hmac, "hunter2", k1));
  EXPECT_NE(a, render(r, Style::Hmac, "hunter3", k1));
  EXPECT_NE(a, render(r, Style::Hmac, "hunter2", k2));
  EXPECT_EQ(a.find("hunter2"), std::string::npos);
  Rule card = make_rule("pii.payment_card", Detector::PaymentCard);
  EXPECT_EQ(render(card, Style::Hmac, "4111 1111 1111 1111", k1),
            render(card, Style::Hmac, "4111-1111-1111-1111", k1));
}

TEST(Render, MarkersAreRecognised) {
  EXPECT_TRUE(is_redaction_marker("[REDACTED]"));
  EXPECT_TRUE(is_redaction_marker("[REDACTED:aws.access_key_id]"));
  EXPECT_TRUE(is_redaction_marker("[REDACTED:generic.password#0123456789abcdef]"));
  EXPECT_TRUE(is_redaction_marker("****"));
  EXPECT_TRUE(is_redaction_marker(kOversizedMarker));
  EXPECT_FALSE(is_redaction_marker("[REDACTED"));
  EXPECT_FALSE(is_redaction_marker("[REDACTEDhunter2]"));
  EXPECT_FALSE(is_redaction_marker("[REDACTED:Bad Id]"));
  EXPECT_FALSE(is_redaction_marker("[REDACTED:a.b#0123]"));
  EXPECT_FALSE(is_redaction_marker("[REDACTED:a.b:0123456789abcdef]"));
  EXPECT_FALSE(is_redaction_marker("**x*"));
  EXPECT_FALSE(is_redaction_marker(""));
}

}  // namespace
}  // namespace logscrub
