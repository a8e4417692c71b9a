// Adversarial suite, overlaps: two rules on the same bytes, findings that overlap in part,
// adjacent secrets with little or no separator, and the same secret repeated on a line and on
// consecutive lines (also with the keyed pseudonym style, which must give the same pseudonym).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adversarial_util.h"

namespace logscrub_adversarial {
namespace {

using namespace std::string_literals;

size_t count_of(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every finding's bytes are gone from the output: redactions of overlapping findings cover
// their union, never only one of them.
void expect_every_finding_gone(const Scrubber& s, const std::string& in) {
  const std::vector<FoundSpan> found = s.find(in);
  const std::string out = s.scrub(in);
  EXPECT_FALSE(found.empty()) << excerpt(in);
  for (const FoundSpan& f : found) {
    const std::string bytes = in.substr(f.begin, f.end - f.begin);
    EXPECT_EQ(out.find(bytes), std::string::npos)
        << f.rule << " [" << f.begin << ", " << f.end << ") leaked from " << excerpt(in)
        << "\n  output " << excerpt(out);
  }
  EXPECT_EQ(s.stream_bytewise(in), out);
  EXPECT_EQ(s.scrub(out), out) << "G6: " << excerpt(out);
}

TEST(AdversarialOverlaps, TwoRulesOnTheSameBytesGiveOneRedaction) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  struct Case {
    std::string in;
    std::string want;
    std::string_view secret;
  };
  const std::vector<Case> cases = {
      {cat({"AWS_SECRET_ACCESS_KEY=", kAwsSecret}),
       "AWS_SECRET_ACCESS_KEY=[REDACTED:aws.secret_access_key]", kAwsSecret},
      {"connecting to postgres://app:S3cr3t-Pg@db:5432/orders",
       "connecting to postgres://app:[REDACTED:database.postgres_uri]@db:5432/orders", "S3cr3t-Pg"},
      {cat({"Authorization: Bearer ", kJwt}), "Authorization: Bearer [REDACTED:jwt.token]", kJwt},
      {cat({"GITHUB_TOKEN=", kGithubToken}), "GITHUB_TOKEN=[REDACTED:github.token]", kGithubToken},
      {cat({"git clone https://x-access-token:", kGithubServerToken, "@github.com/acme/pay.git"}),
       "git clone https://x-access-token:[REDACTED:github.token]@github.com/acme/pay.git",
       kGithubServerToken},
      {cat({"api_key=", kAwsKeyId}), "api_key=[REDACTED:aws.access_key_id]", kAwsKeyId},
      {cat({"STRIPE_SECRET_KEY=", kStripeKey}), "STRIPE_SECRET_KEY=[REDACTED:stripe.secret_key]",
       kStripeKey},
      {cat({"password=", kEmail}), "password=[REDACTED:pii.email]", kEmail},
      {cat({"{\"token\":\"", kGithubToken, "\"}"}), "{\"token\":\"[REDACTED:json.sensitive_key]\"}",
       kGithubToken},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.in);
    // The overlap is real: at least two findings start at the secret.
    const std::vector<FoundSpan> found = s.find(c.in);
    const size_t at = c.in.find(c.secret);
    size_t at_secret = 0;
    for (const FoundSpan& f : found) at_secret += f.begin <= at && f.end > at;
    EXPECT_GE(at_secret, 2u);
    for (const std::string& in : {c.in, c.in + "\n", c.in + "\r\n" + c.in + "\n"}) {
      const std::string out = s.scrub(in);
      EXPECT_EQ(count_of(out, "[REDACTED:"), count_char(in, '\n') == 2 ? 2u : 1u) << out;
      expect_scrubbed(s, in, out, {c.secret});
      EXPECT_EQ(s.stream_bytewise(in), out);
    }
    EXPECT_EQ(s.scrub(c.in), c.want);
  }
}

TEST(AdversarialOverlaps, PartlyOverlappingFindingsAreRedactedAsTheirUnion) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (const std::string& in : {
           cat({"password=", kAwsKeyId, "-tail\n"}),
           cat({"https://user:", kGithubToken, "@host/x\n"}),
           cat({"Authorization: Bearer ", kGithubToken, "\n"}),
           cat({"token=", kJwt, ".extra\n"}),
           cat({"secret=", kAwsKeyId, kGithubToken, "\n"}),
           cat({"AWS_SECRET_ACCESS_KEY=", kAwsSecret, " api_key=", kAwsKeyId, "\n"}),
           cat({"{\"password\":\"", kAwsKeyId, "\",\"m\":\"", kEmail, " ", kCard, "\"}\n"}),
       }) {
    SCOPED_TRACE(in);
    expect_every_finding_gone(s, in);
  }
}

