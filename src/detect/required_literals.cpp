#include "detect/required_literals.h"

#include <algorithm>
#include <optional>
#include <utility>

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

// A top-level group of a pattern that every match passes through at least once: its body's
// alternatives (offsets into the pattern).
struct MandatoryGroup {
  std::vector<std::pair<size_t, size_t>> alternatives;
};

struct Reading {
  std::vector<std::string> runs;
  std::vector<MandatoryGroup> groups;
  bool caseless = false;
};

// Reads `p`'s top-level runs and mandatory groups; nullopt for a top-level alternative or
// syntax the reader does not follow.
std::optional<Reading> read_top_level(const std::string& p) {
  Reading out;
  std::vector<std::string>& runs = out.runs;
  std::string run;
  bool& caseless = out.caseless;
  size_t depth = 0;
  size_t alternative_begin = 0;  // of the top-level group being read
  MandatoryGroup group;
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
      if (kind == syntax::Paren::Unsupported) return std::nullopt;
      // A flag set anywhere (even "-i") makes every run caseless: a superset of the bytes
      // the pattern accepts, so a window without the run in any case holds no match.
      if (flags.find('i') != std::string::npos) caseless = true;
      if (depth == 0) end_run();
      if (kind != syntax::Paren::BareFlags) {
        if (depth == 0) {
          group = MandatoryGroup{};
          alternative_begin = body;
        }
        ++depth;
      }
      i = body;
      continue;
    }
    if (c == ')') {
      if (depth == 0) return std::nullopt;
      --depth;
      if (depth == 0) {
        group.alternatives.emplace_back(alternative_begin, i);
        // Mandatory unless a quantifier after it allows zero passes.
        const auto q = syntax::read_quantifier(p, i + 1);
        if (!q || q->min > 0) out.groups.push_back(std::move(group));
      }
      ++i;
      // A quantifier after the group is read (and skipped) by the next step.
      continue;
    }
    if (c == '[') {
      const size_t after = syntax::skip_class(p, i);
      if (after == std::string::npos) return std::nullopt;
      if (depth == 0) end_run();
      i = after;
      continue;
    }
    if (c == '|') {
      if (depth == 0) return std::nullopt;
      if (depth == 1) {
        group.alternatives.emplace_back(alternative_begin, i);
        alternative_begin = i + 1;
      }
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
      if (i + 1 >= p.size()) return std::nullopt;
      const unsigned char e = static_cast<unsigned char>(p[i + 1]);
      if (e == 'Q') return std::nullopt;
      next = i + 2;
      if (!escaped_literal(e)) {
        // A class (\s, \d, \pL), an assertion (\b, \A), a code (\x41, \n, \101): ends the
        // run, and its argument is no byte of the text.
        if (depth == 0) end_run();
        i = past_escape_argument(p, e, next);
        if (i == std::string::npos) return std::nullopt;
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
  if (depth != 0) return std::nullopt;
  end_run();
  return out;
}

}  // namespace

std::vector<RequiredLiteral> required_literals(const std::string& p, size_t min_bytes) {
  const std::optional<Reading> reading = read_top_level(p);
  if (!reading) return {};
  std::vector<RequiredLiteral> out;
  for (const std::string& r : reading->runs) {
    if (r.size() >= min_bytes)
      out.push_back({reading->caseless ? ascii::lower_copy(r) : r, reading->caseless});
  }
  return out;
}

