#include "json/json_view.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json_part.h"

namespace logscrub {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;
using Range = std::pair<size_t, size_t>;

// Checks the documented invariants of a successfully built view: the raw ranges of consecutive
// decoded bytes tile [0, json.size()) (all bytes of one escape share one range), bytes copied as
// is map to themselves, and bytes produced by an escape map to a range starting with '\'.
void expect_consistent(std::string_view json, const JsonView& v) {
  ASSERT_EQ(v.raw_of.size(), v.decoded.size() + 1);
  ASSERT_EQ(v.raw_end_of.size(), v.decoded.size());
  ASSERT_EQ(v.raw_of.back(), json.size());
  size_t expect_begin = 0;
  for (size_t i = 0; i < v.decoded.size(); ++i) {
    const size_t b = v.raw_of[i], e = v.raw_end_of[i];
    ASSERT_LT(b, e) << "at " << i;
    ASSERT_LE(e, json.size()) << "at " << i;
    if (b != expect_begin) {
      // Continuation byte of a multi-byte escape: same range as the previous byte.
      ASSERT_GT(i, 0u);
      ASSERT_EQ(b, v.raw_of[i - 1]) << "at " << i;
      ASSERT_EQ(e, v.raw_end_of[i - 1]) << "at " << i;
    }
    if (e - b == 1) {
      ASSERT_EQ(v.decoded[i], json[b]) << "at " << i;
    } else {
      ASSERT_EQ(json[b], '\\') << "at " << i;
    }
    expect_begin = e;
  }
  ASSERT_EQ(expect_begin, json.size());
  for (const JsonToken& t : v.tokens) {
    ASSERT_LT(t.raw_begin, t.raw_end);
    ASSERT_LE(t.raw_end, json.size());
  }
  for (const Range& r : v.sensitive_values) {
    ASSERT_LT(r.first, r.second);
    ASSERT_LE(r.second, json.size());
  }
}

JsonView build_ok(std::string_view json, const SensitiveKeys& keys = SensitiveKeys::defaults()) {
  JsonView v;
  EXPECT_TRUE(build_json_view(json, keys, v)) << json;
  expect_consistent(json, v);
  return v;
}

bool builds(std::string_view json) {
  JsonView v;
  return build_json_view(json, SensitiveKeys::defaults(), v);
}

std::vector<std::string_view> sensitive_texts(std::string_view json, const JsonView& v) {
  std::vector<std::string_view> out;
  for (const Range& r : v.sensitive_values) out.push_back(json.substr(r.first, r.second - r.first));
  return out;
}

// The decoded bytes produced by the raw range starting at `raw_begin`.
std::string decoded_from(const JsonView& v, size_t raw_begin) {
  std::string out;
  for (size_t i = 0; i < v.decoded.size(); ++i) {
    if (v.raw_of[i] == raw_begin) out.push_back(v.decoded[i]);
  }
  return out;
}

// ---------------------------------------------------------------- decoding
TEST(JsonViewDecode, SimpleEscapes) {
  const std::string json = R"({"k":"a\"b\\c\/d\be\ff\ng\rh\ti"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, "{\"k\":\"a\"b\\c/d\be\ff\ng\rh\ti\"}");
  // Every escaped byte maps to its two-byte escape.
  for (char c : std::string("\"\\/\b\f\n\r\t")) {
    const size_t i = v.decoded.find(c, 6);
    ASSERT_NE(i, std::string::npos);
    EXPECT_EQ(v.raw_end_of[i] - v.raw_of[i], 2u) << int(c);
    EXPECT_EQ(json[v.raw_of[i]], '\\');
  }
}

TEST(JsonViewDecode, UnicodeEscapesToUtf8) {
  const std::string json = R"(["\u0041\u00e9\u20AC\ud83d\ude00z"])";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, "[\"A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z\"]");
  const size_t a = json.find("\\u0041"), e = json.find("\\u00e9"), eur = json.find("\\u20AC"),
               pair = json.find("\\ud83d");
  EXPECT_EQ(decoded_from(v, a), "A");
  EXPECT_EQ(decoded_from(v, e), "\xC3\xA9");
  EXPECT_EQ(decoded_from(v, eur), "\xE2\x82\xAC");
  EXPECT_EQ(decoded_from(v, pair), "\xF0\x9F\x98\x80");
  // The surrogate pair's four bytes all map to the 12-byte escape.
  const size_t i = v.decoded.find('\xF0');
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(v.raw_of[i + k], pair);
    EXPECT_EQ(v.raw_end_of[i + k], pair + 12);
  }
  EXPECT_EQ(v.raw_of[i + 4], pair + 12);  // 'z'
}