TEST(AdversarialOverlaps, AdjacentSecretsSeparatedByOnePunctuationByteAreAllRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string aws = "[REDACTED:aws.access_key_id]";
  const std::string gh = "[REDACTED:github.token]";
  const std::string mail = "[REDACTED:pii.email]";
  const std::string card = "[REDACTED:pii.payment_card]";
  const std::string jwt = "[REDACTED:jwt.token]";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {cat({kAwsKeyId, ",", kGithubToken, ";", kEmail, "|", kCard}),
       aws + "," + gh + ";" + mail + "|" + card},
      {cat({kGithubToken, "-", kAwsKeyId}), gh + "-" + aws},
      {cat({kAwsKeyId, ":", kGithubToken, "/", kEmail}), aws + ":" + gh + "/" + mail},
      {cat({"\"", kAwsKeyId, "\"\"", kGithubToken, "\""}), "\"" + aws + "\"\"" + gh + "\""},
      {cat({kEmail, "-", kGithubToken}), mail + "-" + gh},
      // A JWT's span runs on across '.' (so a glued second token or a JWE's further parts go
      // with it): the key id after the dot is covered by that one span.
      {cat({kJwt, ".", kAwsKeyId}), jwt},
      {cat({kJwt, " ", kJwt}), jwt + " " + jwt},
      {cat({kAwsKeyId, "\t", kAwsKeyId}), aws + "\t" + aws},
      {cat({kEmail, ",", kEmail}), mail + "," + mail},
      {cat({kCard, ";", kCard}), card + ";" + card},
      {cat({kAwsKeyId, "-----BEGIN"}), aws + "-----BEGIN"},
  };
  for (const auto& [in, want] : cases) {
    const std::string out = s.scrub(in + "\n");
    EXPECT_EQ(out, want + "\n") << in;
    EXPECT_EQ(s.stream_bytewise(in + "\n"), out);
    expect_scrubbed(s, in + "\n", out, {kAwsKeyId, kGithubToken, kEmail, kCard, kJwt});
  }
}

// A token whose alphabet runs on into the next secret redacts both as one span.
TEST(AdversarialOverlaps, TokenRunningIntoTheNextSecretRedactsBoth) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = cat({"key ", kStripeKey, kAwsKeyId, " end\n"});
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, "key [REDACTED:stripe.secret_key] end\n");
  expect_scrubbed(s, in, out, {kStripeKey, kAwsKeyId});
}

