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
                                    const std::vector<size_t>& line_ends,
                                    std::vector<Finding>& out) const {
  // The decoded lines are copied one after another, kLineSeparator after each, and searched in
  // batches of about kPercentBatchBytes (a longer line is a batch of its own); each finding
  // maps back through the line it starts in, from the nearest checkpoint decode_append took
  // (percent::raw_offset_of: a few steps, and 4 bytes per 64 decoded ones; an offset per
  // escape cost more to store than the decoding, G1's lines of escapes left the caches).
  struct Line {
    size_t copy_at;           // where the decoded line starts in the copy
    size_t size;              // decoded bytes
    std::string_view raw;     // the raw line (a view into the text)
    size_t first_checkpoint;  // index in `checkpoints` of the line's first
  };
  std::vector<Line> lines;
  std::string copy;
  std::vector<uint32_t> checkpoints;
  std::vector<Finding> found;
  // The copy's searches reuse the scratch: the text's guards and JSON key triggers wait here.
  std::vector<Finding> guards;
  guards.swap(scratch.guards);
  std::vector<size_t> triggers;
  triggers.swap(scratch.triggers);
  const size_t from = out.size();

  // The offset in the raw line of copy offset `d` of `line` (inside it), and in the text.
  const auto raw_of = [&](const Line& line, size_t d) {
    return percent::raw_offset_of(line.raw, &checkpoints[line.first_checkpoint], d - line.copy_at);
  };
  const auto text_offset = [&](const Line& line, size_t raw_at) {
    return static_cast<size_t>(line.raw.data() - text.data()) + raw_at;
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
      const size_t last = raw_of(line, std::min(f.end, line_end) - 1);
      const size_t end = last + percent::raw_width_at(line.raw, last);  // whole escape
      // Where the match began (a URL's password is found by a match from its scheme).
      const size_t lead =
          begin - raw_of(line, f.begin - std::min(f.begin - line.copy_at, size_t{f.lead}));
      out.push_back({f.rule, text_offset(line, begin), text_offset(line, end), f.flags,
                     static_cast<uint32_t>(std::min<size_t>(lead, UINT32_MAX))});
    }
    copy.clear();
    lines.clear();
    checkpoints.clear();
    return {};
  };

  Error err;
  size_t next_line = 0;  // where the line after the last one copied starts
  for (size_t end : line_ends) {
    // The trigger's match ends after its line's '\n' (or at the text's end): its line holds
    // text[end - 1].
    if (end <= next_line) continue;
    const size_t last = end - 1;
    const void* nl = memrchr(text.data() + next_line, '\n', last - next_line);
    const size_t line_start =
        nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : next_line;
    const size_t line_end = matcher_internal::line_end_at(text, last);
    const std::string_view raw = text.substr(line_start, line_end - line_start);
    lines.push_back({copy.size(), 0, raw, checkpoints.size()});
    percent::decode_append(raw, copy, checkpoints);
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
