// Every built-in rule: examples redacted, negative examples untouched, and scrubbing is
// idempotent with no replacement matching any rule, in every style (G6).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "detect/ascii.h"
#include "rules/rule_loader.h"
#include "test_util.h"

namespace logscrub {
namespace {

using testing::count_char;
using testing::find;
using testing::make_engine;
using testing::scrub;

std::vector<Rule> builtin_rules() {
  std::vector<Rule> rules;
  Error err = load_builtin_rules(rules);
  EXPECT_FALSE(err) << err.message;
  return rules;
}

// All built-in rules, including default-off ones, in `style`.
std::shared_ptr<const Engine> all_rules_engine(Style style, bool same_length = false) {
  EngineOptions o;
  for (const Rule& r : builtin_rules()) o.enabled_ids.push_back(r.id);
  o.style = style;
  o.style_forced = true;
  o.mask_same_length = same_length;
  o.hmac_key = "unit-test-hmac-key-0123456789";
  return make_engine(o);
}

// The default rule selection, with a fixed HMAC key.
std::shared_ptr<const Engine> default_rules_engine() {
  EngineOptions o;
  o.hmac_key = "unit-test-hmac-key-0123456789";
  return make_engine(o);
}

bool has_finding_of(const Engine& engine, const std::vector<Finding>& findings,
                    const std::string& id) {
  for (const Finding& f : findings) {
    if (engine.rules()[f.rule].id == id) return true;
  }
  return false;
}

TEST(BuiltinRules, EveryExampleIsRedactedByItsRule) {
  auto engine = all_rules_engine(Style::Tag);
  ASSERT_TRUE(engine);
  size_t checked = 0;
  for (const Rule& rule : engine->rules()) {
    for (size_t i = 0; i < rule.examples.size(); ++i) {
      const std::string& ex = rule.examples[i];
      std::vector<Finding> findings = find(*engine, ex);
      EXPECT_TRUE(has_finding_of(*engine, findings, rule.id)) << rule.id << " example #" << i + 1;
      // The bytes this rule matched are gone from the output (the marker may name another
      // rule that matched the same bytes).
      std::string out = scrub(*engine, ex);
      for (const Finding& f : findings) {
        std::string secret = ex.substr(f.begin, f.end - f.begin);
        // Pieces under 4 bytes (member names inside a span the JSON path clips to string
        // tokens) occur anywhere by chance: searching for them proves nothing.
        if (engine->rules()[f.rule].id == rule.id && secret.size() >= 4) {
          EXPECT_EQ(out.find(secret), std::string::npos)
              << rule.id << " example #" << i + 1 << " -> " << out;
        }
      }
      EXPECT_NE(out.find("[REDACTED:"), std::string::npos) << rule.id << " -> " << out;
      ++checked;
    }
  }
  EXPECT_GE(checked, 30u);
}

// Rules marked glued (Rule::glued) find each example's token also when it is written right
// after another word ("zq" before it) and when another token is written right after it (an
// AWS key id, itself found). Each glued rule has examples.
TEST(BuiltinRules, EveryGluedRulesExampleIsFoundGluedToTheWordsAroundIt) {
  auto engine = all_rules_engine(Style::Tag);
  ASSERT_TRUE(engine);
  const std::string key_id = "AKIAZ5B3Q2XJ7N4PLW6R";
  size_t glued_rules = 0;
  for (const Rule& rule : engine->rules()) {
    if (!rule.glued) continue;
    ++glued_rules;
    EXPECT_FALSE(rule.examples.empty()) << rule.id;
    for (size_t i = 0; i < rule.examples.size(); ++i) {
      const std::string& ex = rule.examples[i];
      SCOPED_TRACE(rule.id + " example #" + std::to_string(i + 1) + ": " + ex);
      std::vector<Finding> plain = find(*engine, ex);
      const auto own = std::find_if(plain.begin(), plain.end(), [&](const Finding& f) {
        return engine->rules()[f.rule].id == rule.id;
      });
      ASSERT_NE(own, plain.end());
      const size_t begin = own->begin;
      const size_t end = own->end;
      const auto found_at = [&](const std::string& text, size_t at, size_t min_end) {
        for (const Finding& f : find(*engine, text)) {
          if (engine->rules()[f.rule].id == rule.id && f.begin == at && f.end >= min_end)
            return true;
        }
        return false;
      };
      const std::string after_word = ex.substr(0, begin) + "zq" + ex.substr(begin);
      EXPECT_TRUE(found_at(after_word, begin + 2, end + 2)) << after_word;
      const std::string before_key = ex.substr(0, end) + key_id + ex.substr(end);
      EXPECT_TRUE(found_at(before_key, begin, end)) << before_key;
      const std::string out = scrub(*engine, before_key);
      EXPECT_EQ(out.find(key_id), std::string::npos) << out;
    }
  }
  EXPECT_GE(glued_rules, 41u);
}

// Every example's finding with another example's secret written right after it, or right
// before it, in one word: a marker splits that word, and a second scrub sees the other secret
// as a word of its own. The first scrub must have found what the second finds (G6). Each
// finding is paired with a fixed sample of the secrets (every 53rd, from a place that moves).
TEST(BuiltinRules, ExampleSecretsGluedToEachOtherScrubTheSameASecondTime) {
  auto engine = all_rules_engine(Style::Tag);
  ASSERT_TRUE(engine);
  struct Span {
    const std::string* example;
    size_t begin, end;
  };
  std::vector<Span> spans;
  std::set<std::string> secret_set;
  for (const Rule& rule : engine->rules()) {
    for (const std::string& ex : rule.examples) {
      for (const Finding& f : find(*engine, ex)) {
        if (f.end <= f.begin) continue;
        spans.push_back({&ex, f.begin, f.end});
        if (ascii::is_word(ex[f.begin])) secret_set.insert(ex.substr(f.begin, f.end - f.begin));
      }
    }
  }
  const std::vector<std::string> secrets(secret_set.begin(), secret_set.end());
  ASSERT_GE(secrets.size(), 300u);
  size_t checked = 0;
  for (size_t k = 0; k < spans.size(); ++k) {
    const std::string& ex = *spans[k].example;
    const size_t begin = spans[k].begin, end = spans[k].end;
    for (size_t j = k % 53; j < secrets.size(); j += 53) {
      std::vector<std::string> variants;
      if (ascii::is_word(ex[end - 1]))
        variants.push_back(ex.substr(0, end) + secrets[j] + ex.substr(end));
      if (ascii::is_word(ex[begin]))
        variants.push_back(ex.substr(0, begin) + secrets[j] + ex.substr(begin));
      for (const std::string& v : variants) {
        const std::string once = scrub(*engine, v);
        EXPECT_EQ(scrub(*engine, once), once) << v;
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 5000u);
}

TEST(BuiltinRules, NoNegativeExampleMatchesItsRule) {
  auto engine = all_rules_engine(Style::Tag);
  ASSERT_TRUE(engine);
  for (const Rule& rule : engine->rules()) {
    for (size_t i = 0; i < rule.negative_examples.size(); ++i) {
      EXPECT_FALSE(has_finding_of(*engine, find(*engine, rule.negative_examples[i]), rule.id))
          << rule.id << " negative example #" << i + 1;
    }
  }
}

struct StyleCase {
  const char* name;
  Style style;
  bool same_length;
};

class BuiltinIdempotence : public ::testing::TestWithParam<StyleCase> {};

TEST_P(BuiltinIdempotence, ScrubbedExamplesHaveNoFindingsAndAreStable) {
  auto engine = all_rules_engine(GetParam().style, GetParam().same_length);
  ASSERT_TRUE(engine);
  for (const Rule& rule : engine->rules()) {
    for (size_t i = 0; i < rule.examples.size(); ++i) {
      const std::string& ex = rule.examples[i];
      std::string once = scrub(*engine, ex);
      EXPECT_EQ(count_char(once, '\n'), count_char(ex, '\n')) << rule.id;
      auto again = find(*engine, once);
      EXPECT_TRUE(again.empty()) << GetParam().name << ": " << rule.id << " example #" << i + 1
                                 << " still matches "
                                 << (again.empty() ? "" : engine->rules()[again[0].rule].id)
                                 << " after scrubbing: " << once;
      EXPECT_EQ(scrub(*engine, once), once) << rule.id;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Styles, BuiltinIdempotence,
                         ::testing::Values(StyleCase{"tag", Style::Tag, false},
                                           StyleCase{"mask", Style::Mask, false},
                                           StyleCase{"mask_same_length", Style::Mask, true},
                                           StyleCase{"partial", Style::Partial, false},
                                           StyleCase{"hmac", Style::Hmac, false}),
                         [](const ::testing::TestParamInfo<StyleCase>& p) {
                           return std::string(p.param.name);
                         });

TEST(BuiltinRules, IdsAreUniqueAndCategorised) {
  std::vector<Rule> rules = builtin_rules();
  std::set<std::string> ids;
  for (const Rule& r : rules) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_FALSE(r.name.empty()) << r.id;
    EXPECT_FALSE(r.references.empty()) << r.id << " has no format reference";
  }
}

TEST(BuiltinRules, DefaultEngineLeavesOrdinaryLogLinesAlone) {
  auto engine = make_engine({});
  ASSERT_TRUE(engine);
  const char* clean[] = {
      "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created "
      "MRAppMaster for application appattempt_1445144423722_0020_000001",
      "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block "
      "blk_38865049064139660 terminating",
      "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user webmaster from "
      "173.234.31.186 port 38926 ssh2",
      "Token: Token { kind: ContainerToken, service: 172.22.149.145:28345 }",
      "request 123e4567-e89b-12d3-a456-426614174000 took 1445144423722 ms",
      "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
      "LeaseRenewer:msrabi@msra-sa-41:9000 renewed",
  };
  for (const char* line : clean) {
    EXPECT_EQ(scrub(*engine, line), line);
  }
}

// Regression (CI fuzz run): a context value that swallowed the "://" of pii.email's
// URL-userinfo guard hid the address after it from the first pass only; once the value was a
// marker, the second pass found it (G6). Also a URL whose scheme looks like a key
// ("password://") is no password value.
TEST(BuiltinRules, RedactionInsideAnEmailUrlGuardLeavesNothingForASecondPass) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  for (const char* line : {"SECRET_KEY=ztrPq7Wk2nrd://xrq&a@e.rg", "password://xr\xa7&a@e.rg",
                           "api_key: Q9fT2mLx7Zd://ops&jane@corp.example.com"}) {
    const std::string once = scrub(*engine, line);
    EXPECT_EQ(scrub(*engine, once), once) << line;
  }
  EXPECT_EQ(scrub(*engine, "SECRET_KEY=ztrPq7Wk2nrd://xrq&a@e.rg"),
            "SECRET_KEY=[REDACTED:generic.secret]&[REDACTED:pii.email]");
}

// The recheck after a broken guard looks only at findings in 64-byte blocks some guard
// overlaps: wherever the line sits in the buffer (across block boundaries, after other guards),
// the address after the redacted value is still found.
TEST(BuiltinRules, BrokenGuardRecheckFindsTheAddressAtEveryOffset) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  const std::string line = "SECRET_KEY=ztrPq7Wk2nrd://xrq&a@e.rg\n";
  const std::string want = "SECRET_KEY=[REDACTED:generic.secret]&[REDACTED:pii.email]\n";
  const std::string other_guard = "see https://ops@example.com/x\n";  // a guard, left alone
  for (size_t pad = 0; pad < 140; ++pad) {
    const std::string before = other_guard + std::string(pad, 'p') + "\n";
    EXPECT_EQ(scrub(*engine, before + line + before), before + want + before) << pad;
  }
}

// The recheck finds the guards before a finding through an index of the guards by kilobyte:
// the broken guard, the finding that breaks it and the other guards straddle the first
// kilobyte boundaries at every offset.
TEST(BuiltinRules, BrokenGuardRecheckFindsTheAddressAcrossKilobyteBoundaries) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  const std::string line = "SECRET_KEY=ztrPq7Wk2nrd://xrq&a@e.rg\n";
  const std::string want = "SECRET_KEY=[REDACTED:generic.secret]&[REDACTED:pii.email]\n";
  std::string guards;  // 31 lines of 30 bytes, each a guard left alone
  for (int i = 0; i < 31; ++i) guards += "see https://ops@example.com/x\n";
  for (size_t pad = 0; pad < 1100; pad += 7) {
    const std::string before = guards + std::string(pad, 'p') + "\n";
    EXPECT_EQ(scrub(*engine, before + line + guards), before + want + guards) << pad;
  }
}

// base64url without padding, as JWT parts are written.
std::string base64url(std::string_view bytes) {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size())
      v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    const size_t chars = std::min<size_t>(4, bytes.size() - i + 1);
    for (size_t k = 0; k < chars; ++k) out += kB64[(v >> (18 - 6 * k)) & 63];
  }
  return out;
}

