// Adversarial suite, percent encoding: secrets whose separators are percent-encoded (a query
// string nested in another, a form body logged encoded), found by the matcher's percent view
// (detect/percent_decode.h, Matcher::find step 9). Each case below went out unchanged before
// that view existed: the raw text has no '=' after the key name, no "://" before the password,
// no word boundary before the token.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adversarial_util.h"

namespace logscrub_adversarial {
namespace {

struct Case {
  std::string in;
  std::string want;
  std::vector<std::string_view> secrets;
};

// Checks the exact output, one-shot and streamed a byte at a time (G4), the secrets' absence,
// G5 and G6.
void expect_cases(const Scrubber& s, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const std::string in = c.in + "\n";
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    EXPECT_EQ(out, c.want + "\n");
    EXPECT_EQ(s.stream_bytewise(in), out) << "G4";
    for (std::string_view secret : c.secrets) expect_scrubbed(s, in, out, {secret});
  }
}

TEST(AdversarialPercentEncoding, SecretsBehindEncodedSeparatorsAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  expect_cases(
      s,
      {
          // A password assignment inside a nested query string: "password=" is "password%3D".
          {"GET /login?next=%2Fhome%26password%3DS3cr3tPassw0rd%21x HTTP/1.1",
           "GET /login?next=%2Fhome%26password%3D[REDACTED:generic.password] HTTP/1.1",
           {"S3cr3tPassw0rd"}},
          // Credentials in an encoded redirect URL: no "://" and no '@' in the raw text.
          {"GET /cb?redirect=https%3A%2F%2Fadmin%3AHunter2Secret99%40db.example.com%2Fx HTTP/1.1",
           "GET /cb?redirect=https%3A%2F%2Fadmin%3A[REDACTED:url.credentials]%40db.example.com%2Fx"
           " HTTP/1.1",
           {"Hunter2Secret99"}},
          {"GET /cb?x=postgres%3A%2F%2Fapp%3AVcPtjLEwghc7z9ME%40pg.example.net%3A5432%2Forders",
           "GET /cb?x=postgres%3A%2F%2Fapp%3A[REDACTED:database.postgres_uri]%40pg.example.net"
           "%3A5432%2Forders",
           {"VcPtjLEwghc7z9ME"}},
          // An e-mail address whose '@' is encoded.
          {"GET /cb?email%3D" + cat({"jane.doe%40example.com"}) + " HTTP/1.1",
           "GET /cb?email%3D[REDACTED:pii.email] HTTP/1.1",
           {"jane.doe"}},
          // A token right after "%3D": "3D" are word bytes, so no \b before "sk-proj-".
          {"GET /cb?key%3Dsk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2rSt5uVw8x"
           "Yz1aBc4dEf7gHi0jKl3mNo6pQr9sTu2vWx5yZa8bCd1eFg4hIj7kLm0nOp3qRs6tUv9wXy2zA",
           "GET /cb?key%3D[REDACTED:openai.api_key]",
           {"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"}},
          // An Authorization header logged as a query parameter: "Basic" and its value are
          // separated by "%20".
          {"q=Authorization%3A%20Basic%20dXNlcjpodW50ZXIyaHVudGVyMg%3D%3D x",
           "q=Authorization%3A%20Basic%20[REDACTED:http.authorization_basic] x",
           {"dXNlcjpodW50ZXIyaHVudGVyMg"}},
          // JSON inside a query parameter.
          {"GET /cb?data=%7B%22api_key%22%3A%22Zx81kPq2mnrdT7vB4cL9sW3e%22%7D HTTP/1.1",
           "GET /cb?data=%7B%22api_key%22%3A%22[REDACTED:generic.secret]%22%7D HTTP/1.1",
           {"Zx81kPq2mnrdT7vB4cL9sW3e"}},
          // A card number whose groups are separated by encoded spaces.
          {"card%3D4111%201111%201111%201111 ok",
           "card%3D[REDACTED:pii.payment_card] ok",
           {"1111%201111"}},
          // A private key in a form field: its line breaks are "%0A", its spaces "%20".
          {"u=a%3Akey%3D-----BEGIN%20RSA%20PRIVATE%20KEY-----%0A" + std::string(kPemBody1) +
               "%0A-----END%20RSA%20PRIVATE%20KEY-----%0A&z=1",
           "u=a%3Akey%3D[REDACTED:crypto.private_key]%0A&z=1",
           {kPemBody1.substr(0, 24)}},
          // Escapes of letters decode too once a separator's escape sends the line to the view.
          {"q=%3D%41KIAZ5B3Q2XJ7N4PLW6R", "q=%3D[REDACTED:aws.access_key_id]", {"KIAZ5B3Q2XJ7"}},
      });
}

TEST(AdversarialPercentEncoding, DoubleEncodingIsDecodedTwice) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  expect_cases(s, {
                      {"next=%252Fcb%253Fpassword%253DS3cr3tPassw0rd%2526x%253D1",
                       "next=%252Fcb%253Fpassword%253D[REDACTED:generic.password]%2526x%253D1",
                       {"S3cr3tPassw0rd"}},
                      {"next=%252Fcb%253Femail%253Djane.doe%2540example.com",
                       "next=%252Fcb%253Femail%253D[REDACTED:pii.email]",
                       {"jane.doe"}},
                  });
}

