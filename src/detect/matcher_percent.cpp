// The percent view (see matcher.h, step 9): lines holding a percent escape of a separator are
// searched again decoded (detect/percent_decode.h), and what is found there is mapped back.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "detect/matcher.h"
#include "detect/matcher_internal.h"
#include "detect/percent_decode.h"

namespace logscrub {
namespace {

constexpr size_t kPercentBatchBytes = size_t{1} << 20;  // decoded lines searched at once
// What follows each decoded line in the copy: a line of its own that is no PEM body line, so a
// block left open at the end of one decoded line stops there instead of going on over the
// next one (which the text's lines between them would have stopped).
constexpr std::string_view kLineSeparator = "\n-\n";

}  // namespace

Error Matcher::find_percent_decoded(MatcherScratch& scratch, std::string_view text,
                                    const std::vector<size_t>& escape_ends,
                                    std::vector<Finding>& out) const {
  // The decoded lines are copied one after another, kLineSeparator after each, and searched in
  // batches of about kPercentBatchBytes (a longer line is a batch of its own); each finding
  // maps back through the line it starts in. A decoded byte at copy offset d of a line maps to
  // raw offset text_at + (d - copy_at) + 2 * (escapes of the line before d): each escape is 3
  // raw bytes for 1 decoded byte.
  struct Line {
    size_t copy_at;       // where the decoded line starts in the copy
    size_t text_at;       // ... and the raw line in the text
    size_t size;          // decoded bytes
    size_t first_escape;  // index in `escapes` of the line's first escape
  };
  std::vector<Line> lines;
  std::string copy;
  std::vector<size_t> escapes;  // copy offsets of the bytes that came from escapes, ascending
  std::vector<Finding> found;
  // The copy's searches reuse the scratch: the text's guards and JSON key triggers wait here.
  std::vector<Finding> guards;
  guards.swap(scratch.guards);
  std::vector<size_t> triggers;
  triggers.swap(scratch.triggers);
  const size_t from = out.size();

  // The raw offset of copy offset `d` of `line` (d <= the line's end), and the raw end of the
  // byte there (after its escape, if it came from one).
  const auto raw_of = [&](const Line& line, size_t d) {
    const auto k = std::lower_bound(escapes.begin(), escapes.end(), d);
    const size_t before = static_cast<size_t>(k - escapes.begin()) - line.first_escape;
    return line.text_at + (d - line.copy_at) + 2 * before;
  };
  const auto raw_end_of = [&](const Line& line, size_t d) {
    const bool escaped = std::binary_search(escapes.begin(), escapes.end(), d);
    return raw_of(line, d) + (escaped ? 3 : 1);
  };
  const auto search_copy = [&]() -> Error {
    found.clear();
    ++scratch.percent_depth;
    Error err = find(scratch, copy, found, nullptr);
    --scratch.percent_depth;
    if (err) return err;
    for (const Finding& f : found) {
      if (f.end <= f.begin) continue;
      const Line& line =
          *std::prev(std::upper_bound(lines.begin(), lines.end(), f.begin,
                                      [](size_t at, const Line& l) { return at < l.copy_at; }));
      const size_t line_end = line.copy_at + line.size;
      if (f.begin >= line_end) continue;  // on a separator line: nothing there to map
      const size_t begin = raw_of(line, f.begin);
      const size_t end = raw_end_of(line, std::min(f.end, line_end) - 1);
      // Where the match began (a URL's password is found by a match from its scheme).
      const size_t lead =
          begin - raw_of(line, f.begin - std::min(f.begin - line.copy_at, size_t{f.lead}));
      out.push_back(
          {f.rule, begin, end, f.flags, static_cast<uint32_t>(std::min<size_t>(lead, UINT32_MAX))});
    }
    copy.clear();
    lines.clear();
    escapes.clear();
    return {};
  };

  Error err;
  size_t next_line = 0;  // where the line after the last one copied starts
  for (size_t end : escape_ends) {
    // An escape [end - 3, end) holds no '\n'; one on the line copied last ends before its end.
    if (end < next_line) continue;
    const void* nl = memrchr(text.data() + next_line, '\n', end - next_line);
    const size_t line_start =
        nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : next_line;
    const size_t line_end = matcher_internal::line_end_at(text, end);
    lines.push_back({copy.size(), line_start, 0, escapes.size()});
    percent::decode_append(text.substr(line_start, line_end - line_start), copy, escapes);
    lines.back().size = copy.size() - lines.back().copy_at;
    copy.append(kLineSeparator);
    next_line = line_end + 1;
    if (copy.size() >= kPercentBatchBytes && (err = search_copy())) break;
  }
  if (!err && !lines.empty()) err = search_copy();
  guards.swap(scratch.guards);
  triggers.swap(scratch.triggers);
  // What the decoded lines gave breaks the text's guard matches as its findings do (step 7).
  if (!err && !scratch.guards.empty() && out.size() > from)
    recheck_after_broken_guards(text, scratch, out, from);
  return err;
}

}  // namespace logscrub
