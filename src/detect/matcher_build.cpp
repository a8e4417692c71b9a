// Matcher construction (see matcher.h): each rule compiled (widths, RE2 programs or a
// hand-written search, group locator), the Hyperscan database deserialized from the build-time
// copy or compiled, scratch, and the lazy parts built on a rule's first use (its RE2 programs,
// its literal gate).
#include <climits>
#include <cstdlib>
#include <optional>

#include "detect/ascii.h"
#include "detect/matcher.h"
#include "detect/matcher_internal.h"
#include "detect/precompiled.h"

namespace logscrub {

namespace matcher_internal {
std::atomic<bool> g_cross_check{false};
}  // namespace matcher_internal

using matcher_internal::g_cross_check;

namespace {

constexpr size_t kMaxAnchorOffset = 8;           // see CompiledRule::prefilter_re
constexpr size_t kMaxFilteredAnchorOffset = 64;  // with first_bytes, see CompiledRule
constexpr size_t kMaxFilteredFirstBytes = 8;     // ... when at most this many bytes

Error compile_error(const Rule& rule, const std::string& what) {
  return {ErrorCode::Compile, rule.source + ":" + std::to_string(rule.source_line) + ": rule '" +
                                  rule.id + "': " + what};
}

// Hyperscan's analysis of `pattern`: its fewest and most bytes (UINT_MAX: unbounded).
struct HsWidths {
  size_t min;
  size_t max;
};

// Asks Hyperscan for the widths of `pattern`; nullopt and `why` on failure.
std::optional<HsWidths> hs_widths(const std::string& pattern, unsigned flags, std::string* why) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &err) != HS_SUCCESS) {
    *why = err ? err->message : "unknown Hyperscan error";
    hs_free_compile_error(err);
    return std::nullopt;
  }
  const HsWidths widths{info->min_width, info->max_width};
  free(info);  // allocated by Hyperscan's default allocator (malloc)
  return widths;
}

// Asks Hyperscan for the maximum width of `pattern`; 0 and `why` on failure.
size_t hs_max_width(const std::string& pattern, unsigned flags, std::string* why) {
  const std::optional<HsWidths> widths = hs_widths(pattern, flags, why);
  if (!widths) return 0;
  if (widths->max == UINT_MAX) {
    *why = "pattern has unbounded width: use bounded repeats such as {1,256} and 'extend'";
    return 0;
  }
  return widths->max;
}

// A glued rule's prefix (its prefilter after "\b") must have one width, so that a match's start
// is its end minus that width, and start with a word byte, so that "\b" before it means that
// the byte before is not one.
Error check_glued_prefix(const Rule& rule) {
  const std::string prefix = rule.prefilter.substr(2);
  std::string why;
  const std::optional<HsWidths> widths = hs_widths(prefix, 0, &why);
  if (!widths) return compile_error(rule, "glued: Hyperscan: " + why);
  if (widths->min != widths->max || widths->min == 0)
    return compile_error(rule, "glued: the prefix after \\b must have one fixed width");
  const std::optional<FirstByteSet> first = first_bytes(prefix);
  bool word_start = first.has_value();
  for (int b = 0; word_start && b < 256; ++b)
    word_start = !(*first)[static_cast<size_t>(b)] || ascii::is_word(static_cast<unsigned char>(b));
  if (!word_start)
    return compile_error(rule, "glued: the prefix after \\b must start with a word byte");
  return {};
}

// Rule::next_pattern's RE2 program, which must hold the rule's redacted group, and its width.
Error compile_next_pattern(const Rule& rule, const CompiledRule& cr) {
  if (rule.next_pattern.empty() || cr.next_re) return {};
  auto next = std::make_unique<RE2>(rule.next_pattern, rule_re2_options());
  if (!next->ok()) return compile_error(rule, "RE2 next_pattern: " + next->error());
  if (next->NumberOfCapturingGroups() < cr.group || cr.group < 1)
    return compile_error(
        rule, "next_pattern must hold the redacted group " + std::to_string(std::max(cr.group, 1)));
  std::string why;
  cr.next_width = hs_max_width(rule.next_pattern, 0, &why);
  if (cr.next_width == 0) return compile_error(rule, "next_pattern: " + why);
  cr.next_re = std::move(next);
  return {};
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
  if (rule.detector == Detector::Jwk && rule.prefilter != kJwkTrigger)
    return compile_error(rule, "the jwk detector's trigger is not kJwkTrigger");
  if (rule.detector == Detector::JsonKey || rule.detector == Detector::Jwk) {
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
    err = compile_next_pattern(rule, cr);
    if (err) return err;
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
  if (rule.glued) {
    // The rule loader checked the prefilter's form ("\b" + prefix, offset 0); the prefix's
    // width and first bytes are checked here (with the precompiled database, when it was built).
    if (!cached) {
      Error err = check_glued_prefix(rule);
      if (err) return err;
    }
    cr.glue_width = cr.prefilter_width;
  }
  return {};
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
    if (rules[i].detector == Detector::Jwk) m->jwk_rule_ = static_cast<int>(i);
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
    // A glued rule's prefix without its "\b": the matcher checks the byte before (grow_region).
    exprs.push_back(rules[i].prefilter.empty() ? rules[i].pattern.c_str()
                    : rules[i].glued           ? rules[i].prefilter.c_str() + 2
                                               : rules[i].prefilter.c_str());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(i));
  }
  // Step 9's trigger escapes are found by the digit-shape pass (find_once).
  m->percent_view_ = !rules.empty();
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
      const bool of_a_rule = bad >= 0 && ids[static_cast<size_t>(bad)] < rules.size();
      *error = of_a_rule
                   ? compile_error(rules[ids[static_cast<size_t>(bad)]], "Hyperscan: " + message)
                   : Error{ErrorCode::Compile, "Hyperscan: " + message};
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
      // Rule::next_pattern runs after a hand-written search too.
      if (compile_next_pattern(*cr.rule, cr)) {
        broken_.store(true);
        return;
      }
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

}  // namespace logscrub
