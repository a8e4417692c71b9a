// Matcher scanning and confirmation (see matcher.h, steps 1-4 and 6): the Hyperscan pass that
// grows each rule's regions, their confirmation by hand-written searches or RE2, and find(),
// which runs every pass over one text. Construction is in matcher_build.cpp, block rules in
// matcher_blocks.cpp, the guard recheck in matcher_guards.cpp.
#include "detect/matcher.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include "detect/ascii.h"
#include "detect/digit_shapes.h"
#include "detect/matcher_internal.h"
#include "detect/prefilter_scanners.h"
#include "scrub/render.h"

namespace logscrub {
namespace {

constexpr size_t kMaxRejectedRetries = 16;           // per region, see confirm_region
constexpr size_t kRereadPerTextByte = 8;             // see ExtendTrack
constexpr size_t kMaxContextRescan = 16;             // see confirm_region
constexpr size_t kRereadFloor = size_t{1} << 20;     // see ExtendTrack
constexpr size_t kMaxScanSegment = size_t{1} << 30;  // hs_scan takes an unsigned int length
constexpr size_t kGlueBatchBytes = size_t{1} << 20;  // see Matcher::find_glued
constexpr size_t kGlueBatchParts = size_t{1} << 15;  // ... and in parts
constexpr size_t kMostBoundsSpanned = 3;             // see Matcher::find_glued, (1b)
constexpr size_t kMostTailRounds = 8;                // see Matcher::find_glued, (2)
constexpr size_t kMostPercentDecodings = 2;          // see Matcher::find, step 9

using matcher_internal::g_cross_check;

// Whether `at` lies between two word bytes of `text`: a marker put there splits a word.
bool inside_word(std::string_view text, size_t at) {
  return at > 0 && at < text.size() && ascii::is_word(text[at - 1]) && ascii::is_word(text[at]);
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
  if (rule.rule->detector == Detector::Jwk) {
    ctx->scratch->jwk_triggers.push_back(end);
    return;
  }
  if (rule.glue_width > 0) {
    // The prefix without its "\b" (Rule::glued): after a word byte, it is a place to cut at.
    const size_t start = end - rule.glue_width;
    if (start > 0 && ascii::is_word(static_cast<unsigned char>(ctx->text[start - 1]))) {
      ctx->scratch->glue_starts.push_back(start);
      return;
    }
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

// True when a whole redaction marker starts inside text[begin, end). A second scrub sees one
// inside a match where an earlier redaction shrank the bytes of a bounded part of it: between
// a value's delimiters (database.sql_password's quoted value, 300 bytes with a cookie in it,
// fits in 256 once the cookie is a marker) or in the gap between a tool's name and its flag
// (cli.registry_login_password's 256 bytes). The first scrub found no match there, so the
// second must not either (G6). A marker's original bytes are unknown, so a match across one
// is never trusted.
bool holds_marker(std::string_view text, size_t begin, size_t end) {
  const std::string_view prefix = kRedactionMarkerPrefix;
  // Only the bytes a marker starting before `end` can cover: the search stays in the span.
  const std::string_view window =
      text.substr(begin, std::min(text.size(), end + prefix.size() - 1) - begin);
  for (size_t at = window.find(prefix); at != std::string_view::npos;
       at = window.find(prefix, at + 1)) {
    if (marker_at(text, begin + at)) return true;
  }
  return false;
}

// Whether every validator of the rule accepts `value`.
bool validators_accept(const CompiledRule& cr, std::string_view value) {
  return std::all_of(cr.validators.begin(), cr.validators.end(),
                     [&](ValidatorFn fn) { return fn(value); });
}

// Where a value found ending at `end` ends once its rule's `extend` takes the bytes after it:
// the token goes on while its bytes do, also across the JSON escapes a serializer puts into
// it (\" \\ \/ \uXXXX) when token bytes follow: "uY6r\"T3eW" is one value.
size_t extended_end(const CompiledRule& cr, std::string_view text, size_t end) {
  for (;;) {
    while (end < text.size() && cr.extend.contains(static_cast<unsigned char>(text[end]))) ++end;
    const size_t escape = json_escape_len(text, end);
    if (escape == 0 || end + escape >= text.size() ||
        (!cr.extend.contains(static_cast<unsigned char>(text[end + escape])) &&
         json_escape_len(text, end + escape) == 0))
      return end;
    end += escape;
  }
}

// Rule::next_pattern matched again and again on the line of text[from], anchored where each
// value ends (first at `from`); appends the values the checks keep to `out`, rejected ones
// (a placeholder) ending no chain. Stops where it does not match or its match holds a marker:
// a second scrub cannot tell what the marker replaced, and the first found no match there
// (G6). Returns where its last match ended (`from` if none). Each step takes one value, so the
// work is the line's bytes times the pattern's width at most (G1).
size_t follow_next_values(const CompiledRule& cr, uint32_t rule, std::string_view text, size_t from,
                          std::vector<Finding>& out) {
  const re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece groups[10];
  const int ngroups = cr.group + 1;
  size_t at = from;
  size_t reached = from;
  // Each step reads the pattern's width at most (the line's end sought that far only).
  const auto step_end = [&](size_t step) {
    const size_t window_end = std::min(text.size(), step + cr.next_width);
    const void* nl = std::memchr(text.data() + step, '\n', window_end - step);
    return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : window_end;
  };
  while (at < text.size() &&
         cr.next_re->Match(whole, at, step_end(at), RE2::ANCHOR_START, groups, ngroups)) {
    const re2::StringPiece& g = groups[cr.group];
    if (g.data() == nullptr || g.empty()) break;
    const size_t match_end = static_cast<size_t>(groups[0].data() - text.data()) + groups[0].size();
    const size_t begin = static_cast<size_t>(g.data() - text.data());
    // Each value extends as the rule's first does (a value the pattern stops short of, such
    // as -pT[r0ub4d, is the same value in either place: a chain that took "T" alone, rejected
    // as a placeholder, went past the next command's match, which a second scrub found, G6).
    const size_t end = cr.has_extend ? extended_end(cr, text, begin + g.size()) : begin + g.size();
    if (end <= at || holds_marker(text, at, std::max(match_end, end))) break;
    reached = std::max(match_end, end);
    const std::string_view span = text.substr(begin, end - begin);
    if (!marker_at(text, end) && !is_redaction_marker(span) && validators_accept(cr, span))
      out.push_back(
          {rule, begin, end, 0, static_cast<uint32_t>(std::min<size_t>(begin - at, UINT32_MAX))});
    at = end;
  }
  return reached;
}

}  // namespace

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
  // After a kept value ending at `end` of a match the search would resume at `next`: what the
  // match took after its group (url.credentials' "@h") is only context. The marker replaces
  // the group alone, so a second scrub sees those bytes and may find a match starting there
  // ("…:pw@githubP9://user:pw2@host"). The search resumes at the group's end, at most
  // kMaxContextRescan bytes back from the match's end, which keeps it linear (G1) and finds at
  // once what a second scrub would (G6).
  auto resume_after_value = [&](size_t next, size_t end) {
    const size_t rescan_from =
        std::max(end, next > kMaxContextRescan ? next - kMaxContextRescan : size_t{0});
    return rescan_from > pos ? std::min(next, rescan_from) : next;
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
        end = extended_end(cr, text, end);
        if (overlaps) ext.reread += end - begin;
        if (end > group_end) ext.reach = std::max(ext.reach, end);
        next = std::max(next, end);
      }
      std::string_view span = text.substr(begin, end - begin);
      // A value found by its context that runs straight into a marker is what is left of an
      // earlier redaction's surroundings, not a secret (G6: scrubbing output changes nothing).
      // So is a token whose last part is empty right before a marker: a JWT rejected for its
      // signature ("h.p.eyJzdWIi@e.rg", the signature's base64 cut short) whose signature an
      // e-mail address took would be "h.p." and valid to a second scrub.
      const bool into_marker = (cr.group > 0 || text[end - 1] == '.') && marker_at(text, end);
      // A match of a hand-written search that takes no '[' (nor does `extend`) holds no marker.
      const bool bracket_free = native && !cr.native_search->may_hold_bracket() &&
                                !(cr.has_extend && cr.extend.contains('['));
      // A value that is a whole marker is what an earlier scrub redacted: that scrub kept the
      // match and searched on from the value's end, not inside its context (a statement's
      // "SET PASSWORD ... = '" holding another "PASSWORD '...'"), so neither does this one (G6).
      const bool redacted_value = is_redaction_marker(span);
      const bool marker_free = !into_marker && !redacted_value &&
                               (bracket_free || !holds_marker(text, std::min(match_begin, begin),
                                                              std::max(match_end, end)));
      const bool valid = marker_free && validators_accept(cr, span);
      // The command's further values (Rule::next_pattern), whether this one is kept or not
      // (a placeholder first does not hide a real second), appended after it; not after a
      // match that holds a marker, whose original bytes are unknown (G6).
      std::vector<Finding> further;
      const size_t further_reach =
          cr.next_re && marker_free ? follow_next_values(cr, rule, text, end, further) : end;
      if (!valid) {
        pos = redacted_value ? resume_after_value(next, end)
                             : resume_after_rejection(match_begin, match_end);
        if (!further.empty()) {
          out.insert(out.end(), further.begin(), further.end());
          pos = std::max(pos, further_reach);
        }
        continue;
      }
      const size_t lead = begin - std::min(begin, match_begin);
      out.push_back(
          {rule, begin, end, 0, static_cast<uint32_t>(std::min<size_t>(lead, UINT32_MAX))});
      out.insert(out.end(), further.begin(), further.end());
      next = std::max(next, further_reach);
      next = resume_after_value(next, end);
    }
    pos = next;
  }
}

