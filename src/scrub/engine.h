// Engine: the immutable, thread-shareable product of a rule set plus options.
// Scratch: per-thread working memory. StreamState: what one input stream carries between
// calls (an open multi-line block such as a PEM key).
//
// Data flow of one call (DESIGN.md): records (lines) -> Hyperscan block scan of the whole
// buffer -> RE2 confirmation on bounded windows -> validators -> card scanner -> block rules
// -> spans merged -> rendering.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/line_frame.h"
#include "json/sensitive_keys.h"
#include "rules/rule.h"

namespace logscrub {

// Errors are values. Codes mirror the C API's LOGSCRUB_E_* numbers (include/logscrub/logscrub.h).
enum class ErrorCode : int {
  Ok = 0,
  InvalidArgument = -1,
  NoMemory = -2,
  RuleFile = -3,    // a rule file could not be read or parsed, or a rule is invalid
  Compile = -4,     // Hyperscan or RE2 rejected a pattern
  NoHmacKey = -5,   // the hmac style is selected but no (long enough) key was given
  BadScratch = -6,  // scratch is in use by another thread, or belongs to another engine
  DstTooSmall = -7,
  Internal = -8,
  Unknown = -9,  // unknown rule id, category, style, or option key
};

struct Error {
  ErrorCode code = ErrorCode::Ok;
  std::string message;  // never contains scanned input bytes (G7)
  explicit operator bool() const { return code != ErrorCode::Ok; }
};

// How records are read: Auto = a record (or the message part of a Lambda text-format record)
// that is a JSON object/array is scrubbed as JSON, others as text; Text = always text;
// Json = like Auto (a record that is not valid JSON still falls back to text, never unscanned).
enum class InputFormat : uint8_t { Auto, Text, Json };

struct EngineOptions {
  bool builtin_rules = true;
  std::vector<std::string> rule_files;           // extra YAML files (paths)
  std::vector<std::string> rule_texts;           // extra YAML documents (already in memory)
  std::vector<std::string> disabled_ids;         // rule ids or tags to switch off
  std::vector<std::string> disabled_categories;  // "secret" / "pii"
  std::vector<std::string> enabled_ids;  // rule ids or tags to switch on (default-off rules)
  Style style = Style::Tag;              // global style
  bool style_forced = false;             // true: the global style overrides rule defaults
  std::vector<std::pair<std::string, Style>> style_overrides;  // rule id, tag or category -> style
  std::string hmac_key;                      // raw key bytes; required (>= 16 bytes) for Hmac
  bool mask_same_length = false;             // Mask: '*' per byte instead of "[REDACTED]"
  int card_keep_first = 0;                   // Partial cards: 0 or 6 leading digits shown
  int card_keep_last = 4;                    // Partial cards: 0..4 trailing digits shown
  size_t max_line_bytes = size_t{64} << 20;  // longer records are masked whole (fail closed)
  InputFormat format = InputFormat::Auto;
  std::vector<std::string> json_keys_add;     // extra sensitive JSON key names
  std::vector<std::string> json_keys_remove;  // default names to drop
};

struct Finding {
  uint32_t rule;  // index into Engine::rules()
  size_t begin;   // byte offsets into the scanned buffer, [begin, end)
  size_t end;
  uint8_t flags = 0;  // kQuoteReplacement: the span is a JSON number/object/array; its
                      // replacement must be written as a JSON string ("...")
  uint32_t lead = 0;  // bytes of the rule's match before `begin` (context such as a URL's
                      // "https://user:"); 0 when the span is the whole match or not known
};
static_assert(sizeof(Finding) == 32, "a finding stays four words");
inline constexpr uint8_t kQuoteReplacement = 1;

struct ScrubStats {
  size_t findings = 0;               // spans redacted (after merging)
  size_t records_failed_closed = 0;  // records masked whole (too long, internal error)
};

// State one input stream carries from call to call; a fresh one for each stream.
struct StreamState {
  int open_block_rule = -1;  // rule index of a multi-line block that is still open, or -1
  size_t open_block_lines = 0;
  LineFrame open_block_frame;  // the frame of the line that opened it (detect/line_frame.h)
};

// Scrubbed output as a sequence of pieces, for writev(2): views of the scrubbed input where its
// bytes are unchanged (not copied: the input must outlive the pieces) and of owned storage for
// everything else (replacements, markers). Filled by Engine::scrub_pieces.
class OutputPieces {
 public:
  // Total bytes of all pieces.
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Drops every piece (the owned storage keeps its capacity).
  void clear() {
    pieces_.clear();
    owned_.clear();
    size_ = 0;
  }
  // Calls fn(std::string_view) for each non-empty piece, in output order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const Piece& p : pieces_) {
      fn(p.owned ? std::string_view(owned_.data() + p.offset, p.len)
                 : std::string_view(p.data, p.len));
    }
  }
  // Appends a view of `v` (which must outlive the pieces).
  void add_borrowed(std::string_view v);
  // Appends a copy of `v`.
  void add_owned(std::string_view v);
  // Keeps the first `n` bytes.
  void truncate(size_t n);

 private:
  struct Piece {
    const char* data;  // borrowed bytes
    size_t offset;     // owned bytes: offset in owned_
    size_t len;
    bool owned;
  };
  std::vector<Piece> pieces_;
  std::string owned_;
  size_t size_ = 0;
};

