// What each built-in rule costs the Hyperscan scan: the database of the default rules is
// compiled once whole and once without each rule in turn (leave-one-out), and each is timed on
// the same text, both as one buffer and line by line (a short line pays the per-scan cost).
// Rules whose removal saves the most are where prefilter tuning pays. Each leave-one-out is
// timed in turns with the whole database, and compared with those timings of it.
//
// Usage: logscrub_hs_rule_cost FILE [TOP]   (e.g. the loghub logs concatenated; TOP rows, 25)
// Prints the whole database's speed, then the TOP rules by time saved when left out.
#include <hs/hs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/jwk_members.h"
#include "rules/rule_loader.h"

namespace {

struct Expr {
  std::string id;
  std::string regex;
};

struct Db {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() {
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
};

// Compiles `exprs` without index `skip` (none when skip >= size); false on failure.
bool compile(const std::vector<Expr>& exprs, size_t skip, Db& out) {
  std::vector<const char*> patterns;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i == skip) continue;
    patterns.push_back(exprs[i].regex.c_str());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &out.db,
                       &err) != HS_SUCCESS) {
    std::fprintf(stderr, "compile failed: %s\n", err ? err->message : "?");
    hs_free_compile_error(err);
    return false;
  }
  return hs_alloc_scratch(out.db, &out.scratch) == HS_SUCCESS;
}

int count_match(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<size_t*>(ctx);
  return 0;
}

// Best of `reps` timings (seconds) of scanning `text` whole and line by line.
struct Timing {
  double whole = 1e9, lines = 1e9;
  size_t matches = 0;
};
Timing time_db(const Db& db, std::string_view text, const std::vector<std::string_view>& lines,
               int reps) {
  Timing t;
  for (int r = 0; r < reps; ++r) {
    size_t n = 0;
    auto t0 = std::chrono::steady_clock::now();
    hs_scan(db.db, text.data(), static_cast<unsigned>(text.size()), 0, db.scratch, count_match, &n);
    auto t1 = std::chrono::steady_clock::now();
    for (std::string_view l : lines)
      hs_scan(db.db, l.data(), static_cast<unsigned>(l.size()), 0, db.scratch, count_match, &n);
    auto t2 = std::chrono::steady_clock::now();
    t.whole = std::min(t.whole, std::chrono::duration<double>(t1 - t0).count());
    t.lines = std::min(t.lines, std::chrono::duration<double>(t2 - t1).count());
    t.matches = n;
  }
  return t;
}

// Best timings of `a` and `b`, taken in turns (a, b, a, b, ...): this VM's speed drifts by up
// to 1.6x over a second or so, so a baseline timed once, before everything else, made every
// rule look as if leaving it out saved a third.
std::pair<Timing, Timing> time_pair(const Db& a, const Db& b, std::string_view text,
                                    const std::vector<std::string_view>& lines, int reps) {
  Timing ta, tb;
  for (int r = 0; r < reps; ++r) {
    const Timing x = time_db(a, text, lines, 1), y = time_db(b, text, lines, 1);
    ta.whole = std::min(ta.whole, x.whole);
    ta.lines = std::min(ta.lines, x.lines);
    tb.whole = std::min(tb.whole, y.whole);
    tb.lines = std::min(tb.lines, y.lines);
  }
  return {ta, tb};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fputs("usage: logscrub_hs_rule_cost FILE [TOP]\n", stderr);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::string_view> lines;
  for (size_t p = 0; p < text.size();) {
    size_t nl = text.find('\n', p);
    if (nl == std::string::npos) nl = text.size();
    lines.emplace_back(text.data() + p, nl - p);
    p = nl + 1;
  }
  const size_t top = argc == 3 ? std::strtoul(argv[2], nullptr, 10) : 25;

  std::vector<logscrub::Rule> rules;
  if (logscrub::Error err = logscrub::load_builtin_rules(rules)) {
    std::fprintf(stderr, "%s\n", err.message.c_str());
    return 1;
  }
  std::vector<Expr> exprs;  // as Matcher::build gives them to Hyperscan
  for (const logscrub::Rule& r : rules) {
    if (!r.enabled_by_default || !r.prefilter_scanner.empty()) continue;
    if (r.detector == logscrub::Detector::Jwk) {
      exprs.push_back({r.id, logscrub::kJwkTrigger});  // as the engine gives it
      continue;
    }
    if (r.detector != logscrub::Detector::Regex && r.detector != logscrub::Detector::JsonKey)
      continue;
    if (r.detector == logscrub::Detector::JsonKey && r.prefilter.empty()) continue;
    exprs.push_back({r.id, r.prefilter.empty() ? r.pattern : r.prefilter});
  }

  constexpr int kReps = 11;  // pairs: the best of each catches a fast phase of the VM
  Db all;
  if (!compile(exprs, exprs.size(), all)) return 1;
  const Timing base = time_db(all, text, lines, kReps);
  const double mb = static_cast<double>(text.size()) / 1e6;
  std::printf(
      "%zu expressions, %.1f MB, %zu lines: whole %.0f MB/s, line by line %.0f MB/s "
      "(%.0f ns per line)\n",
      exprs.size(), mb, lines.size(), mb / base.whole, mb / base.lines,
      base.lines * 1e9 / static_cast<double>(lines.size()));

  struct Row {
    std::string id;
    double whole_saved, lines_saved;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < exprs.size(); ++i) {
    Db without;
    if (!compile(exprs, i, without)) return 1;
    const auto [with, t] = time_pair(all, without, text, lines, kReps);
    rows.push_back(
        {exprs[i].id, (with.whole - t.whole) / with.whole, (with.lines - t.lines) / with.lines});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.whole_saved + a.lines_saved > b.whole_saved + b.lines_saved;
  });
  std::printf("%-40s %12s %12s\n", "left out", "whole saved", "lines saved");
  for (size_t i = 0; i < rows.size() && i < top; ++i)
    std::printf("%-40s %11.1f%% %11.1f%%\n", rows[i].id.c_str(), 100 * rows[i].whole_saved,
                100 * rows[i].lines_saved);
  return 0;
}