Error Matcher::find(MatcherScratch& scratch, std::string_view text, std::vector<Finding>& out,
                    StreamState* state) const {
  scratch.glue_starts.clear();
  scratch.percent_lines.clear();
  const size_t first = out.size();
  Error err = find_once(scratch, text, out, state);
  if (err) return err;
  // The text's percent trigger ends wait here while the glued searches reuse the scratch.
  std::vector<size_t> percent_lines;
  percent_lines.swap(scratch.percent_lines);
  err = find_glued_and_recheck(scratch, text, first, out);
  if (!err && !percent_lines.empty() && scratch.percent_depth < kMostPercentDecodings)
    err = find_percent_decoded(scratch, text, percent_lines, out);
  percent_lines.clear();
  scratch.percent_lines.swap(percent_lines);  // keeps its capacity
  return err;
}

Error Matcher::find_glued_and_recheck(MatcherScratch& scratch, std::string_view text, size_t first,
                                      std::vector<Finding>& out) const {
  // A finding that begins or ends inside a word puts a boundary there once redacted (its
  // marker is "[...]"): the word's head before it and its tail after it are words of their own
  // to a second scrub. The begin is cut at as a glued prefix is; the end is searched after
  // as a glued token's is (find_glued).
  std::vector<size_t> tails;
  for (size_t k = first; k < out.size(); ++k) {
    const Finding& f = out[k];
    if (f.end <= f.begin) continue;
    if (inside_word(text, f.begin)) scratch.glue_starts.push_back(f.begin);
    if (inside_word(text, f.end)) tails.push_back(f.end);
  }
  if (scratch.glue_starts.empty() && tails.empty()) return {};
  std::vector<Finding> guards;  // the text's (find_glued's searches reuse the scratch)
  guards.swap(scratch.guards);
  const size_t glued_from = out.size();
  std::vector<Finding> inside;
  Error err = find_glued(scratch, text, first, tails, out, inside);
  guards.swap(scratch.guards);
  // What the glued searches found breaks the text's guard matches as its findings do (step 7);
  // not what lies inside a finding of the text, whose marker covers it.
  if (!err && !scratch.guards.empty() && out.size() > glued_from)
    recheck_after_broken_guards(text, scratch, out, glued_from);
  out.insert(out.end(), inside.begin(), inside.end());
  return err;
}

