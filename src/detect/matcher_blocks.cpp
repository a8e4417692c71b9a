// Block rules (see matcher.h, step 5): a PEM private key opens at its pattern and runs over
// the body-like lines after it to its end pattern; a block still open at the end of the text
// is carried to the next call in StreamState. When the opening line has a frame (a container
// runtime's or syslog's header before the key, the rest of a JSON record after it:
// detect/line_frame.h), a line framed like it whose message part is body-like continues the
// block too, and only that part is redacted.
#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "detect/ascii.h"
#include "detect/line_frame.h"
#include "detect/matcher.h"
#include "detect/matcher_internal.h"

namespace logscrub {

using matcher_internal::line_end_at;
using matcher_internal::trim_cr;

namespace {

constexpr size_t kMaxBlockLines = 1000;   // a PEM body longer than this is closed anyway
constexpr size_t kMaxPemBodyLine = 1024;  // longer lines are not PEM body

bool is_base64(char c) {
  return ascii::is_alnum(c) || c == '+' || c == '/' || c == '=';
}

// A line that can sit inside a PEM block: blank, base64, or an RFC 1421 header.
bool pem_body_like(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (line.size() > kMaxPemBodyLine) return false;
  if (std::all_of(line.begin(), line.end(), is_base64)) return true;
  size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  return std::all_of(line.begin(), line.begin() + static_cast<long>(colon), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

// The part of a framed line that is PEM body: [begin, end) of the line.
struct FramedBody {
  size_t begin;
  size_t end;
};

// The PEM body of `line` (no line break) inside `frame`: the run of base64 that ends its
// message part, when nothing but the frame's head is before it, else the whole message part
// when it is body-like (blank, an RFC 1421 header); nullopt when the line is not a framed body
// line.
std::optional<FramedBody> framed_body(std::string_view line, const LineFrame& frame) {
  const size_t head = frame.head_match(line);
  size_t tail = frame.tail_match(line);
  if (head + tail > line.size()) tail = 0;
  const size_t inner_end = line.size() - tail;
  if (head > inner_end) return std::nullopt;
  size_t run = inner_end;
  while (run > 0 && inner_end - run <= kMaxPemBodyLine && is_base64(line[run - 1])) --run;
  if (run < inner_end && run <= head && inner_end - run <= kMaxPemBodyLine)
    return FramedBody{run, inner_end};
  if (pem_body_like(line.substr(head, inner_end - head))) return FramedBody{head, inner_end};
  return std::nullopt;
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
  // `frame`: the opening line's frame.
  auto continue_block = [&](size_t pos, size_t lines, const LineFrame& frame) -> size_t {
    while (pos < text.size()) {
      size_t line_end = line_end_at(text, pos);
      if (too_long(pos, line_end)) return pos;
      const size_t content_end = trim_cr(text, pos, line_end);
      const std::string_view line = text.substr(pos, content_end - pos);
      size_t end_pos = 0;
      if (find_end(pos, line_end, &end_pos)) {
        // A framed end line keeps its frame's head (the tail after the marker is never taken).
        const size_t marker = static_cast<size_t>(end_match.data() - text.data());
        const size_t head = frame.empty() ? 0 : frame.head_match(line);
        out.push_back({rule, std::min(pos + head, marker), end_pos});
        return end_pos;
      }
      if (++lines > kMaxBlockLines) return pos;
      if (pem_body_like(line)) {
        if (content_end > pos) out.push_back({rule, pos, content_end});
      } else if (const auto body = frame.empty() ? std::nullopt : framed_body(line, frame)) {
        if (body->end > body->begin) out.push_back({rule, pos + body->begin, pos + body->end});
      } else {
        return pos;
      }
      pos = line_end + 1;
    }
    if (state) {
      left_open = true;
      state->open_block_rule = static_cast<int>(rule);
      state->open_block_lines = lines;
      state->open_block_frame = frame;
    }
    return text.size();
  };

  size_t resume = 0;
  if (state && state->open_block_rule == static_cast<int>(rule)) {
    const LineFrame frame = state->open_block_frame;  // continue_block may overwrite it
    resume = continue_block(0, state->open_block_lines, frame);
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
    const size_t content_end = trim_cr(text, b.begin, line_end);
    out.push_back({rule, b.begin, content_end});
    const LineFrame frame(text.substr(line_begin, content_end - line_begin), b.begin - line_begin,
                          std::min(b.end, content_end) - line_begin);
    resume = continue_block(std::min(line_end + 1, text.size()), 1, frame);
  }
}

}  // namespace logscrub
