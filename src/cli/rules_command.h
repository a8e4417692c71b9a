// `logscrub rules list` and `logscrub rules check [FILE...]`.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"

namespace CLI {
class App;
}

namespace logscrub::cli {

struct RulesListOptions {
  CommonOptions common;
  std::string format = "table";  // "table" or "json"
};

struct RulesCheckOptions {
  std::vector<std::string> files;  // empty: check the built-in rules
  bool no_builtin = false;
  bool quiet = false;
};

struct RulesCommands {
  CLI::App* rules = nullptr;
  CLI::App* list = nullptr;
  CLI::App* check = nullptr;
};

// Creates `rules` with its `list` and `check` subcommands under `parent`, bound to the
// option structs (which must outlive parsing).
RulesCommands add_rules_command(CLI::App& parent, RulesListOptions& list_opts,
                                RulesCheckOptions& check_opts);

// Prints every loaded rule (id, category, default on/off, active with these options, tags,
// validators) as an aligned table or one JSON object per line. Returns 0, or 2 when the rules
// cannot be loaded (the engine's message is printed).
int run_rules_list(const RulesListOptions& opts);

// Checks that each rule in scope (built-in rules, or only the rules of opts.files) finds and
// redacts (as [REDACTED:<id>]) every one of its examples and matches none of its negative
// examples. Prints a FAIL line per failed example and a summary line. Returns 0 when all
// pass, 1 when any fails, 2 when the rules cannot be loaded.
int run_rules_check(const RulesCheckOptions& opts);

}  // namespace logscrub::cli