TEST(JsonViewDecode, NulEscape) {
  const std::string json = R"({"a":"x\u0000y"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, "{\"a\":\"x\0y\"}"s);
  const size_t i = v.decoded.find('\0');
  EXPECT_EQ(v.raw_of[i], json.find("\\u0000"));
  EXPECT_EQ(v.raw_end_of[i], json.find("\\u0000") + 6);
}

TEST(JsonViewDecode, EscapedAwsKeyMapsBackExactly) {
  const std::string json = R"({"msg":"AKIA\u0049OSF"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, R"({"msg":"AKIAIOSF"})");
  const size_t i = v.decoded.find("AKIAI") + 4;  // the decoded 'I'
  const size_t esc = json.find("\\u0049");
  EXPECT_EQ(v.raw_of[i], esc);
  EXPECT_EQ(v.raw_end_of[i], esc + 6);
  // Neighbours map to themselves.
  EXPECT_EQ(v.raw_of[i - 1], esc - 1);
  EXPECT_EQ(v.raw_of[i + 1], esc + 6);
  EXPECT_EQ(v.raw_end_of[i + 1], esc + 7);
  EXPECT_EQ(v.raw_of[v.decoded.size()], json.size());
}

TEST(JsonViewDecode, EscapedSlashAndKeysDecoded) {
  const std::string json = R"({"k\u0065y":"wJalr\/K7"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, R"({"key":"wJalr/K7"})");
}

TEST(JsonViewDecode, NoEscapesIsIdentity) {
  const std::string json = " {\"a\": [1, 2.5e3, true, null, \"x y\"], \"b\": {}}\n";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, json);
  for (size_t i = 0; i < json.size(); ++i) {
    EXPECT_EQ(v.raw_of[i], i);
    EXPECT_EQ(v.raw_end_of[i], i + 1);
  }
}

TEST(JsonViewDecode, NonAsciiUtf8PassesThrough) {
  const std::string json = "{\"name\":\"J\xC3\xBCrgen \xE2\x82\xAC\"}";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.decoded, json);
}

// ---------------------------------------------------------------- tokens
TEST(JsonViewTokens, KindsAndRanges) {
  const std::string json = R"( {"a" : "b\n", "n":-1.5e3 , "t":true,"f":false,"z":null,"arr":[0]} )";
  JsonView v = build_ok(json);
  std::vector<std::pair<JsonToken::Kind, std::string_view>> got;
  for (const JsonToken& t : v.tokens) {
    got.emplace_back(t.kind, std::string_view(json).substr(t.raw_begin, t.raw_end - t.raw_begin));
  }
  const std::vector<std::pair<JsonToken::Kind, std::string_view>> want = {
      {JsonToken::Key, "\"a\""},     {JsonToken::String, "\"b\\n\""}, {JsonToken::Key, "\"n\""},
      {JsonToken::Number, "-1.5e3"}, {JsonToken::Key, "\"t\""},       {JsonToken::Literal, "true"},
      {JsonToken::Key, "\"f\""},     {JsonToken::Literal, "false"},   {JsonToken::Key, "\"z\""},
      {JsonToken::Literal, "null"},  {JsonToken::Key, "\"arr\""},     {JsonToken::Number, "0"},
  };
  EXPECT_EQ(got, want);
}

TEST(JsonViewTokens, WhitespaceVariants) {
  for (std::string_view json :
       {"{}"sv, "[]"sv, " \t\r\n{ } \n"sv, "[ ]"sv, "{\"a\":1}\n"sv, "\n[\n1\n,\n\"x\"\n]\n"sv,
        "{ \"a\" :\t[ 1 ,2 ] , \"b\" : { } }"sv, "[1 ]"sv, "[\"s\" ]"sv, "[true\t]"sv}) {
    JsonView v = build_ok(json);
    EXPECT_EQ(v.decoded, json);
    for (const JsonToken& t : v.tokens) {
      const char last = json[t.raw_end - 1];
      EXPECT_TRUE(last != ' ' && last != '\t' && last != '\n' && last != '\r') << json;
    }
  }
}

