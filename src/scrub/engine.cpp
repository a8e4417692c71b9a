#include "scrub/engine.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "detect/jwk_members.h"
#include "detect/matcher.h"
#include "rules/rule_loader.h"
#include "scrub/finding_sort.h"
#include "scrub/json_records.h"
#include "scrub/output.h"
#include "scrub/render.h"

namespace logscrub {

struct Scratch::Impl {
  MatcherScratch matcher;
  JsonScratch json;
  std::vector<Finding> findings;
  std::vector<Finding> spans;
  FindingSortBuffers sort;  // collect()'s sort
  std::string replacement;  // one span's replacement text
};

namespace {

constexpr size_t kMinHmacKeyBytes = 16;

bool rule_has_tag(const Rule& rule, const std::string& name) {
  return std::find(rule.tags.begin(), rule.tags.end(), name) != rule.tags.end();
}

bool rule_selected_by(const Rule& rule, const std::string& name) {
  return rule.id == name || rule_has_tag(rule, name) || name == category_name(rule.category);
}

// Marks the scratch busy for the duration of a call (G9: misuse is an error, not a crash).
class ScratchGuard {
 public:
  ScratchGuard(Scratch& s, const Engine* engine)
      : s_(s), ok_(s.engine() == engine && !s.busy().exchange(true, std::memory_order_acquire)) {
    if (s.engine() != engine) {
      error_ = {ErrorCode::BadScratch, "scratch belongs to another engine"};
    } else if (!ok_) {
      error_ = {ErrorCode::BadScratch, "scratch is in use by another thread"};
    }
  }
  // A release store, not the default sequentially consistent one: on x86 that is a plain
  // move instead of a locked exchange (~14 ns per call, a clean line's C API call ~260 ns).
  ~ScratchGuard() {
    if (ok_) s_.busy().store(false, std::memory_order_release);
  }
  // Ok, or why the scratch cannot be used (never mentions the input).
  const Error& error() const { return error_; }