// Token rules require a word boundary on both sides (so that "ghp_..._backup" or a 22-character
// id starting with AKIA are not taken for tokens), so two tokens written back to back with no
// separator formed one longer word that no rule matched, and each line below was output
// unchanged. Rules marked `glued` (Rule::glued) are now also tried where their prefix follows a
// word byte, with the line cut there: the token before the cut is found too.
TEST(AdversarialOverlaps, AdjacentWordTokensWithNoSeparatorAreRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (const std::string& in : {
           cat({"x ", kAwsKeyId, kAwsKeyId, " y\n"}),
           cat({"x ", kGithubToken, kAwsKeyId, " y\n"}),
           cat({"x ", kAwsKeyId, kGithubToken, " y\n"}),
           cat({"x ", kAwsKeyId, kStripeKey, " y\n"}),
           cat({"x ", kAwsKeyId, kJwt, " y\n"}),
           cat({"x ", kEmail, kGithubToken, " y\n"}),
       }) {
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    expect_scrubbed(s, in, out, {kAwsKeyId, kGithubToken, kStripeKey, kJwt, kEmail});
    EXPECT_EQ(count_of(out, "[REDACTED:"), 2u) << out;
    EXPECT_EQ(s.stream_bytewise(in), out);
  }
  EXPECT_EQ(s.scrub(cat({"x ", kAwsKeyId, kGithubToken, " y"})),
            "x [REDACTED:aws.access_key_id][REDACTED:github.token] y");
  // Three in a row, and a token glued after an ordinary word.
  EXPECT_EQ(s.scrub(cat({kAwsKeyId, kAwsKeyId, kAwsKeyId})),
            "[REDACTED:aws.access_key_id][REDACTED:aws.access_key_id][REDACTED:aws.access_key_id]");
  EXPECT_EQ(s.scrub(cat({"key", kGithubToken, " y"})), "key[REDACTED:github.token] y");
}

// What a glued prefix inside a token may not do: the cut before it is a search of the line from
// there, without the context before it. A GitHub token holding "eyJ" (a JWT's prefix) in a URL
// "https://x-access-token:TOKEN@github.com/..." was cut there, and the part "eyJ...@github.com"
// was taken for an email address: "@github.com" was redacted with it. The cut's search keeps only
// a glued rule's token starting at the cut and what ends at the cut.
TEST(AdversarialOverlaps, GluedPrefixInsideAUrlPasswordKeepsTheUrlsHost) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  // The second token's part before "eyJ" ends in a value a context rule takes to the cut: that
  // finding lies inside the token's, so the cut is no boundary in the output and the address
  // after it is not kept either.
  for (const std::string token :
       {"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", "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"}) {
    const std::string in =
        "git remote set-url origin https://x-access-token:" + token + "@github.com/example/o.git\n";
    EXPECT_EQ(s.scrub(in),
              "git remote set-url origin "
              "https://x-access-token:[REDACTED:github.token]@github.com/example/o.git\n");
  }
}

// A URL's match takes the '@' and the host's first byte after its password; when the host runs
// straight into a second URL ("@githubP9://"), that byte starts the second one. Found by
// fuzz_scrub: the first scrub redacted the first password only, a second scrub the other (G6).
TEST(AdversarialOverlaps, UrlWhoseHostRunsIntoASecondUrlHasBothPasswordsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "https://deploy:Zr8vKq2xLm4Tqq@githubP9://build:Bq7Wz3Tn-Xk9@gtps:/.com/o.git\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out,
            "https://deploy:[REDACTED:url.credentials]@githubP9://build:"
            "[REDACTED:url.credentials]@gtps:/.com/o.git\n");
  EXPECT_EQ(s.scrub(out), out) << "G6";
  EXPECT_EQ(s.stream_bytewise(in), out);
}

// The cut lines are copied and searched 1 MiB at a time (Matcher::find_glued): a text whose cut
// lines take several batches has every pair redacted, lines of a batch's edge included.
TEST(AdversarialOverlaps, GluedTokensOnManyLinesAreAllRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  std::string in;
  size_t lines = 0;
  for (; in.size() < (size_t{5} << 20) / 2; ++lines) {
    in += lines % 3 == 0 ? cat({"x ", kAwsKeyId, kGithubToken, " y\n"})
                         : cat({"line ", std::to_string(lines), " ", kEmail, kAwsKeyId, "\n"});
  }
  const std::string out = s.scrub(in);
  EXPECT_EQ(count_of(out, "[REDACTED:"), 2 * lines);
  expect_scrubbed(s, in, out, {kAwsKeyId, kGithubToken, kEmail});
}

