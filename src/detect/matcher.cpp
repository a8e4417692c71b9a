#include "detect/matcher.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "detect/digit_shapes.h"
#include "detect/precompiled.h"
#include "detect/prefilter_scanners.h"
#include "scrub/render.h"

namespace logscrub {
namespace {

constexpr size_t kMaxAnchorOffset = 8;               // see CompiledRule::prefilter_re
constexpr size_t kMaxFilteredAnchorOffset = 64;      // with first_bytes, see CompiledRule
constexpr size_t kMaxFilteredFirstBytes = 8;         // ... when at most this many bytes
constexpr size_t kMaxRejectedRetries = 16;           // per region, see confirm_region
constexpr size_t kRereadPerTextByte = 8;             // see ExtendTrack
constexpr size_t kRereadFloor = size_t{1} << 20;     // see ExtendTrack
constexpr size_t kMaxBlockLines = 1000;              // a PEM body longer than this is closed anyway
constexpr size_t kMaxPemBodyLine = 1024;             // longer lines are not PEM body
constexpr size_t kMaxScanSegment = size_t{1} << 30;  // hs_scan takes an unsigned int length

std::atomic<bool> g_cross_check{false};

Error compile_error(const Rule& rule, const std::string& what) {
  return {ErrorCode::Compile, rule.source + ":" + std::to_string(rule.source_line) + ": rule '" +
                                  rule.id + "': " + what};
}

// Asks Hyperscan for the maximum width of `pattern`; 0 and `why` on failure.
size_t hs_max_width(const std::string& pattern, unsigned flags, std::string* why) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &err) != HS_SUCCESS) {
    *why = err ? err->message : "unknown Hyperscan error";
    hs_free_compile_error(err);
    return 0;
  }
  size_t width = info->max_width;
  bool unbounded = info->max_width == UINT_MAX;
  free(info);  // allocated by Hyperscan's default allocator (malloc)
  if (unbounded) {
    *why = "pattern has unbounded width: use bounded repeats such as {1,256} and 'extend'";
    return 0;
  }
  return width;
}

// Compiles the RE2 programs of `rule` into `cr`.
Error compile_regexes(const Rule& rule, const CompiledRule& cr) {
  // Block rules and the email rule (AddressSearch reads the whole pattern) keep theirs.
  if (rule.end_pattern.empty() && rule.prefilter_scanner.empty()) {
    cr.tail = TailRepeat::split(rule.pattern, rule_re2_options());
  }
  if (cr.tail) {
    cr.re = std::make_unique<RE2>(cr.tail->head(), rule_re2_options());
    if (!cr.re->ok()) cr.tail.reset();  // not expected: the whole pattern, as without
    if (cr.tail && g_cross_check.load())
      cr.full_re = std::make_unique<RE2>(rule.pattern, rule_re2_options());
  }
  if (!cr.tail) cr.re = std::make_unique<RE2>(rule.pattern, rule_re2_options());
  if (!cr.re->ok()) return compile_error(rule, "RE2: " + cr.re->error());
  cr.first_bytes = first_bytes(rule.pattern);
  // Past kMaxAnchorOffset, anchored tries pay only when few bytes can start a match (an
  // "authorization" prefix: 'a' or 'A'); a scheme's letters would make them as many as bytes.
  const bool selective =
      cr.first_bytes && std::count(cr.first_bytes->begin(), cr.first_bytes->end(), true) <=
                            static_cast<std::ptrdiff_t>(kMaxFilteredFirstBytes);
  const size_t max_offset = selective ? kMaxFilteredAnchorOffset : kMaxAnchorOffset;
  if (!rule.prefilter.empty() && rule.prefilter_offset >= 0 &&
      static_cast<size_t>(rule.prefilter_offset) <= max_offset && rule.end_pattern.empty()) {
    auto pre = std::make_unique<RE2>(rule.prefilter, rule_re2_options());
    if (pre->ok()) cr.prefilter_re = std::move(pre);  // else: unanchored search, as without
  }
  if (!rule.end_pattern.empty()) {
    cr.end_re = std::make_unique<RE2>(rule.end_pattern, rule_re2_options());
    if (!cr.end_re->ok()) return compile_error(rule, "RE2 end_pattern: " + cr.end_re->error());
  }
  return {};
}

// The AddressSearch of an at_domain rule with a capture group (whose matches confirm_region
// finds with it alone); false when the rule has none.
bool build_address_search(const CompiledRule& cr) {
  if (cr.group > 0 && cr.end_re == nullptr && cr.rule->prefilter_scanner == "at_domain")
    cr.address_search = AddressSearch::build(cr.rule->pattern, cr.group, rule_re2_options());
  return cr.address_search != nullptr;
}

// The hand-written search that replaces the rule's RE2 programs, if its pattern has one
// (AddressSearch for at_domain rules, a NativeSearch for a few built-in patterns).
bool build_hand_search(const CompiledRule& cr) {
  if (build_address_search(cr)) return true;
  if (cr.rule->end_pattern.empty())
    cr.native_search = build_native_search(cr.rule->pattern, cr.group);
  return cr.native_search != nullptr;
}

// How a rule's matches and redacted group are found besides its RE2 programs: by a
// hand-written search (AddressSearch, a NativeSearch), else, when the group is a capture group,
// by its group locator.
void build_locator(const CompiledRule& cr) {
  if (!cr.re || cr.end_re != nullptr || build_hand_search(cr)) return;
  if (cr.group > 0)
    cr.locator = GroupLocator::build(cr.tail ? cr.tail->head() : cr.rule->pattern, cr.group,
                                     rule_re2_options());
}

