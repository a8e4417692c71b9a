#include "detect/group_locator.h"

#include <hs/hs.h>

#include <cctype>
#include <climits>
#include <cstddef>
#include <cstdlib>

#include "detect/pattern_syntax.h"

namespace logscrub {
namespace {

using syntax::classify_paren;
using syntax::Paren;
using syntax::skip_class;

// One syntactic item of a pattern at nesting depth 0 that matters for the split.
struct Scan {
  std::vector<size_t> bars;  // '|' at depth 0
  // For each capturing group, in order: where its '(' is, its body, its ')' and its depth.
  struct Group {
    size_t open, body, close;
    int depth;
  };
  std::vector<Group> groups;
  std::vector<size_t> bare_flags;  // '(' of bare flag groups
  // Matching ')' of the group opened at offset 0, when the pattern starts with '('.
  size_t first_close = std::string::npos;
};

bool scan(const std::string& p, Scan* out) {
  struct Open {
    size_t at;
    int group;  // index into out->groups, or -1
  };
  std::vector<Open> stack;
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 < p.size() && (p[i + 1] == 'Q' || p[i + 1] == 'E')) return false;
      i += 2;
    } else if (c == '[') {
      i = skip_class(p, i);
      if (i == std::string::npos) return false;
    } else if (c == '(') {
      size_t body = 0;
      std::string flags;
      const Paren kind = classify_paren(p, i, &body, &flags);
      if (kind == Paren::Unsupported) return false;
      if (kind == Paren::BareFlags) {
        out->bare_flags.push_back(i);
        i = body;
        continue;
      }
      int index = -1;
      if (kind == Paren::Capturing) {
        index = static_cast<int>(out->groups.size());
        out->groups.push_back({i, body, std::string::npos, static_cast<int>(stack.size())});
      }
      stack.push_back({i, index});
      i = body;
    } else if (c == ')') {
      if (stack.empty()) return false;
      if (stack.back().group >= 0) out->groups[static_cast<size_t>(stack.back().group)].close = i;
      if (stack.back().at == 0) out->first_close = i;
      stack.pop_back();
      ++i;
    } else {
      if (c == '|' && stack.empty()) out->bars.push_back(i);
      ++i;
    }
  }
  return stack.empty();
}

// Largest spread of C's width for which the greedy-atom search tries each end in turn.
constexpr size_t kMaxAfterWidthSpread = 8;

bool is_quantifier(char c) {
  return c == '?' || c == '*' || c == '+' || c == '{';
}

std::unique_ptr<RE2> compile_part(const std::string& flags, const std::string& part,
                                  const RE2::Options& options) {
  auto re = std::make_unique<RE2>(flags + "(?:" + part + ")", options);
  return re->ok() ? std::move(re) : nullptr;
}

// The width range of `regex` according to Hyperscan; false when it has none it can state.
bool width_range(const std::string& regex, size_t* min_width, size_t* max_width) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(regex.c_str(), 0, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return false;
  }
  const bool bounded = info->max_width != UINT_MAX;
  *min_width = info->min_width;
  *max_width = info->max_width;
  free(info);  // allocated by Hyperscan's default allocator (malloc)
  return bounded;
}

}  // namespace

bool is_greedy_atom_repeat(const std::string& part) {
  if (part.empty()) return false;
  size_t i = 0;
  if (part[0] == '[') {
    i = skip_class(part, 0);
    if (i == std::string::npos) return false;
  } else if (part[0] == '\\') {
    if (part.size() < 2 || !std::isalpha(static_cast<unsigned char>(part[1])) || part[1] == 'b' ||
        part[1] == 'B' || part[1] == 'A' || part[1] == 'z' || part[1] == 'Q' || part[1] == 'E' ||
        part[1] == 'p' || part[1] == 'P' || part[1] == 'x')
      return false;
    i = 2;
  } else if (part[0] == '.') {
    i = 1;
  } else {
    return false;
  }
  // '+', '*' or a counted repeat ('?' is an option, not a repeat), greedy, and nothing after.
  const auto q = syntax::read_quantifier(part, i);
  return q && part[i] != '?' && !q->lazy && q->end == part.size();
}

