// Matcher: turns text into findings.
//
//  1. One Hyperscan block-mode database holds every regex rule. The whole buffer is scanned
//     once; Hyperscan reports match *end* offsets only.
//  2. For a rule, each end offset e opens the window [e - W, e] with W = max_width(rule) (or,
//     for a rule with a cheaper `prefilter` that matches inside the real match, [e - W, e + W],
//     narrowed to [e - (prefilter width + prefilter_offset), ...] when the rule states the
//     offset), cut to the line holding e; overlapping windows of the same rule are merged into
//     regions while scanning. W comes from Hyperscan's own analysis of the pattern, and a rule
//     with unbounded width is rejected, so a window always holds the whole match and RE2 never
//     scans [0, e] (G1: linear time).
//  3. RE2 (Latin-1, never matching '\n') finds each match in a region with its DFA, and the
//     redacted capture group with a few more DFA searches (GroupLocator; RE2's capture engines
//     when it cannot prove the answer); pii.email's matches come from its '@'s (AddressSearch).
//     A pattern ending with a wide repeat C{m,n} is searched as its head C{m}, the rest of
//     the run of C taken by a byte loop (TailRepeat: a fraction of RE2's compile time).
//     The whole buffer is the context, so \b sees the byte before the region. A search stops
//     past the region's last prefilter hit. Rules of the precompiled database get their RE2
//     programs on first use.
//  4. The redacted span grows while the next byte is in the rule's `extend` set (a token longer
//     than the pattern's bounded repeat is never cut short), then validators decide.
//  5. Block rules (PEM keys) open at their pattern and run over following body-like lines to
//     their end pattern; an open block is carried to the next call in StreamState.
//  6. Payment cards, US SSNs and IBANs come from one digit-shape pass (detect/digit_shapes.h).
//  7. Where a redaction covers part of a guard match (a match whose redacted group did not take
//     part, such as pii.email's URL userinfo), the guarded rule runs again after it, as a
//     second scrub would see the text (G6).
//  8. A glued rule's prefix (Rule::glued) is scanned without its leading \b; where it follows
//     a word byte (two tokens written back to back), the line is searched again cut there.
//  9. A line holding a percent escape of a separator (detect/percent_decode.h: "%3D", "%3A",
//     "%40", ...) is searched again decoded, and its findings are mapped back to the raw
//     bytes, whole escapes included; a second encoding ("%253D") is decoded once more.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/address_search.h"
#include "detect/byte_set.h"
#include "detect/card_scanner.h"
#include "detect/first_bytes.h"
#include "detect/group_locator.h"
#include "detect/jwk_members.h"
#include "detect/native_search.h"
#include "detect/rule_gates.h"
#include "detect/tail_repeat.h"
#include "detect/validators.h"
#include "rules/rule.h"
#include "scrub/engine.h"

namespace logscrub {

struct Region {
  size_t begin;
  size_t end;
  // The furthest end of a prefilter (or pattern) match that opened or grew the region. Every
  // match of the rule holds a prefilter match, and Hyperscan reports every one's end, so no
  // match starts at or after this: the search stops there. SIZE_MAX: unknown.
  size_t last_hit = SIZE_MAX;
};

struct CompiledRule {
  const Rule* rule = nullptr;
  // RE2 programs; for rules of the precompiled database (`lazy`) built on first use.
  mutable std::unique_ptr<RE2> re;
  mutable std::unique_ptr<RE2> end_re;   // block rules only
  mutable std::unique_ptr<RE2> next_re;  // Rule::next_pattern, if any
  mutable size_t next_width = 0;         // ... and its widest match
  // The prefilter as RE2, for rules whose match starts at most kMaxAnchorOffset bytes before
  // their prefilter's match: the pattern is then run anchored at those few starts instead of
  // unanchored over the window (an unanchored DFA of a pattern with counted repeats keeps
  // building states on new data; an anchored one has a handful).
  mutable std::unique_ptr<RE2> prefilter_re;
  // The bytes a match can start with (detect/first_bytes.h): anchored tries skip other bytes,
  // which lets rules whose match starts up to kMaxFilteredAnchorOffset bytes before the
  // prefilter use prefilter_re too when few bytes can start a match.
  mutable std::optional<FirstByteSet> first_bytes;
  // Finds the redacted group inside a match with DFA searches (null: RE2's captures do).
  mutable std::unique_ptr<GroupLocator> locator;
  // For an email-address rule run by the at_domain scanner: its whole search (null: RE2's).
  mutable std::unique_ptr<AddressSearch> address_search;
  // For a few built-in patterns (detect/native_search.h): their whole search (null: RE2's).
  mutable std::unique_ptr<NativeSearch> native_search;
  // A cheap necessary condition for a match, checked before anything else (null: none); built
  // on the rule's first window (Matcher::gate_of).
  mutable std::unique_ptr<RuleGate> gate;
  // A pattern ending with a wide repeat C{m,n}: `re` (and the locator) hold its head, with
  // C{m}; the matcher takes the rest of the run of C (detect/tail_repeat.h).
  mutable std::optional<TailRepeat> tail;
  // Cross-check mode only: the whole pattern, to hold the split to it.
  mutable std::unique_ptr<RE2> full_re;
  bool lazy = false;
  int group = 0;
  size_t max_width = 0;        // width of the pattern (bounds a match)
  size_t lookbehind = 0;       // window before a Hyperscan match end
  size_t lookahead = 0;        // window after it (non-zero with a prefilter)
  size_t prefilter_width = 0;  // Hyperscan max width of the prefilter (with prefilter_offset)
  size_t glue_width = 0;       // a glued rule's prefix width (Rule::glued), else 0
  bool has_extend = false;
  ByteSet extend;
  std::vector<ValidatorFn> validators;
};

struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};

