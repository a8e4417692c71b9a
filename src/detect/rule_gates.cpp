#include "detect/rule_gates.h"

#include <algorithm>
#include <cstring>

#include "detect/ascii.h"
#include "detect/pattern_syntax.h"
#include "detect/required_literals.h"

namespace logscrub {

const std::string_view kConnectionStringPasswordPattern =
    "(?i)\\b(?:server|data source|datasource|host|hostname|address|addr|network "
    "address|dsn|driver|provider|database|initial catalog|user id|userid|uid|user|username|user "
    "name)\\s{0,2}=[^;\\r\\n]{0,200};(?:\\s{0,2}(?:[^;=\\s\"'Pp][^;=\\r\\n]{0,39}|[Pp][^;=\\s\"'"
    "AaWw][^;=\\r\\n]{0,38})=[^;\\r\\n]{0,100};){0,8}\\s{0,2}(?:password|pwd)\\s{0,2}=\\s{0,2}["
    "\"'{]?([^;\"'{}\\s\\[\\]][^;\"'{}\\s]{0,255})";

const std::string_view kBootstrapTokenPattern =
    "(?:-(?:[Tt]oken)[=\\s]{1,4}|\\b(?:[Tt]oken|TOKEN)[\"'\\\\]{0,2}\\s{0,4}[:=]\\s{0,4}[\"']?|(?:["
    "Bb]ootstrap|BOOTSTRAP)[_.-]?(?:[Tt]oken|TOKEN)[A-Za-z0-9_.-]{0,10}[\"'\\\\]{0,2}\\s{0,4}[:=]"
    "\\s{0,4}[\"']?)([a-z0-9]{6}\\.[a-z0-9]{16})\\b";

namespace {

constexpr size_t kMaxBlanks = 2;  // \s{0,2}

// At most 2 blanks from `at` within end: where they stop.
size_t skip_blanks(const unsigned char* t, size_t at, size_t end) {
  for (size_t n = 0; n < kMaxBlanks && at < end && ascii::is_re2_space(t[at]); ++n) ++at;
  return at;
}

// Whether text[at, ...) within end starts with `word` (lower case) in any case.
bool word_at(const unsigned char* t, size_t at, size_t end, std::string_view word) {
  return end - at >= word.size() && ascii::equals_lower(t + at, word);
}

class ConnectionStringPasswordGate final : public RuleGate {
 public:
  bool may_match(std::string_view text, size_t pos, size_t end) const override {
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t i = pos; i < end;) {
      const void* semicolon = std::memchr(t + i, ';', end - i);
      if (!semicolon) return false;
      i = static_cast<size_t>(static_cast<const unsigned char*>(semicolon) - t) + 1;
      const size_t key = skip_blanks(t, i, end);
      size_t after = SIZE_MAX;
      if (word_at(t, key, end, "password")) after = key + 8;
      if (word_at(t, key, end, "pwd")) after = key + 3;
      if (after == SIZE_MAX) continue;
      const size_t op = skip_blanks(t, after, end);
      if (op < end && t[op] == '=') return true;
    }
    return false;
  }
};

// [a-z0-9]{6}\.[a-z0-9]{16} inside [pos, end): a '.' with 6 such bytes before it and 16 after.
class BootstrapTokenGate final : public RuleGate {
 public:
  bool may_match(std::string_view text, size_t pos, size_t end) const override {
    constexpr size_t kId = 6, kSecret = 16;
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    if (end - pos < kId + 1 + kSecret) return false;
    const size_t last_dot = end - kSecret - 1;
    for (size_t i = pos + kId; i <= last_dot;) {
      const void* dot = std::memchr(t + i, '.', last_dot + 1 - i);
      if (!dot) return false;
      const size_t at = static_cast<size_t>(static_cast<const unsigned char*>(dot) - t);
      if (all_lower_alnum(t, at - kId, at) && all_lower_alnum(t, at + 1, at + 1 + kSecret))
        return true;
      i = at + 1;
    }
    return false;
  }

