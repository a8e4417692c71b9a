// logscrub: find and redact secrets and personal data in logs.
//
//   logscrub [OPTIONS] [FILE...]        scrub to stdout (a streaming filter)
//   logscrub scan [OPTIONS] [PATH...]   report findings
//   logscrub rules list|check           inspect and test rules
#include <hs/hs.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/filter_command.h"
#include "cli/options.h"
#include "cli/rules_command.h"
#include "cli/scan_command.h"
#include "logscrub/logscrub.h"

namespace {

using namespace logscrub::cli;

constexpr const char* kRootDescription =
    "logscrub reads logs and writes them back with secrets (API keys, tokens, passwords, "
    "private keys) and personal data (emails, card numbers, ...) replaced by markers such "
    "as [REDACTED:github.token]. It works line by line: the output has exactly as many lines "
    "as the input, bytes outside a redaction are copied unchanged (CRLF, NUL, invalid "
    "UTF-8 included), and each complete line is written as soon as it is read, so it can sit "
    "in a pipe behind 'tail -f'. Lines longer than --max-line-bytes are replaced whole "
    "(fail closed).";

constexpr const char* kRootExamples =
    "Examples:\n"
    "  logscrub app.log > app.clean.log\n"
    "  tail -f app.log | logscrub\n"
    "  logscrub --style mask --mask-same-length < in.log\n"
    "  LOGSCRUB_KEY=$(cat key) logscrub --style-for pii=hmac --hmac-key-env LOGSCRUB_KEY app.log\n"
    "  logscrub --disable-category pii --stats app.log\n"
    "  logscrub scan app.log            # where are the secrets? (exit 1 if any)\n"
    "  logscrub rules list              # what is detected\n"
    "\n"
    "Run 'logscrub scan --help' or 'logscrub rules --help' for the other commands.\n\n";

// What --version prints: logscrub's version, and the Hyperscan (or Vectorscan) it runs on.
std::string version_text() {
  return "logscrub " + std::to_string(LOGSCRUB_VERSION_MAJOR) + "." +
         std::to_string(LOGSCRUB_VERSION_MINOR) + "." + std::to_string(LOGSCRUB_VERSION_PATCH) +
         "\nHyperscan " + hs_version();
}

int run(int argc, char** argv) {
  CLI::App app(kRootDescription, "logscrub");
  app.footer(std::string(kRootExamples) + exit_codes_help());
  app.set_version_flag("-V,--version", version_text, "Print logscrub's version and exit.");

  FilterOptions filter;
  add_filter_options(app, filter);
  ScanOptions scan;
  CLI::App* scan_cmd = add_scan_command(app, scan);
  RulesListOptions list;
  RulesCheckOptions check;
  const RulesCommands rules = add_rules_command(app, list, check);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and a hint to --help
    return kExitError;
  }

  if (scan_cmd->parsed()) {
    if (!filter.files.empty()) {
      std::fprintf(stderr, "logscrub: FILE arguments must follow 'scan' (logscrub scan FILE)\n");
      return kExitError;
    }
    merge_options(scan.common, filter.common);
    return run_scan(scan);
  }
  if (rules.list->parsed()) {
    merge_options(list.common, filter.common);
    return run_rules_list(list);
  }
  if (rules.check->parsed()) return run_rules_check(check);
  return run_filter(filter);
}

}  // namespace

// Entry point: parses the command line and runs one command. Never lets an exception
// escape: any unexpected failure prints "logscrub: ..." and exits 2.
int main(int argc, char** argv) {
  // A closed stdout is reported by write(2) as EPIPE and handled (exit 141, no message).
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "logscrub: error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "logscrub: error: unknown exception\n");
  }
  return kExitError;
}
