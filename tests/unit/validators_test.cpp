#include "detect/validators.h"

#include <gtest/gtest.h>

#include <cstdint>
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

TEST(Jwt, RejectsWrongPartCount) {
  EXPECT_FALSE(jwt_valid(""));
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
  EXPECT_FALSE(jwt_valid("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0"));
  EXPECT_FALSE(jwt_valid(std::string(kJwt) + ".c2ln"));
  EXPECT_FALSE(jwt_valid(".."));
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
}

TEST(NotPlaceholder, RejectsPlaceholderWordsCaseInsensitively) {
  for (std::string_view w :
       {"null", "NULL", "None", "nil", "true", "False", "undefined", "empty", "redacted", "REMOVED",
        "hidden", "secret", "Password", "changeme", "CHANGEME", "example", "test", "N/A"}) {
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

}  // namespace
}  // namespace logscrub
