#include "detect/first_bytes.h"

#include <cctype>
#include <cstddef>

#include "detect/ascii.h"
#include "detect/pattern_syntax.h"

namespace logscrub {
namespace {

struct Part {
  FirstByteSet set{};
  bool nullable = true;  // can match the empty string (then what follows can start the match)
};

void add(FirstByteSet& s, unsigned char c) {
  s[c] = true;
}
void add_all(FirstByteSet& to, const FirstByteSet& from) {
  for (size_t b = 0; b < 256; ++b) to[b] = to[b] || from[b];
}
FirstByteSet complement(const FirstByteSet& s) {
  FirstByteSet r{};
  for (size_t b = 0; b < 256; ++b) r[b] = !s[b];
  return r;
}
using ascii::is_alpha;
using ascii::is_digit;

FirstByteSet digits() {
  FirstByteSet s{};
  for (unsigned char c = '0'; c <= '9'; ++c) add(s, c);
  return s;
}
FirstByteSet word() {
  FirstByteSet s = digits();
  for (unsigned c = 0; c < 256; ++c)
    if (is_alpha(static_cast<unsigned char>(c))) s[c] = true;
  add(s, '_');
  return s;
}
// RE2's \s is [\t\n\f\r ]; \v is added for a superset (its complement, \S, uses the exact one).
FirstByteSet spaces(bool with_vt) {
  FirstByteSet s{};
  for (unsigned char c : {'\t', '\n', '\f', '\r', ' '}) add(s, c);
  if (with_vt) add(s, '\v');
  return s;
}

class Analysis {
 public:
  explicit Analysis(std::string_view p) : p_(p) {}

  std::optional<FirstByteSet> run() {
    Part whole = alternation(false);
    if (!ok_ || i_ != p_.size() || whole.nullable) return std::nullopt;
    return whole.set;
  }

 private:
  // Alternatives up to a ')' or the end.
  Part alternation(bool icase) {
    Part all;
    all.nullable = false;
    for (;;) {
      Part seq = sequence(icase);
      if (!ok_) return all;
      add_all(all.set, seq.set);
      all.nullable = all.nullable || seq.nullable;
      if (i_ < p_.size() && p_[i_] == '|') {
        ++i_;
        continue;
      }
      return all;
    }
  }

  // Items up to a '|', a ')' or the end. Bare flag groups change the case folding of the
  // items after them.
  Part sequence(bool icase) {
    Part seq;
    while (ok_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      Part item = atom(icase);
      if (!ok_) break;
      const bool may_be_empty = quantifier_allows_zero();
      if (seq.nullable) add_all(seq.set, item.set);
      seq.nullable = seq.nullable && (item.nullable || may_be_empty);
    }
    return seq;
  }

  // Reads a quantifier after an item, if any; true when it allows zero repetitions.
  bool quantifier_allows_zero() {
    const auto q = syntax::read_quantifier(p_, i_);
    if (!q) return false;
    i_ = q->end;
    return q->min == 0;
  }

  Part atom(bool& icase) {
    Part r;
    r.nullable = false;
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    switch (c) {
      case '(': return group(icase);
      case '[': r.set = char_class(icase); return r;
      case '\\': return escape(icase, false);
      case '^':
      case '$':
        ++i_;
        r.nullable = true;
        return r;
      case '.':
      case '*':
      case '+':
      case '?': ok_ = false; return r;
      default:
        ++i_;
        if (!literal(c, icase, r.set)) ok_ = false;
        return r;
    }
  }

  bool literal(unsigned char c, bool icase, FirstByteSet& set) {
    add(set, c);
    if (!icase) return true;
    if (c >= 0x80) return false;  // Latin-1 case folding: not followed here
    if (is_alpha(c)) add(set, static_cast<unsigned char>(c ^ 0x20));
    return true;
  }

