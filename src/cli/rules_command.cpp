#include "cli/rules_command.h"

#include <re2/re2.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cli/line_reader.h"
#include "cli/scan_command.h"
#include "detect/matcher.h"
#include "detect/prefilter_check.h"

namespace logscrub::cli {

namespace {

constexpr std::string_view kBuiltinPrefix = "builtin:";

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

void append_json_array(std::string& out, const std::vector<std::string>& v) {
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, v[i]);
  }
  out += ']';
}

int write_stdout(const std::string& text) {
  switch (write_all(STDOUT_FILENO, text)) {
    case WriteStatus::Ok: return kExitOk;
    case WriteStatus::BrokenPipe: return kExitBrokenPipe;
    case WriteStatus::Error: std::perror("logscrub: cannot write to stdout"); return kExitError;
  }
  return kExitError;
}

bool is_builtin(const Rule& r) {
  return std::string_view(r.source).substr(0, kBuiltinPrefix.size()) == kBuiltinPrefix;
}

// The checks a rule applies: its validators, or what its built-in detector verifies.
std::vector<std::string> checks_of(const Rule& rule) {
  switch (rule.detector) {
    case Detector::PaymentCard: return {"detector:payment_card", "luhn", "iin"};
    case Detector::UsSsn: return {"detector:us_ssn", "ssn"};
    case Detector::Iban: return {"detector:iban", "iban"};
    case Detector::JsonKey: return {"detector:json_key"};
    case Detector::Jwk: return {"detector:jwk"};
    case Detector::Regex: break;
  }
  return rule.validators;
}

}  // namespace

RulesCommands add_rules_command(CLI::App& parent, RulesListOptions& list_opts,
                                RulesCheckOptions& check_opts) {
  RulesCommands cmds;
  cmds.rules = parent.add_subcommand("rules", "Inspect and test detection rules.");
  cmds.rules->require_subcommand(1);
  cmds.rules->footer(std::string("Examples:\n"
                                 "  logscrub rules list\n"
                                 "  logscrub rules check\n"
                                 "  logscrub rules check my-rules.yaml\n\n") +
                     exit_codes_help());

  cmds.list = cmds.rules->add_subcommand(
      "list",
      "List every loaded rule: id, category, whether it is on by default, whether it is "
      "active with the given selection options, its tags and validators.");
  add_common_options(*cmds.list, list_opts.common, kSelection);
  cmds.list
      ->add_option("--format", list_opts.format,
                   "table (aligned columns), or json = one JSON object per rule and line.")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "json"}))
      ->group("Output");
  cmds.list->footer(
      std::string("Examples:\n"
                  "  logscrub rules list\n"
                  "  logscrub rules list --enable ip -r extra.yaml\n"
                  "  logscrub rules list --format json | jq -r 'select(.active) | .id'\n\n") +
      exit_codes_help());

  cmds.check = cmds.rules->add_subcommand(
      "check",
      "Test rules against their own examples: every example must be found by its rule and "
      "every byte that rule matched must be gone from the scrubbed output (the marker may name "
      "a more specific rule that matched the same bytes), and no negative example may match it. "
      "A rule's prefilter must also hold every match of its pattern in the examples, in their own "
      "and in other letter cases (what the prefilter misses is never scanned for). A rule "
      "marked glued must also find each example with a word glued before it (\"zq\" + token). "
      "Without FILE the "
      "built-in rules are checked; with FILEs only the rules in those files are checked "
      "(loaded on top of the built-in rules unless --no-builtin). Default-off rules in scope "
      "are switched on for the check.");
  check_opts.files.clear();
  cmds.check->add_option("FILE", check_opts.files, "YAML rule files to check.")->type_name("FILE");
  cmds.check->add_flag("--no-builtin", check_opts.no_builtin,
                       "Load only the FILEs (the built-in rules are not loaded at all).");
  cmds.check->add_flag("-q,--quiet", check_opts.quiet, "Print only FAIL lines, no summary.");
  cmds.check->footer(std::string("Examples:\n"
                                 "  logscrub rules check\n"
                                 "  logscrub rules check team-rules.yaml && echo ok\n\n") +
                     exit_codes_help());
  return cmds;
}

