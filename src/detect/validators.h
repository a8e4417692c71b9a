// Offline validators: cheap checks that turn a regex candidate into a finding.
// Each takes the bytes of the redacted span and returns true when it is plausibly real.
#pragma once

#include <cstdint>
#include <string_view>

namespace logscrub {

using ValidatorFn = bool (*)(std::string_view span);

// Returns the validator named `name` ("luhn", "github_checksum", "jwt", "basic_auth",
// "aws_key_id", "email", "token_like", "not_placeholder"), or nullptr when unknown.
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

}  // namespace logscrub
