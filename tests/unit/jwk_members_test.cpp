// find_jwk_private_values: the private members of JSON Web Keys, read from the object around
// each "kty" name, in any order, of any length, plain or inside a JSON string.
#include "detect/jwk_members.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace logscrub {
namespace {

// The ends of every `"kty"` and `"kty\"` in `text`: what Hyperscan reports for kJwkTrigger.
std::vector<size_t> trigger_ends(const std::string& text) {
  std::vector<size_t> ends;
  for (size_t at = text.find("\"kty"); at != std::string::npos; at = text.find("\"kty", at + 1)) {
    if (text.compare(at + 4, 1, "\"") == 0) ends.push_back(at + 5);
    if (text.compare(at + 4, 2, "\\\"") == 0) ends.push_back(at + 6);
  }
  return ends;
}

// The values found in `text`, as strings, in text order.
std::vector<std::string> values(const std::string& text) {
  std::vector<CardMatch> found;
  find_jwk_private_values(text, trigger_ends(text), found);
  std::vector<std::string> out;
  for (const CardMatch& m : found) out.push_back(text.substr(m.begin, m.end - m.begin));
  return out;
}

// A base64url value of `n` bytes that names its member, so a test sees which one was found.
std::string value(const std::string& member, size_t n) {
  std::string v = member + "_";
  for (size_t i = 0; v.size() < n; ++i) v += "Ab9-"[i % 4];
  v.resize(n);
  return v;
}

const std::string kD = value("d", 43), kP = value("p", 86), kQ = value("q", 86),
                  kDp = value("dp", 86), kDq = value("dq", 86), kQi = value("qi", 86);
const std::string kN = value("n", 342);
const std::vector<std::string> kAllSix = {kD, kP, kQ, kDp, kDq, kQi};

using Members = std::vector<std::pair<std::string, std::string>>;

// {"name":"value",...} (built with +=: GCC 12 warns falsely on long chains of string +).
std::string object(const Members& members) {
  std::string text = "{";
  for (const auto& [name, v] : members) {
    if (text.size() > 1) text += ',';
    text += '"';
    text += name;
    text += "\":\"";
    text += v;
    text += '"';
  }
  text += '}';
  return text;
}

TEST(JwkMembers, RfcOrderAfterKtyFindsEveryPrivateMember) {
  const std::string text = "key " +
                           object({{"kty", "RSA"},
                                   {"n", kN},
                                   {"e", "AQAB"},
                                   {"d", kD},
                                   {"p", kP},
                                   {"q", kQ},
                                   {"dp", kDp},
                                   {"dq", kDq},
                                   {"qi", kQi}}) +
                           "\n";
  EXPECT_EQ(values(text), kAllSix);
}

TEST(JwkMembers, SortedMembersBeforeAndAfterKtyAreFound) {
  // Go's encoding/json on a map, jq -S, sort_keys=True: d, dp, dq come before "kty".
  const std::string text = object({{"d", kD},
                                   {"dp", kDp},
                                   {"dq", kDq},
                                   {"e", "AQAB"},
                                   {"kty", "RSA"},
                                   {"n", kN},
                                   {"p", kP},
                                   {"q", kQ},
                                   {"qi", kQi}});
  EXPECT_EQ(values(text), (std::vector<std::string>{kD, kDp, kDq, kP, kQ, kQi}));
}

TEST(JwkMembers, MembersOfAnyLengthWithBlanksAndOtherValueTypesBetween) {
  // An 8192-bit key: "n" and "d" of 1,366 bytes; arrays, numbers, literals and a nested
  // object between the members.
  const std::string n = value("n", 1366), d = value("d", 1366);
  const std::string text = R"({ "kty" : "RSA", "key_ops": ["sign", "verify"], "ext": true, )"
                           R"("n": ")" +
                           n +
                           R"(", "e": "AQAB", "meta": {"rotated": 3, "by": ["a{", "}"]}, )"
                           R"("d" :")" +
                           d + R"(" ,"kid":null})";
  EXPECT_EQ(values(text), std::vector<std::string>{d});
}

TEST(JwkMembers, KeyTypesDecideWhichMembersArePrivate) {
  EXPECT_EQ(values(object({{"kty", "EC"}, {"crv", "P-256"}, {"d", kD}})),
            std::vector<std::string>{kD});
  EXPECT_EQ(values(object({{"kty", "OKP"}, {"d", kD}})), std::vector<std::string>{kD});
  const std::string k = value("k", 43);
  EXPECT_EQ(values(object({{"kty", "oct"}, {"k", k}, {"d", kD}})), std::vector<std::string>{k});
  // "k" is no member of an RSA key, "d" none of an oct key's; an unknown "kty" has none.
  EXPECT_TRUE(values(object({{"kty", "RSA"}, {"k", k}})).empty());
  EXPECT_TRUE(values(object({{"kty", "rsa"}, {"d", kD}})).empty());
  EXPECT_TRUE(values(object({{"kty", "RSA-HSM"}, {"d", kD}})).empty());
}