TEST(JsonViewTokens, EmptyKeyAndEmptyString) {
  JsonView v = build_ok(R"({"":""})");
  ASSERT_EQ(v.tokens.size(), 2u);
  EXPECT_EQ(v.tokens[0].raw_end - v.tokens[0].raw_begin, 2u);
  EXPECT_EQ(v.tokens[1].raw_end - v.tokens[1].raw_begin, 2u);
}

TEST(JsonViewTokens, ReusedViewMatchesFreshView) {
  const std::string docs[] = {
      R"({"password":"hunter2","msg":"AKIA\u0049OSFODNN7EXAMPLE","n":[1,2,3]})",
      R"([1])",
      R"({"a":"\ud83d\ude00\ud83d\ude00\ud83d\ude00","token":{"x":[{"y":"z"}]}})",
      "{\"long\":\"" + std::string(5000, 'x') + "\"}",
      R"({"b":"\\"})",
  };
  JsonView reused;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& d : docs) {
      ASSERT_TRUE(build_json_view(d, SensitiveKeys::defaults(), reused));
      JsonView fresh = build_ok(d);
      EXPECT_EQ(reused.decoded, fresh.decoded);
      EXPECT_EQ(reused.raw_of, fresh.raw_of);
      EXPECT_EQ(reused.raw_end_of, fresh.raw_end_of);
      EXPECT_EQ(reused.tokens.size(), fresh.tokens.size());
      EXPECT_EQ(reused.sensitive_values, fresh.sensitive_values);
    }
  }
  reused.clear();
  EXPECT_TRUE(reused.decoded.empty());
  EXPECT_TRUE(reused.raw_of.empty());
  EXPECT_TRUE(reused.tokens.empty());
  EXPECT_TRUE(reused.sensitive_values.empty());
}

// ---------------------------------------------------------------- sensitive values
TEST(JsonViewSensitive, StringValue) {
  const std::string json = R"({"user":"bob","password":"hunter2"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v), std::vector<std::string_view>{"\"hunter2\""});
}

TEST(JsonViewSensitive, EscapedKeyMatches) {
  const std::string json = R"({"pass\u0077ord":"s3cr\u0065t","x":"y"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v), std::vector<std::string_view>{"\"s3cr\\u0065t\""});
  EXPECT_EQ(v.decoded, R"({"password":"s3cret","x":"y"})");
}

TEST(JsonViewSensitive, NestedContainersWhole) {
  const std::string json =
      R"({"credentials": {"user":"a", "password":"b"} , "token":[1,"two",{"a":null}],"x":{"y":[]}})";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v),
            (std::vector<std::string_view>{R"({"user":"a", "password":"b"})", R"("b")",
                                           R"([1,"two",{"a":null}])"}));
}

TEST(JsonViewSensitive, ContainerAtEndOfDocument) {
  const std::string json = "{\"x\":1,\"apiKey\":{\"k\":[\"v\"]}}  \n";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v), std::vector<std::string_view>{R"({"k":["v"]})"});
  const std::string arr = "[{\"secret\":[[]]}]";
  JsonView w = build_ok(arr);
  EXPECT_EQ(sensitive_texts(arr, w), std::vector<std::string_view>{"[[]]"});
}

TEST(JsonViewSensitive, Numbers) {
  const std::string json = R"({"pwd":12345 , "secret":-1.5e3,"count":7})";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v), (std::vector<std::string_view>{"12345", "-1.5e3"}));
}

TEST(JsonViewSensitive, LiteralsNotListed) {
  const std::string json = R"({"password":true,"token":null,"secret":false,"apikey":"k"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v), std::vector<std::string_view>{"\"k\""});
}

TEST(JsonViewSensitive, DuplicateKeys) {
  const std::string json = R"({"password":"a","password":"b","Password":"c"})";
  JsonView v = build_ok(json);
  EXPECT_EQ(sensitive_texts(json, v), (std::vector<std::string_view>{"\"a\"", "\"b\"", "\"c\""}));
}

TEST(JsonViewSensitive, KeysInArraysAreNotValues) {
  // A string equal to a sensitive name in an array is not a key.
  const std::string json = R"(["password","secret"])";
  JsonView v = build_ok(json);
  EXPECT_TRUE(v.sensitive_values.empty());
}

