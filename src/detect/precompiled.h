// The Hyperscan database of the default rule set, compiled and serialized at build time by
// logscrub_dbgen (src/tools/dbgen.cpp) and embedded into the library, so start-up deserializes
// it (about a millisecond) instead of compiling every pattern. Used only when the rule set
// and options produce exactly the expressions it was built from (checked by fingerprint) and
// the CPU can run it; otherwise the matcher compiles as usual.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace logscrub {

struct PrecompiledDatabase {
  uint64_t fingerprint = 0;
  std::string_view serialized;                 // hs_serialize_database output
  const uint32_t* pattern_widths = nullptr;    // per rule: Hyperscan max width of `pattern`
  const uint32_t* prefilter_widths = nullptr;  // per rule: of `prefilter` (0: none/unbounded)
  const int32_t* groups = nullptr;             // per rule: the capture group redacted
  size_t rule_count = 0;
};

// The embedded database, or nullptr when the build embedded none (logscrub_dbgen itself).
const PrecompiledDatabase* precompiled_database();

// The built-in rule catalog (what load_builtin_rules_from_yaml returns) encoded by
// encode_rules (rules/rule_codec.h), embedded by logscrub_dbgen so start-up need not parse
// YAML; empty when the build embedded none.
std::string_view precompiled_builtin_catalog();

// A fingerprint of everything that shapes the matcher's Hyperscan expressions: each rule's id,
// detector, pattern, prefilter, prefilter offset and end pattern, in order, and the Hyperscan
// version. A 64-bit hash that reads 8 bytes per step, stable across builds.
uint64_t rules_fingerprint(const std::vector<Rule>& rules);

}  // namespace logscrub
