// Offline validators: cheap checks that turn a regex candidate into a finding.
// Each takes the bytes of the redacted span and returns true when it is plausibly real.
#pragma once

#include <cstdint>
#include <string_view>

namespace logscrub {

using ValidatorFn = bool (*)(std::string_view span);

// Returns the validator named `name` ("luhn", "github_checksum", "jwt", "basic_auth",
// "aws_key_id", "email", "token_like", "not_placeholder", "iban", "ssn", "npm_checksum",
// "entropy", "not_example", "ipv4_public", "phone_e164", "sasl_credentials"), or nullptr
// when unknown.
ValidatorFn find_validator(std::string_view name);

// Luhn mod-10 over the ASCII digits of `s`; other bytes are ignored. False if < 2 digits.
bool luhn_valid(std::string_view s);

// CRC-32 (IEEE 802.3, as zlib's crc32) of `data`.
uint32_t crc32_ieee(std::string_view data);

// GitHub classic token (ghp_/gho_/ghu_/ghs_/ghr_ + 30 base62 + 6 base62 checksum):
// the last 6 characters are base62(crc32(the 30 random characters)), zero padded.
bool github_checksum_valid(std::string_view token);

// JWT: three base64url segments (signature may be empty); the header decodes to a JSON
// object that has an "alg" member.
bool jwt_valid(std::string_view token);

// HTTP Basic credentials: base64 that decodes to printable "user:password" (':' present).
bool basic_auth_valid(std::string_view b64);

// A SASL initial response that carries a credential, as base64: PLAIN (RFC 4616) decodes to
// "[authzid] NUL authcid NUL passwd" (exactly two NULs, authcid and passwd not empty, no
// other control bytes); XOAUTH2 and OAUTHBEARER (RFC 7628) hold "\x01auth=" and a token
// after it.
bool sasl_credentials_valid(std::string_view b64);

// AWS access key id: 4-letter prefix + 16 chars of [A-Z2-7].
bool aws_key_id_valid(std::string_view id);

// Email address: local@domain, domain has >= 2 labels, labels not starting/ending with '-',
// no empty labels, TLD alphabetic.
bool email_valid(std::string_view addr);

// Looks like a credential rather than a word: >= 8 bytes and mixes character classes
// (a digit, or both cases, or a symbol) and is not a placeholder.
bool token_like(std::string_view value);

// False for common placeholders: "null", "none", "true", "false", "undefined", "redacted",
// "changeme"..., values made of one repeated character ("xxxx", "****"), template variables
// ("${VAR}", "{{var}}", "%s", "<token>").
bool not_placeholder(std::string_view value);

// IBAN (ISO 13616): 2 upper-case country letters + 2 check digits + upper-case alphanumeric
// BBAN, no spaces or single spaces after every 4th character; length fits the country table
// in validators.cpp (SEPA and common countries; unknown countries are rejected); mod-97 == 1.
bool iban_valid(std::string_view iban);

// US SSN: "ddd-dd-dddd", "ddd dd dddd" or 9 plain digits; area not 000, 666 or 900-999,
// group not 00, serial not 0000, and not the advertising numbers 078-05-1120 / 219-09-9999.
bool ssn_valid(std::string_view ssn);

// npm access token: "npm_" + 30 base62 + 6 base62 checksum, checked as github_checksum_valid.
bool npm_checksum_valid(std::string_view token);

// Generic secret value: >= 8 bytes and Shannon entropy over its bytes >= 3.0 bits per byte.
bool entropy_valid(std::string_view value);

// False when `value` contains (case-insensitively) a documentation placeholder marker
// ("example", "xxxxxxxx", "<token>", "your_", "your-", "changeme", "dummy", "sample",
// "placeholder", "redacted"), is empty, or is one repeated character.
bool not_example(std::string_view value);

// Public IPv4: strict dotted quad (octets 0..255, no leading zeros) outside private,
// loopback, link-local, CGNAT, "this network", benchmark, documentation, multicast and
// reserved ranges (table in validators.cpp).
bool ipv4_public(std::string_view addr);

// E.164 phone number: '+' then 8..15 digits once spaces, '-', '.' and one "(...)" pair are
// removed; the country code (first digit) is not 0; no other bytes.
bool phone_e164_valid(std::string_view phone);

}  // namespace logscrub
