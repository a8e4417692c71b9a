// Adversarial suite, encoding: invalid UTF-8 before, inside and after a secret; overlong and
// surrogate sequences; a UTF-8 BOM; JSON escapes (\u, \/, \", \\) inside secrets and inside
// key names; percent-encoded credentials in URLs; a PEM key inside a JSON string.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adversarial_util.h"

namespace logscrub_adversarial {
namespace {

using namespace std::string_literals;

const std::string kAwsMarker = "[REDACTED:aws.access_key_id]";
const std::string kGithubMarker = "[REDACTED:github.token]";

// Checks one-shot, 1-byte streaming, secrets absent, G5 and G6 against an exact expectation.
void expect_exact(const Scrubber& s, const std::string& in, const std::string& want,
                  std::initializer_list<std::string_view> secrets) {
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, want) << "input " << excerpt(in);
  EXPECT_EQ(s.stream_bytewise(in), out) << "G4, input " << excerpt(in);
  expect_scrubbed(s, in, out, secrets);
}

TEST(AdversarialEncoding, InvalidUtf8BeforeAndAfterASecretIsKeptAndTheSecretIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (std::string bad : {"\xff"s, "\xfe\xff"s, "\x80"s, "\xc3"s, "\xe2\x82"s, "\xf0\x9f\x98"s}) {
    SCOPED_TRACE(excerpt(bad));
    expect_exact(s, bad + cat({kAwsKeyId}) + bad + "\n", bad + kAwsMarker + bad + "\n",
                 {kAwsKeyId});
    expect_exact(s, cat({"x ", bad, " ", kGithubToken, " ", bad, " y\n"}),
                 "x " + bad + " " + kGithubMarker + " " + bad + " y\n", {kGithubToken});
    expect_exact(s, "password=hunter2hunter2 " + bad + "\n",
                 "password=[REDACTED:generic.password] " + bad + "\n", {"hunter2hunter2"});
  }
}

// An invalid byte *inside* a secret. What the engine guarantees: a full token on either side
// of the byte is redacted (the byte is a separator like any other non-token byte); a value
// found by its key (password=..., GITHUB_TOKEN=...) is redacted past the byte, whole. What it
// does not do is treat "token-half, invalid byte, token-half" as one token: see
// AdversarialLimits.InvalidByteInsideABareTokenBreaksTheToken.
TEST(AdversarialEncoding, InvalidByteBetweenTwoFullTokensLeavesNeitherVisible) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  expect_exact(s, cat({kAwsKeyId, "\xff", kGithubToken, "\xfe\n"}),
               kAwsMarker + "\xff" + kGithubMarker + "\xfe\n", {kAwsKeyId, kGithubToken});
  expect_exact(s, cat({kAwsKeyId, "\xed\xa0\x80", kAwsKeyId, "\n"}),
               kAwsMarker + "\xed\xa0\x80" + kAwsMarker + "\n", {kAwsKeyId});
}

TEST(AdversarialEncoding, InvalidByteInsideAKeyedValueDoesNotLeakEitherPart) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  expect_exact(s, "password=hun\xffter2MoreSecret tail\n",
               "password=[REDACTED:generic.password] tail\n", {"hun", "ter2MoreSecret"});
  expect_exact(s, "password=\xffhunter2MoreSecret tail\n",
               "password=[REDACTED:generic.password] tail\n", {"hunter2MoreSecret"});
  const std::string half1(kGithubToken.substr(0, 20));
  const std::string half2(kGithubToken.substr(20));
  const std::string out = s.scrub("GITHUB_TOKEN=" + half1 + "\xff" + half2 + " tail\n");
  EXPECT_EQ(out.find(half1), std::string::npos) << excerpt(out);
  EXPECT_EQ(out.find(half2), std::string::npos) << excerpt(out);
}