// Compiles one rule. `cached` (from the precompiled database) supplies the Hyperscan widths,
// which otherwise cost an analysis of the pattern each.
Error compile_rule(const Rule& rule, CompiledRule& cr, const PrecompiledDatabase* cached,
                   size_t index) {
  cr.rule = &rule;
  for (const std::string& name : rule.validators) {
    ValidatorFn fn = find_validator(name);
    if (!fn) return compile_error(rule, "unknown validator '" + name + "'");
    cr.validators.push_back(fn);
  }
  if (rule.detector == Detector::PaymentCard || rule.detector == Detector::UsSsn ||
      rule.detector == Detector::Iban)
    return {};
  if (rule.detector == Detector::JsonKey) {
    // With the precompiled database (whose fingerprint covers this trigger) the trigger was
    // checked, and compiled, when the database was built.
    if (cached) return {};
    std::string why;
    if (hs_max_width(rule.prefilter, 0, &why) == 0 && why.find("unbounded") == std::string::npos)
      return compile_error(rule, "Hyperscan prefilter: " + why);
    return {};
  }
  // The gate is read off the pattern on the rule's first window (gate_of): at engine creation
  // it would cost every rule's reading, ~1 us each.
  if (cached) {
    // Checked when the database was built: RE2 compiles on first use (compile_regexes).
    cr.lazy = true;
    cr.group = cached->groups[index];
  } else {
    Error err = compile_regexes(rule, cr);
    if (err) return err;
    int groups = cr.re->NumberOfCapturingGroups();
    cr.group = rule.redact_group >= 0 ? rule.redact_group : (groups > 0 ? 1 : 0);
    if (cr.group > groups)
      return compile_error(rule, "redact group " + std::to_string(cr.group) +
                                     " but the pattern has " + std::to_string(groups));
    build_locator(cr);
  }
  if (!rule.extend.empty()) {
    cr.has_extend = true;
    if (!cr.extend.parse(rule.extend) || cr.extend.empty())
      return compile_error(rule, "malformed 'extend' byte set");
  }
  std::string why;
  if (cached) {
    cr.max_width = cached->pattern_widths[index];
  } else {
    cr.max_width = hs_max_width(rule.pattern, 0, &why);
    if (cr.max_width == 0) cr.max_width = hs_max_width(rule.pattern, HS_FLAG_PREFILTER, &why);
  }
  if (cr.max_width == 0) return compile_error(rule, "Hyperscan: " + why);
  cr.lookbehind = cr.max_width;
  if (!rule.prefilter.empty()) {
    cr.lookahead = cr.max_width;
    if (rule.prefilter_offset >= 0) {
      cr.prefilter_width =
          cached ? cached->prefilter_widths[index] : hs_max_width(rule.prefilter, 0, &why);
      if (cr.prefilter_width == 0)
        return compile_error(rule, "prefilter_offset needs a bounded prefilter: " + why);
      cr.lookbehind = cr.prefilter_width + static_cast<size_t>(rule.prefilter_offset);
    }
  }
  return {};
}

struct ScanContext {
  const std::vector<CompiledRule>* rules;
  MatcherScratch* scratch;
  std::string_view text;
  size_t base = 0;                 // offset of the scanned segment in the text
  size_t newline_scanned = 0;      // newlines before this offset are accounted for
  size_t last_newline = SIZE_MAX;  // the last '\n' before newline_scanned (SIZE_MAX: none)
  size_t next_newline = SIZE_MAX;  // first '\n' at or after next_from (SIZE_MAX: unknown)
  size_t next_from = 0;
  bool out_of_memory = false;  // the callback could not record a match

  // Start of the line holding the bytes before `end`. Matches arrive in end order, so the
  // cursor only moves forward: O(n) over a whole scan. A match on the line of the one before
  // (most of them, on lines with several secrets) needs no search.
  size_t line_begin(size_t end, size_t width) {
    if (end < newline_scanned) {  // out of order: a look-back bounded by the window
      size_t from = end > width ? end - width : 0;
      const void* p = memrchr(text.data() + from, '\n', end - from);
      return p ? static_cast<size_t>(static_cast<const char*>(p) - text.data()) + 1 : from;
    }
    // No '\n' in [next_from, next_newline), which then holds [newline_scanned, end).
    const bool same_line =
        next_newline != SIZE_MAX && next_from <= newline_scanned && end <= next_newline;
    if (!same_line) {
      const void* p = memrchr(text.data() + newline_scanned, '\n', end - newline_scanned);
      if (p) last_newline = static_cast<size_t>(static_cast<const char*>(p) - text.data());
    }
    newline_scanned = end;
    return last_newline == SIZE_MAX ? 0 : last_newline + 1;
  }

  // The first '\n' at or after `end` (or the text size); cached until `end` passes it.
  size_t line_end(size_t end) {
    if (next_newline == SIZE_MAX || next_newline < end || end < next_from) {
      const void* p = std::memchr(text.data() + end, '\n', text.size() - end);
      next_newline =
          p ? static_cast<size_t>(static_cast<const char*>(p) - text.data()) : text.size();
      next_from = end;
    }
    return next_newline;
  }
};

// Grows or closes the current region of rule `id` for a prefilter match ending at `to`.
void grow_region(unsigned int id, unsigned long long to, ScanContext* ctx) {
  size_t end = ctx->base + static_cast<size_t>(to);
  const CompiledRule& rule = (*ctx->rules)[id];
  if (rule.rule->detector == Detector::JsonKey) {
    ctx->scratch->triggers.push_back(end);
    return;
  }
  size_t width = rule.lookbehind;
  // No match crosses a line, so the window [end - lookbehind, end + lookahead] is cut to it.
  Region window{std::max(end > width ? end - width : 0, ctx->line_begin(end, width)), end, end};
  if (rule.lookahead > 0) window.end = std::min(end + rule.lookahead, ctx->line_end(end));
  Region& cur = ctx->scratch->open[id];
  if (cur.begin != SIZE_MAX && window.begin <= cur.end) {
    cur.end = std::max(cur.end, window.end);
    cur.last_hit = std::max(cur.last_hit, end);
  } else {
    if (cur.begin != SIZE_MAX) {
      ctx->scratch->regions.push_back({id, cur});
    } else {
      ctx->scratch->touched.push_back(id);
    }
    cur = window;
  }
}

