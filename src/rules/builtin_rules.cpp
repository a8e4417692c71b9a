#include "rules/builtin_rules.h"

#include "rules/rule_loader.h"

namespace logscrub {

Error load_builtin_rules(std::vector<Rule>& out) {
  for (const BuiltinRuleFile& file : builtin_rule_files()) {
    Error err = parse_rules_yaml(file.content, "builtin:" + std::string(file.path), out);
    if (err) return err;
  }
  return {};
}

}  // namespace logscrub
