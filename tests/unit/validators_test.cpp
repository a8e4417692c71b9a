#include "detect/validators.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace logscrub {
namespace {

using namespace std::string_view_literals;

// ---------------------------------------------------------------- find_validator
TEST(FindValidator, MapsEveryDocumentedName) {
  EXPECT_EQ(find_validator("luhn"), &luhn_valid);
  EXPECT_EQ(find_validator("github_checksum"), &github_checksum_valid);
  EXPECT_EQ(find_validator("jwt"), &jwt_valid);
  EXPECT_EQ(find_validator("basic_auth"), &basic_auth_valid);
  EXPECT_EQ(find_validator("aws_key_id"), &aws_key_id_valid);
  EXPECT_EQ(find_validator("email"), &email_valid);
  EXPECT_EQ(find_validator("token_like"), &token_like);
  EXPECT_EQ(find_validator("not_placeholder"), &not_placeholder);
  EXPECT_EQ(find_validator("iban"), &iban_valid);
  EXPECT_EQ(find_validator("ssn"), &ssn_valid);
  EXPECT_EQ(find_validator("npm_checksum"), &npm_checksum_valid);
  EXPECT_EQ(find_validator("entropy"), &entropy_valid);
  EXPECT_EQ(find_validator("not_example"), &not_example);
  EXPECT_EQ(find_validator("ipv4_public"), &ipv4_public);
  EXPECT_EQ(find_validator("phone_e164"), &phone_e164_valid);
  EXPECT_EQ(find_validator("sasl_credentials"), &sasl_credentials_valid);
}

TEST(FindValidator, UnknownNamesAreNull) {
  EXPECT_EQ(find_validator(""), nullptr);
  EXPECT_EQ(find_validator("LUHN"), nullptr);
  EXPECT_EQ(find_validator("luhn "), nullptr);
  EXPECT_EQ(find_validator("crc32"), nullptr);
}

// ---------------------------------------------------------------- luhn_valid
TEST(Luhn, AcceptsValidNumbers) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_TRUE(luhn_valid("79927398713"));
  EXPECT_TRUE(luhn_valid("378282246310005"));
  EXPECT_TRUE(luhn_valid("00"));
  EXPECT_TRUE(luhn_valid("18"));
}

TEST(Luhn, IgnoresNonDigits) {
  EXPECT_TRUE(luhn_valid("4111 1111 1111 1111"));
  EXPECT_TRUE(luhn_valid("4111-1111-1111-1111"));
  EXPECT_TRUE(
      luhn_valid("x7y9z9\x00"
                 "27398713"sv));
}

TEST(Luhn, RejectsInvalidAndShort) {
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_FALSE(luhn_valid("79927398710"));
  EXPECT_FALSE(luhn_valid("0"));  // fewer than 2 digits
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid("abc"));
  EXPECT_FALSE(luhn_valid("a0b"));
}