// Hyperscan callback: grows or closes the current region of rule `id`. No exception may cross
// Hyperscan's C frames: running out of memory stops the scan and is reported by find().
int on_match(unsigned int id, unsigned long long /*from*/, unsigned long long to,
             unsigned int /*flags*/, void* ctx_ptr) {
  auto* ctx = static_cast<ScanContext*>(ctx_ptr);
  try {
    grow_region(id, to, ctx);
    return 0;
  } catch (...) {
    ctx->out_of_memory = true;
    return 1;  // HS_SCAN_TERMINATED
  }
}

// Length of the JSON string escape at text[pos] (\" \\ \/ or \u + 4 hex digits), else 0.
size_t json_escape_len(std::string_view text, size_t pos) {
  if (pos + 1 >= text.size() || text[pos] != '\\') return 0;
  const char c = text[pos + 1];
  if (c == '"' || c == '\\' || c == '/') return 2;
  if (c != 'u' || pos + 6 > text.size()) return 0;
  for (size_t k = pos + 2; k < pos + 6; ++k) {
    if (!std::isxdigit(static_cast<unsigned char>(text[k]))) return 0;
  }
  return 6;
}

// True when a whole redaction marker ("[REDACTED...]") starts at text[pos].
bool marker_at(std::string_view text, size_t pos) {
  if (!text.substr(pos).starts_with(kRedactionMarkerPrefix)) return false;
  const size_t close = text.find(']', pos);
  return close != std::string_view::npos && close - pos < 256 &&
         is_redaction_marker(text.substr(pos, close + 1 - pos));
}

size_t line_end_at(std::string_view text, size_t pos) {
  const void* nl =
      pos < text.size() ? std::memchr(text.data() + pos, '\n', text.size() - pos) : nullptr;
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
}

size_t trim_cr(std::string_view text, size_t begin, size_t end) {
  return (end > begin && text[end - 1] == '\r') ? end - 1 : end;
}

// A line that can sit inside a PEM block: blank, base64, or an RFC 1421 header.
bool pem_body_like(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (line.size() > kMaxPemBodyLine) return false;
  bool base64 = std::all_of(line.begin(), line.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
  });
  if (base64) return true;
  size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  return std::all_of(line.begin(), line.begin() + static_cast<long>(colon), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

}  // namespace

std::unique_ptr<Matcher> Matcher::build(const std::vector<Rule>& rules, Error* error) {
  std::unique_ptr<Matcher> m(new Matcher());
  m->compiled_.resize(rules.size());
  m->once_ = std::make_unique<std::once_flag[]>(rules.size());
  m->gate_once_ = std::make_unique<std::once_flag[]>(rules.size());
  const PrecompiledDatabase* pre = precompiled_database();
  if (pre && (pre->rule_count != rules.size() || pre->fingerprint != rules_fingerprint(rules)))
    pre = nullptr;
  std::vector<const char*> exprs;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    Error err = compile_rule(rules[i], m->compiled_[i], pre, i);
    if (err) {
      *error = err;
      return nullptr;
    }
    if (rules[i].detector == Detector::PaymentCard) {
      m->card_rule_ = static_cast<int>(i);
      continue;
    }
    if (rules[i].detector == Detector::UsSsn) {
      m->ssn_rule_ = static_cast<int>(i);
      continue;
    }
    if (rules[i].detector == Detector::Iban) {
      m->iban_rule_ = static_cast<int>(i);
      continue;
    }
    if (rules[i].detector == Detector::JsonKey) {
      m->json_key_rule_ = static_cast<int>(i);
      if (rules[i].prefilter.empty()) continue;  // no key names: nothing to trigger on
    }
    if (!rules[i].prefilter_scanner.empty()) {
      // Checked by the rule loader: the scanner stands for exactly this rule's prefilter.
      m->at_domain_rules_.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (!rules[i].end_pattern.empty()) m->block_rules_.push_back(static_cast<uint32_t>(i));
    exprs.push_back(rules[i].prefilter.empty() ? rules[i].pattern.c_str()
                                               : rules[i].prefilter.c_str());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  if (exprs.empty()) return m;
  if (pre) {
    hs_database_t* db = nullptr;
    if (hs_deserialize_database(pre->serialized.data(), pre->serialized.size(), &db) ==
        HS_SUCCESS) {
      m->db_.reset(db);
      return m;
    }
    // Built for another CPU: compile below.
  }
  // Patterns Hyperscan cannot compile exactly (e.g. very large repeats) fall back to
  // prefilter mode: a superset, which RE2 then confirms.
  for (size_t attempt = 0; attempt <= exprs.size(); ++attempt) {
    hs_database_t* db = nullptr;
    hs_compile_error_t* cerr = nullptr;
    hs_error_t rc =
        hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db, &cerr);
    if (rc == HS_SUCCESS) {
      m->db_.reset(db);
      return m;
    }
    std::string message = cerr ? cerr->message : "unknown error";
    int bad = cerr ? cerr->expression : -1;
    hs_free_compile_error(cerr);
    if (bad < 0 || (flags[static_cast<size_t>(bad)] & HS_FLAG_PREFILTER)) {
      *error = bad < 0
                   ? Error{ErrorCode::Compile, "Hyperscan: " + message}
                   : compile_error(rules[ids[static_cast<size_t>(bad)]], "Hyperscan: " + message);
      return nullptr;
    }
    flags[static_cast<size_t>(bad)] |= HS_FLAG_PREFILTER;
  }
  *error = {ErrorCode::Compile, "Hyperscan: compilation did not converge"};
  return nullptr;
}