TEST(JwkMembers, PublicKeysAndOtherObjectsGiveNothing) {
  EXPECT_TRUE(values(object({{"kty", "RSA"}, {"n", kN}, {"e", "AQAB"}})).empty());
  // A "d" in the next object, or in the one before, is not the key's.
  EXPECT_TRUE(values(object({{"kty", "RSA"}, {"e", "AQAB"}}) + " " + object({{"d", kD}})).empty());
  EXPECT_TRUE(values(object({{"d", kD}}) + "," + object({{"kty", "EC"}})).empty());
  // "kty" that is a value, not a member's name.
  EXPECT_TRUE(values(object({{"type", "kty"}, {"d", kD}})).empty());
  // An earlier line's object.
  std::string two_lines = object({{"d", kD}});
  two_lines.insert(two_lines.size() - 1, ",\n\"kty\":\"EC\"");
  EXPECT_TRUE(values(two_lines).empty());
}

TEST(JwkMembers, ValuesThatAreNoKeyMaterialAreLeft) {
  const std::string text = object({{"kty", "EC"},
                                   {"d", "[REDACTED:jwk]"},
                                   {"p", "short_value_19bytes"},
                                   {"q", "<secret-goes-here-later>"},
                                   {"dp", value("dp", 20)}});
  EXPECT_EQ(values(text), std::vector<std::string>{value("dp", 20)});
}

TEST(JwkMembers, KeysOfAJwkSetAreReadOneByOne) {
  const std::string d2 = value("d2", 43);
  const std::string text = R"({"keys":[{"kty":"EC","x":"pub"},{"kty":"EC","d":")" + kD +
                           R"("},{"d":")" + d2 + R"("},{"kty":"OKP","d":")" + d2 + R"("}]})";
  EXPECT_EQ(values(text), (std::vector<std::string>{kD, d2}));
}

TEST(JwkMembers, AKeyInsideAJsonStringIsReadThroughItsEscapes) {
  // Written into a log message: quotes escaped, pretty-printed with \n and \t escapes.
  const std::string text = R"({"msg":"loaded {\n\t\"d\": \")" + kD + R"(\",\n\t\"kty\": \"EC\"}"})";
  EXPECT_EQ(values(text), std::vector<std::string>{kD});
  // The string's end ends the key: a "d" after it is another object's.
  const std::string after = R"({"msg":"{\"kty\":\"EC\"}","d":")" + kD + R"("})";
  EXPECT_TRUE(values(after).empty());
}

TEST(JwkMembers, ACutOffKeyKeepsWhatWasRead) {
  // A line cut inside a value (a logger's limit): the value runs to the line's end.
  std::string text = object({{"kty", "RSA"}, {"d", kD}});
  text.pop_back();
  text += ",\"p\":\"" + kP.substr(0, 40) + "\n";
  EXPECT_EQ(values(text), (std::vector<std::string>{kD, kP.substr(0, 40)}));
  // Malformed after the first members: those still count.
  std::string broken = object({{"kty", "EC"}, {"d", kD}, {"p", kP}});
  broken.insert(broken.find(",\"p\""), " oops");
  EXPECT_EQ(values(broken), std::vector<std::string>{kD});
}

TEST(JwkMembers, ABraceInsideAnEarlierStringDoesNotHideTheKey) {
  // Looking back from "kty", the first '{' is inside "kid"'s string: read from "kty" on.
  const std::string text = R"({"kid":"{rotated x","kty":"EC","d":")" + kD + R"("})";
  EXPECT_EQ(values(text), std::vector<std::string>{kD});
}

// Read back from "kty", braces and quotes inside earlier string values are no structure: the
// first reading looked back for the nearest '{' and found one inside a password's value, so
// "d" before "kty" was missed until another rule redacted that value (G6, fuzz_scrub).
TEST(JwkMembers, BracesInsideStringsBeforeKtyAreNoStructure) {
  const std::string text =
      R"(x {"password":"{{{{{s3cr\"{t","n":[1,"}{",{"a":"]"}],"d":")" + kD + R"(","kty":"EC"})";
  EXPECT_EQ(values(text), std::vector<std::string>{kD});
  const std::string escaped =
      R"({"msg":"{\"note\":\"{{\\\"{\",\"d\":\")" + kD + R"(\",\"kty\":\"EC\"}"})";
  EXPECT_EQ(values(escaped), std::vector<std::string>{kD});
}

TEST(JwkMembers, TriggersOutsideTheTextOrNotAtAKtyNameAreIgnored) {
  const std::string text = object({{"kty", "EC"}, {"d", kD}});
  std::vector<CardMatch> found;
  find_jwk_private_values(text, {0, 3, 4, text.size() + 1, SIZE_MAX}, found);
  EXPECT_TRUE(found.empty());
  find_jwk_private_values(text, {6, 6}, found);  // the real trigger, twice
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), kD);
}

}  // namespace
}  // namespace logscrub