Error Matcher::find_glued(MatcherScratch& scratch, std::string_view text, size_t first,
                          std::vector<size_t>& tails, std::vector<Finding>& out,
                          std::vector<Finding>& inside) const {
  // Three more searches, each of pieces of lines copied one after another with a '\n' after
  // each, so that a piece is a line of its own; a finding maps back through its piece. The
  // copies are searched in batches of about kGlueBatchBytes or kGlueBatchParts, which bounds
  // their memory and that of their search.
  //  1. The lines that hold cuts, cut there, as if a separator stood at each. Kept: a glued
  //     rule's match that starts at a cut and any match that ends at one -- the two tokens.
  //     Other matches were the text's to find: a piece lacks the context before it (a URL's
  //     "https://user:" that keeps pii.email off a password), so they could differ.
  //  1b. A token may hold glued prefixes after word bytes of its own (a JWT whose signature
  //     holds "AKIA", an AWS key id "AKIASIA3..."), which (1) cut too, so that no piece held
  //     the token. For each cut of a line with two or more, one piece from the cut (or line
  //     start) before it to the cut (or line end) after it: the token spanning it; and, on a
  //     line with three or more, the pieces spanning two neighbouring cuts. Kept as in (1). A
  //     token holding three such prefixes is still cut; each byte is copied five more times.
  //  2. What a second scrub would see after each token of (1) that ends at a cut outside the
  //     text's findings, and after each of `tails` (a finding's end inside a word): from there
  //     to the next finding or the line's end, after the marker's ']'. Kept: the matches that
  //     start there (G6). Such pieces do not overlap, so each byte is copied once more at most;
  //     a kept match that ends inside a word leaves a tail of its own, searched in one more
  //     round (a chain of tokens glued end to end), up to kMostTailRounds rounds.
  struct Piece {
    size_t copy_at;  // where the piece starts in the copy
    size_t text_at;  // ... and in the text
    size_t size;
    bool after_cut;   // the piece starts at a cut
    bool before_cut;  // the piece ends at one
  };
  std::vector<size_t> cuts;
  cuts.swap(scratch.glue_starts);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  // The lines that hold cuts or tails, [start, '\n' or the text's end], by start: only the
  // findings on them matter here (a text with a few cuts and many findings sorts only those).
  std::sort(tails.begin(), tails.end());
  tails.erase(std::unique(tails.begin(), tails.end()), tails.end());
  std::vector<size_t> marks;  // cuts and tails
  marks.reserve(cuts.size() + tails.size());
  std::merge(cuts.begin(), cuts.end(), tails.begin(), tails.end(), std::back_inserter(marks));
  std::vector<std::pair<size_t, size_t>> cut_lines;
  for (size_t cut : marks) {
    if (!cut_lines.empty() && cut <= cut_lines.back().second) continue;
    const void* nl_before = memrchr(text.data(), '\n', cut);
    cut_lines.emplace_back(
        nl_before ? static_cast<size_t>(static_cast<const char*>(nl_before) - text.data()) + 1 : 0,
        matcher_internal::line_end_at(text, cut));
  }
  const auto on_cut_line = [&](const Finding& f) {
    const auto line = std::lower_bound(
        cut_lines.begin(), cut_lines.end(), f.begin,
        [](const std::pair<size_t, size_t>& l, size_t at) { return l.second < at; });
    return line != cut_lines.end() && line->first <= f.end;
  };
  // The text's findings (out[first...]) on those lines as disjoint spans, by begin: a match of the
  // copies inside one adds nothing to the redaction, and a cut inside one is no boundary in the
  // output (its marker covers both sides), so such a match goes to `inside`.
  std::vector<std::pair<size_t, size_t>> covered;
  for (size_t k = first; k < out.size(); ++k) {
    if (on_cut_line(out[k])) covered.emplace_back(out[k].begin, out[k].end);
  }
  std::sort(covered.begin(), covered.end());
  size_t merged = 0;
  for (const auto& span : covered) {
    if (merged > 0 && span.first <= covered[merged - 1].second) {
      covered[merged - 1].second = std::max(covered[merged - 1].second, span.second);
    } else {
      covered[merged++] = span;
    }
  }
  covered.resize(merged);
  const auto inside_the_texts = [&](size_t begin, size_t end) {
    const auto after = std::upper_bound(covered.begin(), covered.end(), std::pair{begin, SIZE_MAX});
    return after != covered.begin() && std::prev(after)->second >= end;
  };
  // Where a finding's match begins: a URL's password is found by a match that begins at its
  // scheme. (A span of lead UINT32_MAX begins no piece: 4 GiB exceed a batch.)
  const auto match_begin = [](const Finding& f) {
    return f.begin - std::min<size_t>(f.begin, f.lead);
  };
  std::vector<Piece> pieces;
  std::string copy;
  std::vector<Finding> found;
  std::vector<size_t> triggers;  // the text's, for the JSON view
  triggers.swap(scratch.triggers);
  // Searches the copy; appends what `keep` takes (given the finding and its piece) to `out`.
  const auto search_copy = [&](auto keep) -> Error {
    found.clear();
    Error err = find_once(scratch, copy, found, nullptr);
    scratch.glue_starts.clear();  // the copy has none of its own: each cut starts a line there
    if (err) return err;
    for (const Finding& f : found) {
      // Block rules were run on the text, with its stream state; the copy's lines are not it.
      if (!compiled_[f.rule].rule->end_pattern.empty() || f.end <= f.begin) continue;
      const Piece& piece =
          *std::prev(std::upper_bound(pieces.begin(), pieces.end(), f.begin,
                                      [](size_t at, const Piece& p) { return at < p.copy_at; }));
      const size_t begin = piece.text_at + (f.begin - piece.copy_at);
      const size_t end = begin + (f.end - f.begin);
      if (!keep(f, piece)) continue;
      (inside_the_texts(begin, end) ? inside : out)
          .push_back({f.rule, begin, end, f.flags, f.lead});
    }
    copy.clear();
    pieces.clear();
    return {};
  };
  const auto add_piece = [&](size_t from, size_t to, bool after_cut, bool before_cut,
                             auto keep) -> Error {
    pieces.push_back({copy.size(), from, to - from, after_cut, before_cut});
    copy.append(text.data() + from, to - from).push_back('\n');
    return copy.size() >= kGlueBatchBytes || pieces.size() >= kGlueBatchParts ? search_copy(keep)
                                                                              : Error{};
  };

  // (1)
  const auto keep_tokens = [&](const Finding& f, const Piece& piece) {
    const bool starts =
        piece.after_cut && match_begin(f) == piece.copy_at && compiled_[f.rule].glue_width > 0;
    const bool ends = piece.before_cut && f.end == piece.copy_at + piece.size;
    return starts || ends;
  };
  // (1) and (1b): a line's boundaries are its start, its cuts and its end; (1) searches the
  // pieces between neighbours, (1b) those between every other one and every third one, which
  // span one cut or two.
  Error err;
  std::vector<size_t> bounds;
  const size_t cut_found_from = out.size();
  for (size_t span = 1; span <= kMostBoundsSpanned && !err; ++span) {
    size_t i = 0;  // the line's first cut
    for (const auto& [line_start, line_end] : cut_lines) {
      bounds.assign(1, line_start);
      for (; i < cuts.size() && cuts[i] < line_end; ++i) bounds.push_back(cuts[i]);
      bounds.push_back(line_end);
      if (bounds.size() < span + 2) continue;  // the piece would be the line itself
      for (size_t b = 0; b + span < bounds.size() && !err; ++b)
        err = add_piece(bounds[b], bounds[b + span], b > 0, b + span + 1 < bounds.size(),
                        keep_tokens);
      if (err) break;
    }
    if (!err && !pieces.empty()) err = search_copy(keep_tokens);
  }

  // (2) Rounds: the ends to search after, then the tails that what they found leaves. The
  // first round's are `tails` and the ends of (1)'s tokens inside a word: every one that ends
  // at a cut (a cut lies between two word bytes), and a glued one that ends inside a word.
  std::vector<size_t> token_ends(tails.begin(), tails.end());
  for (size_t k = cut_found_from; k < out.size(); ++k) {
    if (inside_word(text, out[k].end)) token_ends.push_back(out[k].end);
  }
  const auto keep_starts = [&](const Finding& f, const Piece& piece) {
    return match_begin(f) == piece.copy_at;
  };
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t round = 0; !err && !token_ends.empty() && round < kMostTailRounds; ++round) {
    // Every finding as a span, the text's (out[first...]) and those found since, by begin.
    spans.clear();
    for (size_t k = first; k < out.size(); ++k) {
      if (on_cut_line(out[k])) spans.emplace_back(out[k].begin, out[k].end);
    }
    std::sort(spans.begin(), spans.end());
    std::sort(token_ends.begin(), token_ends.end());
    token_ends.erase(std::unique(token_ends.begin(), token_ends.end()), token_ends.end());
    const size_t found_from = out.size();
    size_t next_span = 0;   // the first span that begins at or after the cut
    size_t covered_to = 0;  // the furthest end of the spans before it
    for (size_t k = 0; !err && k < token_ends.size(); ++k) {
      const size_t cut = token_ends[k];
      for (; next_span < spans.size() && spans[next_span].first < cut; ++next_span)
        covered_to = std::max(covered_to, spans[next_span].second);
      // A cut inside a finding is no boundary in the output: its marker covers both sides.
      if (covered_to > cut) continue;
      // The line's end is searched for only up to the next finding: the pieces stay disjoint,
      // and so does this search (a search to the line's end from every cut was quadratic).
      const size_t bound = next_span < spans.size() ? spans[next_span].first : text.size();
      if (bound <= cut) continue;
      const void* nl = std::memchr(text.data() + cut, '\n', bound - cut);
      const size_t end =
          nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : bound;
      if (end > cut) err = add_piece(cut, end, true, false, keep_starts);
    }
    if (!err && !pieces.empty()) err = search_copy(keep_starts);
    token_ends.clear();
    for (size_t k = found_from; k < out.size(); ++k) {
      if (inside_word(text, out[k].end)) token_ends.push_back(out[k].end);
    }
  }
  scratch.triggers.swap(triggers);
  return err;
}