TEST(JsonViewSensitive, UsesGivenKeys) {
  SensitiveKeys keys;
  keys.add("ssn");
  const std::string json = R"({"password":"a","user_ssn":"123"})";
  JsonView v = build_ok(json, keys);
  EXPECT_EQ(sensitive_texts(json, v), std::vector<std::string_view>{"\"123\""});
}

// The walk pre-filters keys before calling SensitiveKeys::matches; it must agree with matches()
// on every key. Each key gets its index as value; the sensitive indexes must be exactly those of
// the keys matches() accepts.
size_t expect_walk_agrees(const SensitiveKeys& keys, const std::vector<std::string>& raw_keys,
                          const std::vector<std::string>& decoded_keys) {
  std::string json = "{";
  for (size_t i = 0; i < raw_keys.size(); ++i) {
    if (i) json += ',';
    json += "\"" + raw_keys[i] + "\":" + std::to_string(i);
  }
  json += "}";
  JsonView v = build_ok(json, keys);
  std::vector<bool> got(raw_keys.size(), false);
  for (std::string_view t : sensitive_texts(json, v)) got[std::stoul(std::string(t))] = true;
  for (size_t i = 0; i < raw_keys.size(); ++i) {
    EXPECT_EQ(got[i], keys.matches(decoded_keys[i])) << "key: " << raw_keys[i];
  }
  return v.sensitive_values.size();
}

TEST(JsonViewSensitive, WalkAgreesWithMatches) {
  std::vector<std::string> ks = {"password",
                                 "db_password",
                                 "X-Api-Key",
                                 "Authorization",
                                 "set-cookie",
                                 "client_secret",
                                 "aws_secret_access_key",
                                 "password_policy",
                                 "token_ttl_seconds",
                                 "prompt_tokens",
                                 "token_type",
                                 "secret_name",
                                 "pwd",
                                 "PWD",
                                 "p_w_d",
                                 "Pwd ",
                                 "my.pwd",
                                 "oldpwd",
                                 "NextToken",
                                 "x",
                                 "ab",
                                 "",
                                 "wd",
                                 "ToKeN",
                                 "A_P_I_K_E_Y",
                                 "xapikey",
                                 "p\xC3\xA4ssword",
                                 "session",
                                 "sessionId",
                                 "SESSION_ID",
                                 "version",
                                 "function",
                                 "expression",
                                 "keyword",
                                 "record",
                                 "credentials",
                                 "hascredentials",
                                 "passphrase",
                                 "secret-key",
                                 "private_key",
                                 "privateKey",
                                 "pass word",
                                 "-token-",
                                 "token.",
                                 "_password_",
                                 std::string(200, 'a') + "Token",
                                 std::string(200, '_') + "pwd",
                                 std::string(7, 'x') + "pwd",
                                 "d",
                                 "wd",
                                 "apikeys",
                                 "cookie",
                                 "COOKIE",
                                 "Set-Cookie",
                                 "token123",
                                 "123token",
                                 "ticket",
                                 "authtoken",
                                 "proxy-authorization",
                                 "tokentype",
                                 "refreshTOKEN",
                                 "id_token",
                                 "idtoken",
                                 "auth"};
  std::vector<std::string> decoded = ks;
  // Keys written with escapes take the generic path.
  ks.push_back("pass\\u0077ord");
  decoded.push_back("password");
  ks.push_back("api\\u005Fkey");
  decoded.push_back("api_key");
  ks.push_back("\\u0054oken");
  decoded.push_back("Token");
  ks.push_back("versio\\u006E");
  decoded.push_back("version");

  // Random keys made of name fragments, separators and case changes.
  const char* frags[] = {"pass", "word", "pwd", "to",   "ken",  "api", "key",   "se", "ssion",
                         "id",   "_",    "-",   ".",    " ",    "A",   "Z",     "x",  "cookie",
                         "auth", "or",   "iza", "tion", "cret", "s",   "Token", "PWD"};
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  for (int i = 0; i < 5000; ++i) {
    std::string k;
    const size_t parts = 1 + next() % 5;
    for (size_t p = 0; p < parts; ++p) k += frags[next() % (sizeof frags / sizeof frags[0])];
    ks.push_back(k);
    decoded.push_back(k);
  }

  EXPECT_GT(expect_walk_agrees(SensitiveKeys::defaults(), ks, decoded), 500u);

  SensitiveKeys custom;  // short names (the filter is bypassed for names under 3 bytes)
  custom.add("pw");
  custom.add("ssn");
  expect_walk_agrees(custom, ks, decoded);

  SensitiveKeys three;
  three.add("ssn");
  three.add("Auth");
  three.add("xyzzy_longer_than_eight");
  expect_walk_agrees(three, ks, decoded);

  SensitiveKeys many = SensitiveKeys::defaults();  // more names than the filter holds
  for (int i = 0; i < 80; ++i) many.add("name" + std::to_string(i) + "x");
  expect_walk_agrees(many, ks, decoded);

  expect_walk_agrees(SensitiveKeys{}, ks, decoded);
}