bool split_at_group(const std::string& pattern, int group, GroupSplit* split) {
  if (group < 1) return false;
  std::string p = pattern;
  // Leading bare flag groups apply to everything after them: every part gets them.
  for (;;) {
    size_t body = 0;
    std::string flags;
    if (p.size() < 2 || p[0] != '(' || classify_paren(p, 0, &body, &flags) != Paren::BareFlags)
      break;
    split->flags += p.substr(0, body);
    p.erase(0, body);
  }
  for (;;) {
    Scan s;
    if (!scan(p, &s) || !s.bare_flags.empty()) return false;
    // A pattern that is one non-capturing group: its body (with the group's flags) instead.
    if (!p.empty() && p[0] == '(' && s.first_close == p.size() - 1) {
      size_t body = 0;
      std::string flags;
      if (classify_paren(p, 0, &body, &flags) == Paren::NonCapturing) {
        if (!flags.empty()) split->flags += "(?" + flags + ")";
        p = p.substr(body, p.size() - 1 - body);
        continue;
      }
    }
    const size_t index = static_cast<size_t>(group - 1);  // wrappers do not capture
    if (index >= s.groups.size()) return false;
    const Scan::Group& g = s.groups[index];
    if (g.depth != 0 || g.close == std::string::npos) return false;
    if (g.close + 1 < p.size() && is_quantifier(p[g.close + 1])) return false;
    // The alternative holding the group.
    size_t alt_begin = 0;
    size_t alt_end = p.size();
    for (size_t bar : s.bars) {
      if (bar < g.open) {
        split->earlier.push_back(p.substr(alt_begin, bar - alt_begin));
        alt_begin = bar + 1;
      } else {
        alt_end = bar;
        break;
      }
    }
    split->before = p.substr(alt_begin, g.open - alt_begin);
    split->group = p.substr(g.body, g.close - g.body);
    split->after = p.substr(g.close + 1, alt_end - g.close - 1);
    return true;
  }
}

std::unique_ptr<GroupLocator> GroupLocator::build(const std::string& pattern, int group,
                                                  const RE2::Options& options) {
  GroupSplit split;
  if (!split_at_group(pattern, group, &split)) return nullptr;
  auto locator = std::unique_ptr<GroupLocator>(new GroupLocator());
  for (const std::string& alt : split.earlier) {
    auto re = compile_part(split.flags, alt, options);
    if (!re) return nullptr;
    locator->earlier_.push_back(std::move(re));
  }
  if (!split.before.empty() &&
      !(locator->before_ = compile_part(split.flags, split.before, options)))
    return nullptr;
  if (!(locator->group_ = compile_part(split.flags, split.group, options))) return nullptr;
  if (!split.after.empty()) {
    if (!(locator->after_ = compile_part(split.flags, split.after, options))) return nullptr;
    // (?U) makes repeats prefer fewer bytes: then longer is not the preferred parse.
    locator->greedy_atom_ = split.flags.find('U') == std::string::npos &&
                            is_greedy_atom_repeat(split.group) &&
                            width_range(split.flags + "(?:" + split.after + ")",
                                        &locator->after_min_, &locator->after_max_) &&
                            locator->after_max_ - locator->after_min_ <= kMaxAfterWidthSpread;
  }
  return locator;
}

GroupLocator::Result GroupLocator::locate(const re2::StringPiece& text, size_t begin, size_t end,
                                          size_t* group_begin, size_t* group_end) const {
  for (const auto& alt : earlier_) {
    if (alt->Match(text, begin, end, RE2::ANCHOR_START, nullptr, 0)) return Result::Absent;
  }
  re2::StringPiece part;
  size_t from = begin;
  if (before_) {
    if (!before_->Match(text, begin, end, RE2::ANCHOR_START, &part, 1)) return Result::Unknown;
    from = static_cast<size_t>(part.data() - text.data()) + part.size();
  }
  if (!after_) {
    if (!group_->Match(text, from, end, RE2::ANCHOR_BOTH, nullptr, 0)) return Result::Unknown;
    *group_begin = from;
    *group_end = end;
    return Result::Found;
  }
  if (greedy_atom_) {
    // Longest G first: t from the latest place C can start down to the earliest.
    if (end < from + after_min_) return Result::Unknown;
    const size_t latest = end - after_min_;
    const size_t earliest = end - from > after_max_ ? end - after_max_ : from;
    for (size_t t = latest + 1; t-- > earliest;) {
      if (after_->Match(text, t, end, RE2::ANCHOR_BOTH, nullptr, 0) &&
          group_->Match(text, from, t, RE2::ANCHOR_BOTH, nullptr, 0)) {
        *group_begin = from;
        *group_end = t;
        return Result::Found;
      }
    }
    return Result::Unknown;
  }
  if (!group_->Match(text, from, end, RE2::ANCHOR_START, &part, 1)) return Result::Unknown;
  const size_t to = static_cast<size_t>(part.data() - text.data()) + part.size();
  if (!after_->Match(text, to, end, RE2::ANCHOR_BOTH, nullptr, 0)) return Result::Unknown;
  *group_begin = from;
  *group_end = to;
  return Result::Found;
}

}  // namespace logscrub
