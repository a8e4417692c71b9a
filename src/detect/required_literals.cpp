#include "detect/required_literals.h"

#include <algorithm>

#include "detect/ascii.h"
#include "detect/pattern_syntax.h"

namespace logscrub {

namespace {

// Whether `c`, written after a backslash, stands for itself (RE2 escapes every punctuation
// byte that way; letters and digits after a backslash are classes, assertions or codes).
bool escaped_literal(unsigned char c) {
  return c >= 0x21 && c < 0x7f && !ascii::is_alnum(c);
}

// Offset just past the argument of the escape `\e` whose argument starts at `at`: \x41 or
// \x{41}, \pL or \p{Greek} (and \P), up to two more octal digits after \0-\7; `at` for other
// escapes; npos for an unclosed brace.
size_t past_escape_argument(const std::string& p, unsigned char e, size_t at) {
  if ((e == 'x' || e == 'p' || e == 'P') && at < p.size() && p[at] == '{') {
    const size_t close = p.find('}', at);
    return close == std::string::npos ? close : close + 1;
  }
  if (e == 'x') return std::min(p.size(), at + 2);
  if (e == 'p' || e == 'P') return std::min(p.size(), at + 1);
  if (e >= '0' && e <= '7') {
    for (int n = 0; n < 2 && at < p.size() && p[at] >= '0' && p[at] <= '7'; ++n) ++at;
  }
  return at;
}

}  // namespace

std::vector<RequiredLiteral> required_literals(const std::string& p, size_t min_bytes) {
  std::vector<std::string> runs;
  std::string run;
  bool caseless = false;
  size_t depth = 0;
  const auto end_run = [&] {
    if (!run.empty()) runs.push_back(run);
    run.clear();
  };
  for (size_t i = 0; i < p.size();) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '(') {
      size_t body = 0;
      std::string flags;
      const syntax::Paren kind = syntax::classify_paren(p, i, &body, &flags);
      if (kind == syntax::Paren::Unsupported) return {};
      // A flag set anywhere (even "-i") makes every run caseless: a superset of the bytes
      // the pattern accepts, so a window without the run in any case holds no match.
      if (flags.find('i') != std::string::npos) caseless = true;
      if (depth == 0) end_run();
      if (kind != syntax::Paren::BareFlags) ++depth;
      i = body;
      continue;
    }
    if (c == ')') {
      if (depth == 0) return {};
      --depth;
      ++i;
      // A quantifier after the group is read (and skipped) by the next step.
      continue;
    }
    if (c == '[') {
      const size_t after = syntax::skip_class(p, i);
      if (after == std::string::npos) return {};
      if (depth == 0) end_run();
      i = after;
      continue;
    }
    if (c == '|') {
      if (depth == 0) return {};
      ++i;
      continue;
    }
    if (const auto q = syntax::read_quantifier(p, i)) {
      // It applies to the byte before (or to a group or class, which ended the run already):
      // that byte may be absent or repeated, so it leaves the run.
      if (depth == 0 && !run.empty()) run.pop_back();
      if (depth == 0) end_run();
      i = q->end;
      continue;
    }
    unsigned char literal = 0;
    size_t next = i + 1;
    if (c == '\\') {
      if (i + 1 >= p.size()) return {};
      const unsigned char e = static_cast<unsigned char>(p[i + 1]);
      if (e == 'Q') return {};
      next = i + 2;
      if (!escaped_literal(e)) {
        // A class (\s, \d, \pL), an assertion (\b, \A), a code (\x41, \n, \101): ends the
        // run, and its argument is no byte of the text.
        if (depth == 0) end_run();
        i = past_escape_argument(p, e, next);
        if (i == std::string::npos) return {};
        continue;
      }
      literal = e;
    } else if (c == '.' || c == '^' || c == '$' || c >= 0x80 || c < 0x20) {
      if (depth == 0) end_run();
      ++i;
      continue;
    } else {
      literal = c;
    }
    if (depth == 0) run.push_back(static_cast<char>(literal));
    i = next;
  }
  if (depth != 0) return {};
  end_run();
  std::vector<RequiredLiteral> out;
  for (std::string& r : runs) {
    if (r.size() < min_bytes) continue;
    if (caseless)
      for (char& ch : r) ch = static_cast<char>(ascii::to_lower(static_cast<unsigned char>(ch)));
    out.push_back({std::move(r), caseless});
  }
  return out;
}

}  // namespace logscrub