 private:
  static bool all_lower_alnum(const unsigned char* t, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (!ascii::is_lower(t[i]) && !ascii::is_digit(t[i])) return false;
    }
    return true;
  }
};

// One of `set`'s literals somewhere in [pos, end) of the text (in any ASCII case when
// caseless).
class RequiredLiteralGate final : public RuleGate {
 public:
  explicit RequiredLiteralGate(RequiredLiteralSet set) : set_(std::move(set)) {
    // Literals without letters ("://") are the same in any case: memmem finds them faster.
    set_.caseless =
        set_.caseless &&
        std::any_of(set_.alternatives.begin(), set_.alternatives.end(), [](const std::string& l) {
          return std::any_of(l.begin(), l.end(), [](char c) { return ascii::is_alpha(c); });
        });
  }

  bool may_match(std::string_view text, size_t pos, size_t end) const override {
    const auto* t = reinterpret_cast<const unsigned char*>(text.data());
    for (const std::string& literal : set_.alternatives) {
      if (holds(t, pos, end, literal)) return true;
    }
    return false;
  }

 private:
  bool holds(const unsigned char* t, size_t pos, size_t end, const std::string& lit) const {
    if (end - pos < lit.size()) return false;
    if (!set_.caseless) return memmem(t + pos, end - pos, lit.data(), lit.size()) != nullptr;
    const auto first = static_cast<unsigned char>(lit[0]);
    const size_t last_start = end - lit.size();
    for (size_t i = pos; i <= last_start; ++i) {
      if (static_cast<unsigned char>(ascii::to_lower(t[i])) == first &&
          ascii::equals_lower(t + i, lit))
        return true;
    }
    return false;
  }

  RequiredLiteralSet set_;
};

// Whether every prefilter match holds one of `set`'s literals (then a window, opened by one,
// always does): each of the strings the prefilter matches holds one.
// (The words are in lower case: a literal is compared in lower case too.)
bool implied_by(const RequiredLiteralSet& set, const std::vector<std::string>& prefilter_words) {
  std::vector<std::string> lower;
  for (const std::string& literal : set.alternatives) lower.push_back(ascii::lower_copy(literal));
  return std::all_of(prefilter_words.begin(), prefilter_words.end(), [&](const std::string& w) {
    return std::any_of(lower.begin(), lower.end(),
                       [&](const std::string& l) { return w.find(l) != std::string::npos; });
  });
}

// The length of the shortest literal of `set`: a gate on longer literals rules out more.
size_t shortest(const RequiredLiteralSet& set) {
  size_t n = SIZE_MAX;
  for (const std::string& literal : set.alternatives) n = std::min(n, literal.size());
  return n;
}

}  // namespace

std::unique_ptr<RuleGate> build_rule_gate(const std::string& pattern,
                                          const std::string& prefilter) {
  if (pattern == kConnectionStringPasswordPattern)
    return std::make_unique<ConnectionStringPasswordGate>();
  if (pattern == kBootstrapTokenPattern) return std::make_unique<BootstrapTokenGate>();
  // A rule without a prefilter opens windows on its whole pattern's matches: nothing to gate.
  if (prefilter.empty()) return nullptr;
  // The prefilter's matches must be known to tell which literals they hold: words, groups of
  // words and assertions (a class or a repeat may spell a literal: \b[rs]k_ holds "sk_").
  const std::optional<std::vector<std::string>> prefilter_words =
      word_language(prefilter, kMostPrefilterWords);
  if (!prefilter_words) return nullptr;
  std::optional<RequiredLiteralSet> best;
  for (RequiredLiteralSet& set : required_literal_sets(pattern, kMinRequiredLiteral)) {
    if (set.alternatives.size() > kMostGateLiterals || implied_by(set, *prefilter_words)) continue;
    const bool longer =
        !best || shortest(set) > shortest(*best) ||
        (shortest(set) == shortest(*best) && set.alternatives.size() < best->alternatives.size());
    if (longer) best = std::move(set);
  }
  if (!best) return nullptr;
  return std::make_unique<RequiredLiteralGate>(std::move(*best));
}

}  // namespace logscrub