// Per rule, over one text: how far its matches' `extend` reached, and how many bytes were
// extended and validated again for matches that start before that point (a rejected match's
// retries, or a match inside an earlier token). Matcher::confirm_region bounds the second by a
// multiple of the text's size, which keeps a run of token bytes holding a match every few
// bytes linear (G1).
struct ExtendTrack {
  size_t reach = 0;
  size_t reread = 0;
};

// Per-thread working memory of the matcher (inside Scratch).
struct MatcherScratch {
  std::unique_ptr<hs_scratch_t, HsScratchDeleter> hs;
  std::vector<Region> open;                          // per rule: region being grown
  std::vector<uint32_t> touched;                     // rules with an open region (no repeats)
  std::vector<std::pair<uint32_t, Region>> regions;  // closed regions, by rule
  std::vector<Region> block_begins;
  std::vector<CardMatch> cards;  // digit-shape detectors' results
  std::vector<CardMatch> ssns;
  std::vector<CardMatch> ibans;
  std::vector<size_t> triggers;      // end offsets of JsonKey trigger hits, ascending
  std::vector<size_t> jwk_triggers;  // the Jwk detector's (its "kty" names' ends), ascending
  std::vector<CardMatch> jwk_values;
  std::vector<size_t> scanner_ends;  // prefilter scanners' match ends
  // Where a glued rule's prefix follows a word byte (Rule::glued): Matcher::find cuts there.
  std::vector<size_t> glue_starts;
  // Where each line holding an escape that triggers the percent view ends (step 9): after its
  // '\n', or at the text's end; ascending (DigitShapeOutputs::percent_lines).
  std::vector<size_t> percent_lines;
  size_t percent_depth = 0;  // how many percent decodings the text being searched went through
  // Matches whose redacted group did not take part (an earlier alternative, e.g. pii.email's
  // URL-userinfo guard, won): see Matcher::find.
  std::vector<Finding> guards;
  std::vector<size_t> guard_reach;         // recheck_after_broken_guards' running ends
  std::vector<uint64_t> guarded_blocks;    // its bitmap: 64-byte blocks some guard overlaps
  std::vector<uint32_t> guard_kilo_index;  // its first guard at or after each kilobyte
  std::vector<std::pair<size_t, size_t>> guard_rechecks;  // where its rule runs again
  // Per rule, over the text being searched: see ExtendTrack.
  std::vector<ExtendTrack> extend_tracks;
};

// The options every rule's RE2 programs are compiled with: Latin-1 bytes (as Hyperscan sees
// them), never matching '\n'.
RE2::Options rule_re2_options();

// Test and fuzzing hook: when on, every match and group the fast paths find (GroupLocator,
// AddressSearch) is also found by RE2 alone, and a difference aborts the process. Off by
// default; the fuzz targets turn it on.
void set_matcher_cross_check(bool on);

class Matcher {
 public:
  // Compiles `rules` (which must outlive the matcher). nullptr + `error` naming the rule on
  // failure (bad RE2 or Hyperscan syntax, unbounded width, bad redact group or extend set).
  static std::unique_ptr<Matcher> build(const std::vector<Rule>& rules, Error* error);

  // Rule index of the JsonKey detector rule, or -1 when it is not active.
  int json_key_rule() const { return json_key_rule_; }