bool Matcher::serialize(std::string* bytes, std::vector<uint32_t>* pattern_widths,
                        std::vector<uint32_t>* prefilter_widths,
                        std::vector<int32_t>* groups) const {
  if (!db_) return false;
  char* raw = nullptr;
  size_t len = 0;
  if (hs_serialize_database(db_.get(), &raw, &len) != HS_SUCCESS) return false;
  bytes->assign(raw, len);
  free(raw);  // allocated by Hyperscan's default allocator (malloc)
  for (const CompiledRule& cr : compiled_) {
    pattern_widths->push_back(static_cast<uint32_t>(cr.max_width));
    prefilter_widths->push_back(static_cast<uint32_t>(cr.prefilter_width));
    groups->push_back(cr.group);
  }
  return true;
}

Error Matcher::init_scratch(MatcherScratch& scratch) const {
  scratch.open.assign(compiled_.size(), Region{SIZE_MAX, 0});
  scratch.extend_tracks.assign(compiled_.size(), ExtendTrack{});
  if (!db_) return {};
  hs_scratch_t* raw = nullptr;
  if (hs_alloc_scratch(db_.get(), &raw) != HS_SUCCESS)
    return {ErrorCode::NoMemory, "cannot allocate Hyperscan scratch"};
  scratch.hs.reset(raw);
  return {};
}

RE2::Options rule_re2_options() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);  // bytes, like Hyperscan without HS_FLAG_UTF8
  o.set_never_nl(true);                          // a span never crosses a record boundary
  o.set_log_errors(false);
  o.set_max_mem(int64_t{64} << 20);
  return o;
}

void set_matcher_cross_check(bool on) {
  g_cross_check.store(on);
}

const RuleGate* Matcher::gate_of(uint32_t rule) const {
  const CompiledRule& cr = compiled_[rule];
  std::call_once(gate_once_[rule], [&] {
    if (cr.rule->end_pattern.empty())
      cr.gate = build_rule_gate(cr.rule->pattern, cr.rule->prefilter);
  });
  return cr.gate.get();
}

const CompiledRule& Matcher::ready(uint32_t rule) const {
  const CompiledRule& cr = compiled_[rule];
  if (cr.lazy) {
    std::call_once(once_[rule], [&] {
      // A rule with a hand-written search (the email rule's AddressSearch, a NativeSearch)
      // builds no RE2 program: its patterns, among the costliest of the catalog to build (2-5
      // ms, paid by the first line that holds a match), serve only to cross-check that search.
      if (!g_cross_check.load() && build_hand_search(cr)) return;
      if (compile_regexes(*cr.rule, cr)) {
        broken_.store(true);
        return;
      }
      build_locator(cr);
    });
  }
  return cr;
}

namespace {

// The leftmost match of the rule's pattern in [pos, end) into *match: by one unanchored DFA
// search, or, with a prefilter RE2, by anchored searches at the few bytes before each place
// the prefilter matches (every match of the pattern holds a prefilter match that starts at
// most prefilter_offset bytes after it).
bool leftmost_match(const CompiledRule& cr, const re2::StringPiece& whole, size_t pos, size_t end,
                    re2::StringPiece* match, bool use_first_bytes = true) {
  const FirstByteSet* starts = use_first_bytes && cr.first_bytes ? &*cr.first_bytes : nullptr;
  if (!cr.prefilter_re) return cr.re->Match(whole, pos, end, RE2::UNANCHORED, match, 1);
  const size_t offset = static_cast<size_t>(cr.rule->prefilter_offset);
  size_t best = SIZE_MAX;
  re2::StringPiece pre;
  for (size_t from = pos; from <= end;) {
    if (!cr.prefilter_re->Match(whole, from, end, RE2::UNANCHORED, &pre, 1)) break;
    const size_t start = static_cast<size_t>(pre.data() - whole.data());
    if (best != SIZE_MAX && start >= best + offset) break;  // no earlier candidate can follow
    for (size_t c = start >= pos + offset ? start - offset : pos; c <= start && c < best; ++c) {
      if (starts && !(*starts)[static_cast<unsigned char>(whole[c])]) continue;
      re2::StringPiece m;
      if (cr.re->Match(whole, c, end, RE2::ANCHOR_START, &m, 1)) {
        best = c;
        *match = m;
        break;
      }
    }
    from = start + 1;
  }
  return best != SIZE_MAX;
}

// Cross-check mode (set_matcher_cross_check): a fast path disagreed with RE2.
[[noreturn]] void cross_check_failed(const CompiledRule& cr, const char* what,
                                     const re2::StringPiece& where) {
  std::fprintf(stderr, "%s for rule '%s' at \"%.*s\"\n", what, cr.rule->id.c_str(),
               static_cast<int>(where.size()), where.data());
  std::abort();
}

// Cross-check mode: the whole pattern's leftmost match and group at `pos` are the ones the
// head and the tail loop gave.
void check_tail_split(const CompiledRule& cr, const re2::StringPiece& whole, size_t pos,
                      size_t limit, size_t match_begin, size_t match_end, size_t begin, size_t end,
                      int ngroups) {
  if (!cr.full_re) return;
  re2::StringPiece groups[10];
  const bool found = cr.full_re->Match(whole, pos, limit, RE2::UNANCHORED, groups, ngroups);
  const size_t b = found ? static_cast<size_t>(groups[0].data() - whole.data()) : SIZE_MAX;
  const re2::StringPiece& g = groups[ngroups - 1];
  const size_t gb = found && g.data() ? static_cast<size_t>(g.data() - whole.data()) : SIZE_MAX;
  const size_t ge = gb == SIZE_MAX ? SIZE_MAX : gb + g.size();
  const bool same_group = ngroups == 1 || (gb == begin && (gb == SIZE_MAX || ge == end));
  if (!found || b != match_begin || b + groups[0].size() != match_end || !same_group)
    cross_check_failed(cr, "head + tail differs from the whole pattern",
                       re2::StringPiece(whole.data() + match_begin, match_end - match_begin));
}

}  // namespace

