#include "rules/builtin_rules.h"

#include "detect/precompiled.h"
#include "rules/rule_codec.h"
#include "rules/rule_loader.h"

namespace logscrub {

Error load_builtin_rules_from_yaml(std::vector<Rule>& out) {
  for (const BuiltinRuleFile& file : builtin_rule_files()) {
    Error err = parse_rules_yaml(file.content, "builtin:" + std::string(file.path), out);
    if (err) return err;
  }
  return {};
}

Error load_builtin_rules(std::vector<Rule>& out) {
  // The catalog logscrub_dbgen parsed from the same embedded YAML at build time, when this
  // build has one (tests/unit/rule_codec_test.cpp checks that the two agree).
  std::string_view catalog = precompiled_builtin_catalog();
  if (!catalog.empty()) return decode_rules(catalog, out);
  return load_builtin_rules_from_yaml(out);
}

}  // namespace logscrub