int run_rules_list(const RulesListOptions& opts) {
  EngineOptions eo;
  std::string error;
  if (!to_engine_options(opts.common, &eo, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  eo.style = Style::Tag;  // styles are not listed; no HMAC key needed
  eo.style_forced = true;
  std::shared_ptr<const Engine> engine;
  std::unique_ptr<Scratch> scratch;
  if (!make_engine(eo, &engine, &scratch, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  std::string out;
  if (opts.format == "json") {
    for (const auto& [rule, active] : engine->catalog()) {
      out += "{\"id\":";
      append_json_string(out, rule.id);
      out += ",\"name\":";
      append_json_string(out, rule.name);
      out += ",\"category\":";
      append_json_string(out, category_name(rule.category));
      out += ",\"tags\":";
      append_json_array(out, rule.tags);
      out += ",\"validators\":";
      append_json_array(out, checks_of(rule));
      out += rule.enabled_by_default ? ",\"default\":true" : ",\"default\":false";
      out += active ? ",\"active\":true" : ",\"active\":false";
      out += ",\"source\":";
      append_json_string(out, rule.source);
      out += "}\n";
    }
    return write_stdout(out);
  }

  using Row = std::array<std::string, 6>;
  std::vector<Row> rows;
  rows.push_back({"ID", "CATEGORY", "DEFAULT", "ACTIVE", "TAGS", "VALIDATORS"});
  for (const auto& [rule, active] : engine->catalog()) {
    rows.push_back({rule.id, category_name(rule.category), rule.enabled_by_default ? "on" : "off",
                    active ? "yes" : "no", rule.tags.empty() ? "-" : join(rule.tags, ","),
                    checks_of(rule).empty() ? "-" : join(checks_of(rule), ",")});
  }
  std::array<size_t, 6> width{};
  for (const Row& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  for (const Row& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) {
      line += r[c];
      if (c + 1 < r.size()) line.append(width[c] - r[c].size() + 2, ' ');
    }
    out += line;
    out += '\n';
  }
  return write_stdout(out);
}

int run_rules_check(const RulesCheckOptions& opts) {
  if (opts.files.empty() && opts.no_builtin) {
    std::fprintf(stderr,
                 "logscrub: rules check: --no-builtin without FILE leaves nothing to check\n");
    return kExitError;
  }
  EngineOptions eo;
  eo.builtin_rules = opts.files.empty() || !opts.no_builtin;
  eo.rule_files = opts.files;
  eo.style = Style::Tag;  // markers never contain input bytes, so leftovers are leaks
  eo.style_forced = true;

  // First load to learn the catalog, then rebuild with every rule in scope switched on.
  std::shared_ptr<const Engine> engine;
  std::unique_ptr<Scratch> scratch;
  std::string error;
  if (!make_engine(eo, &engine, &scratch, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  const bool want_builtin = opts.files.empty();
  std::vector<Rule> scope;
  for (const auto& [rule, active] : engine->catalog()) {
    if (is_builtin(rule) != want_builtin) continue;
    scope.push_back(rule);
    if (!active) eo.enabled_ids.push_back(rule.id);
  }
  if (!eo.enabled_ids.empty() && !make_engine(eo, &engine, &scratch, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  std::unordered_map<std::string, uint32_t> index;
  for (size_t i = 0; i < engine->rules().size(); ++i) {
    index.emplace(engine->rules()[i].id, static_cast<uint32_t>(i));
  }

  size_t examples = 0;
  size_t negatives = 0;
  size_t failures = 0;
  std::string report;
  std::vector<Finding> findings;
  std::string scrubbed;
  const auto fail = [&](const std::string& id, const std::string& what, std::string_view text) {
    ++failures;
    report += "FAIL " + id + ": " + what + ": ";
    append_json_string(report, text);
    report += '\n';
  };
  const auto finds = [&](std::string_view text, uint32_t rule) -> int {
    findings.clear();
    const Error err = engine->find(*scratch, text, findings);
    if (err) {
      error = err.message.empty() ? "internal error in find" : err.message;
      return -1;
    }
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& f) { return f.rule == rule; })
               ? 1
               : 0;
  };

  for (const Rule& rule : scope) {
    examples += rule.examples.size();
    negatives += rule.negative_examples.size();
    const auto it = index.find(rule.id);
    if (it == index.end()) {
      ++failures;
      report += "FAIL " + rule.id + ": rule could not be switched on for the check\n";
      continue;
    }
    const uint32_t idx = it->second;
    for (size_t i = 0; i < rule.examples.size(); ++i) {
      const std::string& ex = rule.examples[i];
      const std::string num = "example #" + std::to_string(i + 1);
      const int found = finds(ex, idx);
      if (found < 0) break;
      if (found == 0) {
        fail(rule.id, num + " not redacted (no finding)", ex);
        continue;
      }
      scrubbed.clear();
      const Error err = engine->scrub(*scratch, ex, scrubbed);
      if (err) {
        error = err.message.empty() ? "internal error in scrub" : err.message;
        break;
      }
      // `findings` still holds this example's findings (from `finds` above).
      const auto own = std::find_if(findings.begin(), findings.end(),
                                    [&](const Finding& f) { return f.rule == idx; });
      // Where the rule's match begins (a glued rule is tried again with a word glued there).
      const size_t glue_at = own->begin - std::min<size_t>(own->begin, own->lead);
      for (const Finding& f : findings) {
        std::string_view matched = std::string_view(ex).substr(f.begin, f.end - f.begin);
        // Pieces under 4 bytes (e.g. the member names inside a span that the JSON path clips
        // to string tokens) occur anywhere by chance: searching for them proves nothing.
        if (f.rule == idx && matched.size() >= 4 && scrubbed.find(matched) != std::string::npos) {
          fail(rule.id, num + " left matched bytes in the output", scrubbed);
          break;
        }
      }
      if (rule.glued) {
        // A glued rule is also found right after another word: "zq" glued before the match.
        const std::string glued = ex.substr(0, glue_at) + "zq" + ex.substr(glue_at);
        const size_t want = own->begin + 2;
        if (finds(glued, idx) < 0) break;
        if (std::none_of(findings.begin(), findings.end(),
                         [&](const Finding& f) { return f.rule == idx && f.begin == want; }))
          fail(rule.id, num + " not found with a word glued before it (glued: true)", glued);
      }
    }
    if (!error.empty()) break;
    for (size_t i = 0; i < rule.negative_examples.size(); ++i) {
      const std::string& ex = rule.negative_examples[i];
      const int found = finds(ex, idx);
      if (found < 0) break;
      if (found == 1) fail(rule.id, "negative example #" + std::to_string(i + 1) + " matched", ex);
    }
    if (!error.empty()) break;
    // The engine may compile only the head of a pattern ending in a wide repeat (TailRepeat),
    // so a repeat over RE2's limit of 1,000 there loads; the whole must still be RE2's syntax.
    if (const RE2 whole(rule.pattern, rule_re2_options()); !whole.ok()) {
      fail(rule.id, "RE2 rejects the whole pattern: " + whole.error(), rule.pattern);
      continue;
    }
    // The prefilter must hold every match of the pattern, in any letter case the pattern
    // accepts: what it misses is never scanned for.
    std::vector<std::string> texts = rule.examples;
    texts.insert(texts.end(), rule.negative_examples.begin(), rule.negative_examples.end());
    if (const auto bad = match_outside_prefilter(rule, texts)) {
      fail(rule.id,
           "this match of the pattern holds no prefilter match (within prefilter_offset), so it "
           "is never redacted; widen the prefilter (e.g. the same (?i)) or narrow the pattern",
           *bad);
    }
  }
  if (!error.empty()) {
    std::fprintf(stderr, "logscrub: rules check: %s\n", error.c_str());
    return kExitError;
  }
  if (!opts.quiet) {
    report += "rules check: " + std::to_string(scope.size()) + " rules, " +
              std::to_string(examples) + " examples, " + std::to_string(negatives) +
              " negative examples: ";
    report += failures == 0 ? std::string("OK") : std::to_string(failures) + " failures";
    report += '\n';
  }
  const int wrc = write_stdout(report);
  if (wrc != kExitOk) return wrc;
  return failures == 0 ? kExitOk : kExitFound;
}

}  // namespace logscrub::cli
