// Loading rule files (YAML) into Rule values, with errors that name the file, rule and line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "scrub/engine.h"

namespace logscrub {

// Parses one YAML rule document (a top-level `rules:` list) and appends its rules to `out`.
// `source` names the document in error messages. Checks the schema (required keys, unknown
// keys, id syntax, category, style, validator names); patterns are compiled later by the
// matcher. Returns an error of code RuleFile on any problem.
Error parse_rules_yaml(std::string_view yaml, const std::string& source, std::vector<Rule>& out);

// Reads `path` and parses it as above.
Error load_rules_file(const std::string& path, std::vector<Rule>& out);

// Appends every built-in rule (patterns/*.yaml embedded at build time) to `out`. Decodes the
// catalog logscrub_dbgen embedded already parsed (detect/precompiled.h) when the build has
// one, else parses the YAML.
Error load_builtin_rules(std::vector<Rule>& out);

// As load_builtin_rules, but always parses the embedded YAML (for logscrub_dbgen and tests).
Error load_builtin_rules_from_yaml(std::vector<Rule>& out);

}  // namespace logscrub
