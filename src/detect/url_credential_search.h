// UrlCredentialSearch: the leftmost match of the built-in url.credentials rule without RE2.
//
// The rule, "scheme://user:password@host" with the password redacted:
//   \b[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\s:/?#\[\]"'<>]{0,128}:([^\s/?\[\]"'<>]{1,256})@(?:[A-Za-z0-9_-]|\[)
// As RE2 programs its bounded repeats cost ~3-5 ms to build (paid by the first line holding a
// URL with a password) and an unanchored DFA run over the window of each "://" hit, which was
// about a tenth of the time on secret-dense logs. Its leftmost-first match in [pos, end):
//  - a scheme holds no ':', so a match's "://" is the first ':' after its start, and matches
//    around an earlier "://" start earlier: the "://"s are tried in order;
//  - what follows the "://" does not depend on where the scheme starts, so around each "://"
//    the leftmost scheme start (a letter after \b, 2..32 bytes before it, a run of scheme
//    bytes) is the match's start, if the rest matches;
//  - the user holds no ':', so it is the run of user bytes up to a ':' (at most 128); the
//    password is greedy: the rightmost '@' within 256 bytes of password bytes that a host byte
//    ([A-Za-z0-9_-] or '[') follows ends it.
// Only a pattern that is exactly the built-in one gets this search (build returns null for any
// other, which runs on RE2). tests/unit/url_credential_search_test.cpp and the fuzzers
// (cross-check mode) hold it to RE2's leftmost match.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "detect/native_search.h"

namespace logscrub {

class UrlCredentialSearch final : public NativeSearch {
 public:
  // The patterns this search replaces: url.credentials (patterns/urls.yaml), and
  // database.postgres_uri (patterns/databases.yaml), the same but for its scheme,
  // (?i)\bpostgres(?:ql)?(?:\+[a-z0-9]{1,20})?, whose start before a "://" is the leftmost of
  // the core ending there or ending before a '+' and 1..20 alphanumerics that end there.
  static const std::string_view kPattern;
  static const std::string_view kPostgresPattern;

  // The search for `pattern` with redacted group `group`, or nullptr when it is neither
  // pattern with group 1.
  static std::unique_ptr<UrlCredentialSearch> build(const std::string& pattern, int group);

  // The leftmost-first match in [pos, end) of `text` (all of it context for \b), the password
  // as its group; false when there is none.
  bool leftmost(std::string_view text, size_t pos, size_t end, NativeMatch* match) const override;
  // may_hold_bracket() is NativeSearch's (true): the match ends with the host's first byte,
  // which may be '[' (an IPv6 literal), where a marker can start.

 private:
  explicit UrlCredentialSearch(bool postgres) : postgres_(postgres) {}
  bool postgres_;  // the scheme: postgres' (kPostgresPattern), else any (kPattern)
};

}  // namespace logscrub