TEST(AdversarialEncoding, OverlongAndSurrogateSequencesAroundASecretAreKept) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  // Overlong '/', overlong NUL, overlong 3- and 4-byte forms, UTF-16 surrogates encoded as
  // UTF-8 (high, low, and a pair), a code point above U+10FFFF, 0xC1.
  for (std::string seq :
       {"\xc0\xaf"s, "\xc0\x80"s, "\xe0\x80\xaf"s, "\xf0\x80\x80\xaf"s, "\xed\xa0\x80"s,
        "\xed\xbf\xbf"s, "\xed\xa0\xbd\xed\xb8\x80"s, "\xf4\x90\x80\x80"s, "\xc1\xbf"s}) {
    SCOPED_TRACE(excerpt(seq));
    expect_exact(s, seq + cat({kAwsKeyId}) + seq + "\n", seq + kAwsMarker + seq + "\n",
                 {kAwsKeyId});
    expect_exact(s, cat({"tok ", kGithubToken, seq, "\n"}), "tok " + kGithubMarker + seq + "\n",
                 {kGithubToken});
    // In a JSON line the sequence makes the record invalid JSON: it is scrubbed as text, and
    // an unescaped secret in it is still found.
    expect_exact(s, cat({"{\"m\":\"", seq, " ", kAwsKeyId, "\"}\n"}),
                 "{\"m\":\"" + seq + " " + kAwsMarker + "\"}\n", {kAwsKeyId});
  }
}

TEST(AdversarialEncoding, Utf8BomAtTheStartOfInputAndOfAJsonLineDoesNotHideASecret) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string bom = "\xef\xbb\xbf";
  expect_exact(s, bom + cat({kAwsKeyId, " x\n"}), bom + kAwsMarker + " x\n", {kAwsKeyId});
  expect_exact(s, bom + "password=hunter2hunter2\n", bom + "password=[REDACTED:generic.password]\n",
               {"hunter2hunter2"});
  // A BOM before a JSON object (first line and a later line): unescaped secrets go.
  const std::string json = cat({"{\"k\":\"", kAwsKeyId, "\",\"password\":\"hunter2hunter2\"}"});
  for (const std::string& in : {bom + json + "\n", "first\n" + bom + json + "\n"}) {
    const std::string out = s.scrub(in);
    EXPECT_EQ(s.stream_bytewise(in), out);
    expect_scrubbed(s, in, out, {kAwsKeyId, "hunter2hunter2"});
    EXPECT_NE(out.find(bom + "{\"k\":\""), std::string::npos) << "BOM kept: " << excerpt(out);
  }
}

// A JSON line is a JSON document only without a BOM (RFC 8259 lets parsers ignore one); a line
// that starts with one is scrubbed as text, so escapes are not decoded and a secret spelled
// with an escape, or behind an escaped sensitive key name, leaks.
// (It did: the output was the input unchanged, "AKIA\u005A5B3Q2XJ7N4PLW6R" and
// "hunter2hunter2" both appeared in it.)
TEST(AdversarialEncoding, BomBeforeAJsonLineDoesNotStopEscapeDecoding) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "\xef\xbb\xbf{\"k\":\"AKIA\\u005A5B3Q2XJ7N4PLW6R\",\"pass\\u0077ord\":\"hunter2hunter2\"}\n";
  expect_scrubbed(s, in, s.scrub(in), {"AKIA\\u005A5B3Q2XJ7N4PLW6R", "hunter2hunter2"});
}