  Part group(bool& icase) {
    ++i_;  // '('
    bool inner = icase;
    if (i_ < p_.size() && p_[i_] == '?') {
      ++i_;
      if (i_ < p_.size() && (p_[i_] == 'P' || p_[i_] == '<')) {
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos || p_[i_ + 1] == '=' || p_[i_ + 1] == '!') {
          ok_ = false;
          return {};
        }
        i_ = close + 1;
      } else {
        bool on = true;
        for (; i_ < p_.size() && p_[i_] != ':' && p_[i_] != ')'; ++i_) {
          if (p_[i_] == '-') {
            on = false;
          } else if (p_[i_] == 'i') {
            inner = on;
          } else if (!std::isalpha(static_cast<unsigned char>(p_[i_]))) {
            ok_ = false;
            return {};
          }
        }
        if (i_ >= p_.size()) {
          ok_ = false;
          return {};
        }
        if (p_[i_] == ')') {  // bare flags: they hold for the rest of the enclosing group
          ++i_;
          icase = inner;
          return {};  // zero width
        }
        ++i_;  // ':'
      }
    }
    Part r = alternation(inner);
    if (!ok_ || i_ >= p_.size() || p_[i_] != ')') {
      ok_ = false;
      return r;
    }
    ++i_;
    return r;
  }

  // An escape at p_[i_] == '\\', outside a class (in_class: inside one).
  Part escape(bool icase, bool in_class) {
    Part r;
    r.nullable = false;
    if (i_ + 1 >= p_.size()) {
      ok_ = false;
      return r;
    }
    const unsigned char e = static_cast<unsigned char>(p_[i_ + 1]);
    i_ += 2;
    switch (e) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        if (in_class) ok_ = false;
        r.nullable = true;
        return r;
      case 'd': r.set = digits(); return r;
      case 'D': r.set = complement(digits()); return r;
      case 'w': r.set = word(); return r;
      case 'W': r.set = complement(word()); return r;
      case 's': r.set = spaces(true); return r;
      case 'S': r.set = complement(spaces(false)); return r;
      case 't': add(r.set, '\t'); return r;
      case 'n': add(r.set, '\n'); return r;
      case 'r': add(r.set, '\r'); return r;
      case 'f': add(r.set, '\f'); return r;
      case 'v': add(r.set, '\v'); return r;
      default:
        if (std::isalnum(e) || e >= 0x80) {  // \x, \p, \Q, \C, back-references...: not read
          ok_ = false;
          return r;
        }
        if (!literal(e, icase, r.set)) ok_ = false;
        return r;
    }
  }

  // A class at p_[i_] == '['.
  FirstByteSet char_class(bool icase) {
    ++i_;
    FirstByteSet set{};
    bool negated = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negated = true;
      ++i_;
    }
    bool first = true;
    while (ok_ && i_ < p_.size() && (p_[i_] != ']' || first)) {
      first = false;
      if (p_[i_] == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        ok_ = false;
        break;
      }
      unsigned char lo = 0;
      if (p_[i_] == '\\') {
        Part e = escape(false, true);
        if (!ok_) break;
        size_t members = 0;
        for (size_t b = 0; b < 256; ++b) {
          if (e.set[b]) {
            ++members;
            lo = static_cast<unsigned char>(b);
          }
        }
        if (members != 1) {  // \d, \w, \s...: no range can follow
          add_all(set, e.set);
          continue;
        }
      } else {
        lo = static_cast<unsigned char>(p_[i_++]);
      }
      unsigned char hi = lo;
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        if (p_[i_] == '\\') {
          Part e = escape(false, true);
          size_t members = 0;
          for (size_t b = 0; b < 256; ++b) {
            if (e.set[b]) {
              ++members;
              hi = static_cast<unsigned char>(b);
            }
          }
          if (!ok_ || members != 1) {
            ok_ = false;
            break;
          }
        } else {
          hi = static_cast<unsigned char>(p_[i_++]);
        }
      }
      if (hi < lo) {
        ok_ = false;
        break;
      }
      for (unsigned b = lo; b <= hi; ++b) add(set, static_cast<unsigned char>(b));
    }
    if (!ok_ || i_ >= p_.size()) {
      ok_ = false;
      return set;
    }
    ++i_;  // ']'
    if (icase) {
      // Fold ASCII letters; a class with other letters folds in ways not followed here. A
      // negated class is complemented before folding: a superset either way.
      FirstByteSet folded = set;
      for (unsigned b = 0; b < 256; ++b) {
        if (!set[b]) continue;
        if (b >= 0x80 && !negated) ok_ = false;
        if (is_alpha(static_cast<unsigned char>(b))) folded[b ^ 0x20] = true;
      }
      if (!negated) set = folded;
    }
    return negated ? complement(set) : set;
  }

  std::string_view p_;
  size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

std::optional<FirstByteSet> first_bytes(std::string_view pattern) {
  return Analysis(pattern).run();
}

}  // namespace logscrub
