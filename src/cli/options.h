// Command-line options shared by the logscrub commands, and their translation into
// EngineOptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scrub/engine.h"

namespace CLI {
class App;
}

namespace logscrub::cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFound = 1;         // scan: findings; rules check: failures
inline constexpr int kExitError = 2;         // usage or runtime error
inline constexpr int kExitBrokenPipe = 141;  // stdout closed by the reader (128 + SIGPIPE)

// Which option groups a command offers.
enum OptionGroup : unsigned {
  kSelection = 1u << 0,  // -r/--rules, --no-builtin, --disable, --disable-category, --enable
  kStyling = 1u << 1,    // --style, --style-for, --mask-same-length, --hmac-key-file/-env
  kInput = 1u << 2,      // --max-line-bytes, --format, --json-key, --no-json-key
  kQuiet = 1u << 3,      // -q/--quiet
};

struct CommonOptions {
  std::vector<std::string> rule_files;
  bool no_builtin = false;
  std::vector<std::string> disable;
  std::vector<std::string> disable_category;
  std::vector<std::string> enable;
  std::string style;                   // empty: rule defaults
  std::vector<std::string> style_for;  // "ID|TAG|CATEGORY=STYLE"
  bool mask_same_length = false;
  std::string hmac_key_file;
  std::string hmac_key_env;
  uint64_t max_line_bytes = 0;  // 0: the engine default
  std::string format;           // auto | text | json; empty: auto
  std::vector<std::string> json_keys_add;
  std::vector<std::string> json_keys_remove;
  bool quiet = false;
};

// Registers the options of `groups` on `app`, bound to `opts` (which must outlive parsing).
void add_common_options(CLI::App& app, CommonOptions& opts, unsigned groups);

// Adds the values given in `from` (options placed before a subcommand) to `into`: lists are
// appended, flags or-ed, strings and numbers taken from `from` when `into` has none.
void merge_options(CommonOptions& into, const CommonOptions& from);

// Fills `out` from `opts` (starting from default EngineOptions). Reads the HMAC key from the
// file or environment variable named in `opts`. Returns false and sets `error` (a message
// naming the offending option, file or variable; never the key) on failure.
bool to_engine_options(const CommonOptions& opts, logscrub::EngineOptions* out, std::string* error);

// Builds the engine and a scratch for it. On failure returns false and sets `error` to the
// engine's message (it names the rule file, rule and line for rule errors).
bool make_engine(const logscrub::EngineOptions& options,
                 std::shared_ptr<const logscrub::Engine>* engine,
                 std::unique_ptr<logscrub::Scratch>* scratch, std::string* error);

// Text used in every help footer: the exit codes.
const char* exit_codes_help();

}  // namespace logscrub::cli