class Matcher;  // detect/matcher.h
class Output;   // scrub/output.h
class Scratch;

class Engine {
 public:
  // Builds an engine from `options`. On failure returns nullptr and fills `error`.
  static std::shared_ptr<const Engine> create(const EngineOptions& options, Error* error);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The active rules (enabled ones only), in a stable order.
  const std::vector<Rule>& rules() const { return rules_; }
  // Every loaded rule, with whether it is active; for `rules list`.
  const std::vector<std::pair<Rule, bool>>& catalog() const { return catalog_; }
  const EngineOptions& options() const { return options_; }

  // The style used for rule index `rule`.
  Style style_for(uint32_t rule) const { return styles_[rule]; }

  // Upper bound of scrub output size for `in_len` input bytes.
  size_t scrub_bound(size_t in_len) const;

  // Longest replacement any span can produce (bytes).
  size_t max_marker_len() const { return max_marker_len_; }

  // Finds every finding in `input` (complete records, '\n'-separated; a last record without
  // '\n' is complete too). Findings are sorted by begin, not merged. `state` may be null
  // (one-shot). Thread-safe given a scratch per thread.
  Error find(Scratch& scratch, std::string_view input, std::vector<Finding>& findings,
             StreamState* state = nullptr) const;

  // Scrubs `input` (as for find) and appends the result to `out`. The output has exactly as
  // many '\n' as the input; bytes outside redacted spans are copied unchanged. On an internal
  // error for a record that record is masked whole (never emitted as is) and counted in stats.
  Error scrub(Scratch& scratch, std::string_view input, std::string& out,
              ScrubStats* stats = nullptr, StreamState* state = nullptr) const;

  // As scrub, but writes into dst[0, cap) and sets *needed to the output size. When the output
  // does not fit (*needed > cap) or on error, the bytes written to dst are zeroed: dst never
  // holds partial output.
  Error scrub_to(Scratch& scratch, std::string_view input, char* dst, size_t cap, size_t* needed,
                 ScrubStats* stats = nullptr, StreamState* state = nullptr) const;

  // As scrub, but the output is appended to `out` as pieces that refer to `input`'s unchanged
  // bytes instead of copying them (`input` must outlive `out`'s use). On error nothing of
  // `input` is referred to: `out` holds the fail-closed markers only.
  Error scrub_pieces(Scratch& scratch, std::string_view input, OutputPieces& out,
                     ScrubStats* stats = nullptr, StreamState* state = nullptr) const;

  const Matcher& matcher() const { return *matcher_; }

  // The sensitive JSON key names in force (defaults + options).
  const SensitiveKeys& json_keys() const { return json_keys_; }

 private:
  Engine();
  Error scrub_into(Scratch& scratch, std::string_view input, Output& out, ScrubStats* stats,
                   StreamState* state) const;
  // Text scan, then JSON refinement of JSON records (scrub/json_records.h).
  Error collect(Scratch& scratch, std::string_view input, std::vector<Finding>& findings,
                StreamState* state) const;
  EngineOptions options_;
  std::vector<Rule> rules_;
  std::vector<std::pair<Rule, bool>> catalog_;
  std::vector<Style> styles_;
  // Per rule, which one names a merged span: 2 = structural validator or detector (checksum,
  // JWT, Luhn...), 1 = token-shaped (redacts its whole match, e.g. sk_live_...), 0 = a value
  // found by its context (password=...).
  std::vector<uint8_t> specific_;
  size_t max_marker_len_ = 0;
  std::unique_ptr<Matcher> matcher_;
  SensitiveKeys json_keys_;
  friend class EngineBuilder;
};

// Per-thread working memory for one engine. Not thread-safe: one thread at a time; a call
// made while another thread uses it returns ErrorCode::BadScratch instead of corrupting it.
class Scratch {
 public:
  // Creates scratch for `engine`; nullptr and `error` on failure.
  static std::unique_ptr<Scratch> create(const Engine& engine, Error* error);
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const Engine* engine() const { return engine_; }

  struct Impl;
  Impl& impl() { return *impl_; }
  std::atomic<bool>& busy() { return busy_; }

 private:
  Scratch() = default;
  const Engine* engine_ = nullptr;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> busy_{false};
};

}  // namespace logscrub
