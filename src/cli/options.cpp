#include "cli/options.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace logscrub::cli {

namespace {

// "KEY=STYLE" with a known style; returns an error text for CLI11 (empty when valid).
std::string check_style_for(const std::string& value) {
  const size_t eq = value.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
    return "expected ID|TAG|CATEGORY=STYLE, e.g. pii=mask";
  }
  Style s;
  if (!parse_style(value.substr(eq + 1), &s)) {
    return "unknown style '" + value.substr(eq + 1) + "' (tag, mask, partial, hmac)";
  }
  return {};
}

void append(std::vector<std::string>& into, const std::vector<std::string>& from) {
  into.insert(into.end(), from.begin(), from.end());
}

}  // namespace

void add_common_options(CLI::App& app, CommonOptions& opts, unsigned groups) {
  if (groups & kSelection) {
    const char* g = "Rule selection";
    app.add_option("-r,--rules", opts.rule_files,
                   "Load an extra YAML rule file (repeatable). Its rules are added to the "
                   "built-in ones; see 'logscrub rules check FILE' to test it first.")
        ->type_name("FILE")
        ->allow_extra_args(false)
        ->group(g);
    app.add_flag("--no-builtin", opts.no_builtin,
                 "Do not load the built-in rules (use only --rules files).")
        ->group(g);
    app.add_option("--disable", opts.disable,
                   "Switch off a rule by id (e.g. pii.email) or every rule with a tag "
                   "(repeatable). 'logscrub rules list' shows ids and tags.")
        ->type_name("ID|TAG")
        ->allow_extra_args(false)
        ->group(g);
    app.add_option("--disable-category", opts.disable_category,
                   "Switch off a whole category: secret or pii (repeatable).")
        ->type_name("CATEGORY")
        ->check(CLI::IsMember({"secret", "pii"}))
        ->allow_extra_args(false)
        ->group(g);
    app.add_option("--enable", opts.enable,
                   "Switch on a rule that is off by default, by id or tag (repeatable).")
        ->type_name("ID|TAG")
        ->allow_extra_args(false)
        ->group(g);
  }
  if (groups & kStyling) {
    const char* g = "Redaction style";
    app.add_option("--style", opts.style,
                   "Rewrite every match in this style, overriding rule defaults: "
                   "tag = [REDACTED:<rule-id>], mask = [REDACTED] (or '*' per byte with "
                   "--mask-same-length), partial = keep a few characters (cards: last 4), "
                   "hmac = stable keyed hash (needs --hmac-key-file or --hmac-key-env).")
        ->type_name("STYLE")
        ->check(CLI::IsMember({"tag", "mask", "partial", "hmac"}))
        ->group(g);
    app.add_option("--style-for", opts.style_for,
                   "Style for one rule id, tag or category (secret, pii), e.g. "
                   "--style-for pii=hmac (repeatable; wins over --style).")
        ->type_name("KEY=STYLE")
        ->check(CLI::Validator(check_style_for, ""))
        ->allow_extra_args(false)
        ->group(g);
    app.add_flag("--mask-same-length", opts.mask_same_length,
                 "With the mask style, write one '*' per redacted byte instead of [REDACTED].")
        ->group(g);
    auto* kf = app.add_option("--hmac-key-file", opts.hmac_key_file,
                              "Read the HMAC key (>= 16 bytes) from FILE; one trailing newline "
                              "is ignored. Keep FILE private (chmod 600).")
                   ->type_name("FILE")
                   ->group(g);
    auto* ke = app.add_option("--hmac-key-env", opts.hmac_key_env,
                              "Read the HMAC key (>= 16 bytes) from environment variable VAR. "
                              "There is deliberately no option taking the key itself, so it "
                              "never shows in ps or shell history.")
                   ->type_name("VAR")
                   ->group(g);
    kf->excludes(ke);
    ke->excludes(kf);
  }
  if (groups & kInput) {
    app.add_option("--max-line-bytes", opts.max_line_bytes,
                   "Longest record (line) scanned, e.g. 1M (default 64M). Longer records "
                   "are never echoed: the filter replaces each whole by "
                   "[REDACTED:oversized-record], scan reports it (fail closed).")
        ->type_name("SIZE")
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Validator(
            [](std::string& v) {
              return v == "0" ? std::string("must be at least 1 byte") : std::string();
            },
            ""))
        ->group("Input");
    // `scan --format` is the report format, so there the input format is --input-format only.
    const bool has_format = app.get_option_no_throw("--format") != nullptr;
    app.add_option(has_format ? "--input-format" : "--format,--input-format", opts.format,
                   "How records are read. auto (default): a line that is a JSON object or "
                   "array -- or the message part of a Lambda text-format line "
                   "(timestamp<TAB>request id<TAB>LEVEL<TAB>{...}) -- is scrubbed as JSON: "
                   "escapes decoded before matching, values under sensitive keys redacted "
                   "whole, output still valid JSON; other lines as text. text: never parse "
                   "JSON. json: same as auto (a line that is not valid JSON is still scrubbed "
                   "as text, never passed through).")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"auto", "text", "json"}))
        ->group("Input");
    app.add_option("--json-key", opts.json_keys_add,
                   "Also treat this JSON key name as sensitive (repeatable). Matching ignores "
                   "case and '-', '_', '.', ' '; a key is sensitive when it equals or ends with a "
                   "listed name (db_password matches password; password_policy does not).")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->group("Input");
    app.add_option("--no-json-key", opts.json_keys_remove,
                   "Drop a name from the sensitive JSON key list (repeatable), e.g. "
                   "--no-json-key session.")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->group("Input");
  }
  if (groups & kQuiet) {
    app.add_flag("-q,--quiet", opts.quiet, "Print no warnings (errors are still printed).")
        ->group("Output");
  }
}

