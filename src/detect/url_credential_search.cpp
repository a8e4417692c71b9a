#include "detect/url_credential_search.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

#include "detect/ascii.h"
#include "detect/url_syntax.h"

namespace logscrub {
namespace {

constexpr size_t kMinScheme = 2;  // [A-Za-z][A-Za-z0-9+.-]{1,31}
constexpr size_t kMaxScheme = 32;
constexpr size_t kMaxUser = 128;
constexpr size_t kMaxPassword = 256;
constexpr size_t kMaxPostgresDriver = 20;  // (?:\+[a-z0-9]{1,20})?

using ascii::is_alnum;
using ascii::is_alpha;
using ascii::is_url_password;
using ascii::is_word;  // RE2's \b

constexpr bool is_scheme(unsigned char c) {  // [A-Za-z0-9+.-]
  return is_alnum(c) || c == '+' || c == '.' || c == '-';
}
constexpr bool is_user(unsigned char c) {  // [^\s:/?#\[\]"'<>]: a password byte but ':', '#'
  return is_url_password(c) && c != ':' && c != '#';
}
constexpr auto kPasswordBytes = ascii::byte_table(is_url_password);
constexpr auto kUserBytes = ascii::byte_table(is_user);

constexpr bool is_host_start(unsigned char c) {  // [A-Za-z0-9_-] or '['
  return is_word(c) || c == '-' || c == '[';
}

// The leftmost start in [pos, i) of a generic scheme ending at i (where "://" is): a letter
// after \b, then 1..31 scheme bytes; SIZE_MAX when none.
size_t any_scheme_start(const unsigned char* t, size_t pos, size_t i) {
  size_t run = i;
  while (run > pos && i - run < kMaxScheme && is_scheme(t[run - 1])) --run;
  for (size_t start = run; start + kMinScheme <= i; ++start) {
    if (is_alpha(t[start]) && (start == 0 || !is_word(t[start - 1]))) return start;
  }
  return SIZE_MAX;
}

// The start at or after pos of "postgres" or "postgresql" (any case, after \b) ending at
// `core_end`, SIZE_MAX when none (they cannot both end there).
size_t postgres_core_start(const unsigned char* t, size_t pos, size_t core_end) {
  for (std::string_view core : {std::string_view("postgresql"), std::string_view("postgres")}) {
    if (core_end - pos < core.size()) continue;
    const size_t start = core_end - core.size();
    if (ascii::equals_lower(t + start, core) && (start == 0 || !is_word(t[start - 1])))
      return start;
  }
  return SIZE_MAX;
}

// The leftmost start in [pos, i) of \bpostgres(?:ql)?(?:\+[a-z0-9]{1,20})? ending at i, in any
// case; SIZE_MAX when none. With a "+driver" part, the core ends before the '+' that starts the
// run of alphanumerics before i (1..20 of them); without, at i.
size_t postgres_scheme_start(const unsigned char* t, size_t pos, size_t i) {
  size_t run = i;
  while (run > pos && i - run <= kMaxPostgresDriver && is_alnum(t[run - 1])) --run;
  size_t best = SIZE_MAX;
  if (run < i && i - run <= kMaxPostgresDriver && run > pos && t[run - 1] == '+')
    best = postgres_core_start(t, pos, run - 1);
  return std::min(best, postgres_core_start(t, pos, i));
}

}  // namespace

const std::string_view UrlCredentialSearch::kPattern =
    "\\b[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\\s:/?#\\[\\]\"'<>]{0,128}:([^\\s/?\\[\\]\"'<>]{1,256})@"
    "(?:[A-Za-z0-9_-]|\\[)";

const std::string_view UrlCredentialSearch::kPostgresPattern =
    "(?i)\\bpostgres(?:ql)?(?:\\+[a-z0-9]{1,20})?://[^\\s:/?#\\[\\]\"'<>]{0,128}:"
    "([^\\s/?\\[\\]\"'<>]{1,256})@(?:[A-Za-z0-9_-]|\\[)";

std::unique_ptr<UrlCredentialSearch> UrlCredentialSearch::build(const std::string& pattern,
                                                                int group) {
  if (group != 1 || (pattern != kPattern && pattern != kPostgresPattern)) return nullptr;
  return std::unique_ptr<UrlCredentialSearch>(new UrlCredentialSearch(pattern == kPostgresPattern));
}

bool UrlCredentialSearch::leftmost(std::string_view text, size_t pos, size_t end,
                                   NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = url::next_scheme_separator(t, pos, end); i < end;
       i = url::next_scheme_separator(t, i + 1, end)) {
    const size_t start = postgres_ ? postgres_scheme_start(t, pos, i) : any_scheme_start(t, pos, i);
    if (start == SIZE_MAX) continue;
    // The user, then ':'.
    const size_t user = i + 3;
    size_t colon2 = user;
    while (colon2 < end && colon2 - user < kMaxUser && kUserBytes[t[colon2]]) ++colon2;
    if (colon2 >= end || t[colon2] != ':') continue;
    // The password: the rightmost '@' in its run, within 256 bytes, with a host byte after it
    // inside [pos, end).
    const size_t password = colon2 + 1;
    size_t run_end = password;
    while (run_end < end && run_end - password <= kMaxPassword && kPasswordBytes[t[run_end]])
      ++run_end;
    // '@' at `at`: password + 1 <= at <= password + 256, at < run_end, at + 2 <= end.
    const size_t highest = std::min({run_end, password + kMaxPassword + 1, end - 1});
    size_t at = SIZE_MAX;
    for (size_t a = highest; a-- > password + 1;) {
      if (t[a] == '@' && is_host_start(t[a + 1])) {
        at = a;
        break;
      }
    }
    if (at == SIZE_MAX) continue;
    *match = NativeMatch{start, at + 2, password, at};
    return true;
  }
  return false;
}

}  // namespace logscrub