void Matcher::confirm_region(uint32_t rule, std::string_view text, Region region,
                             std::vector<Finding>& out, std::vector<Region>* block_begins,
                             std::vector<Finding>* guards, ExtendTrack* track) const {
  // A gate that rules out a match spares building and running the rule's RE2 programs
  // (detect/rule_gates.h); cross-check mode holds it to RE2.
  const RuleGate* gate = gate_of(rule);
  if (gate && !gate->may_match(text, region.begin, region.end)) {
    if (g_cross_check.load()) {
      const CompiledRule& checked = ready(rule);
      re2::StringPiece found;
      if (checked.re && leftmost_match(checked, re2::StringPiece(text.data(), text.size()),
                                       region.begin, region.end, &found))
        cross_check_failed(checked, "gate ruled out a match RE2 finds", found);
    }
    return;
  }
  const CompiledRule& cr = ready(rule);
  ExtendTrack local_track;
  ExtendTrack& ext = track ? *track : local_track;
  const size_t reread_budget = kRereadPerTextByte * text.size() + kRereadFloor;
  // find() reports a broken rule. A rule found by its AddressSearch may have no RE2 program
  // (Matcher::ready); it is then never cross-checked.
  if (!cr.address_search && !cr.native_search && (!cr.re || !cr.re->ok())) return;
  const bool cross_check = g_cross_check.load() && cr.re != nullptr;
  re2::StringPiece groups[10];
  int ngroups = cr.group + 1;
  re2::StringPiece whole(text.data(), text.size());
  size_t pos = region.begin;
  // A match the validators reject may hide a real one that starts inside it
  // ("password:<none>password=Vt8#qLm2"): the search resumes one byte after its start. Bounded
  // per region, so a long run of rejected near-misses stays linear (G1); past the bound the
  // search resumes after the rejected match, as a plain scan would.
  size_t retries_left = kMaxRejectedRetries;
  auto resume_after_rejection = [&](size_t match_begin, size_t match_end) {
    if (retries_left > 0) {
      --retries_left;
      return std::max(pos, match_begin) + 1;
    }
    return match_end > pos ? match_end : pos + 1;
  };
  AddressSearch::GuardCache guard_cache;
  while (pos <= region.end && pos < region.last_hit) {
    size_t match_begin = 0, match_end = 0;
    size_t begin = 0, end = 0;  // the redacted group; SIZE_MAX when it did not take part
    bool native = false;        // found by cr.native_search
    if (cr.address_search && !block_begins) {
      AddressSearch::Match m;
      if (!cr.address_search->leftmost(whole, pos, region.end, &m, guard_cache)) {
        if (cross_check && leftmost_match(cr, whole, pos, region.end, &groups[0]))
          cross_check_failed(cr, "address search found no match", groups[0]);
        break;
      }
      match_begin = m.begin;
      match_end = m.end;
      begin = m.has_group ? m.group_begin : SIZE_MAX;
      end = m.has_group ? m.group_end : SIZE_MAX;
      if (cross_check) {
        const re2::StringPiece at(text.data() + m.begin, m.end - m.begin);
        if (!leftmost_match(cr, whole, pos, region.end, &groups[0]) ||
            groups[0].data() != at.data() || groups[0].size() != at.size() ||
            !cr.re->Match(whole, m.begin, m.end, RE2::ANCHOR_BOTH, groups, ngroups) ||
            (groups[cr.group].data() == nullptr) == m.has_group ||
            (m.has_group && (groups[cr.group].data() != text.data() + m.group_begin ||
                             groups[cr.group].size() != m.group_end - m.group_begin)))
          cross_check_failed(cr, "address search differs from RE2", at);
      }
      if (begin == SIZE_MAX && guards) guards->push_back({rule, match_begin, match_end});
    } else if (cr.native_search && !block_begins) {
      // A hand-written search (detect/native_search.h) finds the whole match, the tail
      // included; cross-check mode holds it to the whole pattern's RE2 match.
      NativeMatch m;
      const bool found = cr.native_search->leftmost(text, pos, region.end, &m);
      if (cross_check) {
        const RE2& whole_re = cr.full_re ? *cr.full_re : *cr.re;
        const bool re2_found =
            whole_re.Match(whole, pos, region.end, RE2::UNANCHORED, groups, ngroups);
        const re2::StringPiece at =
            found ? re2::StringPiece(text.data() + m.begin, m.end - m.begin) : groups[0];
        if (found != re2_found ||
            (found && (groups[0].data() != at.data() || groups[0].size() != at.size() ||
                       groups[cr.group].data() != text.data() + m.group_begin ||
                       groups[cr.group].size() != m.group_end - m.group_begin)))
          cross_check_failed(cr, "hand-written search differs from RE2", at);
      }
      if (!found) break;
      native = true;
      match_begin = m.begin;
      match_end = m.end;
      begin = m.group_begin;
      end = m.group_end;
    } else {
      // The DFA alone finds where the match is; the slower engines that extract capture
      // groups then run on the match only, anchored at both ends.
      const bool found = leftmost_match(cr, whole, pos, region.end, &groups[0]);
      if (g_cross_check.load() && cr.first_bytes) {
        re2::StringPiece unfiltered;
        const bool found_unfiltered =
            leftmost_match(cr, whole, pos, region.end, &unfiltered, false);
        if (found != found_unfiltered || (found && (unfiltered.data() != groups[0].data() ||
                                                    unfiltered.size() != groups[0].size())))
          cross_check_failed(cr, "first-byte filter changed the leftmost match",
                             found ? groups[0] : unfiltered);
      }
      if (!found) break;
      match_begin = static_cast<size_t>(groups[0].data() - text.data());
      match_end = match_begin + groups[0].size();
      if (block_begins) {  // a block's opening line: no group needed
        block_begins->push_back({match_begin, match_end});
        pos = match_end > pos ? match_end : pos + 1;
        continue;
      }
      begin = match_begin;
      end = match_end;
      if (ngroups > 1) {
        const auto located = cr.locator
                                 ? cr.locator->locate(whole, match_begin, match_end, &begin, &end)
                                 : GroupLocator::Result::Unknown;
        if (located == GroupLocator::Result::Unknown || g_cross_check.load()) {
          // RE2's capture engines, with the match and one byte of context on each side (for
          // \b and the like) as the whole text RE2 sees, so it picks its bit-state engine by
          // the match's size, not by the size of the buffer around it (an NFA run is slower).
          const size_t ctx_begin = match_begin > 0 ? match_begin - 1 : 0;
          const size_t ctx_end = match_end < text.size() ? match_end + 1 : match_end;
          const re2::StringPiece near(text.data() + ctx_begin, ctx_end - ctx_begin);
          if (!cr.re->Match(near, match_begin - ctx_begin, match_end - ctx_begin, RE2::ANCHOR_BOTH,
                            groups, ngroups)) {
            pos = resume_after_rejection(match_begin, match_end);
            continue;
          }
          const re2::StringPiece& g = groups[cr.group];
          const size_t re2_begin =
              g.data() ? static_cast<size_t>(g.data() - text.data()) : SIZE_MAX;
          const size_t re2_end = g.data() ? re2_begin + g.size() : SIZE_MAX;
          if (located != GroupLocator::Result::Unknown) {
            const bool same = located == GroupLocator::Result::Absent
                                  ? re2_begin == SIZE_MAX
                                  : re2_begin == begin && re2_end == end;
            if (!same)
              cross_check_failed(
                  cr, "group locator differs from RE2",
                  re2::StringPiece(text.data() + match_begin, match_end - match_begin));
          }
          begin = re2_begin;
          end = re2_end;
        } else if (located == GroupLocator::Result::Absent) {
          begin = end = SIZE_MAX;
        }
      }
    }
    if (cr.tail && !native) {
      // The rest of the tail repeat's run (TailRepeat): the match's end, and the group's when
      // the repeat ends it.
      const size_t head_end = match_end;
      match_end = cr.tail->extend(text, head_end, region.end);
      if (begin != SIZE_MAX && end == head_end && cr.tail->group_holds_tail(cr.group))
        end = match_end;
      if (g_cross_check.load())
        check_tail_split(cr, whole, pos, region.end, match_begin, match_end, begin, end, ngroups);
    }
    if (!cr.address_search && !cr.native_search && ngroups > 1 && begin == SIZE_MAX && guards)
      guards->push_back({rule, match_begin, match_end});
    size_t next = match_end > pos ? match_end : pos + 1;
    if (begin != SIZE_MAX && end > begin) {
      if (cr.has_extend) {
        // A match starting inside the span an earlier match's extension took (its retries
        // after a rejection, or a match further inside that token) extends and validates
        // those bytes again. That is exact, and bounded (ExtendTrack): past the budget, a
        // match lying wholly inside the earlier token starts no token of its own. Without the
        // bound, a run of token bytes with a rejected match every few bytes
        // ("eyJA.eyJB.eyJA.eyJB...") took quadratic time (G1).
        const bool overlaps = begin < ext.reach;
        if (overlaps && end <= ext.reach && ext.reread > reread_budget) {
          pos = std::max(next, ext.reach);
          continue;
        }
        const size_t group_end = end;
        // The token goes on while its bytes do, also across the JSON escapes a serializer
        // puts into it (\" \\ \/ \uXXXX) when token bytes follow: "uY6r\"T3eW" is one value.
        for (;;) {
          while (end < text.size() && cr.extend.contains(static_cast<unsigned char>(text[end])))
            ++end;
          const size_t escape = json_escape_len(text, end);
          if (escape == 0 || end + escape >= text.size() ||
              (!cr.extend.contains(static_cast<unsigned char>(text[end + escape])) &&
               json_escape_len(text, end + escape) == 0))
            break;
          end += escape;
        }
        if (overlaps) ext.reread += end - begin;
        if (end > group_end) ext.reach = std::max(ext.reach, end);
        next = std::max(next, end);
      }
      std::string_view span = text.substr(begin, end - begin);
      // A value found by its context that runs straight into a marker is what is left of an
      // earlier redaction's surroundings, not a secret (G6: scrubbing output changes nothing).
      const bool into_marker = cr.group > 0 && marker_at(text, end);
      bool valid = !into_marker && !is_redaction_marker(span) &&
                   std::all_of(cr.validators.begin(), cr.validators.end(),
                               [&](ValidatorFn fn) { return fn(span); });
      if (!valid) {
        pos = resume_after_rejection(match_begin, match_end);
        continue;
      }
      out.push_back({rule, begin, end});
    }
    pos = next;
  }
}

