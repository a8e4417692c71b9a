// The rule files under patterns/, embedded into the library at build time.
#pragma once

#include <string_view>
#include <vector>

namespace logscrub {

struct BuiltinRuleFile {
  std::string_view path;     // e.g. "patterns/aws.yaml"
  std::string_view content;  // the YAML text
};

// Every built-in rule file, sorted by path. Lives for the whole program.
const std::vector<BuiltinRuleFile>& builtin_rule_files();

}  // namespace logscrub
