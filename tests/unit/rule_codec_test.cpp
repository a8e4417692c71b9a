// The binary rule codec (rules/rule_codec.h) and the built-in catalog logscrub_dbgen embeds
// with it: the catalog must equal what parsing the YAML gives, and the decoder must reject
// truncated or corrupt input without reading out of bounds.
#include "rules/rule_codec.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "detect/precompiled.h"
#include "rules/rule_loader.h"

namespace logscrub {
namespace {

#if defined(__GLIBCXX__) && defined(__x86_64__)
// A new field in Rule must be added to the codec (rule_codec.cpp) and to expect_same_rule.
static_assert(sizeof(Rule) == 456, "Rule changed: update rule_codec.cpp and this test");
#endif

void expect_same_rule(const Rule& a, const Rule& b) {
  SCOPED_TRACE("rule '" + a.id + "' (" + a.source + ")");
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.tags, b.tags);
  EXPECT_EQ(a.enabled_by_default, b.enabled_by_default);
  EXPECT_EQ(a.detector, b.detector);
  EXPECT_EQ(a.pattern, b.pattern);
  EXPECT_EQ(a.prefilter, b.prefilter);
  EXPECT_EQ(a.prefilter_offset, b.prefilter_offset);
  EXPECT_EQ(a.redact_group, b.redact_group);
  EXPECT_EQ(a.extend, b.extend);
  EXPECT_EQ(a.end_pattern, b.end_pattern);
  EXPECT_EQ(a.next_pattern, b.next_pattern);
  EXPECT_EQ(a.prefilter_scanner, b.prefilter_scanner);
  EXPECT_EQ(a.glued, b.glued);
  EXPECT_EQ(a.validators, b.validators);
  EXPECT_EQ(a.has_style, b.has_style);
  EXPECT_EQ(a.style, b.style);
  EXPECT_EQ(a.references, b.references);
  EXPECT_EQ(a.examples, b.examples);
  EXPECT_EQ(a.negative_examples, b.negative_examples);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.source_line, b.source_line);
}

void expect_same_rules(const std::vector<Rule>& a, const std::vector<Rule>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) expect_same_rule(a[i], b[i]);
}

std::vector<Rule> yaml_builtin_rules() {
  std::vector<Rule> rules;
  Error err = load_builtin_rules_from_yaml(rules);
  EXPECT_FALSE(err) << err.message;
  return rules;
}

// Decodes a copy of `blob` in a heap block of exactly its size, so a read past the end is
// caught by sanitizers.
Error decode_exact(std::string_view blob, std::vector<Rule>& out) {
  std::unique_ptr<char[]> copy(new char[blob.size() + 1]);
  if (!blob.empty()) std::memcpy(copy.get(), blob.data(), blob.size());
  return decode_rules(std::string_view(copy.get(), blob.size()), out);
}

// Expects `blob` to be rejected with a RuleFile error and `out` left as it was.
void expect_rejected(std::string_view blob) {
  std::vector<Rule> out(1);
  out[0].id = "sentinel";
  Error err = decode_exact(blob, out);
  EXPECT_EQ(err.code, ErrorCode::RuleFile);
  EXPECT_FALSE(err.message.empty());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "sentinel");
}

std::vector<Rule> unusual_rules() {
  std::vector<Rule> rules;
  // Every field empty or default.
  rules.emplace_back();
  // Every enum value, both booleans, extreme ints.
  const Category categories[] = {Category::Secret, Category::Pii};
  const Detector detectors[] = {Detector::Regex, Detector::PaymentCard, Detector::JsonKey,
                                Detector::UsSsn, Detector::Iban,        Detector::Jwk};
  const Style styles[] = {Style::Tag, Style::Mask, Style::Partial, Style::Hmac};
  const int ints[] = {INT_MIN, -1, 0, 1, 4096, INT_MAX};
  size_t n = 0;
  for (Category c : categories) {
    for (Detector d : detectors) {
      for (Style s : styles) {
        Rule r;
        r.id = "r";
        r.id += std::to_string(n);
        r.category = c;
        r.detector = d;
        r.style = s;
        r.has_style = n % 2 == 0;
        r.enabled_by_default = n % 3 != 0;
        r.glued = n % 5 == 1;
        r.prefilter_offset = ints[n % 6];
        r.redact_group = ints[(n + 1) % 6];
        r.source_line = ints[(n + 2) % 6];
        rules.push_back(r);
        ++n;
      }
    }
  }
  // NUL bytes, every byte value, long strings, empty strings inside lists.
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  Rule odd;
  odd.id = std::string("a\0b", 3);
  odd.name = all_bytes;
  odd.tags = {"", std::string(1, '\0'), "tag"};
  odd.pattern = std::string(100000, 'x') + all_bytes;
  odd.prefilter = std::string("\xff\xfe\0", 3);
  odd.extend = "A-Za-z0-9/+=";
  odd.end_pattern = "-----END [A-Z ]+-----";
  odd.prefilter_scanner = "at_domain";
  odd.validators = {"entropy", "luhn"};
  odd.references = {std::string(70000, 'r')};
  odd.examples = {"", "", all_bytes};
  odd.negative_examples = std::vector<std::string>(1000, "neg");
  odd.source = "builtin:patterns/\n\r\t.yaml";
  odd.source_line = 123456;
  rules.push_back(odd);
  return rules;
}