// Found by fuzz_scrub: a cut fewer than 12 bytes before the next one was dropped (its part could
// hold no glued token), and with it the boundary that ended the token before it: the GitHub
// token below stayed in the output, and a second scrub, where the marker had moved the next cut
// away, redacted it (G6).
TEST(AdversarialOverlaps, TokenBeforeAPrefixJustBeforeAnotherIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (const std::string& in :
       {cat({"x ", kGithubToken, "AKIAZ5Bw", kAwsKeyId, " y\n"}),
        cat({"x ", kGithubToken, "AKIA", kAwsKeyId, "\n"}), cat({"x ", kGithubToken, "eyJ\n"})}) {
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    expect_scrubbed(s, in, out, {kGithubToken, kAwsKeyId});
    EXPECT_EQ(s.stream_bytewise(in), out);
  }
}

// Found by fuzz_scrub: a GitHub token glued before a word that runs on into an address. The
// address's local part ran from the token's start and was too long, so no address was found;
// once the token was redacted, its marker's ']' started the local part at the cut, and a
// second scrub redacted "AKIA...kRws@github.com" (G6). After a token that ends at a cut, the
// rest of the line up to the next finding is searched as a second scrub would see it.
TEST(AdversarialOverlaps, AddressStartingAtACutAfterARedactedTokenIsRedactedAtOnce) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  // The second (found next by fuzz_scrub): the address holds a further cut ("apik|eyJ7"), which
  // a second scrub sees past; the search after the token runs to the next finding or the
  // line's end, uncut.
  for (const std::string tail : {"AKIAZ5B3Q2XJ7N4PLW6RXx36kRws@github.com/o.git\n",
                                 "AKIAZ5B3xQ2XapikeyJ7N4PLW6RXx36kRws@github.com/o.git\n"}) {
    const std::string in = cat({"x ", kGithubToken, tail});
    const std::string out = s.scrub(in);
    EXPECT_EQ(out, "x [REDACTED:github.token][REDACTED:pii.email]/o.git\n");
    expect_scrubbed(s, in, out, {kGithubToken});
    EXPECT_EQ(s.stream_bytewise(in), out);
  }
}

// Found by fuzz_scrub: the same with a URL starting at the cut ("AKIAZ5B://user:pw@host"). Its
// match begins at the cut but what it redacts, the password, does not; the search after the
// token kept only findings beginning at the cut, and a second scrub redacted the password (G6).
// Kept now: findings whose rule's match begins at the cut.
TEST(AdversarialOverlaps, UrlStartingAtACutAfterARedactedTokenIsRedactedAtOnce) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      cat({"x ", kGithubToken, "AKIAZ5B://deploy:Zr8vKq2xLm4T@github.com/o.git\n"});
  const std::string out = s.scrub(in);
  EXPECT_EQ(
      out,
      "x [REDACTED:github.token]AKIAZ5B://deploy:[REDACTED:url.credentials]@github.com/o.git\n");
  expect_scrubbed(s, in, out, {kGithubToken});
  EXPECT_EQ(s.stream_bytewise(in), out);
}

// A token whose bytes hold a glued prefix after a word byte of their own ("AKIA" inside a JWT's
// signature, "ASIA" inside an AWS key id) was cut there too, so no piece of the glued search held
// it: the JWT glued after a word was output whole, and the key id before another glued key was
// left for a second scrub (G6; the second found by fuzz_scrub). Pieces spanning one cut find it.
TEST(AdversarialOverlaps, GluedTokenHoldingAnotherGluedPrefixIsRedactedWhole) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  std::string jwt(kJwt);
  jwt.replace(jwt.size() - 12, 4, "AKIA");  // the signature's bytes: still a JWT
  const std::string key_holding_asia = "AKIASIA3Q2XJ7N4PLW6R";
  for (const std::string& in : {cat({"x zq", jwt, "\n"}), cat({"x zq", jwt, kAwsKeyId, " y\n"}),
                                cat({"x ", key_holding_asia, kAwsKeyId, " y\n"}),
                                cat({"x zq", key_holding_asia, " y\n"})}) {
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    expect_scrubbed(
        s, in, out,
        {jwt, std::string_view(jwt).substr(jwt.size() - 8), key_holding_asia, kAwsKeyId});
    EXPECT_EQ(s.stream_bytewise(in), out);
  }
}