// ---------------------------------------------------------------- depth and size
TEST(JsonViewLimits, DeepNesting) {
  const int depth = 500;
  std::string arr = std::string(depth, '[') + "\"x\"" + std::string(depth, ']');
  JsonView a = build_ok(arr);
  EXPECT_EQ(a.tokens.size(), 1u);

  std::string obj;
  for (int i = 0; i < depth; ++i) obj += "{\"a\":";
  obj += "{\"password\":\"p\"}";
  obj += std::string(depth, '}');
  JsonView o = build_ok(obj);
  EXPECT_EQ(sensitive_texts(obj, o), std::vector<std::string_view>{"\"p\""});

  std::string sens = "{\"token\":" + arr + "}";
  JsonView s = build_ok(sens);
  EXPECT_EQ(sensitive_texts(sens, s), std::vector<std::string_view>{arr});
}

TEST(JsonViewLimits, MaximumDepthAndBeyond) {
  EXPECT_TRUE(builds(std::string(1024, '[') + std::string(1024, ']')));
  EXPECT_FALSE(builds(std::string(1025, '[') + std::string(1025, ']')));
  EXPECT_FALSE(builds(std::string(100000, '[') + std::string(100000, ']')));
  EXPECT_FALSE(builds(std::string(100000, '[')));
}

TEST(JsonViewLimits, LargeDocument) {
  std::string json = "[";
  std::string expect = "[";
  size_t count = 0;
  while (json.size() < (5u << 20)) {
    if (count) {
      json += ',';
      expect += ',';
    }
    if (count % 7 == 3) {
      json += "\"AKIA\\u0049OSFODNN7EXAMPLE\\n\"";
      expect += "\"AKIAIOSFODNN7EXAMPLE\n\"";
    } else {
      json += "\"some log string number " + std::to_string(count) + "\"";
      expect += "\"some log string number " + std::to_string(count) + "\"";
    }
    ++count;
  }
  json += "]";
  expect += "]";
  JsonView v = build_ok(json);
  EXPECT_EQ(v.tokens.size(), count);
  EXPECT_EQ(v.decoded, expect);
  // And the thread's buffers still work for small records afterwards.
  build_ok(R"({"a":"b"})");
}

// ---------------------------------------------------------------- invalid input
TEST(JsonViewInvalid, Rejected) {
  const std::string_view bad[] = {
      ""sv,
      "   "sv,
      "42"sv,  // a bare scalar is not an object/array
      "\"str\""sv,
      "true"sv,
      "null"sv,
      "{"sv,
      "["sv,
      "{\"a\":1"sv,  // truncated
      "{\"a\":"sv,
      "{\"a\""sv,
      "{\"a\":\"unterminated}"sv,  // unterminated string
      "[\"abc"sv,
      "[1,2,]"sv,  // trailing commas
      "{\"a\":1,}"sv,
      "[,1]"sv,
      "[1 2]"sv,      // missing comma
      "{\"a\" 1}"sv,  // missing colon
      "{a:1}"sv,      // unquoted key
      "{1:1}"sv,
      "[1}"sv,  // mismatched brackets
      "{\"a\":1]"sv,
      "[\"\\x\"]"sv,      // bad escape
      "[\"\\ud800\"]"sv,  // lone high surrogate
      "[\"\\ud800x\"]"sv,
      "[\"\\ud800\\u0041\"]"sv,  // high surrogate + non-low
      "[\"\\udc00\"]"sv,         // lone low surrogate
      "[\"\\u12\"]"sv,           // short \u
      "[\"\\u12g4\"]"sv,         // bad hex
      "[\"\\\"]"sv,              // escaped closing quote: unterminated
      "{\"a\":1} x"sv,           // trailing garbage
      "{\"a\":1}{}"sv,
      "[1] ]"sv,
      "[1],"sv,
      "[\"tab\there\"]"sv,  // unescaped control characters
      "[\"nl\nhere\"]"sv,
      "[01]"sv,  // bad numbers
      "[1.]"sv,
      "[.5]"sv,
      "[-]"sv,
      "[+1]"sv,
      "[1e]"sv,
      "[1e+]"sv,
      "[0x10]"sv,
      "[1.5.5]"sv,
      "[NaN]"sv,
      "[tru]"sv,  // bad literals
      "[truex]"sv,
      "[nul]"sv,
      "[False]"sv,
      "[\"\xff\"]"sv,  // invalid UTF-8
      "[\"\xC3\"]"sv,
  };
  for (std::string_view json : bad) EXPECT_FALSE(builds(json)) << "accepted: " << json;
}

