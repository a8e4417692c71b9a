// RuleGate: a cheap necessary condition for a built-in rule's match, checked on a window
// before the rule's RE2 programs are built or run. When it says no, no match of the pattern
// lies in the window (so nothing is lost); when yes, RE2 decides as before. Each gate is tied
// to its pattern byte for byte (build_rule_gate returns null for any other) and reasons in
// its comment why every match holds what it looks for; cross-check mode (the fuzzers) runs
// RE2 wherever a gate said no and aborts if it finds a match.
//
// - database.ado_odbc_password: every match holds ';', at most 2 blanks, "password" or "pwd"
//   (any case), at most 2 blanks, '=' -- the key before the password value ends a key=value
//   pair. Its prefilter, "password=" alone, opens a window on every "password=" in a log
//   ("login failed password=..."), where building its RE2 program and DFA cost ~5-8 ms and each
//   search ~30 us, for nothing.
// - kubernetes.bootstrap_token: every match ends with its redacted group,
//   [a-z0-9]{6}\.[a-z0-9]{16}. Its prefilter, "token" in any case alone (a literal Hyperscan
//   scans fast), opens a window on every access_token, Bearer token or csrf token of a log.
// - Any other rule with a prefilter of words, groups and assertions: a set of literals of
//   which every match of its pattern holds one (detect/required_literals.h: plain bytes at
//   the pattern's top level, or an alternative of a group every match passes through; each at
//   least kMinRequiredLiteral bytes, at most kMostGateLiterals of them) and which not every
//   string of its prefilter holds, such as the "://" of database.mysql_uri, whose prefilter is
//   the scheme name alone: "mysql" in a log ("connected to mysql at db:3306") would build its
//   RE2 program (~2 ms) for nothing. The set whose shortest literal is longest is looked for;
//   a rule with none has no gate.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace logscrub {

class RuleGate {
 public:
  virtual ~RuleGate() = default;
  // False only when no match of the rule's pattern lies in [pos, end) of `text`.
  virtual bool may_match(std::string_view text, size_t pos, size_t end) const = 0;
};

// The shortest literal a RequiredLiteralGate looks for, and the most literals it looks for.
inline constexpr size_t kMinRequiredLiteral = 2;
inline constexpr size_t kMostGateLiterals = 4;
// The most strings a prefilter may match for its rule to get such a gate.
inline constexpr size_t kMostPrefilterWords = 256;

// The gate for a rule with `pattern` and `prefilter` (empty: none), or nullptr when there is
// none for it.
std::unique_ptr<RuleGate> build_rule_gate(const std::string& pattern, const std::string& prefilter);

// The pattern of database.ado_odbc_password that has a gate (patterns/databases.yaml).
extern const std::string_view kConnectionStringPasswordPattern;

// The pattern of kubernetes.bootstrap_token that has a gate (patterns/keys.yaml).
extern const std::string_view kBootstrapTokenPattern;

}  // namespace logscrub