TEST(AdversarialEncoding, JsonEscapesInsideSecretsAreDecodedBeforeMatching) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::vector<std::pair<std::string, std::string>> cases = {
      // \u escapes anywhere in a token, either case of hex digit.
      {"{\"m\":\"key AKIA\\u005A5B3Q2XJ7N4PLW6R\"}", "{\"m\":\"key " + kAwsMarker + "\"}"},
      {"{\"m\":\"key AKIA\\u005a5B3Q2XJ7N4PLW6R\"}", "{\"m\":\"key " + kAwsMarker + "\"}"},
      {"{\"m\":\"AKIAZ5B3Q2XJ7N4PLW6\\u0052\"}", "{\"m\":\"" + kAwsMarker + "\"}"},
      {"{\"m\":\"\\u0067hp_wP9sXPojGPgh9xOzOYZvBqvbwf4WDu2i0brw\"}",
       "{\"m\":\"" + kGithubMarker + "\"}"},
      {"{\"m\":\"ghp_wP9sXPojGPgh9xOzOYZvBqvbwf4WDu2i0br\\u0077\"}",
       "{\"m\":\"" + kGithubMarker + "\"}"},
      {"{\"user\":\"jane.doe\\u0040example.com\"}", "{\"user\":\"[REDACTED:pii.email]\"}"},
      // \/ inside an AWS secret access key (JSON encoders that escape '/').
      {"{\"m\":\"AWS_SECRET_ACCESS_KEY=y73vw0\\/V2oFgfOvY6wUKEd7W6RU9SylRaJR7r4CS\"}",
       "{\"m\":\"AWS_SECRET_ACCESS_KEY=[REDACTED:aws.secret_access_key]\"}"},
      {"{\"m\":\"aws_secret_access_key=y73vw0\\u002bV2oFgfOvY6wUKEd7W6RU9SylRaJR7r4CS\"}",
       "{\"m\":\"aws_secret_access_key=[REDACTED:aws.secret_access_key]\"}"},
      // A JWT whose dots are escaped.
      {cat({"{\"m\":\"", kJwt.substr(0, 36), "\\u002e", kJwt.substr(37), "\"}"}),
       "{\"m\":\"[REDACTED:jwt.token]\"}"},
      // Escapes right next to a token stay, the token goes.
      {cat({"{\"m\":\"x \\\"", kAwsKeyId, "\\\" \\\\", kGithubToken, "\\\\ \\/", kAwsKeyId,
            "\\/ \\n", kAwsKeyId, "\\t\"}"}),
       "{\"m\":\"x \\\"" + kAwsMarker + "\\\" \\\\" + kGithubMarker + "\\\\ \\/" + kAwsMarker +
           "\\/ \\n" + kAwsMarker + "\\t\"}"},
      // \" and \\ inside a value under a sensitive key: the whole value goes, JSON stays valid.
      {"{\"password\":\"hun\\\"ter2\\\\hunter2\"}",
       "{\"password\":\"[REDACTED:json.sensitive_key]\"}"},
  };
  for (const auto& [in, want] : cases) {
    expect_exact(
        s, in + "\n", want + "\n",
        {kAwsKeyId, kGithubToken, kJwt, kEmail, "V2oFgfOvY6wUKEd7W6RU9SylRaJR7r4CS", "AKIA\\u005",
         "wP9sXPojGPgh9xOz", "jane.doe", "eyJzdWIiOiJ1c2VyLTg4NDEi", "ter2"});
  }
}

TEST(AdversarialEncoding, EscapedSensitiveKeyNamesStillRedactTheirValue) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (std::string key : {"pass\\u0077ord", "\\u0070assword", "PASS\\u0057ORD", "db\\\\password",
                          "x\\\"password", "a\\/password", "api\\u005fkey", "Authori\\u007aation",
                          "X-Api-Key", "Set-Cookie", "client\\u005Fsecret"}) {
    for (std::string value : {"\"hunter2hunter2\"", "\"Basic hunter2hunter2==\"",
                              "[\"hunter2hunter2\",{\"x\":\"y\"}]"}) {
      const std::string in = "{\"user\":\"svc\",\"" + key + "\":" + value + ",\"n\":1}\n";
      const std::string out = s.scrub(in);
      SCOPED_TRACE(excerpt(in));
      EXPECT_EQ(out,
                "{\"user\":\"svc\",\"" + key + "\":\"[REDACTED:json.sensitive_key]\",\"n\":1}\n");
      EXPECT_EQ(s.stream_bytewise(in), out);
      expect_scrubbed(s, in, out, {"hunter2hunter2"});
    }
  }
}

// A JSON document serialised into a string of a text line (or of another JSON document) has
// its quotes escaped. A password holding a quote or backslash is then written \" or \\ (one
// level down: \\\" ...). The decoded password runs to the closing quote; the pitfall in
// DESIGN.md ("\" inside a password cut a [^"]+ match short and leaked the tail") applies here.
// (It did: generic.password stopped at the backslash and generic.password_quoted did not
// take values with a backslash, so "T3eW9qZ1" (the tail) stayed in the output in every case
// below, and when the escape was within the first 4 bytes the whole value stayed.)
TEST(AdversarialEncoding, EscapedQuoteOrBackslashInsideAnEmbeddedJsonPasswordIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (std::string in : {
           "INFO body={\"password\":\"uY6r\\\"T3eW9qZ1\"}\n",
           "INFO body={\"password\":\"uY6r\\\\T3eW9qZ1\"}\n",
           "INFO body={\"password\":\"\\\"uY6rT3eW9qZ1\"}\n",
           "INFO body={\"password\":\"uY6r\\u0022T3eW9qZ1\"}\n",
           "{\"msg\":\"{\\\"password\\\":\\\"uY6r\\\\\\\"T3eW9qZ1\\\"}\"}\n",
           "msg=\"{\\\"password\\\":\\\"uY6r\\\\\\\"T3eW9qZ1\\\"}\"\n",
       }) {
    SCOPED_TRACE(in);
    expect_scrubbed(s, in, s.scrub(in), {"uY6r", "T3eW9qZ1"});
  }
}

