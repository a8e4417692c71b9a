#include "detect/prefilter_check.h"

#include <re2/re2.h>

#include "detect/ascii.h"
#include "detect/matcher.h"

namespace logscrub {

namespace {

// `s` in lower case (mode 0), upper case (1) or with each ASCII letter's case swapped (2).
std::string with_case(std::string s, int mode) {
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (mode == 0 || (mode == 2 && ascii::is_upper(u))) {
      c = ascii::to_lower(u);
    } else {
      c = ascii::to_upper(u);
    }
  }
  return s;
}

// The first redacting match in `text` that `prefilter` does not hold, or nullopt.
std::optional<std::string> check_text(const Rule& rule, const RE2& pattern, const RE2& prefilter,
                                      int group, const std::string& text) {
  const re2::StringPiece whole(text);
  for (size_t pos = 0; pos <= text.size();) {
    re2::StringPiece groups[10];
    if (!pattern.Match(whole, pos, text.size(), RE2::UNANCHORED, groups, group + 1)) break;
    const re2::StringPiece& m = groups[0];
    const size_t begin = static_cast<size_t>(m.data() - text.data());
    pos = begin + 1;
    // A match whose redacted group does not take part (a guard alternative such as
    // pii.phone's "x+1") redacts nothing.
    if (groups[group].data() == nullptr) continue;
    re2::StringPiece p;
    const bool held = prefilter.Match(whole, begin, begin + m.size(), RE2::UNANCHORED, &p, 1);
    if (!held || (rule.prefilter_offset >= 0 &&
                  p.data() - m.data() > static_cast<std::ptrdiff_t>(rule.prefilter_offset)))
      return std::string(m.data(), m.size());
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> match_outside_prefilter(const Rule& rule,
                                                   const std::vector<std::string>& texts) {
  if (rule.detector != Detector::Regex || rule.prefilter.empty() || !rule.prefilter_scanner.empty())
    return std::nullopt;
  const RE2 pattern(rule.pattern, rule_re2_options());
  const RE2 prefilter(rule.prefilter, rule_re2_options());
  if (!pattern.ok() || !prefilter.ok()) return std::nullopt;
  const int group =
      rule.redact_group >= 0 ? rule.redact_group : (pattern.NumberOfCapturingGroups() > 0 ? 1 : 0);
  if (group >= 10) return std::nullopt;
  for (const std::string& text : texts) {
    for (int mode = -1; mode < 3; ++mode) {
      const std::string variant = mode < 0 ? text : with_case(text, mode);
      if (auto bad = check_text(rule, pattern, prefilter, group, variant)) return bad;
    }
  }
  return std::nullopt;
}

}  // namespace logscrub
