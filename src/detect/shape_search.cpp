#include "detect/shape_search.h"

#include <cstring>

#include "detect/ascii.h"
#include "detect/byte_set.h"
#include "detect/pattern_syntax.h"

namespace logscrub {

namespace {

using ascii::is_word;  // RE2's \b

bool is_punct(char c) {
  return c > ' ' && c < 0x7f && !ascii::is_alnum(c);
}

// A byte that stands for itself outside a class.
bool is_plain_literal(char c) {
  return c > ' ' && c < 0x7f && std::strchr("\\^$.|?*+()[]{}", c) == nullptr;
}

// Reads a literal byte (plain, or '\' and a punctuation byte) at p[*i]; false when there is none.
bool read_literal(const std::string& p, size_t* i, char* out) {
  if (*i < p.size() && is_plain_literal(p[*i])) {
    *out = p[(*i)++];
    return true;
  }
  if (*i + 1 < p.size() && p[*i] == '\\' && is_punct(p[*i + 1])) {
    *out = p[*i + 1];
    *i += 2;
    return true;
  }
  return false;
}

// \b at `at` of the whole text (the bytes outside it count as non-word, as in RE2).
bool boundary_at(const unsigned char* t, size_t size, size_t at) {
  const bool before = at > 0 && is_word(t[at - 1]);
  const bool after = at < size && is_word(t[at]);
  return before != after;
}

// Reads STEPs from p[*i] on, up to a '|' or ')' (not taken) or the end of the pattern, or a
// final \b (taken: *trailing_boundary); false when something else is there.
bool read_steps(const std::string& p, size_t* i, std::vector<ShapeSearch::Step>& steps,
                bool* trailing_boundary) {
  while (*i < p.size() && p[*i] != '|' && p[*i] != ')') {
    if (p.compare(*i, 2, "\\b") == 0 && *i + 2 == p.size() && trailing_boundary) {
      *trailing_boundary = true;
      *i += 2;
      return true;
    }
    ShapeSearch::Step step;
    char c = 0;
    if (p[*i] == '[') {
      const size_t close = syntax::skip_class(p, *i);
      if (close == std::string::npos) return false;
      const std::string_view body(p.data() + *i + 1, close - *i - 2);
      ByteSet set;
      if (body.empty() || body[0] == '^' || body.find('\\') != std::string_view::npos ||
          !set.parse(body))
        return false;
      for (int b = 0; b < 256; ++b) step.bytes[b] = set.contains(static_cast<unsigned char>(b));
      *i = close;
    } else if (read_literal(p, i, &c)) {
      step.bytes[static_cast<unsigned char>(c)] = true;
    } else {
      return false;
    }
    if (const auto q = syntax::read_quantifier(p, *i)) {
      if (q->lazy || q->max == SIZE_MAX || q->max == 0) return false;
      step.min = q->min;
      step.max = q->max;
      *i = q->end;
    }
    steps.push_back(step);
  }
  return true;
}

// Whether a start fixes the match of `steps` (the conditions in the header).
bool start_fixes_match(const std::vector<ShapeSearch::Step>& steps, bool trailing_boundary) {
  for (size_t k = 0; k < steps.size(); ++k) {
    if (steps[k].min == steps[k].max) continue;
    if (k + 1 < steps.size()) {
      if (steps[k + 1].min == 0) return false;
      for (int b = 0; b < 256; ++b) {
        if (steps[k].bytes[b] && steps[k + 1].bytes[b]) return false;
      }
    } else if (trailing_boundary) {
      if (steps[k].min == 0) return false;
      for (int b = 0; b < 256; ++b) {
        if (steps[k].bytes[b] && !is_word(static_cast<unsigned char>(b))) return false;
      }
    }
  }
  return true;
}

}  // namespace

std::unique_ptr<ShapeSearch> ShapeSearch::build(const std::string& p, int group) {
  if (group != 0) return nullptr;
  auto search = std::unique_ptr<ShapeSearch>(new ShapeSearch());
  size_t i = 0;
  if (p.compare(0, 2, "\\b") == 0) {
    search->leading_boundary_ = true;
    i = 2;
  }
  // HEAD: (?:ALT|ALT|...), each ALT steps of its own.
  std::vector<std::vector<Step>> alternatives;
  if (i < p.size() && p[i] == '(') {
    size_t body = 0;
    std::string flags;
    if (syntax::classify_paren(p, i, &body, &flags) != syntax::Paren::NonCapturing ||
        !flags.empty())
      return nullptr;
    i = body;
    for (;;) {
      std::vector<Step> steps;
      if (!read_steps(p, &i, steps, nullptr) || steps.empty() || i >= p.size()) return nullptr;
      alternatives.push_back(std::move(steps));
      if (p[i++] == ')') break;
    }
    // A quantifier on the group is not a shape.
    if (syntax::read_quantifier(p, i)) return nullptr;
  } else {
    alternatives.emplace_back();
  }
  // The common STEPs, then maybe a final \b.
  std::vector<Step> tail;
  if (!read_steps(p, &i, tail, &search->trailing_boundary_) || i != p.size()) return nullptr;
  for (std::vector<Step>& steps : alternatives) {
    steps.insert(steps.end(), tail.begin(), tail.end());
    if (!start_fixes_match(steps, search->trailing_boundary_)) return nullptr;
    // The first bytes: the first step's, which must then take a byte.
    if (steps.empty() || steps[0].min == 0) return nullptr;
    for (int b = 0; b < 256; ++b)
      search->first_bytes_[b] = search->first_bytes_[b] || steps[0].bytes[b];
    for (const Step& step : steps)
      search->may_hold_bracket_ = search->may_hold_bracket_ || step.bytes['['];
  }
  search->shapes_ = std::move(alternatives);
  return search;
}

size_t ShapeSearch::match_from(const unsigned char* t, size_t size, size_t s, size_t end,
                               const std::vector<Step>& steps) const {
  size_t at = s;
  for (const Step& step : steps) {
    const size_t limit = std::min(end, at + step.max);  // the greedy run, within end
    size_t run_end = at;
    while (run_end < limit && step.bytes[t[run_end]]) ++run_end;
    if (run_end - at < step.min) return SIZE_MAX;
    at = run_end;
  }
  if (trailing_boundary_ && !boundary_at(t, size, at)) return SIZE_MAX;
  return at;
}

bool ShapeSearch::leftmost(std::string_view text, size_t pos, size_t end,
                           NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t s = pos; s < end; ++s) {
    if (!first_bytes_[t[s]]) continue;
    if (leading_boundary_ && !boundary_at(t, text.size(), s)) continue;
    for (const std::vector<Step>& shape : shapes_) {
      const size_t e = match_from(t, text.size(), s, end, shape);
      if (e == SIZE_MAX) continue;
      *match = NativeMatch{s, e, s, e};
      return true;
    }
  }
  return false;
}

}  // namespace logscrub
