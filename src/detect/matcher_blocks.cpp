// Block rules (see matcher.h, step 5): a PEM private key opens at its pattern and runs over
// the body-like lines after it to its end pattern; a block still open at the end of the text
// is carried to the next call in StreamState.
#include <algorithm>
#include <cstring>

#include "detect/matcher.h"
#include "detect/matcher_internal.h"

namespace logscrub {

using matcher_internal::line_end_at;
using matcher_internal::trim_cr;

namespace {

constexpr size_t kMaxBlockLines = 1000;   // a PEM body longer than this is closed anyway
constexpr size_t kMaxPemBodyLine = 1024;  // longer lines are not PEM body

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

}  // namespace logscrub