// Inside a JSON log line the view's findings are clipped to the string like the text's, so
// the line stays valid JSON (G5).
TEST(AdversarialPercentEncoding, EncodedSecretInsideAJsonStringIsRedactedAndTheJsonStaysValid) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  expect_cases(
      s,
      {
          {R"({"level":"info","msg":"GET /cb?next=%2Fhome%26password%3DS3cr3tPassw0rd%21x HTTP/1.1"})",
           R"({"level":"info","msg":"GET /cb?next=%2Fhome%26password%3D[REDACTED:generic.password] HTTP/1.1"})",
           {"S3cr3tPassw0rd"}},
          {R"({"url":"https%3A%2F%2Fci%3AHunter2Secret99%40git.example.net"})",
           R"({"url":"https%3A%2F%2Fci%3A[REDACTED:url.credentials]%40git.example.net"})",
           {"Hunter2Secret99"}},
      });
}

// Ordinary encoded URLs decode to nothing secret and stay as they were; so do lines a line of
// the view sits between (the view's lines are searched together, each on its own).
TEST(AdversarialPercentEncoding, EncodedTextWithoutSecretsIsUnchanged) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "GET /search?q=hello%20world%3F&page=2&sort=%2Bdate HTTP/1.1\n"
      "GET /files/report%202024%20%28final%29.pdf HTTP/1.1\n"
      "no escapes here, 100% sure\n"
      "x=%3D%3D%3D%25%25%2\n"
      "GET /a?b=%E2%9C%93&c=%3Cscript%3E HTTP/1.1\n";
  EXPECT_EQ(s.scrub(in), in);
  EXPECT_EQ(s.stream_bytewise(in), in);
}

// A private key left open at the end of one decoded line does not run on over the next line
// of the view: in the text, the line between them (no escapes, no key body) closes it.
TEST(AdversarialPercentEncoding, OpenKeyOnOneDecodedLineStopsAtItsEnd) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "u=key%3D-----BEGIN%20RSA%20PRIVATE%20KEY-----\n"
      "a line between\n"
      "v=%2B" +
      std::string(kPemBody2) + "\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out,
            "u=key%3D[REDACTED:crypto.private_key]\n"
            "a line between\n"
            "v=%2B" +
                std::string(kPemBody2) + "\n");
  expect_scrubbed(s, in, out, {});
}

// A rule set that gives Hyperscan nothing to scan (a card detector alone) still has the
// percent view: its trigger is found by the digit-shape pass, not by a Hyperscan expression
// (which, when it was one, kept such a rule set's database from being empty).
TEST(AdversarialPercentEncoding, ViewWorksForARuleSetWithNoHyperscanExpression) {
  constexpr std::string_view kCardOnly =
      "rules:\n"
      "  - id: my.card\n"
      "    name: card only\n"
      "    category: pii\n"
      "    detector: payment_card\n"
      "    examples: ['card=4111 1111 1111 1111']\n"
      "    negative_examples: ['card=4111 1111 1111 1112']\n";
  Scrubber s({{LOGSCRUB_OPT_BUILTIN_RULES, 0}}, {{LOGSCRUB_OPT_RULE_TEXT, kCardOnly}});
  ASSERT_TRUE(s.ok());
  expect_cases(s, {{"next=4111%201111%201111%201111&x=%3D4111111111111111",
                    "next=[REDACTED:my.card]&x=%3D[REDACTED:my.card]",
                    {"4111%201111%201111%201111", "4111111111111111"}}});
}

}  // namespace
}  // namespace logscrub_adversarial