// A JSON record that fails to parse is scrubbed as text (never passed through), and what its
// escapes spell is scanned too (json/lenient_decode.h). These are valid UTF-8 lines that a JSON
// producer really writes: a lone surrogate escape (what JavaScript's JSON.stringify writes for
// a string cut inside a surrogate pair), a record cut short by a logger's line limit, NaN from
// Python's json.dumps, text after the object. Before the lenient view, the escaped key id
// "AKIA\u005A5B3Q2XJ7N4PLW6R" and the password behind the escaped key name stayed in each.
TEST(AdversarialEncoding, EscapedSecretInAJsonLineThatFailsToParseIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string body =
      "{\"k\":\"AKIA\\u005A5B3Q2XJ7N4PLW6R\",\"pass\\u0077ord\":\"hunter2hunter2\"";
  for (std::string in : {
           body + ",\"x\":\"\\ud800\"}\n",         // lone high surrogate escape
           body + ",\"x\":\"\\udc00\\ud800\"}\n",  // reversed pair
           body + ",\"x\":\"trunc",                // cut short, no newline
           body + ",\"x\":NaN}\n",                 // Python json.dumps default
           body + "} trailing text\n",             // text after the object
       }) {
    SCOPED_TRACE(in);
    expect_scrubbed(s, in, s.scrub(in), {"AKIA\\u005A5B3Q2XJ7N4PLW6R", "hunter2hunter2"});
  }
}

// Regression (fuzz_scrub): a text record whose escaped key ("pass\u0077d:") was read only once a
// redaction further on had taken a \" and so moved the '{' that balances the record's last '}':
// the record became an object-ending one that fails to parse, whose escapes are decoded. The
// first scrub kept "rec{", the second redacted it (G6). A record that holds a finding or a
// prefilter's hit now has its escapes decoded whether or not it looks like JSON.
TEST(AdversarialEncoding, EscapedKeyInATextRecordIsRedactedInTheFirstScrub) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = "pass\\u0077d:rec{\"\"{\"\"\"password\":Yx00\\\"}\"\"}\"\"}\n";
  ASSERT_EQ(in, std::string(R"(pass\u0077d:rec{""{"""password":Yx00\"}""}""})") + "\n");
  const std::string once = s.scrub(in);
  EXPECT_EQ(once,
            "pass\\u0077d:[REDACTED:generic.password]\"\"{\"\"\"password\":[REDACTED:generic."
            "password]\"\"}\"\"}\n");
  expect_scrubbed(s, in, once, {"Yx00"});
  // Escapes in text records that hold a prefilter's hit are decoded too (they were not: the
  // three lines below were output unchanged).
  EXPECT_EQ(s.scrub("pass\\u0077d:hunter2hunter2\nmsg=AKIA\\u005A5B3Q2XJ7N4PLW6R\n"),
            "pass\\u0077d:[REDACTED:generic.password]\nmsg=[REDACTED:aws.access_key_id]\n");
}

// Regression (fuzz_scrub): a record that starts with a redaction marker ("[REDACTED:...]" opens
// like a JSON array) before an object. The first scrub read "a@e.rC{...}" as text ending with an
// object, which parses ("password": null, nothing to redact); the second read the marker's '['
// as the start of a JSON record, whose parse failed, and redacted "null}" in the record's
// decoded escapes (G6). A record that starts like JSON but does not parse is now also tried as
// text ending with an object, so a log line such as "[INFO] payload={...}" gets the JSON rules
// (its short "token" and "api_key" values were output as they were).
TEST(AdversarialEncoding, MarkerBeforeAnEmbeddedObjectIsNotReadAsAJsonArray) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = "a@e.rC{\"pass\\u0077ord\":null}\n";
  ASSERT_EQ(in, std::string(R"(a@e.rC{"pass\u0077ord":null})") + "\n");
  const std::string once = s.scrub(in);
  EXPECT_EQ(once, "[REDACTED:pii.email]{\"pass\\u0077ord\":null}\n");
  expect_scrubbed(s, in, once, {"a@e.rC"});
  const std::string bracketed =
      "[INFO] login payload={\"user\":\"bob\",\"token\":\"abc\"}\n"
      "[2024-05-14 09:12:41] req {\"api_key\":\"Zx81kQ\",\"n\":1}\n";
  const std::string out = s.scrub(bracketed);
  EXPECT_EQ(out,
            "[INFO] login payload={\"user\":\"bob\",\"token\":\"[REDACTED:json.sensitive_key]\"}\n"
            "[2024-05-14 09:12:41] req {\"api_key\":\"[REDACTED:json.sensitive_key]\",\"n\":1}\n");
  expect_scrubbed(s, bracketed, out, {"\"abc\"", "Zx81kQ"});
}