TEST(RuleCodec, EmbeddedCatalogEqualsParsedYaml) {
  std::string_view catalog = precompiled_builtin_catalog();
  if (catalog.empty()) {
    // Only a build without the precompiled database (LOGSCRUB_PRECOMPILE_DATABASE=OFF or
    // cross-compiling) embeds no catalog.
    ASSERT_EQ(precompiled_database(), nullptr) << "database embedded without the rule catalog";
    GTEST_SKIP() << "this build embeds no rule catalog";
  }
  std::vector<Rule> yaml = yaml_builtin_rules();
  ASSERT_FALSE(yaml.empty());
  std::vector<Rule> decoded;
  Error err = decode_rules(catalog, decoded);
  ASSERT_FALSE(err) << err.message;
  expect_same_rules(decoded, yaml);
  // Byte for byte too: the catalog is exactly the encoding of the YAML of this build.
  EXPECT_TRUE(encode_rules(yaml) == catalog) << "stale embedded catalog: rebuild logscrub_dbgen";
}

TEST(RuleCodec, LoadBuiltinRulesEqualsParsedYaml) {
  std::vector<Rule> loaded;
  Error err = load_builtin_rules(loaded);
  ASSERT_FALSE(err) << err.message;
  expect_same_rules(loaded, yaml_builtin_rules());
}

TEST(RuleCodec, RoundTripsUnusualContent) {
  std::vector<Rule> rules = unusual_rules();
  std::string blob = encode_rules(rules);
  std::vector<Rule> decoded;
  Error err = decode_exact(blob, decoded);
  ASSERT_FALSE(err) << err.message;
  expect_same_rules(decoded, rules);
  EXPECT_EQ(encode_rules(decoded), blob);
}

TEST(RuleCodec, RoundTripsBuiltinRules) {
  std::vector<Rule> rules = yaml_builtin_rules();
  std::vector<Rule> decoded;
  Error err = decode_rules(encode_rules(rules), decoded);
  ASSERT_FALSE(err) << err.message;
  expect_same_rules(decoded, rules);
}

TEST(RuleCodec, RoundTripsEmptyList) {
  std::string blob = encode_rules({});
  std::vector<Rule> decoded;
  Error err = decode_exact(blob, decoded);
  ASSERT_FALSE(err) << err.message;
  EXPECT_TRUE(decoded.empty());
}

TEST(RuleCodec, DecodeAppends) {
  std::vector<Rule> first = unusual_rules();
  std::vector<Rule> second(2);
  second[0].id = "one";
  second[1].id = "two";
  std::vector<Rule> out;
  ASSERT_FALSE(decode_rules(encode_rules(first), out));
  ASSERT_FALSE(decode_rules(encode_rules(second), out));
  std::vector<Rule> expected = first;
  expected.insert(expected.end(), second.begin(), second.end());
  expect_same_rules(out, expected);
}

std::vector<Rule> small_rules() {
  std::vector<Rule> rules(2);
  rules[0].id = "small.one";
  rules[0].name = "Small one";
  rules[0].tags = {"t1", ""};
  rules[0].pattern = std::string("ab\0c", 4);
  rules[0].validators = {"entropy"};
  rules[0].examples = {"x"};
  rules[0].source = "s";
  rules[0].source_line = 7;
  rules[1].id = "small.two";
  rules[1].category = Category::Pii;
  rules[1].detector = Detector::Iban;
  rules[1].has_style = true;
  rules[1].style = Style::Partial;
  rules[1].negative_examples = {"n1", "n2"};
  return rules;
}

