// A compact binary encoding of rule lists (rules/rule.h), so the built-in catalog can be
// embedded already parsed (logscrub_dbgen) instead of parsing its YAML at every start-up.
//
// Layout (all integers little-endian):
//   header:  "LSRC" | u32 version | u64 payload size | u64 payload checksum
//   payload: u32 rule count, then per rule every field of Rule in declaration order; strings
//            are u32 length + bytes, string lists u32 count + strings, enums and bools one
//            byte, ints i32.
// The decoder checks every length against the remaining bytes, every enum and bool value, the
// checksum and that the payload is consumed exactly: truncated or corrupt input is an error,
// never an out-of-bounds read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "scrub/engine.h"

namespace logscrub {

// Encodes `rules` (every field, including examples and source).
std::string encode_rules(const std::vector<Rule>& rules);

// Decodes `blob` (from encode_rules) and appends its rules to `out`. On error (code RuleFile)
// `out` is left unchanged.
Error decode_rules(std::string_view blob, std::vector<Rule>& out);

namespace rule_codec_detail {
// The header's checksum of `payload`; exposed so tests can forge payloads whose checksum
// matches and so reach the decoder's structural checks.
uint64_t payload_checksum(std::string_view payload);
}  // namespace rule_codec_detail

}  // namespace logscrub