// The same with two such prefixes in the token: pieces that span one cut each held only part of
// it. The key id glued after a word was output unchanged; the JWT lost its head to a marker and
// kept the end of its signature ("x abc[REDACTED:jwt.token]AKIAzSfl..."). Pieces spanning two
// cuts find it.
TEST(AdversarialOverlaps, GluedTokenHoldingTwoGluedPrefixesIsRedactedWhole) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  std::string jwt(kJwt);
  jwt.replace(jwt.size() - 20, 14, "xASIAyAKIAzQ7v");          // in the signature: still a JWT
  const std::string key_holding_two = "AKIASIA3ASIAN7EXAMPL";  // "ASIA" after 'I' and '3'
  for (const std::string& in :
       {cat({"id=user", key_holding_two, " end\n"}), cat({"x abc", jwt, " end\n"}),
        cat({"x abc", jwt, kAwsKeyId, " end\n"}), cat({"x ", key_holding_two, kAwsKeyId, "\n"})}) {
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    expect_scrubbed(s, in, out,
                    {jwt, std::string_view(jwt).substr(jwt.size() - 8), key_holding_two,
                     std::string_view(key_holding_two).substr(8), kAwsKeyId});
    EXPECT_EQ(s.stream_bytewise(in), out);
  }
}

// A run of prefixes glued to each other starts no token: nothing is cut, nothing redacted.
TEST(AdversarialOverlaps, RunsOfGluedPrefixesAreLeftAlone) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (const std::string& in : {"MAKIAVELLI AKIAAKIAAKIAAKIAAKIAAKIA eyJeyJeyJeyJeyJeyJ\n"s,
                                "xghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_\n"s}) {
    EXPECT_EQ(s.scrub(in), in);
  }
}

// Two JWTs back to back: the first match runs from the first header through the second
// header (a JWT signature and a header share one alphabet); the second token's payload and
// signature stay visible. Its header, the standard {"alg":"HS256","typ":"JWT"}, is public
// knowledge, so the token can be rebuilt from what is left. (The output was
// "x [REDACTED:jwt.token].eyJzdWIi...HGDo0 y", which holds the second token's
// ".payload.signature".)
TEST(AdversarialOverlaps, TwoJwtsWithNoSeparatorAreBothRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = cat({"x ", kJwt, kJwt, " y\n"});
  const std::string payload_and_signature(kJwt.substr(kJwt.find('.')));
  expect_scrubbed(s, in, s.scrub(in), {kJwt, payload_and_signature});
}

// A digit run followed by ",digit" is taken for a decimal or grouped number and not checked as
// a card (like "4111111111111111.0", which README lists as a known limit). In a JSON array of
// numbers and in CSV the comma only separates fields.
// (It did: "4111111111111111" stayed in each output; in the JSON line the second card was
// redacted and the first was not: {"cards":[4111111111111111,"[REDACTED:pii.payment_card]"]}.)
TEST(AdversarialOverlaps, CardFollowedByACommaAndDigitsIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (const std::string& in : {
           cat({kCard, ",5500005555555559\n"}),
           cat({"{\"cards\":[", kCard, ",5500005555555559]}\n"}),
           cat({"card,exp_month,exp_year\n", kCard, ",12,2027\n"}),
           "4111 1111 1111 1111,12,2027\n"s,
       }) {
    SCOPED_TRACE(in);
    expect_scrubbed(s, in, s.scrub(in), {kCard, "4111 1111 1111 1111", "5500005555555559"});
  }
}