// A backslash in the text before an object (a Windows path) says nothing about the object: its
// own escapes are still decoded, so an escaped sensitive key is read as the key it spells, and
// its value is redacted whole as that key's, in a text line and after a Lambda prefix.
TEST(AdversarialEncoding, BackslashBeforeAnObjectDoesNotHideTheObjectsEscapes) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = std::string(R"(copy C:\tmp\x done {"id":7,"pass\u0077ord":"hunter2"})") +
                         "\n" + "2024-05-14T09:12:41Z\tc0ffee\\x\tINFO\t" +
                         R"({"pass\u0077ord":"hunter2"})" + "\n";
  EXPECT_EQ(s.scrub(in),
            std::string(
                R"(copy C:\tmp\x done {"id":7,"pass\u0077ord":"[REDACTED:json.sensitive_key]"})") +
                "\n" + "2024-05-14T09:12:41Z\tc0ffee\\x\tINFO\t" +
                R"({"pass\u0077ord":"[REDACTED:json.sensitive_key]"})" + "\n");
}

// Regression (fuzz_json): text ending with an object that parses, with an escaped key id in the
// text before it. The text part was scanned raw only, so the first scrub kept
// "AKIA\u0049OSFODNN7ABCDEFG" and the second (whose object no longer parsed once the card
// number had become a marker) redacted it: G6 broke. The text before the object is now
// scanned with its escapes decoded in the first pass.
TEST(AdversarialEncoding, EscapedKeyBeforeAnEmbeddedObjectIsRedactedInTheFirstScrub) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "g: {\\\"aws_access_key_id\\\":\\\"AKIA\\u0049OSFODNN7ABCDEFG\\\"}\"}1"
      "{\"card\":{\"pan\":4111111111111111,\"exp\":\"12/27\"},\"ok\":true}\n";
  const std::string once = s.scrub(in);
  expect_scrubbed(s, in, once, {"AKIA\\u0049OSFODNN7ABCDEFG", "4111111111111111"});
  EXPECT_EQ(s.scrub(once), once);
}

TEST(AdversarialEncoding, PercentEncodedPasswordsInUrlsAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  struct Case {
    std::string in;
    std::string password;
    std::string kept;  // user and host stay readable
  };
  const std::vector<Case> cases = {
      {"postgres://user:p%40ss@host/db", "p%40ss", "postgres://user:"},
      {"connecting to postgres://app:S3cr3t%40Pg@db:5432/orders", "S3cr3t%40Pg", "@db:5432/orders"},
      {"GET https://deploy:p%40ss%21w0rd@artifacts.example.net/x", "p%40ss%21w0rd",
       "@artifacts.example.net/x"},
      {"mysql://root:s3cr%40t%2Fpw@db:3306/x", "s3cr%40t%2Fpw", "mysql://root:"},
      {"redis://:Zr8v%2BKq2x%3DLm4T@cache:6379/0", "Zr8v%2BKq2x%3DLm4T", "@cache:6379/0"},
      {"amqp://u:%C3%A9t%C3%A9-pw@rabbit/", "%C3%A9t%C3%A9-pw", "amqp://u:"},
      {"https://user%40corp.com:p%40ss%3Aword@host/x", "p%40ss%3Aword", "user%40corp.com:"},
      {"postgres://user:%70%61%73%73%77%6f%72%64%31@host/db", "%70%61%73%73%77%6f%72%64%31",
       "@host/db"},
      {"GET /login?user=jsmith&password=p%40ss%26w0rd&x=1 HTTP/1.1", "p%40ss%26w0rd", "&x=1"},
      // Inside a JSON string, with the slashes escaped.
      {"{\"msg\":\"dsn postgres:\\/\\/app:S3cr3t%40Pg@db:5432\\/orders\"}", "S3cr3t%40Pg",
       "@db:5432\\/orders"},
      // The '@' itself escaped: the password ends before it.
      {"{\"msg\":\"dsn postgres://app:S3cr3t-Pg\\u0040db:5432/orders\"}", "S3cr3t-Pg",
       "\\u0040db:5432/orders"},
  };
  for (const Case& c : cases) {
    const std::string in = c.in + "\n";
    const std::string out = s.scrub(in);
    SCOPED_TRACE(in);
    EXPECT_EQ(s.stream_bytewise(in), out);
    expect_scrubbed(s, in, out, {c.password});
    EXPECT_NE(out.find(c.kept), std::string::npos) << excerpt(out);
    EXPECT_NE(out.find("[REDACTED:"), std::string::npos) << excerpt(out);
  }
}