// ---------------------------------------------------------------- crc32_ieee
TEST(Crc32, MatchesZlib) {
  EXPECT_EQ(crc32_ieee("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32_ieee(""), 0u);
  EXPECT_EQ(crc32_ieee("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  EXPECT_EQ(crc32_ieee("a\0b"sv), 0x15E87871u);
  EXPECT_EQ(crc32_ieee("Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y"), 0xC97D9035u);
  // One, two and two-plus-one eight-byte steps (zlib.crc32).
  EXPECT_EQ(crc32_ieee("01234567"), 0x2D803AF5u);
  EXPECT_EQ(crc32_ieee("0123456789abcdef"), 0x68C4F033u);
  EXPECT_EQ(crc32_ieee("0123456789abcdefX"), 0x080A93ADu);
  EXPECT_EQ(crc32_ieee(std::string(17, '\xff')), 0x025D4ABCu);
}

// The eight-bytes-a-step CRC equals the bit-at-a-time definition for every length up to 70
// at every alignment.
TEST(Crc32, EqualsTheBitwiseDefinition) {
  auto bitwise = [](std::string_view data) {
    uint32_t c = 0xFFFFFFFFu;
    for (char ch : data) {
      c ^= static_cast<unsigned char>(ch);
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
    }
    return c ^ 0xFFFFFFFFu;
  };
  std::string bytes(80, '\0');
  uint32_t x = 12345;
  for (char& b : bytes) {
    x = x * 1103515245u + 12345u;
    b = static_cast<char>(x >> 24);
  }
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t n = 0; n <= 70; ++n) {
      const std::string_view data(bytes.data() + offset, n);
      ASSERT_EQ(crc32_ieee(data), bitwise(data)) << offset << " " << n;
    }
  }
}

// ---------------------------------------------------------------- github_checksum_valid
// Generated with Python: random 30 base62 chars, checksum = base62(zlib.crc32(random)).
constexpr std::string_view kGhToken = "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";
constexpr std::string_view kGhTokenLowerFirstAlphabet = "gho_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3GM1il";
constexpr std::string_view kGhToken2 = "ghs_Eeeby3abP3E2Zs8IQ9Y7aJZqhB6bae2dTjzx";

TEST(GithubChecksum, AcceptsGeneratedTokens) {
  EXPECT_TRUE(github_checksum_valid(kGhToken));
  EXPECT_TRUE(github_checksum_valid(kGhToken2));
  EXPECT_TRUE(github_checksum_valid(kGhTokenLowerFirstAlphabet));
}

TEST(GithubChecksum, AcceptsEveryPrefix) {
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    std::string t(kGhToken);
    t.replace(0, 4, p);
    EXPECT_TRUE(github_checksum_valid(t)) << t;
  }
}

TEST(GithubChecksum, RejectsOneChangedChar) {
  std::string random_changed(kGhToken);
  random_changed[10] = random_changed[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(github_checksum_valid(random_changed));
  std::string check_changed(kGhToken);
  check_changed.back() = 'M';
  EXPECT_FALSE(github_checksum_valid(check_changed));
}

TEST(GithubChecksum, RejectsBadShape) {
  EXPECT_FALSE(github_checksum_valid(""));
  EXPECT_FALSE(github_checksum_valid(kGhToken.substr(0, 39)));
  EXPECT_FALSE(github_checksum_valid(std::string(kGhToken) + "A"));
  std::string bad_prefix(kGhToken);
  bad_prefix[2] = 'x';  // "ghx_"
  EXPECT_FALSE(github_checksum_valid(bad_prefix));
  std::string pat("github_pat_");
  EXPECT_FALSE(github_checksum_valid(pat + std::string(29, 'A')));
  std::string bad_char(kGhToken);
  bad_char[20] = '-';
  EXPECT_FALSE(github_checksum_valid(bad_char));
  std::string nul(kGhToken);
  nul[20] = '\0';
  EXPECT_FALSE(github_checksum_valid(nul));
}

// ---------------------------------------------------------------- jwt_valid
constexpr std::string_view kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

TEST(Jwt, AcceptsValidTokens) {
  EXPECT_TRUE(jwt_valid(kJwt));
  // Empty signature ("alg":"none" style).
  EXPECT_TRUE(jwt_valid("ICB7ImFsZyIgOiAibm9uZSJ9.eyJzdWIiOiIxIn0."));
  // "alg" not the first member.
  EXPECT_TRUE(jwt_valid("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
  // Header uses the base64url '-' digit, and tolerated '=' padding.
  EXPECT_TRUE(jwt_valid("eyJraWQiOiJhPz5-IiwiYWxnIjoiRVMyNTYifQ.eyJzdWIiOiIxIn0.c2ln"));
  EXPECT_TRUE(jwt_valid("eyJraWQiOiJhPz5-IiwiYWxnIjoiRVMyNTYifQ==.eyJzdWIiOiIxIn0.c2ln"));
}

TEST(Jwt, RejectsFewerThanThreeParts) {
  EXPECT_FALSE(jwt_valid(""));
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0"));
  EXPECT_FALSE(jwt_valid(".."));
}

TEST(Jwt, FurtherPartsAreJudgedByTheFirstThree) {
  // A JWE's five parts, or a second token glued onto the signature: the span is one secret.
  EXPECT_TRUE(jwt_valid(std::string(kJwt) + ".c2ln"));
  EXPECT_TRUE(jwt_valid(std::string(kJwt) + std::string(kJwt)));
  EXPECT_FALSE(jwt_valid("eyJzdWIiOiIxIn0.eyJzdWIiOiIxIn0.c2ln.c2ln"));  // no "alg" in header
}

TEST(Jwt, RejectsEmptyOrMalformedSegments) {
  EXPECT_FALSE(jwt_valid(".eyJzdWIiOiIxIn0.c2ln"));
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..c2ln"));
  // Standard-base64 '+' is not base64url.
  EXPECT_FALSE(jwt_valid("eyJraWQiOiJhPz5+IiwiYWxnIjoiRVMyNTYifQ.eyJzdWIiOiIxIn0.c2ln"));
  // Payload with an impossible length (4k+1).
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzd.c2ln"));
  // Bad byte in the signature.
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2 n"));
  // NUL inside the header.
  EXPECT_FALSE(jwt_valid("eyJhbGciOi\0JIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2ln"sv));
}

TEST(Jwt, RejectsHeaderWithoutAlgObject) {
  EXPECT_FALSE(jwt_valid("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln"));       // {"typ":"JWT"}
  EXPECT_FALSE(jwt_valid("WyJhbGciXQ.eyJzdWIiOiIxIn0.c2ln"));               // ["alg"]
  EXPECT_FALSE(jwt_valid("YWxnOkhTMjU2.eyJzdWIiOiIxIn0.c2ln"));             // alg:HS256
  EXPECT_FALSE(jwt_valid("eyJ4IjoiYWxnIiwieSI6MX0.eyJzdWIiOiIxIn0.c2ln"));  // "alg" as a value
}

// ---------------------------------------------------------------- basic_auth_valid
TEST(BasicAuth, AcceptsUserPassword) {
  EXPECT_TRUE(basic_auth_valid("dXNlcjpwYXNz"));                  // user:pass
  EXPECT_TRUE(basic_auth_valid("QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));  // Aladdin:open sesame
  EXPECT_TRUE(basic_auth_valid("YWI6"));                          // ab:
}

TEST(BasicAuth, RejectsBadCredentials) {
  EXPECT_FALSE(basic_auth_valid(""));
  EXPECT_FALSE(basic_auth_valid("OnBhc3M="));       // :pass (colon first)
  EXPECT_FALSE(basic_auth_valid("dXNlcg=="));       // user (no colon)
  EXPECT_FALSE(basic_auth_valid("YTo="));           // a: (too short)
  EXPECT_FALSE(basic_auth_valid("dXMBZXI6cHc="));   // us\x01er:pw (not printable)
  EXPECT_FALSE(basic_auth_valid("dXNlcjpwYXNz="));  // padding that does not complete a quantum
  EXPECT_FALSE(basic_auth_valid("dXNl cjpwYXNz"));  // not base64
  EXPECT_FALSE(basic_auth_valid("dXNlcjpw_XNz"));   // base64url digit
  EXPECT_FALSE(basic_auth_valid("dXNlcjpwYXNz\0"sv));
}

// ---------------------------------------------------------------- aws_key_id_valid
TEST(AwsKeyId, AcceptsKnownPrefixes) {
  EXPECT_TRUE(aws_key_id_valid("AKIAIOSFODNN7EXAMPLE"));
  EXPECT_TRUE(aws_key_id_valid("ASIAY34FZKBOKMUTVV7A"));
  for (std::string_view p :
       {"AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"}) {
    EXPECT_TRUE(aws_key_id_valid(std::string(p) + "ABCDEFGHIJ234567")) << p;
  }
}

TEST(AwsKeyId, RejectsBadIds) {
  EXPECT_FALSE(aws_key_id_valid(""));
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN7EXAMPL"));    // 19
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN7EXAMPLEE"));  // 21
  EXPECT_FALSE(aws_key_id_valid("AKIBIOSFODNN7EXAMPLE"));   // unknown prefix
  EXPECT_FALSE(aws_key_id_valid("akiaIOSFODNN7EXAMPLE"));   // lower-case prefix
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN7EXAMPLe"));   // lower-case body
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN8EXAMPLE"));   // 8 is not base32
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN1EXAMPLE"));   // 1 is not base32
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN0EXAMPLE"));   // 0 is not base32
  EXPECT_FALSE(aws_key_id_valid("AKIAIOSFODNN\0EXAMPLE"sv));
}

// ---------------------------------------------------------------- email_valid
TEST(Email, AcceptsAddresses) {
  EXPECT_TRUE(email_valid("john.doe@example.com"));
  EXPECT_TRUE(email_valid("a@b.co"));
  EXPECT_TRUE(email_valid("first+tag@mail.sub-domain.example.org"));
  EXPECT_TRUE(email_valid("o'brien_99@x1.io"));
}

TEST(Email, RejectsMalformed) {
  EXPECT_FALSE(email_valid(""));
  EXPECT_FALSE(email_valid("john.doe"));
  EXPECT_FALSE(email_valid("@example.com"));
  EXPECT_FALSE(email_valid("john@"));
  EXPECT_FALSE(email_valid("john@localhost"));           // one label
  EXPECT_FALSE(email_valid("john@example.c0m"));         // TLD not alphabetic
  EXPECT_FALSE(email_valid("john@example.c"));           // 1-letter TLD
  EXPECT_FALSE(email_valid("john@-example.com"));        // label starts with '-'
  EXPECT_FALSE(email_valid("john@example-.com"));        // label ends with '-'
  EXPECT_FALSE(email_valid("john@example..com"));        // empty label
  EXPECT_FALSE(email_valid("john@.example.com"));        // empty label
  EXPECT_FALSE(email_valid("john@example.com."));        // empty label
  EXPECT_FALSE(email_valid("jo@hn@example.com"));        // two '@'
  EXPECT_FALSE(email_valid(".john@example.com"));        // local starts with '.'
  EXPECT_FALSE(email_valid("jo..hn@example.com"));       // local has '..'
  EXPECT_FALSE(email_valid("jo hn@example.com"));        // space
  EXPECT_FALSE(email_valid("john@exa_mple.com"));        // '_' in domain
  EXPECT_FALSE(email_valid("john@1.2.3.4"));             // IP literal without brackets
  EXPECT_FALSE(email_valid("jo\0hn@example.com"sv));     // NUL
  EXPECT_FALSE(email_valid("j\xc3\xb6hn@example.com"));  // non-ASCII
}

// ---------------------------------------------------------------- token_like
TEST(TokenLike, AcceptsCredentialLookingValues) {
  EXPECT_TRUE(token_like("s3cr3tpw"));    // digit
  EXPECT_TRUE(token_like("HelloWorld"));  // both cases
  EXPECT_TRUE(token_like("pass-word"));   // symbol
  EXPECT_TRUE(token_like("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  EXPECT_TRUE(token_like("12345678"));
}

TEST(TokenLike, RejectsWordsShortAndPlaceholders) {
  EXPECT_FALSE(token_like("abc1234"));             // 7 bytes
  EXPECT_FALSE(token_like("password"));            // one class only
  EXPECT_FALSE(token_like("PASSWORDS"));           // one class only
  EXPECT_FALSE(token_like("Password"));            // placeholder word, case-insensitive
  EXPECT_FALSE(token_like("********"));            // repeated character
  EXPECT_FALSE(token_like("${DB_PASSWORD}"));      // template
  EXPECT_FALSE(token_like("[REDACTED:aws_key]"));  // existing redaction
  EXPECT_FALSE(token_like("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"));  // non-ASCII only
  EXPECT_FALSE(token_like(""));
}

// ---------------------------------------------------------------- not_placeholder
TEST(NotPlaceholder, AcceptsRealValues) {
  EXPECT_TRUE(not_placeholder("hunter2"));
  EXPECT_TRUE(not_placeholder("s3cr3t-value"));
  EXPECT_TRUE(not_placeholder("testing123"));  // only exact words are placeholders
  EXPECT_TRUE(not_placeholder("ab"));
  EXPECT_TRUE(not_placeholder("a\0b"sv));
  EXPECT_TRUE(not_placeholder("REDACTED]x"));
  EXPECT_TRUE(not_placeholder("disabled1"));  // "requirepass disabled" is not; this may be
}

TEST(NotPlaceholder, RejectsPlaceholderWordsCaseInsensitively) {
  for (std::string_view w : {"null",      "NULL",     "None",     "nil",     "true",   "False",
                             "undefined", "empty",    "redacted", "REMOVED", "hidden", "secret",
                             "Password",  "changeme", "CHANGEME", "example", "test",   "N/A",
                             "disabled",  "Enabled",  "unset",    "MASKED"}) {
    EXPECT_FALSE(not_placeholder(w)) << w;
  }
}

TEST(NotPlaceholder, RejectsRepeatedCharacters) {
  EXPECT_FALSE(not_placeholder("xxx"));
  EXPECT_FALSE(not_placeholder("XXXXXXXXXXXX"));
  EXPECT_FALSE(not_placeholder("****"));
  EXPECT_FALSE(not_placeholder("0000000000"));
  EXPECT_FALSE(not_placeholder("x"));
  EXPECT_FALSE(not_placeholder(""));
}

TEST(NotPlaceholder, RejectsTemplatesAndRedactionMarkers) {
  EXPECT_FALSE(not_placeholder("${VAR}"));
  EXPECT_FALSE(not_placeholder("{{ secret }}"));
  EXPECT_FALSE(not_placeholder("<token>"));
  EXPECT_FALSE(not_placeholder("%s"));
  EXPECT_FALSE(not_placeholder("%(password)s"));
  EXPECT_FALSE(not_placeholder("$(cat /run/secret)"));
  EXPECT_FALSE(not_placeholder("[REDACTED]"));
  EXPECT_FALSE(not_placeholder("[redacted]"));
  EXPECT_FALSE(not_placeholder("[REDACTED:github_token]"));
}

// ---------------------------------------------------------------- iban_valid
TEST(Iban, AcceptsCompactIbans) {
  EXPECT_TRUE(iban_valid("DE89370400440532013000"));
  EXPECT_TRUE(iban_valid("GB82WEST12345698765432"));
  EXPECT_TRUE(iban_valid("FR1420041010050500013M02606"));
  EXPECT_TRUE(iban_valid("NL91ABNA0417164300"));
  EXPECT_TRUE(iban_valid("CH9300762011623852957"));
  EXPECT_TRUE(iban_valid("BE68539007547034"));
  EXPECT_TRUE(iban_valid("NO9386011117947"));
}

TEST(Iban, AcceptsPrintFormatInGroupsOfFour) {
  EXPECT_TRUE(iban_valid("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(iban_valid("GB82 WEST 1234 5698 7654 32"));
  EXPECT_TRUE(iban_valid("BE68 5390 0754 7034"));  // last group complete
  EXPECT_TRUE(iban_valid("NO93 8601 1117 947"));
}

TEST(Iban, RejectsBadCheckDigitsAndTypos) {
  EXPECT_FALSE(iban_valid("DE88370400440532013000"));  // check digits
  EXPECT_FALSE(iban_valid("DE89370400440532013001"));  // one digit changed
  EXPECT_FALSE(iban_valid("DE89370400440523013000"));  // two digits swapped
  EXPECT_FALSE(iban_valid("GB82WEST12345698765423"));
}

TEST(Iban, RejectsWrongLengthOrCountry) {
  EXPECT_FALSE(iban_valid("DE8937040044053201300"));    // 21 for DE (22)
  EXPECT_FALSE(iban_valid("DE893704004405320130000"));  // 23
  EXPECT_FALSE(iban_valid("XX89370400440532013000"));   // unknown country
  EXPECT_FALSE(iban_valid("US64SVBKUS6S3300958879"));   // the US has no IBAN
  EXPECT_FALSE(iban_valid(""));
  EXPECT_FALSE(iban_valid("DE89"));
}

TEST(Iban, RejectsMalformed) {
  EXPECT_FALSE(iban_valid("de89370400440532013000"));                        // lower-case country
  EXPECT_FALSE(iban_valid("gb82west12345698765432"));                        // lower-case BBAN
  EXPECT_FALSE(iban_valid("DE89 3704 0044 0532 0130 00 "));                  // trailing space
  EXPECT_FALSE(iban_valid(" DE89 3704 0044 0532 0130 00"));                  // leading space
  EXPECT_FALSE(iban_valid("DE89  3704 0044 0532 0130 00"));                  // double space
  EXPECT_FALSE(iban_valid("DE893 704 0044 0532 0130 00"));                   // groups not of 4
  EXPECT_FALSE(iban_valid("DE89 37040044 0532 0130 00"));                    // mixed grouping
  EXPECT_FALSE(iban_valid("DE89-3704-0044-0532-0130-00"));                   // dashes
  EXPECT_FALSE(iban_valid("DE89370400440532013000DE89370400440532013000"));  // > 34
  EXPECT_FALSE(
      iban_valid("DE89370400440532\0"
                 "13000"sv));
}

// ---------------------------------------------------------------- ssn_valid
TEST(Ssn, AcceptsValidNumbers) {
  EXPECT_TRUE(ssn_valid("123-45-6789"));
  EXPECT_TRUE(ssn_valid("123 45 6789"));
  EXPECT_TRUE(ssn_valid("123456789"));
  EXPECT_TRUE(ssn_valid("001-01-0001"));
  EXPECT_TRUE(ssn_valid("899-99-9999"));
  EXPECT_TRUE(ssn_valid("665-12-3456"));
  EXPECT_TRUE(ssn_valid("667-12-3456"));
}

TEST(Ssn, RejectsInvalidRanges) {
  EXPECT_FALSE(ssn_valid("000-12-3456"));  // area 000
  EXPECT_FALSE(ssn_valid("666-12-3456"));  // area 666
  EXPECT_FALSE(ssn_valid("900-12-3456"));  // area 900-999
  EXPECT_FALSE(ssn_valid("987-65-4321"));
  EXPECT_FALSE(ssn_valid("999-99-9999"));
  EXPECT_FALSE(ssn_valid("123-00-4567"));  // group 00
  EXPECT_FALSE(ssn_valid("123-45-0000"));  // serial 0000
  EXPECT_FALSE(ssn_valid("000000000"));
  EXPECT_FALSE(ssn_valid("666123456"));
}

TEST(Ssn, RejectsAdvertisingNumbers) {
  EXPECT_FALSE(ssn_valid("078-05-1120"));
  EXPECT_FALSE(ssn_valid("078 05 1120"));
  EXPECT_FALSE(ssn_valid("078051120"));
  EXPECT_FALSE(ssn_valid("219-09-9999"));
  EXPECT_FALSE(ssn_valid("219099999"));
}

TEST(Ssn, RejectsMalformed) {
  EXPECT_FALSE(ssn_valid(""));
  EXPECT_FALSE(ssn_valid("123-45-678"));   // short
  EXPECT_FALSE(ssn_valid("1234567890"));   // 10 digits
  EXPECT_FALSE(ssn_valid("12345678"));     // 8 digits
  EXPECT_FALSE(ssn_valid("123-45 6789"));  // mixed separators
  EXPECT_FALSE(ssn_valid("123.45.6789"));  // dots
  EXPECT_FALSE(ssn_valid("12-345-6789"));  // wrong grouping
  EXPECT_FALSE(ssn_valid("123-4a-6789"));
  EXPECT_FALSE(ssn_valid("12345678a"));
  EXPECT_FALSE(
      ssn_valid("1234\0"
                "6789"sv));
}

// ---------------------------------------------------------------- npm_checksum_valid
// Generated like kGhToken: random 30 base62 chars + base62(zlib.crc32(random)).
constexpr std::string_view kNpmToken = "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";
constexpr std::string_view kNpmToken2 = "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";
constexpr std::string_view kNpmTokenLowerFirstAlphabet = "npm_iK2ZWeqhFWCEPyYngFb51yBMWXaSCr1r1q1j";

TEST(NpmChecksum, AcceptsGeneratedTokens) {
  EXPECT_TRUE(npm_checksum_valid(kNpmToken));
  EXPECT_TRUE(npm_checksum_valid(kNpmToken2));
  EXPECT_TRUE(npm_checksum_valid(kNpmTokenLowerFirstAlphabet));
}

TEST(NpmChecksum, RejectsChangedCharsAndOtherPrefixes) {
  std::string changed(kNpmToken);
  changed[12] = changed[12] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(npm_checksum_valid(changed));
  std::string check_changed(kNpmToken);
  check_changed.back() = 'K';
  EXPECT_FALSE(npm_checksum_valid(check_changed));
  // Same body under a GitHub prefix: valid for GitHub, not for npm (and vice versa).
  std::string as_github(kNpmToken);
  as_github.replace(0, 4, "ghp_");
  EXPECT_FALSE(npm_checksum_valid(as_github));
  EXPECT_TRUE(github_checksum_valid(as_github));
  std::string gh_as_npm(kGhToken);
  gh_as_npm.replace(0, 4, "npm_");
  EXPECT_TRUE(npm_checksum_valid(gh_as_npm));
  EXPECT_FALSE(github_checksum_valid(kNpmToken));
  EXPECT_FALSE(npm_checksum_valid("NPM_iK2ZWeqhFWCEPyYngFb51yBMWXaSCr1R1Q1J"));
}

TEST(NpmChecksum, RejectsBadShape) {
  EXPECT_FALSE(npm_checksum_valid(""));
  EXPECT_FALSE(npm_checksum_valid("npm_"));
  EXPECT_FALSE(npm_checksum_valid(kNpmToken.substr(0, 39)));
  EXPECT_FALSE(npm_checksum_valid(std::string(kNpmToken) + "A"));
  std::string bad_char(kNpmToken);
  bad_char[20] = '_';
  EXPECT_FALSE(npm_checksum_valid(bad_char));
}

// ---------------------------------------------------------------- entropy_valid
TEST(Entropy, AcceptsHighEntropyValues) {
  EXPECT_TRUE(entropy_valid("abcdefgh"));  // exactly 3.0 bits
  EXPECT_TRUE(entropy_valid("Zr8vKq2xLm4T"));
  EXPECT_TRUE(entropy_valid("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  EXPECT_TRUE(entropy_valid("\x01\x02\x03\x04\x05\x06\x07\x08"));
}

TEST(Entropy, RejectsLowEntropyOrShort) {
  EXPECT_FALSE(entropy_valid(""));
  EXPECT_FALSE(entropy_valid("abcdefg"));    // 7 bytes
  EXPECT_FALSE(entropy_valid("password"));   // 2.75 bits
  EXPECT_FALSE(entropy_valid("passw0rd!"));  // 2.95 bits
  EXPECT_FALSE(entropy_valid("aabbccdd"));   // 2 bits
  EXPECT_FALSE(entropy_valid("abcdabcdabcdabcd"));
  EXPECT_FALSE(entropy_valid("aaaaaaaaaaaa"));
}

// The table-based computation decides as the textbook -sum(p * log2 p) does, on values of every
// length up to the longest generic value (512) and alphabets from 2 to 90 bytes.
TEST(Entropy, AgreesWithTheDirectFormula) {
  std::mt19937 rng(5);
  size_t accepted = 0, rejected = 0;
  for (int round = 0; round < 20000; ++round) {
    const size_t len = 8 + rng() % 505;
    const unsigned alphabet = 2 + static_cast<unsigned>(rng() % 89);
    std::string v(len, ' ');
    for (char& c : v) c = static_cast<char>('!' + rng() % alphabet);
    std::array<size_t, 256> counts{};
    for (char c : v) ++counts[static_cast<unsigned char>(c)];
    double bits = 0;
    for (size_t c : counts) {
      if (c == 0) continue;
      const double p = static_cast<double>(c) / static_cast<double>(len);
      bits -= p * std::log2(p);
    }
    if (std::abs(bits - 3.0) < 1e-6) continue;  // a tie: either rounding is fine
    EXPECT_EQ(entropy_valid(v), bits >= 3.0) << v;
    (bits >= 3.0 ? accepted : rejected) += 1;
  }
  EXPECT_GT(accepted, 1000u);
  EXPECT_GT(rejected, 1000u);
}

// ---------------------------------------------------------------- not_example
TEST(NotExample, AcceptsRealLookingValues) {
  EXPECT_TRUE(not_example("AKIAY34FZKBOKMUTVV7A"));
  EXPECT_TRUE(not_example("Zr8vKq2xLm4T"));
  EXPECT_TRUE(not_example("xxxxxxx1"));     // 7 x's only
  EXPECT_TRUE(not_example("yourself-ok"));  // "your" without '_' or '-'
  EXPECT_TRUE(not_example("ab"));
}

TEST(NotExample, RejectsPlaceholderMarkersCaseInsensitively) {
  EXPECT_FALSE(not_example("AKIAIOSFODNN7EXAMPLE"));
  EXPECT_FALSE(not_example("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  EXPECT_FALSE(not_example("sk_live_xxxxxxxxxxxxxxxx"));
  EXPECT_FALSE(not_example("Bearer <TOKEN>"));
  EXPECT_FALSE(not_example("YOUR_API_KEY"));
  EXPECT_FALSE(not_example("your-secret-here"));
  EXPECT_FALSE(not_example("ChangeMe123"));
  EXPECT_FALSE(not_example("dummy-token-1"));
  EXPECT_FALSE(not_example("SAMPLE_KEY_42"));
  EXPECT_FALSE(not_example("placeholder"));
  EXPECT_FALSE(not_example("[REDACTED]"));
  EXPECT_FALSE(not_example("example.com"));
}

// The one-pass search decides as a search for each marker in turn does, on random values made
// of marker pieces, case changes and other bytes.
TEST(NotExample, AgreesWithASearchForEachMarker) {
  const std::array<std::string_view, 10> markers = {"example",     "xxxxxxxx", "<token>", "your_",
                                                    "your-",       "changeme", "dummy",   "sample",
                                                    "placeholder", "redacted"};
  auto contains_a_marker = [&](std::string_view v) {
    std::string lower(v);
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    for (std::string_view m : markers) {
      if (lower.find(m) != std::string::npos) return true;
    }
    return false;
  };
  const std::array<std::string_view, 12> pieces = {"exam", "ple", "xxxx", "<tok", "en>", "your",
                                                   "_",    "-",   "chan", "geme", "Dum", "my"};
  std::mt19937 rng(11);
  size_t rejected = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string v;
    const size_t parts = 1 + rng() % 6;
    for (size_t i = 0; i < parts; ++i) {
      if (rng() % 3 == 0) {
        v += static_cast<char>('0' + rng() % 75);
      } else {
        std::string p(pieces[rng() % pieces.size()]);
        if (rng() % 2) {
          for (char& c : p) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        }
        v += p;
      }
    }
    const bool expected =
        !v.empty() && v.find_first_not_of(v[0]) != std::string::npos && !contains_a_marker(v);
    ASSERT_EQ(not_example(v), expected) << v;
    rejected += expected ? 0 : 1;
  }
  EXPECT_GT(rejected, 2000u);  // both answers are exercised
  EXPECT_LT(rejected, 18000u);
}

TEST(NotExample, RejectsRunsOfOneCharacter) {
  EXPECT_FALSE(not_example(""));
  EXPECT_FALSE(not_example("0"));
  EXPECT_FALSE(not_example("**********"));
  EXPECT_FALSE(not_example("XXXX"));
  EXPECT_FALSE(not_example("0000000000000000"));
}

// ---------------------------------------------------------------- ipv4_public
TEST(Ipv4Public, AcceptsPublicAddresses) {
  EXPECT_TRUE(ipv4_public("8.8.8.8"));
  EXPECT_TRUE(ipv4_public("1.1.1.1"));
  EXPECT_TRUE(ipv4_public("1.2.3.4"));
  EXPECT_TRUE(ipv4_public("93.184.216.34"));
  EXPECT_TRUE(ipv4_public("172.15.255.255"));  // just below 172.16/12
  EXPECT_TRUE(ipv4_public("172.32.0.1"));      // just above
  EXPECT_TRUE(ipv4_public("100.63.255.255"));  // just below 100.64/10
  EXPECT_TRUE(ipv4_public("100.128.0.0"));     // just above
  EXPECT_TRUE(ipv4_public("169.253.1.1"));
  EXPECT_TRUE(ipv4_public("192.0.3.1"));
  EXPECT_TRUE(ipv4_public("198.51.101.1"));
  EXPECT_TRUE(ipv4_public("203.0.114.9"));
  EXPECT_TRUE(ipv4_public("223.255.255.255"));
  EXPECT_TRUE(ipv4_public("11.0.0.0"));
}

TEST(Ipv4Public, RejectsNonPublicRanges) {
  for (std::string_view a :
       {"0.0.0.0",         "0.1.2.3",         "10.0.0.1",     "10.255.255.255",  "127.0.0.1",
        "127.1.2.3",       "169.254.169.254", "172.16.0.1",   "172.31.255.255",  "192.168.1.1",
        "100.64.0.1",      "100.127.255.255", "224.0.0.1",    "239.255.255.250", "240.0.0.1",
        "255.255.255.255", "192.0.2.1",       "198.51.100.7", "203.0.113.42",    "192.0.0.9",
        "198.18.0.1",      "198.19.255.1"}) {
    EXPECT_FALSE(ipv4_public(a)) << a;
  }
}

TEST(Ipv4Public, RejectsMalformed) {
  for (std::string_view a : {"", "8.8.8", "8.8.8.8.8", "256.1.1.1", "8.8.8.256", "08.8.8.8",
                             "8.8.8.08", "8.8.8.", ".8.8.8", "8..8.8", "8.8.8.8 ", "1234.1.1.1",
                             "8.8.8.a", "8,8,8,8", "2.6.5-1.358", "1.2.3.4/24"}) {
    EXPECT_FALSE(ipv4_public(a)) << a;
  }
  EXPECT_FALSE(ipv4_public("8.8.\0.8"sv));
}

// ---------------------------------------------------------------- sasl_credentials_valid
TEST(SaslCredentials, AcceptsPlainAndOauthInitialResponses) {
  EXPECT_TRUE(sasl_credentials_valid("AGpvaG4AVHIwdWI0ZG9yM3h5eg=="));  // \0john\0Tr0ub4dor3xyz
  EXPECT_TRUE(sasl_credentials_valid("YWRtaW4Aam9obgBwdw=="));          // admin\0john\0pw
  // XOAUTH2: user=jane@example.com\x01auth=Bearer ya29.Zx81...\x01\x01
  EXPECT_TRUE(
      sasl_credentials_valid("dXNlcj1qYW5lQGV4YW1wbGUuY29tAWF1dGg9QmVhcmVyIHlhMjkuWng4MW"
                             "tQcTJtbnJkVDd2QjRjTDlzVzNlAQE="));
  // OAUTHBEARER: n,a=jane@example.com,\x01host=...\x01port=993\x01auth=Bearer Zx81...\x01\x01
  EXPECT_TRUE(
      sasl_credentials_valid("bixhPWphbmVAZXhhbXBsZS5jb20sAWhvc3Q9bWFpbC5leGFtcGxlLmNvbQFw"
                             "b3J0PTk5MwFhdXRoPUJlYXJlciBaeDgxa1BxMm1ucmRUN3ZCNGNMOQEB"));
}

TEST(SaslCredentials, RejectsOtherShapes) {
  EXPECT_FALSE(sasl_credentials_valid("am9obgBwdw=="));              // john\0pw: one NUL
  EXPECT_FALSE(sasl_credentials_valid("AABwdw=="));                  // \0\0pw: no authcid
  EXPECT_FALSE(sasl_credentials_valid("AGpvaG4A"));                  // \0john\0: no password
  EXPECT_FALSE(sasl_credentials_valid("AGpvCmhuAHB3"));              // a newline in the authcid
  EXPECT_FALSE(sasl_credentials_valid("AGpvaG4BAHB3"));              // \0john\x01\0pw
  EXPECT_FALSE(sasl_credentials_valid("AGEAYgBj"));                  // three NULs
  EXPECT_FALSE(sasl_credentials_valid("dXNlcjpwYXNz"));              // user:pass (Basic, not SASL)
  EXPECT_FALSE(sasl_credentials_valid("dXNlcj1qYW5lAWF1dGg9AQE="));  // user=jane\x01auth=\x01\x01
  EXPECT_FALSE(sasl_credentials_valid("AGpvaG4AVHIwdWI0ZG9yM3h5eg=!"));  // not base64
  EXPECT_FALSE(sasl_credentials_valid(""));
}

// ---------------------------------------------------------------- phone_e164_valid
TEST(PhoneE164, AcceptsInternationalNumbers) {
  EXPECT_TRUE(phone_e164_valid("+14155552671"));
  EXPECT_TRUE(phone_e164_valid("+1 415 555 2671"));
  EXPECT_TRUE(phone_e164_valid("+1 (415) 555-2671"));
  EXPECT_TRUE(phone_e164_valid("+44 20 7946 0958"));
  EXPECT_TRUE(phone_e164_valid("+49.30.901820"));
  EXPECT_TRUE(phone_e164_valid("+12345678"));         // 8 digits
  EXPECT_TRUE(phone_e164_valid("+123456789012345"));  // 15 digits
}

TEST(PhoneE164, RejectsBadNumbers) {
  EXPECT_FALSE(phone_e164_valid(""));
  EXPECT_FALSE(phone_e164_valid("+"));
  EXPECT_FALSE(phone_e164_valid("14155552671"));        // no '+'
  EXPECT_FALSE(phone_e164_valid("+1234567"));           // 7 digits
  EXPECT_FALSE(phone_e164_valid("+1234567890123456"));  // 16 digits
  EXPECT_FALSE(phone_e164_valid("+0 415 555 2671"));    // country code 0
  EXPECT_FALSE(phone_e164_valid("+(0)20 7946 0958"));   // first digit 0
  EXPECT_FALSE(phone_e164_valid("+1 415 555 267a"));
  EXPECT_FALSE(phone_e164_valid("+1 (415 555 2671"));  // unclosed parenthesis
  EXPECT_FALSE(phone_e164_valid("+1 415) 555 2671"));
  EXPECT_FALSE(phone_e164_valid("+1 (415) (555) 2671"));
  EXPECT_FALSE(phone_e164_valid("++14155552671"));
  EXPECT_FALSE(
      phone_e164_valid("+1415555\0"
                       "2671"sv));
}

}  // namespace
}  // namespace logscrub