// jwt.token spelled the payload out as at most 2,000 bytes, so a longer token (an access token
// that lists many groups) in plain text went out whole: no other rule had its context.
TEST(BuiltinRules, JwtWithAPayloadOverTwoThousandBytesIsRedacted) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  // {"alg":"RS256","typ":"JWT"} . {"sub":"u1","groups":["g0000",...,"g0299"]} . signature
  const std::string header = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";
  std::string claims = R"({"sub":"u1","groups":[)";
  for (int i = 0; i < 300; ++i) claims += (i ? ",\"g" : "\"g") + std::to_string(1000 + i) + "\"";
  claims += "]}";
  const std::string payload = base64url(claims);
  ASSERT_GT(payload.size(), 2000u);
  ASSERT_EQ(payload.substr(0, 3), "eyJ");
  const std::string token = header + "." + payload + ".c2lnbmF0dXJlLWJ5dGVzLTAxMjM0NTY3ODk";
  EXPECT_EQ(scrub(*engine, "idp returned " + token + " for user 5\n"),
            "idp returned [REDACTED:jwt.token] for user 5\n");
}

// jwt.token read the header as at most 1,000 bytes, so a JWS whose header carries a
// certificate chain (x5c: an App Store server notification, an attestation) went out whole.
TEST(BuiltinRules, JwtWithAHeaderOverOneThousandBytesIsRedacted) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  const std::string payload = base64url(R"({"notificationType":"DID_RENEW","sub":"u1"})");
  const std::string signature = "c2lnbmF0dXJlLWJ5dGVzLTAxMjM0NTY3ODk";
  for (size_t cert_bytes : {700, 740, 760, 2400, 6000}) {
    std::string cert;  // stands for a base64 DER certificate
    for (size_t i = 0; cert.size() < cert_bytes; ++i) cert += "MIIB" + std::to_string(i * 7919);
    const std::string header = base64url(R"({"alg":"ES256","x5c":[")" + cert + R"("]})");
    const std::string token = header + "." + payload + "." + signature;
    EXPECT_EQ(scrub(*engine, "notification " + token + " received\n"),
              "notification [REDACTED:jwt.token] received\n")
        << "header of " << header.size() << " bytes";
  }
  // A long base64 JSON blob that is no token (one part) stays.
  const std::string blob = base64url(R"({"alg":"none","pad":")" + std::string(3000, 'x') + "\"}");
  EXPECT_EQ(scrub(*engine, "cache " + blob + "\n"), "cache " + blob + "\n");
}