  // The capture group redacted for rule index `rule` (0 = the whole match).
  int redact_group(uint32_t rule) const { return compiled_[rule].group; }

  // Serializes the Hyperscan database and the per-rule widths (for logscrub_dbgen). False when
  // there is no database.
  bool serialize(std::string* bytes, std::vector<uint32_t>* pattern_widths,
                 std::vector<uint32_t>* prefilter_widths, std::vector<int32_t>* groups) const;

  // Records longer than this (bytes, excluding a trailing "\r\n" or "\n") are masked whole by
  // the engine; such a record neither opens nor continues a multi-line block, so a stream that
  // drops it unscanned (scrub/stream.h) keeps the same block state as a one-shot scan.
  void set_max_record_bytes(size_t n) { max_record_bytes_ = n; }

  // Prepares `scratch` for this matcher.
  Error init_scratch(MatcherScratch& scratch) const;

  // Appends every finding in `text` to `out` (unordered). `state`: see StreamState. Also
  // records JsonKey trigger hits in scratch.triggers.
  Error find(MatcherScratch& scratch, std::string_view text, std::vector<Finding>& out,
             StreamState* state) const;

 private:
  Matcher() = default;
  // Appends the findings of `rule` in `region` of `text`; a block rule's openings go to
  // `block_begins` instead, guard matches (see MatcherScratch::guards) to `guards` if not null.
  // `track`: the rule's ExtendTrack in `text`, kept across its regions (ascending) of one
  // text; nullptr: this call alone.
  void confirm_region(uint32_t rule, std::string_view text, Region region,
                      std::vector<Finding>& out, std::vector<Region>* block_begins,
                      std::vector<Finding>* guards = nullptr, ExtendTrack* track = nullptr) const;
  // find() without the glued rules' cuts: records them in scratch.glue_starts instead.
  Error find_once(MatcherScratch& scratch, std::string_view text, std::vector<Finding>& out,
                  StreamState* state) const;
  // Appends the findings of the lines of `text` that hold scratch.glue_starts, searched again
  // as if a separator stood at each (Rule::glued), and what a second scrub would find after
  // each of `tails` (ends of findings inside a word); out[first...] are the text's findings.
  // Those inside a finding of the text go to `inside` instead.
  Error find_glued(MatcherScratch& scratch, std::string_view text, size_t first,
                   std::vector<size_t>& tails, std::vector<Finding>& out,
                   std::vector<Finding>& inside) const;
  // find_glued when find_once recorded cuts or a finding begins or ends inside a word, then
  // the guard recheck for what it found.
  Error find_glued_and_recheck(MatcherScratch& scratch, std::string_view text, size_t first,
                               std::vector<Finding>& out) const;
  // Appends the findings of the lines of `text` that end at `line_ends` (ascending: after a
  // '\n' or at the text's end), searched again with their escapes decoded (step 9).
  Error find_percent_decoded(MatcherScratch& scratch, std::string_view text,
                             const std::vector<size_t>& line_ends, std::vector<Finding>& out) const;
  // Findings a second pass would make where a redaction (of out[from...]) removes part of a
  // guard match (scratch.guards).
  void recheck_after_broken_guards(std::string_view text, MatcherScratch& scratch,
                                   std::vector<Finding>& out, size_t from = 0) const;
  void run_block_rule(uint32_t rule, std::string_view text, std::vector<Region>& begins,
                      std::vector<Finding>& out, StreamState* state, bool& left_open) const;

  // The rule with its RE2 programs built (thread-safe, once).
  const CompiledRule& ready(uint32_t rule) const;
  // The rule's gate, built on first use (thread-safe, once); null when it has none.
  const RuleGate* gate_of(uint32_t rule) const;

  std::vector<CompiledRule> compiled_;
  std::unique_ptr<std::once_flag[]> once_;
  std::unique_ptr<std::once_flag[]> gate_once_;
  mutable std::atomic<bool> broken_{false};
  std::unique_ptr<hs_database_t, HsDatabaseDeleter> db_;
  int card_rule_ = -1;
  int json_key_rule_ = -1;
  int ssn_rule_ = -1;
  int iban_rule_ = -1;
  int jwk_rule_ = -1;
  bool percent_view_ = false;  // step 9 (off only for an empty rule set)
  std::vector<uint32_t> block_rules_;
  std::vector<uint32_t> at_domain_rules_;  // prefilter run by scan_at_domain, not Hyperscan
  size_t max_record_bytes_ = SIZE_MAX;
};

}  // namespace logscrub