void Matcher::recheck_after_broken_guards(std::string_view text, MatcherScratch& scratch,
                                          std::vector<Finding>& out) const {
  // A guard match (pii.email's "://user@" userinfo) hides what its rule would otherwise find.
  // When another rule's redaction covers part of it, the second pass sees a marker there (no
  // guard spans a marker: guards exclude '[' and ']') and reads the text after it afresh. So
  // the rule runs again after that redaction, on the rest of the line as a text of its own
  // (\b at its start sees a boundary, as after the marker's ']'), up to the width of one match
  // past the guard; what it finds there is a finding now, and scrubbing the output finds
  // nothing more (G6). Each finding costs a look at a bitmap of the 64-byte blocks guards
  // overlap, a binary search among the guards that begin in its last kilobyte when one of its
  // blocks is marked, and a re-run of at most two match widths when it breaks a guard, so this
  // stays linear (G1).
  std::vector<Finding>& guards = scratch.guards;
  std::sort(guards.begin(), guards.end(), [](const Finding& a, const Finding& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.begin < b.begin;
  });
  constexpr unsigned kBlockShift = 6;
  std::vector<uint64_t>& blocks = scratch.guarded_blocks;
  blocks.assign(((text.size() >> kBlockShift) >> 6) + 1, 0);
  for (const Finding& g : guards) {
    const size_t last = g.end > g.begin ? g.end - 1 : g.begin;
    for (size_t b = g.begin >> kBlockShift; b <= last >> kBlockShift; ++b)
      blocks[b >> 6] |= uint64_t{1} << (b & 63);
  }
  // Whether any block of [begin, end) is marked: only then can a guard overlap it (a long
  // finding is not looked at block by block: it goes to the binary search).
  constexpr size_t kMostBlocksLooked = 8;
  auto may_overlap_guard = [&](size_t begin, size_t end) {
    const size_t first_block = begin >> kBlockShift;
    const size_t last_block = (end > begin ? end - 1 : begin) >> kBlockShift;
    if (last_block - first_block >= kMostBlocksLooked) return true;
    for (size_t b = first_block; b <= last_block; ++b) {
      if (blocks[b >> 6] >> (b & 63) & 1) return true;
    }
    return false;
  };
  const size_t found = out.size();
  std::vector<size_t>& max_end = scratch.guard_reach;  // over guards[segment begin .. i]
  max_end.resize(guards.size());
  // Per kilobyte k of the text, the first guard of the segment that begins at or after it:
  // the guards that begin before a finding's end are found among one kilobyte's guards.
  constexpr unsigned kKiloShift = 10;
  std::vector<uint32_t>& first_in_kilo = scratch.guard_kilo_index;
  first_in_kilo.resize((text.size() >> kKiloShift) + 2);
  for (size_t seg = 0; seg < guards.size();) {
    const uint32_t rule = guards[seg].rule;
    size_t seg_end = seg;
    for (size_t run = 0; seg_end < guards.size() && guards[seg_end].rule == rule; ++seg_end)
      max_end[seg_end] = run = std::max(run, guards[seg_end].end);
    for (size_t k = 0, g = seg; k < first_in_kilo.size(); ++k) {
      while (g < seg_end && guards[g].begin < (k << kKiloShift)) ++g;
      first_in_kilo[k] = static_cast<uint32_t>(g);
    }
    for (size_t i = 0; i < found; ++i) {
      // The fields, not a copy of the finding (out grows below; a whole-struct copy through
      // the stack stalled on store forwarding).
      if (out[i].rule == rule) continue;
      const size_t f_begin = out[i].begin, f_end = out[i].end;
      if (!may_overlap_guard(f_begin, f_end)) continue;
      // Guards that begin before f ends; one of them overlaps f if their furthest end is past
      // f's begin. Those of earlier kilobytes all do, those of later ones none.
      const size_t kilo = f_end >> kKiloShift;
      const auto after = std::lower_bound(guards.begin() + first_in_kilo[kilo],
                                          guards.begin() + first_in_kilo[kilo + 1], f_end,
                                          [](const Finding& g, size_t at) { return g.begin < at; });
      const size_t n_before = static_cast<size_t>(after - guards.begin());
      if (n_before == seg) continue;
      const size_t reach = max_end[n_before - 1];
      if (reach <= f_begin) continue;
      // The end of the line or of the window, whichever comes first (the search for '\n' stays
      // inside the window: to the line's end it cost a whole long line per finding, G1).
      const size_t window_end = std::min(text.size(), reach + compiled_[rule].max_width);
      if (f_end >= window_end) continue;
      const size_t limit =
          line_end_at(text.substr(0, window_end), f_end);  // window_end when no '\n'
      if (f_end >= limit) continue;
      const std::string_view rest = text.substr(f_end, limit - f_end);
      const size_t before = out.size();
      confirm_region(rule, rest, Region{0, rest.size()}, out, nullptr);
      for (size_t k = before; k < out.size(); ++k) {
        out[k].begin += f_end;
        out[k].end += f_end;
      }
    }
    seg = seg_end;
  }
}

