#include "detect/tail_repeat.h"

#include <cstdint>
#include <string_view>

#include "detect/pattern_syntax.h"

namespace logscrub {

namespace {

using syntax::Paren;
using syntax::read_quantifier;

// Offset past the escape at p[i] (p[i] == '\\'), or npos when it is one this reader does not
// know how to skip. *zero_width: \b \B \A \z (assertions, no byte).
size_t skip_escape(const std::string& p, size_t i, bool* zero_width) {
  *zero_width = false;
  if (i + 1 >= p.size()) return std::string::npos;
  const char e = p[i + 1];
  if (e == 'Q' || e == 'E' || e == 'C') return std::string::npos;
  if (e == 'b' || e == 'B' || e == 'A' || e == 'z') {
    *zero_width = true;
    return i + 2;
  }
  if (e == 'x' || e == 'p' || e == 'P') {
    if (i + 2 < p.size() && p[i + 2] == '{') {
      const size_t close = p.find('}', i + 3);
      return close == std::string::npos ? close : close + 1;
    }
    return e == 'x' ? i + 4 : i + 3;  // \xHH, \pN
  }
  return i + 2;
}

}  // namespace

std::optional<TailRepeat> TailRepeat::split(const std::string& p, const RE2::Options& options) {
  struct Open {
    int capture;        // group number, or -1
    std::string flags;  // of "(?i:" groups
    bool bar = false;   // a '|' directly inside
  };
  std::vector<Open> stack;
  std::string leading_flags;  // "(?i)" groups at the start of the pattern
  int captures = 0;
  // The candidate tail: an atom with a wide {m,n} after which only ')' came so far.
  bool tail = false;
  size_t atom_begin = 0, atom_end = 0, quant_begin = 0, quant_end = 0, min = 0, max = 0;
  std::vector<std::string> atom_flags;  // flags of the groups around the atom
  std::vector<int> closed_after;        // capture groups closed after the atom
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '(') {
      size_t body = 0;
      std::string flags;
      const Paren kind = syntax::classify_paren(p, i, &body, &flags);
      if (kind == Paren::Unsupported || flags.find('U') != std::string::npos) return std::nullopt;
      if (kind == Paren::BareFlags) {
        if (i != leading_flags.size()) return std::nullopt;  // flags from the middle on
        leading_flags += p.substr(i, body - i);
      } else {
        stack.push_back({kind == Paren::Capturing ? ++captures : -1, flags});
      }
      tail = false;
      i = body;
      continue;
    }
    if (c == ')') {
      if (stack.empty()) return std::nullopt;
      const Open closed = stack.back();
      stack.pop_back();
      ++i;
      if (const auto q = read_quantifier(p, i)) {  // a repeated group
        tail = false;
        i = q->end;
      } else if (tail) {
        if (closed.bar) tail = false;  // the repeat sits in one alternative only
        if (closed.capture > 0) closed_after.push_back(closed.capture);
      }
      continue;
    }
    if (c == '|') {
      if (!stack.empty())
        stack.back().bar = true;
      else
        return std::nullopt;  // alternatives at the top: no single tail
      tail = false;
      ++i;
      continue;
    }
    // An atom: a class, an escape, '.', or a literal byte; '^' and '$' are assertions.
    const size_t begin = i;
    bool zero_width = c == '^' || c == '$';
    if (c == '[') {
      i = syntax::skip_class(p, i);
    } else if (c == '\\') {
      i = skip_escape(p, i, &zero_width);
    } else {
      ++i;
    }
    if (i == std::string::npos || i > p.size()) return std::nullopt;
    const auto q = read_quantifier(p, i);
    tail = false;
    if (q) {
      if (!zero_width && q->max != SIZE_MAX && !q->lazy && q->max >= q->min + kMinSpread) {
        tail = true;
        atom_begin = begin;
        atom_end = i;
        quant_begin = i;
        quant_end = q->end;
        min = q->min;
        max = q->max;
        atom_flags.clear();
        for (const Open& o : stack) atom_flags.push_back(o.flags);
        closed_after.clear();
      }
      i = q->end;
    }
  }
  if (!stack.empty() || !tail) return std::nullopt;

  // The class C: the bytes the atom matches alone, under the flags in force where it stands.
  std::string atom = leading_flags;
  for (const std::string& f : atom_flags) atom += f.empty() ? "(?:" : "(?" + f + ":";
  atom += p.substr(atom_begin, atom_end - atom_begin);
  atom += std::string(atom_flags.size(), ')');
  RE2 atom_re(atom, options);
  if (!atom_re.ok()) return std::nullopt;
  TailRepeat split;
  for (int b = 0; b < 256; ++b) {
    if (b == '\n') continue;  // no match crosses a line (never_nl)
    const char byte = static_cast<char>(b);
    split.in_class_[static_cast<size_t>(b)] = RE2::FullMatch(re2::StringPiece(&byte, 1), atom_re);
  }
  split.head_ = p.substr(0, quant_begin) + "{" + std::to_string(min) + "}" + p.substr(quant_end);
  split.extra_ = max - min;
  split.tail_groups_ = std::move(closed_after);
  return split;
}

}  // namespace logscrub