TEST(AdversarialOverlaps, SameSecretTwiceOnALineAndOnConsecutiveLinesIsRedactedEachTime) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = cat({"a ", kAwsKeyId, " b ", kAwsKeyId, "\n", kAwsKeyId, "\n", kAwsKeyId,
                              "\r\n", "{\"k\":\"", kAwsKeyId, "\",\"j\":\"", kAwsKeyId, "\"}\n",
                              "password=hunter2hunter2 password=hunter2hunter2\n"});
  const std::string aws = "[REDACTED:aws.access_key_id]";
  const std::string want = "a " + aws + " b " + aws + "\n" + aws + "\n" + aws + "\r\n" +
                           "{\"k\":\"" + aws + "\",\"j\":\"" + aws + "\"}\n" +
                           "password=[REDACTED:generic.password] "
                           "password=[REDACTED:generic.password]\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, want);
  EXPECT_EQ(s.stream_bytewise(in), out);
  expect_scrubbed(s, in, out, {kAwsKeyId, "hunter2hunter2"});

  // A thousand copies on one line and on a thousand lines.
  std::string line;
  std::string lines;
  for (int i = 0; i < 1000; ++i) {
    line += cat({kGithubToken, " "});
    lines += cat({kGithubToken, "\n"});
  }
  for (const std::string& many : {line + "\n", lines}) {
    const std::string many_out = s.scrub(many);
    EXPECT_EQ(count_of(many_out, "[REDACTED:github.token]"), 1000u);
    expect_scrubbed(s, many, many_out, {kGithubToken});
  }
}

// With the keyed pseudonym style the same secret gives the same pseudonym every time (so
// occurrences can be correlated), and another secret a different one.
TEST(AdversarialOverlaps, SameSecretRepeatedGetsTheSamePseudonym) {
  Scrubber s({{LOGSCRUB_OPT_STYLE, LOGSCRUB_STYLE_HMAC}},
             {{LOGSCRUB_OPT_HMAC_KEY, "adversarial-suite-key-0123456789"}});
  ASSERT_TRUE(s.ok());
  const std::string_view other = "AKIAVMCPJYWVTXJDE5VX";
  const std::string in =
      cat({kAwsKeyId, " ", kAwsKeyId, "\n", kAwsKeyId, "\n", other, " ", kAwsKeyId, "\n"});
  const std::string out = s.scrub(in);
  expect_scrubbed(s, in, out, {kAwsKeyId, other});
  std::vector<std::string> markers;
  for (size_t at = out.find('['); at != std::string::npos; at = out.find('[', at + 1)) {
    markers.push_back(out.substr(at, out.find(']', at) + 1 - at));
  }
  ASSERT_EQ(markers.size(), 5u) << out;
  EXPECT_EQ(markers[0].rfind("[REDACTED:aws.access_key_id#", 0), 0u) << markers[0];
  EXPECT_EQ(markers[1], markers[0]);
  EXPECT_EQ(markers[2], markers[0]);
  EXPECT_NE(markers[3], markers[0]);
  EXPECT_EQ(markers[4], markers[0]);
  EXPECT_EQ(s.stream_bytewise(in), out);
}

// Found by fuzz_scrub: a JWT whose signature is no base64 (37 bytes) is rejected, and an e-mail
// address starting after its second dot takes the signature. A second scrub saw "h.p." right
// before the address's marker, a JWT with an empty signature (an unsecured JWT is valid), and
// redacted it (G6). A token whose last part is empty right before a marker is no finding.
TEST(AdversarialOverlaps, AddressTakingARejectedJwtsSignatureLeavesNoTokenForASecondScrub) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "x eyJhbGciOi.eyJWIiOiJ1vdW50IiwiaWF0IobcCI6IkpXVCJ8."
      "eyJzdWIiOiJ1c2VyLTg4NDEiLCJuYW1lIjoiV@e.rg y\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, "x eyJhbGciOi.eyJWIiOiJ1vdW50IiwiaWF0IobcCI6IkpXVCJ8.[REDACTED:pii.email] y\n");
  EXPECT_EQ(s.scrub(out), out) << "G6";
  EXPECT_EQ(s.stream_bytewise(in), out);
  // An unsecured JWT (empty signature) on its own is still a token.
  EXPECT_EQ(s.scrub("t eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0. u\n"),
            "t [REDACTED:jwt.token] u\n");
}