std::vector<RequiredLiteralSet> required_literal_sets(const std::string& pattern,
                                                      size_t min_bytes) {
  // A top-level alternative is read as one group of alternatives.
  std::optional<Reading> reading = read_top_level(pattern);
  const std::string p = reading ? pattern : "(?:" + pattern + ")";
  if (!reading) reading = read_top_level(p);
  if (!reading) return {};
  const bool caseless = reading->caseless;
  std::vector<RequiredLiteralSet> out;
  for (const std::string& r : reading->runs) {
    if (r.size() >= min_bytes) out.push_back({{caseless ? ascii::lower_copy(r) : r}, caseless});
  }
  for (const MandatoryGroup& group : reading->groups) {
    // Each alternative read as a pattern of its own: the longest of its runs stands for it.
    RequiredLiteralSet set{{}, caseless};
    for (const auto& [begin, end] : group.alternatives) {
      const std::optional<Reading> inner = read_top_level(p.substr(begin, end - begin));
      std::string longest;
      if (inner) {
        for (const std::string& r : inner->runs)
          if (r.size() > longest.size()) longest = r;
      }
      if (longest.size() < min_bytes) {
        set.alternatives.clear();
        break;
      }
      // A flag inside the group (the outer reading saw it) is already in `caseless`.
      set.alternatives.push_back(caseless ? ascii::lower_copy(longest) : longest);
    }
    if (set.alternatives.empty()) continue;
    // A window holding an alternative holds every shorter one inside it: keep the shortest.
    std::stable_sort(
        set.alternatives.begin(), set.alternatives.end(),
        [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    std::vector<std::string> kept;
    for (const std::string& a : set.alternatives) {
      const bool holds_kept = std::any_of(kept.begin(), kept.end(), [&](const std::string& k) {
        return a.find(k) != std::string::npos;
      });
      if (!holds_kept) kept.push_back(a);
    }
    set.alternatives = std::move(kept);
    out.push_back(std::move(set));
  }
  return out;
}

namespace {

// Reads the alternatives of `p` from `*i` to a ')' (left unread) or the end into `out`: see
// word_language. False when there are more than `limit` strings or a byte it does not read.
bool read_language(const std::string& p, size_t* i, size_t limit, std::vector<std::string>* out) {
  std::vector<std::string> alternative{""};
  const auto close_alternative = [&] {
    out->insert(out->end(), alternative.begin(), alternative.end());
    alternative.assign(1, "");
    return out->size() <= limit;
  };
  while (*i < p.size() && p[*i] != ')') {
    const char c = p[*i];
    if (c == '|') {
      ++*i;
      if (!close_alternative()) return false;
      continue;
    }
    std::vector<std::string> piece;
    if (c == '(') {
      size_t body = 0;
      std::string flags;
      const syntax::Paren kind = syntax::classify_paren(p, *i, &body, &flags);
      if (kind == syntax::Paren::Unsupported) return false;
      *i = body;
      if (kind == syntax::Paren::BareFlags) continue;
      if (!read_language(p, i, limit, &piece) || *i >= p.size()) return false;
      ++*i;  // ')'
    } else if (c == '\\') {
      if (*i + 1 >= p.size()) return false;
      const auto e = static_cast<unsigned char>(p[*i + 1]);
      if (escaped_literal(e)) {
        piece.assign(1, std::string(1, static_cast<char>(e)));
        *i += 2;
      } else {
        // A class, an assertion or a code (\x41): a byte no literal holds (it only splits
        // the words); its argument is no byte of the text.
        piece.assign(1, std::string(1, '\0'));
        *i = past_escape_argument(p, e, *i + 2);
        if (*i == std::string::npos) return false;
      }
    } else if (c == '[' || c == '.' || syntax::read_quantifier(p, *i)) {
      return false;
    } else {
      piece.assign(1, std::string(1, c));
      ++*i;
    }
    std::vector<std::string> joined;
    for (const std::string& a : alternative)
      for (const std::string& b : piece) joined.push_back(a + b);
    if (joined.size() > limit) return false;
    alternative = std::move(joined);
  }
  return close_alternative();
}

}  // namespace

std::optional<std::vector<std::string>> word_language(const std::string& pattern, size_t limit) {
  std::vector<std::string> words;
  size_t i = 0;
  if (!read_language(pattern, &i, limit, &words) || i != pattern.size()) return std::nullopt;
  for (std::string& w : words) w = ascii::lower_copy(w);
  return words;
}

}  // namespace logscrub