void Matcher::run_block_rule(uint32_t rule, std::string_view text, std::vector<Region>& begins,
                             std::vector<Finding>& out, StreamState* state, bool& left_open) const {
  const CompiledRule& cr = ready(rule);
  if (!cr.end_re || !cr.end_re->ok()) return;
  re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece end_match;
  // Searches the block's end marker in [from, line end); on success closes the block.
  auto find_end = [&](size_t from, size_t line_end, size_t* end_pos) {
    if (!cr.end_re->Match(whole, from, line_end, RE2::UNANCHORED, &end_match, 1)) return false;
    *end_pos = static_cast<size_t>(end_match.data() - text.data()) + end_match.size();
    return true;
  };
  // A record the engine masks whole for its length takes no part in a block.
  auto too_long = [&](size_t line_begin, size_t line_end) {
    return trim_cr(text, line_begin, line_end) - line_begin > max_record_bytes_;
  };
  // Continues an open block over the lines starting at `pos`; returns where scanning resumes.
  auto continue_block = [&](size_t pos, size_t lines) -> size_t {
    while (pos < text.size()) {
      size_t line_end = line_end_at(text, pos);
      if (too_long(pos, line_end)) return pos;
      size_t end_pos = 0;
      if (find_end(pos, line_end, &end_pos)) {
        out.push_back({rule, pos, end_pos});
        return end_pos;
      }
      if (!pem_body_like(text.substr(pos, line_end - pos)) || ++lines > kMaxBlockLines) return pos;
      size_t content_end = trim_cr(text, pos, line_end);
      if (content_end > pos) out.push_back({rule, pos, content_end});
      pos = line_end + 1;
    }
    if (state) {
      left_open = true;
      state->open_block_rule = static_cast<int>(rule);
      state->open_block_lines = lines;
    }
    return text.size();
  };

  size_t resume = 0;
  if (state && state->open_block_rule == static_cast<int>(rule)) {
    resume = continue_block(0, state->open_block_lines);
  }
  std::sort(begins.begin(), begins.end(),
            [](const Region& a, const Region& b) { return a.begin < b.begin; });
  // The line of the current opening, found once per line: openings on the same line share it
  // (searching to the line's ends from each of them cost a whole long line apiece, G1). An
  // opening never spans a '\n', so an opening that starts inside the line ends inside it.
  size_t line_begin = 0, line_end = SIZE_MAX;  // SIZE_MAX: no line yet
  for (const Region& b : begins) {
    if (b.begin < resume || left_open) continue;
    if (line_end == SIZE_MAX || b.begin > line_end) {
      line_end = line_end_at(text, b.end);
      const void* prev_nl = b.begin > 0 ? memrchr(text.data(), '\n', b.begin) : nullptr;
      line_begin =
          prev_nl ? static_cast<size_t>(static_cast<const char*>(prev_nl) - text.data()) + 1 : 0;
    }
    if (too_long(line_begin, line_end)) continue;
    size_t end_pos = 0;
    if (find_end(b.end, line_end, &end_pos)) {
      out.push_back({rule, b.begin, end_pos});
      resume = end_pos;
      continue;
    }
    out.push_back({rule, b.begin, trim_cr(text, b.begin, line_end)});
    resume =
        line_end < text.size() ? continue_block(line_end + 1, 1) : continue_block(text.size(), 1);
  }
}