// A command-line rule takes one flag per tool name. One rule for several tools with different
// flags (mysql's glued -p, docker's spaced -p) let a match from one tool's name run over
// another's, whose flag a second scrub then claimed (found by fuzz_scrub, twice). Now each
// rule has one flag syntax and takes the first flag after the name, and a marker counts as
// the flag's value in the second scrub, so it stops where the first did.
TEST(AdversarialOverlaps, ASecondScrubClaimsNoOtherFlagOfACommand) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  for (const std::string in : {
           "+ mysql -h db -u root -pTr0ub4d docker login u root -pXk9Lm2Qw docker login -u ci -p "
           "Vb8Nc4Kd92nL r.io\n",
           "mysql -pVb8Nc4Kd92nL -ph7Kd92nLq9 app\n",
           "docker login -p $X -p Vb8Nc4Kd92nL -p h7Kd92nLq9 r.io\n",
           "+ mysql -h db -u root -pTr0ub4d docker login u root -pTr0ub4o x + mysql -h db -u root "
           "-pTr0ub4d docker login u root -pTr0ub4o docker login -u ci -p Vb8Nc4Kd92nL\n",
       }) {
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    EXPECT_NE(out, in);
    EXPECT_EQ(s.scrub(out), out) << "G6";
  }
  // mysql's -p is the exception: every one is the rule's (next_pattern), in both scrubs.
  EXPECT_EQ(s.scrub("mysql -pVb8Nc4Kd92nL -ph7Kd92nLq9 app\n"),
            "mysql -p[REDACTED:cli.mysql_password] -p[REDACTED:cli.mysql_password] app\n");
}

// A quoted value longer than its rule's bound holds a secret; once that secret is a shorter
// marker the value fits (found by fuzz_scrub: database.sql_password's 256 bytes, a cookie
// inside). The first scrub found no value there, so a second must not either.
TEST(AdversarialOverlaps, ASecondScrubFindsNoQuotedValueAnEarlierRedactionShortened) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string filler(200, 'a');
  std::string cookie;
  for (int i = 0; i < 5; ++i) cookie += "Zx81kPq2mnrdT7vB";
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwia"
      "WF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  for (const std::string& in : {
           "CREATE USER etl IDENTIFIED BY '" + filler + " Cookie: sid=" + cookie + "';\n",
           "ALTER ROLE etl PASSWORD '" + filler + " " + jwt + "';\n",
           // The byte after a URL's '@' is where a marker starts once the hash after it is
           // redacted: url.credentials' match ends with a host byte, '[' among them (IPv6).
           "fetch https://deploy:Vb8Nc4Kd92nL@$6$Qx7vK2mN$" + filler.substr(0, 86) + " x\n",
           // The gap between a tool's name and its flag (256 bytes) holds the cookie.
           "docker login -u ci " + filler + " Cookie: sid=" + cookie + "\" -p Vb8Nc4Kd92nL r.io\n",
       }) {
    SCOPED_TRACE(in);
    const std::string out = s.scrub(in);
    EXPECT_NE(out, in);
    EXPECT_EQ(out.find("database.sql_password"), std::string::npos);
    EXPECT_EQ(out.find("cli.registry_login_password"), std::string::npos);
    EXPECT_EQ(out.find("url.credentials"), std::string::npos);
    EXPECT_EQ(s.scrub(out), out) << "G6";
  }
}