void merge_options(CommonOptions& into, const CommonOptions& from) {
  append(into.rule_files, from.rule_files);
  into.no_builtin = into.no_builtin || from.no_builtin;
  append(into.disable, from.disable);
  append(into.disable_category, from.disable_category);
  append(into.enable, from.enable);
  if (into.style.empty()) into.style = from.style;
  append(into.style_for, from.style_for);
  into.mask_same_length = into.mask_same_length || from.mask_same_length;
  if (into.hmac_key_file.empty() && into.hmac_key_env.empty()) {
    into.hmac_key_file = from.hmac_key_file;
    into.hmac_key_env = from.hmac_key_env;
  }
  if (into.max_line_bytes == 0) into.max_line_bytes = from.max_line_bytes;
  if (into.format.empty()) into.format = from.format;
  append(into.json_keys_add, from.json_keys_add);
  append(into.json_keys_remove, from.json_keys_remove);
  into.quiet = into.quiet || from.quiet;
}

bool to_engine_options(const CommonOptions& opts, EngineOptions* out, std::string* error) {
  EngineOptions eo;
  eo.builtin_rules = !opts.no_builtin;
  eo.rule_files = opts.rule_files;
  eo.disabled_ids = opts.disable;
  eo.disabled_categories = opts.disable_category;
  eo.enabled_ids = opts.enable;
  if (!opts.style.empty()) {
    if (!parse_style(opts.style, &eo.style)) {
      *error = "--style: unknown style '" + opts.style + "'";
      return false;
    }
    eo.style_forced = true;
  }
  for (const std::string& sf : opts.style_for) {
    const size_t eq = sf.rfind('=');
    Style s;
    if (eq == std::string::npos || eq == 0 || !parse_style(sf.substr(eq + 1), &s)) {
      *error = "--style-for: expected ID|TAG|CATEGORY=STYLE, got '" + sf + "'";
      return false;
    }
    eo.style_overrides.emplace_back(sf.substr(0, eq), s);
  }
  eo.mask_same_length = opts.mask_same_length;
  if (!opts.hmac_key_file.empty()) {
    std::ifstream in(opts.hmac_key_file, std::ios::binary);
    if (!in) {
      *error = "cannot read HMAC key file '" + opts.hmac_key_file + "': " + std::strerror(errno);
      return false;
    }
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      *error = "cannot read HMAC key file '" + opts.hmac_key_file + "'";
      return false;
    }
    if (!key.empty() && key.back() == '\n') key.pop_back();
    if (!key.empty() && key.back() == '\r') key.pop_back();
    eo.hmac_key = std::move(key);
  } else if (!opts.hmac_key_env.empty()) {
    const char* v = std::getenv(opts.hmac_key_env.c_str());
    if (v == nullptr) {
      *error = "--hmac-key-env: environment variable '" + opts.hmac_key_env + "' is not set";
      return false;
    }
    eo.hmac_key = v;
  }
  if (opts.max_line_bytes != 0) eo.max_line_bytes = static_cast<size_t>(opts.max_line_bytes);
  if (opts.format == "text") {
    eo.format = InputFormat::Text;
  } else if (opts.format == "json") {
    eo.format = InputFormat::Json;
  }
  eo.json_keys_add = opts.json_keys_add;
  eo.json_keys_remove = opts.json_keys_remove;
  *out = std::move(eo);
  return true;
}

bool make_engine(const EngineOptions& options, std::shared_ptr<const Engine>* engine,
                 std::unique_ptr<Scratch>* scratch, std::string* error) {
  Error err;
  auto e = Engine::create(options, &err);
  if (!e) {
    *error = err.message.empty() ? "cannot build the rule engine" : err.message;
    return false;
  }
  auto s = Scratch::create(*e, &err);
  if (!s) {
    *error = err.message.empty() ? "cannot allocate scratch memory" : err.message;
    return false;
  }
  *engine = std::move(e);
  *scratch = std::move(s);
  return true;
}

const char* exit_codes_help() {
  return "Exit status:\n"
         "  0  success (scan: nothing found; rules check: all rules pass)\n"
         "  1  scan: something was found; rules check: a rule failed its examples\n"
         "  2  usage error, unreadable input, bad rule file or missing HMAC key\n"
         "  141 stdout was closed early (e.g. piped into head); output stops quietly\n";
}

}  // namespace logscrub::cli