Error Matcher::find_once(MatcherScratch& scratch, std::string_view text, std::vector<Finding>& out,
                         StreamState* state) const {
  scratch.regions.clear();
  scratch.triggers.clear();
  scratch.jwk_triggers.clear();
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
  if (!scratch.jwk_triggers.empty()) {
    scratch.jwk_values.clear();
    find_jwk_private_values(text, scratch.jwk_triggers, scratch.jwk_values);
    for (const CardMatch& v : scratch.jwk_values)
      out.push_back({static_cast<uint32_t>(jwk_rule_), v.begin, v.end});
  }
  if (card_rule_ >= 0 || ssn_rule_ >= 0 || iban_rule_ >= 0 || percent_view_) {
    // One pass for every digit-shaped detector and step 9's trigger (detect/digit_shapes.h).
    scratch.cards.clear();
    scratch.ssns.clear();
    scratch.ibans.clear();
    scratch.percent_lines.clear();
    scan_digit_shapes(text, DigitShapeOutputs{card_rule_ >= 0 ? &scratch.cards : nullptr,
                                              ssn_rule_ >= 0 ? &scratch.ssns : nullptr,
                                              iban_rule_ >= 0 ? &scratch.ibans : nullptr,
                                              percent_view_ ? &scratch.percent_lines : nullptr});
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