// A run of hash bytes longer than its format (fuzz_scrub): the hash rule took 86 of them, the
// e-mail address that overlapped it was dropped, and a second scrub found the rest of the run
// before the '@' as an address's local part. The hash now takes its whole run.
TEST(AdversarialOverlaps, ASecondScrubFindsNoAddressInTheTailOfAnOverlongHash) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "shadow: deploy:$6$Qx7vK2mN$Zx81kPq2mnrdT7vB4cL9sW3eR6yU1iO5pA8dF2gH0jK4lM7nB3vC6xZ9qW2eR5"
      "tY8GMWRqXx36kRws@github.com/o.gi\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, "shadow: deploy:[REDACTED:crypto.password_hash]@github.com/o.gi\n");
  EXPECT_EQ(s.scrub(out), out) << "G6";
}

// A statement whose context ("SET PASSWORD ... =") holds another match's start ("PASSWORD
// '"): the first scrub keeps the first match and searches on from its value's end. A second
// scrub sees the value as a marker and must pass over the match the same way, not search
// inside its context for the other one (fuzz_scrub found it).
TEST(AdversarialOverlaps, ASecondScrubDoesNotSearchInsideTheContextOfARedactedValue) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in =
      "SET PASSWORD FOR bob; ALTER ROLE r PASSWORD 'Rt5Vb8Nq\" value=\"Xk29vLq7Wd'\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out,
            "SET PASSWORD FOR bob; ALTER ROLE r PASSWORD 'Rt5Vb8Nq\" "
            "value=\"[REDACTED:database.sql_password]'\n");
  EXPECT_EQ(s.scrub(out), out) << "G6";
}

}  // namespace

// jwk.private_key read the members between "kty" and "d" greedily: with two "d" in one object
// the first scrub redacted the last, and a second scrub, that value now a marker, fell back to
// the first (found by fuzz_scrub on the jwk seed). The detector reads the object member by
// member now: both "d" are redacted, the second (an unterminated string at the line's end,
// base64 with a '/') to the line's end, and a second scrub finds neither marker.
TEST(AdversarialOverlaps, ASecondScrubFindsNoEarlierJwkDOnceALaterOneIsRedacted) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string d1 = "Qk9_0Qk9_7919Qk9_15838Qk9_23757", d2 = "Zr8vKq2xLm4TqqBq7Wz3Tn";
  const std::string in =
      R"(jwk {"kty":"RSA","e":"AQAB","d":")" + d1 + R"(","e":"AQAB","d":")" + d2 + "/m\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out, R"(jwk {"kty":"RSA","e":"AQAB","d":"[REDACTED:jwk.private_key]","e":"AQAB",)"
                 R"("d":"[REDACTED:jwk.private_key])"
                 "\n");
  EXPECT_EQ(s.scrub(out), out) << "G6";
}

// A next_pattern value was not extended (Rule::extend) as the rule's first value is: after
// "mysql ... -pTr0ub4d", the chain took the next command's "-pT[r0ub4d" as "T" (the pattern
// stops before '['), rejected it as a placeholder and went on past that command, whose own
// match the first scrub so never tried; a second scrub, the first value now a marker (no
// chain after it), found "-pT[r0ub4d" whole (fuzz_scrub, session 27). Chain values extend now.
TEST(AdversarialOverlaps, ASecondScrubFoundAPasswordTheChainHadCutShortAndSkipped) {
  Scrubber s;
  ASSERT_TRUE(s.ok());
  const std::string in = "mysql -u root -pTr0ub4d x mysql -u root -pT[r0ub4d y\n";
  const std::string out = s.scrub(in);
  EXPECT_EQ(out,
            "mysql -u root -p[REDACTED:cli.mysql_password] x mysql -u root "
            "-p[REDACTED:cli.mysql_password] y\n");
  EXPECT_EQ(s.scrub(out), out) << "G6";
}

}  // namespace logscrub_adversarial
