#include "detect/url_credential_search.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "detect/ascii.h"

namespace logscrub {
namespace {

constexpr size_t kMinScheme = 2;  // [A-Za-z][A-Za-z0-9+.-]{1,31}
constexpr size_t kMaxScheme = 32;
constexpr size_t kMaxUser = 128;
constexpr size_t kMaxPassword = 256;

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

}  // namespace

const std::string_view UrlCredentialSearch::kPattern =
    "\\b[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\\s:/?#\\[\\]\"'<>]{0,128}:([^\\s/?\\[\\]\"'<>]{1,256})@"
    "(?:[A-Za-z0-9_-]|\\[)";

std::unique_ptr<UrlCredentialSearch> UrlCredentialSearch::build(const std::string& pattern,
                                                                int group) {
  if (group != 1 || pattern != kPattern) return nullptr;
  return std::make_unique<UrlCredentialSearch>();
}

bool UrlCredentialSearch::leftmost(std::string_view text, size_t pos, size_t end,
                                   NativeMatch* match) const {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = pos; i + 3 <= end; ++i) {
    const void* colon = std::memchr(t + i, ':', end - i - 2);
    if (!colon) return false;
    i = static_cast<size_t>(static_cast<const unsigned char*>(colon) - t);
    if (t[i + 1] != '/' || t[i + 2] != '/') continue;
    // The scheme: the leftmost letter after \b in the run of scheme bytes before "://".
    size_t run = i;
    while (run > pos && i - run < kMaxScheme && is_scheme(t[run - 1])) --run;
    size_t start = run;
    while (start + kMinScheme <= i &&
           !(is_alpha(t[start]) && (start == 0 || !is_word(t[start - 1]))))
      ++start;
    if (start + kMinScheme > i) continue;
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