 private:
  Scratch& s_;
  bool ok_;
  Error error_;
};

// The order spans are merged in: earliest, then longest, then most specific (see
// Engine::specificity_), then the earlier rule (file order), so the first of each group of
// overlapping findings names the span, deterministically.
struct SpanOrder {
  const std::vector<uint8_t>& specific;
  bool operator()(const Finding& a, const Finding& b) const {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    if (specific[a.rule] != specific[b.rule]) return specific[a.rule] > specific[b.rule];
    return a.rule < b.rule;
  }
};

// Merges overlapping findings into spans (sorting them in SpanOrder first unless they are);
// a merged span keeps the rule of its first member in that order.
void merge_spans(std::vector<Finding>& findings, const std::vector<uint8_t>& specific,
                 std::vector<Finding>& spans) {
  const SpanOrder order{specific};
  // collect() sorted them; only a JSON record's refined findings can be out of order again.
  if (!std::is_sorted(findings.begin(), findings.end(), order))
    std::sort(findings.begin(), findings.end(), order);
  spans.clear();
  for (const Finding& f : findings) {
    if (!spans.empty() && f.begin < spans.back().end) {
      spans.back().end = std::max(spans.back().end, f.end);
      spans.back().flags |= f.flags;
    } else {
      spans.push_back(f);
    }
  }
}

// True when two rules of `rules` share an id.
bool has_duplicate_ids(const std::vector<Rule>& rules) {
  std::vector<std::string_view> ids;
  ids.reserve(rules.size());
  for (const Rule& r : rules) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  return std::adjacent_find(ids.begin(), ids.end()) != ids.end();
}

}  // namespace

class EngineBuilder {
 public:
  static std::shared_ptr<const Engine> build(const EngineOptions& options, Error* error);
};

Engine::Engine() = default;
Engine::~Engine() = default;

std::shared_ptr<const Engine> Engine::create(const EngineOptions& options, Error* error) {
  Error local;
  if (!error) error = &local;
  try {
    return EngineBuilder::build(options, error);
  } catch (const std::bad_alloc&) {
    *error = {ErrorCode::NoMemory, "out of memory while building the engine"};
  } catch (const std::exception& e) {
    *error = {ErrorCode::Internal, std::string("engine creation failed: ") + e.what()};
  }
  return nullptr;
}

std::shared_ptr<const Engine> EngineBuilder::build(const EngineOptions& options, Error* error) {
  std::shared_ptr<Engine> engine(new Engine());
  engine->options_ = options;
  if (options.max_line_bytes == 0 || options.max_line_bytes > (size_t{1} << 30)) {
    *error = {ErrorCode::InvalidArgument, "max line bytes must be between 1 and 1 GiB"};
    return nullptr;
  }
  std::vector<Rule> all;
  if (options.builtin_rules && (*error = load_builtin_rules(all))) return nullptr;
  for (const std::string& path : options.rule_files) {
    if ((*error = load_rules_file(path, all))) return nullptr;
  }
  for (size_t i = 0; i < options.rule_texts.size(); ++i) {
    if ((*error = parse_rules_yaml(options.rule_texts[i], "rules#" + std::to_string(i + 1), all)))
      return nullptr;
  }
  // A later rule with the same id overrides an earlier one (user files override built-ins).
  std::vector<Rule> unique;
  if (!has_duplicate_ids(all)) {
    unique = std::move(all);  // the usual case, found in O(n log n)
  } else {
    unique.reserve(all.size());
    for (Rule& r : all) {
      auto same =
          std::find_if(unique.begin(), unique.end(), [&](const Rule& u) { return u.id == r.id; });
      if (same != unique.end()) {
        *same = std::move(r);
      } else {
        unique.push_back(std::move(r));
      }
    }
  }
  // Every name given on the command line must select something: a typo must not silently
  // leave a rule on (or off).
  auto check_names = [&](const std::vector<std::string>& names, const char* what) {
    for (const std::string& n : names) {
      bool any = std::any_of(unique.begin(), unique.end(),
                             [&](const Rule& r) { return rule_selected_by(r, n); });
      if (!any) {
        *error = {ErrorCode::Unknown,
                  std::string("unknown rule id or tag in ") + what + ": '" + n + "'"};
        return false;
      }
    }
    return true;
  };
  if (!check_names(options.disabled_ids, "disable") || !check_names(options.enabled_ids, "enable"))
    return nullptr;
  for (const std::string& c : options.disabled_categories) {
    Category cat;
    if (!parse_category(c, &cat)) {
      *error = {ErrorCode::Unknown, "unknown category '" + c + "' (expected secret or pii)"};
      return nullptr;
    }
  }
  for (const auto& [name, style] : options.style_overrides) {
    (void)style;
    if (!check_names({name}, "style override")) return nullptr;
  }
  // The active rules are compacted, in order, to the front of `unique`, which then becomes
  // rules_ (no second array of rules to allocate).
  engine->catalog_.reserve(unique.size());
  size_t active = 0;
  for (size_t i = 0; i < unique.size(); ++i) {
    Rule& r = unique[i];
    bool on = r.enabled_by_default;
    for (const std::string& n : options.enabled_ids) on = on || r.id == n || rule_has_tag(r, n);
    for (const std::string& c : options.disabled_categories)
      on = on && c != category_name(r.category);
    for (const std::string& n : options.disabled_ids) on = on && r.id != n && !rule_has_tag(r, n);
    engine->catalog_.emplace_back(r, on);
    if (on) {
      if (active != i) unique[active] = std::move(r);
      ++active;
    }
  }
  unique.erase(unique.begin() + static_cast<std::ptrdiff_t>(active), unique.end());
  engine->rules_ = std::move(unique);
  bool needs_key = false;
  engine->max_marker_len_ = std::max(kOversizedMarker.size(), kFailedMarker.size());
  engine->styles_.reserve(engine->rules_.size());
  for (const Rule& r : engine->rules_) {
    Style s = options.style;
    if (!options.style_forced && r.has_style) s = r.style;
    for (const auto& [name, style] : options.style_overrides) {
      if (rule_selected_by(r, name)) s = style;
    }
    needs_key = needs_key || s == Style::Hmac;
    engine->styles_.push_back(s);
    engine->max_marker_len_ =
        std::max(engine->max_marker_len_, max_replacement_len(r.id.size(), 1));
  }
  if (needs_key && options.hmac_key.size() < kMinHmacKeyBytes) {
    *error = {ErrorCode::NoHmacKey,
              "the hmac style needs a secret key of at least 16 bytes "
              "(an unkeyed hash of a secret can be reversed by guessing)"};
    return nullptr;
  }
  engine->json_keys_ = SensitiveKeys::defaults();
  for (const std::string& k : options.json_keys_add) engine->json_keys_.add(k);
  for (const std::string& k : options.json_keys_remove) engine->json_keys_.remove(k);
  for (Rule& r : engine->rules_) {
    if (r.detector == Detector::JsonKey) r.prefilter = json_key_trigger_pattern(engine->json_keys_);
    if (r.detector == Detector::Jwk) r.prefilter = kJwkTrigger;
  }
  engine->matcher_ = Matcher::build(engine->rules_, error);
  if (!engine->matcher_) return nullptr;
  engine->matcher_->set_max_record_bytes(options.max_line_bytes);
  engine->specific_.reserve(engine->rules_.size());
  for (uint32_t i = 0; i < engine->rules_.size(); ++i) {
    const Rule& r = engine->rules_[i];
    bool structural =
        r.detector != Detector::Regex ||
        std::any_of(r.validators.begin(), r.validators.end(), [](const std::string& v) {
          // Plausibility filters say nothing about the token's structure.
          return v != "not_placeholder" && v != "token_like" && v != "entropy" &&
                 v != "not_example";
        });
    bool token_shaped = r.detector == Detector::Regex && engine->matcher_->redact_group(i) == 0;
    engine->specific_.push_back(structural ? 2 : token_shaped ? 1 : 0);
  }
  return engine;
}

Error Engine::collect(Scratch& scratch, std::string_view input, std::vector<Finding>& findings,
                      StreamState* state) const {
  Scratch::Impl& s = scratch.impl();
  findings.clear();
  Error err = matcher_->find(s.matcher, input, findings, state);
  if (err) return err;
  s.json.triggers.swap(s.matcher.triggers);
  // In the order merge_spans needs (which starts with refine_json_records's, by begin): the
  // text records' findings stay in it, so they are sorted once.
  sort_findings(findings, input.size(), SpanOrder{specific_}, s.sort);
  return refine_json_records(*matcher_, s.matcher, json_keys_, options_.format, input, findings,
                             s.json);
}

size_t Engine::scrub_bound(size_t in_len) const {
  // Every redacted span is >= 1 byte and becomes at most max_marker_len_ bytes.
  return in_len * std::max<size_t>(1, max_marker_len_);
}

Error Engine::find(Scratch& scratch, std::string_view input, std::vector<Finding>& findings,
                   StreamState* state) const {
  ScratchGuard guard(scratch, this);
  if (guard.error()) return guard.error();
  try {
    Error err = collect(scratch, input, findings, state);
    // By begin, then rule and end (collect's order puts spans, not rules, first at one begin).
    sort_findings(
        findings, input.size(),
        [](const Finding& a, const Finding& b) {
          if (a.begin != b.begin) return a.begin < b.begin;
          return a.rule != b.rule ? a.rule < b.rule : a.end < b.end;
        },
        scratch.impl().sort);
    // The text and JSON paths may both report the same span of a JSON record.
    findings.erase(std::unique(findings.begin(), findings.end(),
                               [](const Finding& a, const Finding& b) {
                                 return a.rule == b.rule && a.begin == b.begin && a.end == b.end;
                               }),
                   findings.end());
    return err;
  } catch (const std::bad_alloc&) {
    return {ErrorCode::NoMemory, "out of memory while scanning"};
  }
}

Error Engine::scrub(Scratch& scratch, std::string_view input, std::string& out, ScrubStats* stats,
                    StreamState* state) const {
  Output sink(out);
  return scrub_into(scratch, input, sink, stats, state);
}

Error Engine::scrub_to(Scratch& scratch, std::string_view input, char* dst, size_t cap,
                       size_t* needed, ScrubStats* stats, StreamState* state) const {
  Output sink(dst, cap);
  Error err = scrub_into(scratch, input, sink, stats, state);
  *needed = sink.size();
  if (err || sink.overflowed()) sink.truncate(0);
  return err;
}

Error Engine::scrub_pieces(Scratch& scratch, std::string_view input, OutputPieces& out,
                           ScrubStats* stats, StreamState* state) const {
  Output sink(out);
  return scrub_into(scratch, input, sink, stats, state);
}

void OutputPieces::add_borrowed(std::string_view v) {
  if (v.empty()) return;
  if (!pieces_.empty() && !pieces_.back().owned &&
      pieces_.back().data + pieces_.back().len == v.data()) {
    pieces_.back().len += v.size();  // contiguous with the previous view
  } else {
    pieces_.push_back({v.data(), 0, v.size(), false});
  }
  size_ += v.size();
}

void OutputPieces::add_owned(std::string_view v) {
  if (v.empty()) return;
  if (!pieces_.empty() && pieces_.back().owned) {
    pieces_.back().len += v.size();  // owned bytes are appended in order: one piece
  } else {
    pieces_.push_back({nullptr, owned_.size(), v.size(), true});
  }
  owned_.append(v);
  size_ += v.size();
}

void OutputPieces::truncate(size_t n) {
  while (size_ > n && !pieces_.empty()) {
    Piece& last = pieces_.back();
    const size_t cut = std::min(last.len, size_ - n);
    last.len -= cut;
    size_ -= cut;
    if (last.owned) owned_.resize(last.offset + last.len);
    if (last.len == 0) pieces_.pop_back();
  }
}

Error Engine::scrub_into(Scratch& scratch, std::string_view input, Output& out, ScrubStats* stats,
                         StreamState* state) const {
  ScratchGuard guard(scratch, this);
  if (guard.error()) return guard.error();
  ScrubStats local;
  if (!stats) stats = &local;
  Scratch::Impl& s = scratch.impl();
  size_t out_start = out.size();
  Error err;
  try {
    err = collect(scratch, input, s.findings, state);
    if (!err) {
      merge_spans(s.findings, specific_, s.spans);
      RenderOptions ro{options_.mask_same_length, options_.card_keep_first, options_.card_keep_last,
                       options_.hmac_key};
      out.reserve(out.size() + input.size() + 64);
      auto span_it = s.spans.begin();
      // Appends input[cursor, limit) with the spans that begin before `limit` replaced.
      auto render_until = [&](size_t cursor, size_t limit) {
        for (; span_it != s.spans.end() && span_it->begin < limit; ++span_it) {
          out.append_input(input.substr(cursor, span_it->begin - cursor));
          bool quote = (span_it->flags & kQuoteReplacement) != 0;
          if (quote) out.push_back('"');
          s.replacement.clear();
          render_replacement(rules_[span_it->rule], styles_[span_it->rule],
                             input.substr(span_it->begin, span_it->end - span_it->begin), ro,
                             s.replacement);
          out.append(s.replacement);
          if (quote) out.push_back('"');
          ++stats->findings;
          cursor = span_it->end;
        }
        out.append_input(input.substr(cursor, limit - cursor));
      };
      if (input.size() <= options_.max_line_bytes) {
        // No record can be over the limit: spans (which never hold a '\n') are replaced in
        // one pass, without looking for record boundaries.
        render_until(0, input.size());
        return {};
      }
      // Record by record: each line is copied with its spans replaced, or masked whole when it
      // is longer than the limit.
      for (size_t pos = 0; pos < input.size();) {
        const void* nl = std::memchr(input.data() + pos, '\n', input.size() - pos);
        size_t line_end =
            nl ? static_cast<size_t>(static_cast<const char*>(nl) - input.data()) : input.size();
        size_t content_end =
            (line_end > pos && input[line_end - 1] == '\r') ? line_end - 1 : line_end;
        if (content_end - pos > options_.max_line_bytes) {
          out.append(kOversizedMarker);
          ++stats->records_failed_closed;
          while (span_it != s.spans.end() && span_it->begin < line_end) ++span_it;
          out.append_input(input.substr(content_end, line_end - content_end));  // the '\r', if any
        } else {
          render_until(pos, line_end);
        }
        if (line_end < input.size()) out.append_input(input.substr(line_end, 1));
        pos = line_end + 1;
      }
      return {};
    }
  } catch (const std::bad_alloc&) {
    err = {ErrorCode::NoMemory, "out of memory while scrubbing"};
  }
  // Fail closed (G3): nothing of this input is emitted as is; every record is masked whole.
  try {
    out.truncate(out_start);
    size_t records = 0;
    for (size_t pos = 0; pos < input.size(); ++records) {
      const void* nl = std::memchr(input.data() + pos, '\n', input.size() - pos);
      size_t line_end =
          nl ? static_cast<size_t>(static_cast<const char*>(nl) - input.data()) : input.size();
      out.append(kFailedMarker);
      if (line_end < input.size()) out.push_back('\n');
      pos = line_end + 1;
    }
    stats->records_failed_closed += records;
  } catch (const std::bad_alloc&) {
    out.truncate(out_start);
  }
  return err;
}

std::unique_ptr<Scratch> Scratch::create(const Engine& engine, Error* error) {
  Error local;
  if (!error) error = &local;
  try {
    std::unique_ptr<Scratch> s(new Scratch());
    s->engine_ = &engine;
    s->impl_ = std::make_unique<Impl>();
    if ((*error = engine.matcher().init_scratch(s->impl_->matcher))) return nullptr;
    return s;
  } catch (const std::bad_alloc&) {
    *error = {ErrorCode::NoMemory, "out of memory while creating scratch"};
    return nullptr;
  }
}

Scratch::~Scratch() = default;

}  // namespace logscrub