TEST(JsonViewInvalid, ValidEdgeCasesAccepted) {
  for (std::string_view json :
       {"[0]"sv, "[-0]"sv, "[1.5e+10]"sv, "[1E-2]"sv, "[123456789012345678901234567890]"sv,
        "[-0.0e0]"sv, "[true,false,null]"sv, "[\"\\u0000\"]"sv, "[\"\\uD834\\uDD1E\"]"sv,
        "[[],{},[[{}]]]"sv, "{\"a\":{\"b\":{\"c\":[]}}}"sv}) {
    build_ok(json);
  }
}

// What simdjson On-Demand walks without complaint but is no JSON: the walk checks that a ','
// or the container's bracket follows every value.
TEST(JsonViewInvalid, MissingSeparatorsAfterValuesRejected) {
  for (std::string_view json :
       {R"({"m":"a":"x"}})"sv, R"({"m":{}:"x"}})"sv, R"({"m":[1 2]})"sv, R"({"a":1 "b":2})"sv,
        R"([true false])"sv, R"([{"a":1} {"b":2}])"sv, R"({"a":[1]:2})"sv})
    EXPECT_FALSE(builds(json)) << json;
}

TEST(JsonViewInvalid, NulByteInRawInputRejected) {
  EXPECT_FALSE(builds("[\"a\0b\"]"sv));
  EXPECT_FALSE(builds("[1]\0"sv));
}

// ---------------------------------------------------------------- SensitiveKeys
TEST(SensitiveKeys, DefaultTable) {
  const SensitiveKeys keys = SensitiveKeys::defaults();
  for (std::string_view k : {"password",
                             "db_password",
                             "X-Api-Key",
                             "Authorization",
                             "set-cookie",
                             "client_secret",
                             "aws_secret_access_key",
                             "PASSWORD",
                             "user.password",
                             "Proxy-Authorization",
                             "pwd",
                             "session_id",
                             "refresh_token",
                             "accessToken",
                             "x api key",
                             "Cookie",
                             "privateKey",
                             "credentials",
                             "passphrase",
                             "csrf_token",
                             "githubToken"}) {
    EXPECT_TRUE(keys.matches(k)) << k;
  }
  for (std::string_view k :
       {"password_policy", "token_ttl_seconds", "prompt_tokens", "token_type", "secret_name",
        "tokentype", "completion_tokens", "user", "message", "", "-_. ", "passwords",
        "session_count", "NextToken", "next_page_token", "pageToken", "OLDPWD", "cookies"}) {
    EXPECT_FALSE(keys.matches(k)) << k;
  }
}

TEST(SensitiveKeys, NamesAreNormalised) {
  const SensitiveKeys keys = SensitiveKeys::defaults();
  EXPECT_EQ(keys.names().size(), 25u);
  for (const std::string& n : keys.names()) {
    for (char c : n) {
      EXPECT_TRUE(c >= 'a' && c <= 'z') << n;
    }
  }
}