Error Matcher::find(MatcherScratch& scratch, std::string_view text, std::vector<Finding>& out,
                    StreamState* state) const {
  scratch.regions.clear();
  scratch.triggers.clear();
  scratch.guards.clear();
  for (uint32_t i : scratch.touched) scratch.open[i] = Region{SIZE_MAX, 0};  // after a throw
  scratch.touched.clear();
  if (db_ && !text.empty()) {
    ScanContext ctx{&compiled_, &scratch, text};
    size_t pos = 0;
    while (pos < text.size()) {
      size_t len = text.size() - pos;
      if (len > kMaxScanSegment) {
        // Cut at a record boundary so no match is split.
        const char* seg = text.data() + pos;
        const void* nl = memrchr(seg, '\n', kMaxScanSegment);
        if (!nl) return {ErrorCode::InvalidArgument, "record longer than 1 GiB"};
        len = static_cast<size_t>(static_cast<const char*>(nl) - seg) + 1;
      }
      ctx.base = pos;
      hs_error_t rc = hs_scan(db_.get(), text.data() + pos, static_cast<unsigned>(len), 0,
                              scratch.hs.get(), on_match, &ctx);
      if (rc != HS_SUCCESS) {
        for (uint32_t i : scratch.touched) scratch.open[i] = Region{SIZE_MAX, 0};
        scratch.touched.clear();
        if (ctx.out_of_memory) return {ErrorCode::NoMemory, "out of memory while scanning"};
        return {ErrorCode::Internal, "Hyperscan scan failed (" + std::to_string(rc) + ")"};
      }
      pos += len;
    }
  }
  if (!at_domain_rules_.empty() && !text.empty()) {
    // Prefilters run by a built-in scanner (detect/prefilter_scanners.h): their match ends
    // open regions exactly as Hyperscan's would.
    scratch.scanner_ends.clear();
    scan_at_domain(text, scratch.scanner_ends);
    for (uint32_t rule : at_domain_rules_) {
      ScanContext ctx{&compiled_, &scratch, text};
      for (size_t end : scratch.scanner_ends) grow_region(rule, end, &ctx);
    }
  }
  // Only the rules that matched: a clean record costs nothing per rule here.
  for (uint32_t i : scratch.touched) {
    scratch.regions.push_back({i, scratch.open[i]});
    scratch.open[i] = Region{SIZE_MAX, 0};
  }
  scratch.touched.clear();
  for (const auto& [rule, region] : scratch.regions) scratch.extend_tracks[rule] = ExtendTrack{};
  for (const auto& [rule, region] : scratch.regions) {
    if (compiled_[rule].rule->end_pattern.empty() &&
        compiled_[rule].rule->detector == Detector::Regex)
      confirm_region(rule, text, region, out, nullptr, &scratch.guards,
                     &scratch.extend_tracks[rule]);
  }
  bool left_open = false;
  for (uint32_t rule : block_rules_) {
    scratch.block_begins.clear();
    for (const auto& [r, region] : scratch.regions) {
      if (r == rule) confirm_region(rule, text, region, out, &scratch.block_begins);
    }
    if (!scratch.block_begins.empty() ||
        (state && state->open_block_rule == static_cast<int>(rule)))
      run_block_rule(rule, text, scratch.block_begins, out, state, left_open);
  }
  if (state && !left_open) state->open_block_rule = -1;
  if (card_rule_ >= 0 || ssn_rule_ >= 0 || iban_rule_ >= 0) {
    // One pass for every digit-shaped detector (detect/digit_shapes.h).
    scratch.cards.clear();
    scratch.ssns.clear();
    scratch.ibans.clear();
    scan_digit_shapes(text, DigitShapeOutputs{card_rule_ >= 0 ? &scratch.cards : nullptr,
                                              ssn_rule_ >= 0 ? &scratch.ssns : nullptr,
                                              iban_rule_ >= 0 ? &scratch.ibans : nullptr});
    for (auto [rule, found] :
         {std::pair{card_rule_, &scratch.cards}, std::pair{ssn_rule_, &scratch.ssns},
          std::pair{iban_rule_, &scratch.ibans}}) {
      for (const CardMatch& c : *found)
        out.push_back({static_cast<uint32_t>(rule), c.begin, c.end});
    }
  }
  if (!scratch.guards.empty()) recheck_after_broken_guards(text, scratch, out);
  // A precompiled rule whose RE2 failed to compile on first use: fail closed.
  if (broken_.load()) return {ErrorCode::Internal, "a rule's pattern failed to compile"};
  return {};
}

}  // namespace logscrub