// cli.mysql_password found the first "-pSECRET" of a command only: a second one (the client
// uses the last) went out whole. next_pattern finds each.
TEST(BuiltinRules, EveryDashPOfAMysqlCommandIsRedacted) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  EXPECT_EQ(scrub(*engine, "mysql -u root -pFirstPw9x -h db -pS3condPw7y app\n"),
            "mysql -u root -p[REDACTED:cli.mysql_password] -h db "
            "-p[REDACTED:cli.mysql_password] app\n");
  // A bare "-p" (a prompt) between them holds no value; the one after it is still found.
  EXPECT_EQ(scrub(*engine, "mysqldump -pA1b2C3d4e -p orders -p'Z9y8X7w6v' > out.sql\n"),
            "mysqldump -p[REDACTED:cli.mysql_password] -p orders "
            "-p'[REDACTED:cli.mysql_password]' > out.sql\n");
}

// jwk.private_key spelled "d" and the CRT members after it out in one pattern, "d" at most
// 1,000 bytes: an 8192-bit key's "d" (1,366) went out whole, as did members in another order.
// Now "d" ends with its run and each member after it is matched again where the last ends.
TEST(BuiltinRules, JwkPrivateMembersOfAnyLengthAndOrderAfterDAreRedacted) {
  auto engine = default_rules_engine();
  ASSERT_TRUE(engine);
  std::string d;
  for (size_t i = 0; d.size() < 1366; ++i) d += "Qk9_" + std::to_string(i * 7919);
  const std::string p(683, 'p'), qi = "AJixQwe6e1yiAYQYovYny6sJL8VeE06adFcy9eB6kjenk4F";
  const std::string in =
      R"(jwk {"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2a","e":"AQAB","d":")" + d +
      R"(","qi":")" + qi + R"(", "p" : ")" + p + R"(","kid":"k1"})" + "\n";
  EXPECT_EQ(scrub(*engine, in),
            R"(jwk {"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2a","e":"AQAB",)"
            R"("d":"[REDACTED:jwk.private_key]","qi":"[REDACTED:jwk.private_key]", )"
            R"("p" : "[REDACTED:jwk.private_key]","kid":"k1"})"
            "\n");
}

}  // namespace
}  // namespace logscrub