TEST(SensitiveKeys, AddAndRemove) {
  SensitiveKeys keys = SensitiveKeys::defaults();
  EXPECT_FALSE(keys.matches("user_ssn"));
  keys.add("SSN");
  EXPECT_TRUE(keys.matches("user_ssn"));
  EXPECT_TRUE(keys.matches("S-S-N"));
  keys.add("ssn");  // no duplicate
  EXPECT_EQ(keys.names().size(), 26u);
  keys.remove("s_s_n");
  EXPECT_FALSE(keys.matches("user_ssn"));
  EXPECT_EQ(keys.names().size(), 25u);
  keys.remove("not-there");  // no-op
  EXPECT_EQ(keys.names().size(), 25u);

  keys.remove("password");
  EXPECT_FALSE(keys.matches("db_password"));
  EXPECT_TRUE(keys.matches("passwd"));

  keys.add("");  // ignored: would match everything
  keys.add("_-. ");
  EXPECT_EQ(keys.names().size(), 24u);
  EXPECT_FALSE(keys.matches("anything"));

  SensitiveKeys empty;
  EXPECT_FALSE(empty.matches("password"));
}

TEST(SensitiveKeys, ExplicitNameBeatsExclusion) {
  SensitiveKeys keys = SensitiveKeys::defaults();
  EXPECT_FALSE(keys.matches("NextToken"));
  keys.add("next_token");
  EXPECT_TRUE(keys.matches("NextToken"));
}

TEST(SensitiveKeys, LongKeys) {
  const SensitiveKeys keys = SensitiveKeys::defaults();
  const std::string prefix(300, 'x');
  EXPECT_TRUE(keys.matches(prefix + "_password"));
  EXPECT_TRUE(keys.matches(prefix + "-Api-Key"));
  EXPECT_FALSE(keys.matches(prefix + "_password_policy"));
  EXPECT_FALSE(keys.matches(prefix));
  // Separators between the prefix and the name do not count towards the stack buffer.
  EXPECT_TRUE(keys.matches(prefix + std::string(200, '_') + "token"));

  SensitiveKeys long_names;
  const std::string name(200, 'k');
  long_names.add(name);
  EXPECT_TRUE(long_names.matches(name));
  EXPECT_TRUE(long_names.matches("my_" + name));
  EXPECT_FALSE(long_names.matches(name.substr(1)));
  EXPECT_FALSE(long_names.matches(name + "x"));
}

// ---------------------------------------------------------------- json_part_offset
TEST(JsonPartOffset, Cases) {
  EXPECT_EQ(json_part_offset(R"({"a":1})"), 0u);
  EXPECT_EQ(json_part_offset("[1]"), 0u);
  EXPECT_EQ(json_part_offset("  \t{\"a\":1}"), 0u);
  const std::string lambda =
      "2024-05-14T09:12:49.331Z\t8f5e2c1a-3b7d-4e9f-a1c2-6d8e0f4b2a9c\tINFO\t{\"a\":1}";
  const size_t off = json_part_offset(lambda);
  EXPECT_EQ(off, lambda.find('{'));
  EXPECT_EQ(lambda.substr(off), "{\"a\":1}");
  const std::string lambda_arr =
      "2024-05-14T09:12:49.331Z\t8f5e2c1a-3b7d-4e9f-a1c2-6d8e0f4b2a9c\tERROR\t [1,2]";
  EXPECT_EQ(json_part_offset(lambda_arr), lambda_arr.find(" [1,2]"));
  EXPECT_EQ(json_part_offset("2024-05-14T09:12:49.331Z\t8f5e\tINFO\tplain message"),
            std::string_view::npos);
  EXPECT_EQ(json_part_offset("plain text log line"), std::string_view::npos);
  EXPECT_EQ(json_part_offset(""), std::string_view::npos);
  EXPECT_EQ(json_part_offset("   "), std::string_view::npos);
  EXPECT_EQ(json_part_offset("a\tb\t{\"x\":1}"), std::string_view::npos);  // only two tabs
  EXPECT_EQ(json_part_offset("a\t\tINFO\t{}"), std::string_view::npos);    // empty field
  EXPECT_EQ(json_part_offset("INFO {\"a\":1}"), std::string_view::npos);
}

TEST(JsonPartOffset, LambdaRecordBuildsView) {
  const std::string record =
      "2024-05-14T09:12:49.331Z\t8f5e2c1a-3b7d-4e9f-a1c2-6d8e0f4b2a9c\tINFO\t"
      "{\"event\":\"login\",\"password\":\"hunter2\"}\n";
  const size_t off = json_part_offset(record);
  ASSERT_NE(off, std::string_view::npos);
  const std::string_view part = std::string_view(record).substr(off);
  JsonView v = build_ok(part);
  EXPECT_EQ(sensitive_texts(part, v), std::vector<std::string_view>{"\"hunter2\""});
}

}  // namespace
}  // namespace logscrub