TEST(RuleCodec, RejectsEveryTruncation) {
  std::string blob = encode_rules(small_rules());
  for (size_t len = 0; len < blob.size(); ++len) {
    SCOPED_TRACE("length " + std::to_string(len));
    expect_rejected(std::string_view(blob).substr(0, len));
  }
  expect_rejected(blob + '\0');
}

TEST(RuleCodec, RejectsByteFlips) {
  std::string blob = encode_rules(small_rules());
  for (size_t i = 0; i < blob.size(); ++i) {
    for (unsigned mask : {0x01u, 0x80u, 0xFFu, 0x5Au}) {
      SCOPED_TRACE("byte " + std::to_string(i) + " ^ " + std::to_string(mask));
      std::string bad = blob;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ mask);
      expect_rejected(bad);
    }
  }
}

// A blob with `payload` and a valid header (size and checksum match), so only the decoder's
// structural checks stand between the payload and out-of-bounds reads.
std::string forge(std::string_view payload) {
  std::string blob = encode_rules({});
  blob.resize(8);  // magic + version
  uint64_t size = payload.size();
  uint64_t sum = rule_codec_detail::payload_checksum(payload);
  for (int k = 0; k < 8; ++k) blob.push_back(static_cast<char>((size >> (8 * k)) & 0xFF));
  for (int k = 0; k < 8; ++k) blob.push_back(static_cast<char>((sum >> (8 * k)) & 0xFF));
  blob.append(payload);
  return blob;
}

TEST(RuleCodec, ForgedPayloadsAreCheckedStructurally) {
  std::string blob = encode_rules(small_rules());
  std::string payload = blob.substr(24);
  // Sanity: forging the valid payload gives back the same blob.
  ASSERT_EQ(forge(payload), blob);
  // Every truncation of the payload, with a header that matches it.
  for (size_t len = 0; len < payload.size(); ++len) {
    SCOPED_TRACE("payload length " + std::to_string(len));
    expect_rejected(forge(std::string_view(payload).substr(0, len)));
  }
  // Every single byte of the payload set to values that break lengths, enums or booleans,
  // with a matching checksum: must decode to an error or to something, never crash.
  for (size_t i = 0; i < payload.size(); ++i) {
    for (unsigned v : {0x02u, 0x7Fu, 0xFFu}) {
      std::string bad = payload;
      bad[i] = static_cast<char>(v);
      std::vector<Rule> out;
      (void)decode_exact(forge(bad), out);
    }
  }
  // Specific corruptions, each an error.
  auto with_u32_at = [&](size_t at, uint32_t v) {
    std::string p = payload;
    for (int k = 0; k < 4; ++k) p[at + static_cast<size_t>(k)] = static_cast<char>(v >> (8 * k));
    return p;
  };
  expect_rejected(forge(with_u32_at(0, 3)));           // more rules than present
  expect_rejected(forge(with_u32_at(0, 0xFFFFFFFF)));  // absurd rule count
  expect_rejected(forge(with_u32_at(0, 1)));           // trailing bytes
  expect_rejected(forge(with_u32_at(4, 0xFFFFFFF0)));  // id length past the end
  size_t category_at = 4 + 4 + 9 + 4 + 9;              // count, id, name
  ASSERT_EQ(payload[category_at], '\0');
  expect_rejected(forge(with_u32_at(category_at + 1, 0xFFFFFFFF)));  // tags count
  std::string bad_enum = payload;
  bad_enum[category_at] = 2;
  expect_rejected(forge(bad_enum));
  std::string bad_bool = payload;
  size_t enabled_at = category_at + 1 + 4 + 4 + 2 + 4 + 0;  // tags {"t1", ""}
  ASSERT_EQ(bad_bool[enabled_at], '\1');
  bad_bool[enabled_at] = 2;
  expect_rejected(forge(bad_bool));
  std::string bad_detector = payload;
  bad_detector[enabled_at + 1] = 6;  // one past the last, Detector::Jwk
  expect_rejected(forge(bad_detector));
}

TEST(RuleCodec, RejectsBadHeader) {
  std::string blob = encode_rules(small_rules());
  expect_rejected("");
  expect_rejected(std::string(24, '\0'));
  std::string bad_magic = blob;
  bad_magic[0] = 'X';
  expect_rejected(bad_magic);
  std::string bad_version = blob;
  bad_version[4] = 9;
  expect_rejected(bad_version);
}

}  // namespace
}  // namespace logscrub