// The percent-encoded form "user%40corp" works (above). Written unencoded, an '@' in the user
// name (an e-mail address as login, Azure Database's "user@server") is common in practice, and
// parsers that follow the WHATWG URL standard (or Python's urllib) split userinfo from host at
// the last '@'. url.credentials and the database URI rules take no '@' in the user part, so
// they do not match at all.
// (They did: "S3cr3t-Pg" and "Xk9Lp2q" stayed in the output; when the host has a dot, the
// e-mail rule happened to cover "S3cr3t-Pg@host.domain", and these hosts have none.)
TEST(AdversarialEncoding, UnencodedAtSignInAUrlUserNameDoesNotExposeThePassword) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (std::string in : {"connecting to postgres://jane.doe@example.com:S3cr3t-Pg@db:5432/orders\n",
                         "mongodb://svc@corp:Xk9Lp2q@cluster0:27017/prod\n",
                         "GET https://jane.doe@example.com:S3cr3t-Pg@gitlab:8443/x.git\n"}) {
    SCOPED_TRACE(in);
    expect_scrubbed(s, in, s.scrub(in), {"S3cr3t-Pg", "Xk9Lp2q"});
  }
}

TEST(AdversarialEncoding, PemKeyInsideAJsonStringWithNewlineEscapesIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string pem_n = pem_key("\\n");
  std::string pem_slash = pem_n;
  for (size_t at = pem_slash.find('/'); at != std::string::npos; at = pem_slash.find('/', at + 2)) {
    pem_slash.replace(at, 1, "\\/");
  }
  std::string pem_begin_escaped = pem_n;
  pem_begin_escaped.replace(pem_begin_escaped.find("BEGIN"), 5, "BEG\\u0049N");
  const std::string marker = "[REDACTED:crypto.private_key]";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"key\":\"" + pem_n + "\\n\"}", "{\"key\":\"" + marker + "\\n\"}"},
      {"{\"key\":\"" + pem_key("\\r\\n") + "\"}", "{\"key\":\"" + marker + "\"}"},
      {"{\"key\":\"" + pem_key("\\u000a") + "\"}", "{\"key\":\"" + marker + "\"}"},
      {"{\"key\":\"" + pem_slash + "\"}", "{\"key\":\"" + marker + "\"}"},
      {"{\"msg\":\"tls key: " + pem_begin_escaped + " rejected\",\"level\":\"error\"}",
       "{\"msg\":\"tls key: " + marker + " rejected\",\"level\":\"error\"}"},
      {"{\"level\":\"error\",\"msg\":\"tls config rejected\",\"cfg\":{\"pem\":\"" + pem_n + "\"}}",
       "{\"level\":\"error\",\"msg\":\"tls config rejected\",\"cfg\":{\"pem\":\"" + marker +
           "\"}}"},
      // The same escaped string in a text line (not a JSON record).
      {"ERROR tls key=\"" + pem_n + "\" rejected", "ERROR tls key=\"" + marker + "\" rejected"},
  };
  for (const auto& [in, want] : cases) {
    expect_exact(s, in + "\n", want + "\n",
                 {kPemBody1, kPemBody2, kPemBody1.substr(0, 20), kPemBody2.substr(30)});
  }
}

}  // namespace
}  // namespace logscrub_adversarial
