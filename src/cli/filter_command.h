// The default command: `logscrub [OPTIONS] [FILE...]` scrubs input to stdout.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"

namespace CLI {
class App;
}

namespace logscrub::cli {

struct FilterOptions {
  CommonOptions common;
  std::vector<std::string> files;  // empty or "-": stdin
  bool stats = false;
  int threads = 0;        // 0: all cores when every input is a regular file, else 1
  bool progress = false;  // --progress: force the progress line (default: when stderr is a tty)
  bool no_progress = false;
};

// Registers the filter's own options and positional FILEs on the root `app`.
void add_filter_options(CLI::App& app, FilterOptions& opts);

// Scrubs every input in order to stdout, line by line, writing each complete line as soon as
// it has been read. Returns the exit code: 0 ok; 2 on an error (message on stderr naming
// the file; processing stops at the first unreadable input); 141 when stdout is closed.
int run_filter(const FilterOptions& opts);

}  // namespace logscrub::cli
