// `logscrub scan [OPTIONS] [PATH...]`: reports where secrets are, never what they are.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"

namespace CLI {
class App;
}

namespace logscrub::cli {

struct ScanOptions {
  CommonOptions common;
  std::vector<std::string> paths;  // files or directories; empty or "-": stdin
  std::string format = "text";     // "text" or "json"
};

// Creates the `scan` subcommand of `parent`, bound to `opts`; returns it.
CLI::App* add_scan_command(CLI::App& parent, ScanOptions& opts);

// Scans every path (directories recursively, skipping .git and binary files) and prints one
// line per finding to stdout: "path:line:col: rule-id (category)" or a JSON object. Input
// bytes are never printed. Returns 1 if anything was found, 0 if not, 2 if any path could
// not be read or the engine could not be built (other paths are still scanned), 141 when
// stdout is closed.
int run_scan(const ScanOptions& opts);

// Appends `s` to `out` as a JSON string literal (quotes included). Bytes that are not valid
// UTF-8 become U+FFFD; control characters are escaped.
void append_json_string(std::string& out, std::string_view s);

}  // namespace logscrub::cli
