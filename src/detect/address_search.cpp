#include "detect/address_search.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "detect/ascii.h"
#include "detect/group_locator.h"
#include "detect/url_syntax.h"

namespace logscrub {
namespace {

// The local part the search walks back over: the pattern's group must start with exactly this.
constexpr std::string_view kLocalPart = "[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@";
constexpr size_t kMaxLocalPart = 64;
// The domain grammar the search matches by hand (match_domain) when the group goes on with
// exactly this and the pattern ends with \b: 1..8 labels of 1..63 bytes (alphanumerics and
// '-', not at either end), each ended by a dot, then an alphabetic TLD of 2..24 letters.
constexpr std::string_view kDomain =
    "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}";
constexpr size_t kMaxLabels = 8;
constexpr size_t kMaxLabel = 63;
constexpr size_t kMinTld = 2;
constexpr size_t kMaxTld = 24;

// The URL-userinfo guards the search matches by hand (find_url_userinfo) when the pattern's
// earlier alternatives are exactly these two: "://user:password@" (the user part may hold ':',
// the password also '@' and '#') and "://user@".
constexpr std::string_view kUserPasswordGuard =
    "://[^\\s/?#@\\[\\]\"'<>]{0,128}:[^\\s/?\\[\\]\"'<>]{0,256}@";
constexpr std::string_view kUserGuard = "://[^\\s/?#@\\[\\]:\"'<>]{1,128}@";
constexpr size_t kMaxGuardUser = 128;
constexpr size_t kMaxGuardPassword = 256;

using ascii::is_alpha;
using ascii::is_url_password;

// [^\s/?#@\[\]"'<>]: a byte of kUserPasswordGuard's user (the password's bytes but '#', '@').
constexpr bool is_guard_user(unsigned char c) {
  return is_url_password(c) && c != '#' && c != '@';
}
constexpr auto kGuardPasswordBytes = ascii::byte_table(is_url_password);
constexpr auto kGuardUserBytes = ascii::byte_table(is_guard_user);

using ascii::is_alnum;
using ascii::is_word;  // RE2's \b

bool is_local(unsigned char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// The end of kDomain's match followed by \b, at `from` (just after the '@') in text[0, size),
// the match within [from, end); SIZE_MAX when there is none. RE2's leftmost-first answer:
// a label runs to the next dot (its bytes hold none), so the labels are fixed by where the
// dots are, and the greedy {1,8} takes the most labels after which a TLD and \b follow. A TLD
// ends only where \b holds, so it is a whole run of letters.
size_t match_domain(const unsigned char* t, size_t size, size_t from, size_t end) {
  std::array<size_t, kMaxLabels> tld_starts{};  // after the k-th label's dot
  size_t labels = 0;
  for (size_t i = from; labels < kMaxLabels && i < end && is_alnum(t[i]);) {
    size_t j = i + 1;
    while (j < end && j - i <= kMaxLabel && (is_alnum(t[j]) || t[j] == '-')) ++j;
    if (j - i > kMaxLabel || j >= end || t[j] != '.' || !is_alnum(t[j - 1])) break;
    tld_starts[labels++] = j + 1;
    i = j + 1;
  }
  while (labels > 0) {
    const size_t tld = tld_starts[--labels];
    size_t e = tld;
    while (e < size && e - tld <= kMaxTld && is_alpha(t[e])) ++e;
    const size_t letters = e - tld;
    if (letters >= kMinTld && letters <= kMaxTld && e <= end && (e == size || !is_word(t[e])))
      return e;
  }
  return SIZE_MAX;
}

// kUserPasswordGuard, then kUserGuard, at `i` (where "://" is) within [i, end): the match's end,
// or SIZE_MAX. RE2's leftmost-first answer: the user part is greedy and gives back bytes until
// a ':' follows it, and for each such ':' (the rightmost first) the password is greedy up to
// the rightmost '@' it can reach; a user is the password's bytes less '#' and '@', so every
// password starting inside the user's run goes on through the same run of password bytes.
size_t match_url_userinfo(const unsigned char* t, size_t i, size_t end) {
  const size_t q = i + 3;  // after "://"
  size_t user_run = q;     // [q, user_run): user bytes, at most 128
  while (user_run < end && user_run - q < kMaxGuardUser && kGuardUserBytes[t[user_run]]) ++user_run;
  // Password bytes reach from q to pw_run (every user byte is one); past the last user ':' the
  // password may take at most 256 + 1 bytes.
  const size_t pw_limit = std::min(end, user_run + 1 + kMaxGuardPassword + 1);
  size_t pw_run = q;
  while (pw_run < pw_limit && kGuardPasswordBytes[t[pw_run]]) ++pw_run;
  // last_at: the rightmost '@' at or before each place in [q, pw_run), SIZE_MAX if none.
  std::array<size_t, kMaxGuardUser + kMaxGuardPassword + 3> last_at;  // [0, pw_run - q) written
  size_t last = SIZE_MAX;
  for (size_t k = q; k < pw_run; ++k) {
    if (t[k] == '@') last = k;
    last_at[k - q] = last;
  }
  for (size_t colon = user_run + 1; colon-- > q;) {  // the user gives back bytes
    if (colon >= end || t[colon] != ':') continue;
    const size_t from = colon + 1;  // the password: [from, at), then '@'
    if (from >= pw_run) continue;
    const size_t reach = std::min(pw_run - 1, from + kMaxGuardPassword);
    const size_t at = last_at[reach - q];
    if (at != SIZE_MAX && at >= from) return at + 1;
  }
  // "://user@": user bytes but ':' (so the run is user_run's prefix up to its first ':').
  size_t user = q;
  while (user < end && user - q < kMaxGuardUser && is_guard_user(t[user]) && t[user] != ':') ++user;
  if (user > q && user < end && t[user] == '@') return user + 1;
  return SIZE_MAX;
}

// The leftmost URL-userinfo guard in [pos, end): its bounds, false when there is none.
bool find_url_userinfo(const unsigned char* t, size_t pos, size_t end, size_t* begin,
                       size_t* guard_end) {
  for (size_t i = url::next_scheme_separator(t, pos, end); i < end;
       i = url::next_scheme_separator(t, i + 1, end)) {
    const size_t e = match_url_userinfo(t, i, end);
    if (e != SIZE_MAX) {
      *begin = i;
      *guard_end = e;
      return true;
    }
  }
  return false;
}

}  // namespace

std::unique_ptr<AddressSearch> AddressSearch::build(const std::string& pattern, int group,
                                                    const RE2::Options& options) {
  GroupSplit split;
  if (!split_at_group(pattern, group, &split)) return nullptr;
  if (split.before != "\\b" || (split.after != "\\b" && !split.after.empty()) ||
      split.group.compare(0, kLocalPart.size(), kLocalPart) != 0)
    return nullptr;
  std::string guards;
  for (const std::string& alt : split.earlier) {
    if (alt.compare(0, 3, "://") != 0) return nullptr;
    guards += (guards.empty() ? "" : "|") + alt;
  }
  auto search = std::unique_ptr<AddressSearch>(new AddressSearch());
  if (split.flags.empty() && split.earlier.size() == 2 && split.earlier[0] == kUserPasswordGuard &&
      split.earlier[1] == kUserGuard) {
    search->native_guards_ = true;  // no RE2 program: find_url_userinfo
  } else if (!guards.empty()) {
    search->guards_ = std::make_unique<RE2>(split.flags + "(?:" + guards + ")", options);
    if (!search->guards_->ok()) return nullptr;
  }
  if (split.flags.empty() && split.after == "\\b" &&
      std::string_view(split.group).substr(kLocalPart.size()) == kDomain) {
    search->native_domain_ = true;  // no RE2 program: match_domain
    return search;
  }
  search->address_ =
      std::make_unique<RE2>(split.flags + "(?:\\b" + split.group + split.after + ")", options);
  if (!search->address_->ok()) return nullptr;
  return search;
}

bool AddressSearch::leftmost(const re2::StringPiece& text, size_t pos, size_t end, Match* match,
                             GuardCache& cache) const {
  if (pos > end) return false;
  const unsigned char* t = reinterpret_cast<const unsigned char*>(text.data());
  // Whether a guard matches at a byte does not depend on where the search began (a guard
  // starts with "://", no \b), so a guard found at or after `pos` is still the leftmost.
  const bool has_guards = guards_ || native_guards_;
  if (has_guards && (cache.searched_from == SIZE_MAX || cache.searched_from > pos ||
                     (cache.begin != SIZE_MAX && cache.begin < pos))) {
    cache.searched_from = pos;
    cache.begin = SIZE_MAX;
    if (native_guards_) {
      size_t b = 0, e = 0;
      if (find_url_userinfo(t, pos, end, &b, &e)) {
        cache.begin = b;
        cache.end = e;
      }
    } else {
      re2::StringPiece found;
      if (guards_->Match(text, pos, end, RE2::UNANCHORED, &found, 1)) {
        cache.begin = static_cast<size_t>(found.data() - text.data());
        cache.end = cache.begin + found.size();
      }
    }
  }
  const size_t guard_begin = has_guards ? cache.begin : SIZE_MAX;
  if (guard_begin != SIZE_MAX) *match = Match{guard_begin, cache.end, false, 0, 0};
  for (size_t from = pos; from < end;) {
    const void* at_ptr = std::memchr(t + from, '@', end - from);
    if (!at_ptr) break;
    const size_t at = static_cast<size_t>(static_cast<const unsigned char*>(at_ptr) - t);
    // An address around this '@' or a later one starts after the guard: the guard wins. (Going
    // on to the next '@' that can start an address made each call walk every '@' left in the
    // window when none could, e.g. a token as the password of each URL: quadratic, G1.)
    if (guard_begin != SIZE_MAX && at > guard_begin + kMaxLocalPart) break;
    from = at + 1;
    // The run of local-part bytes before the '@' (at most 64, not before pos), and in it the
    // first byte that can start an address.
    size_t low = at;
    while (low > pos && at - low < kMaxLocalPart && is_local(t[low - 1])) --low;
    size_t start = low;
    while (start < at && !(is_alnum(t[start]) && (start == 0 || !is_word(t[start - 1])))) ++start;
    if (start == at) continue;
    if (start > guard_begin) break;  // the guard starts first
    if (native_domain_) {
      // The local part is [start, at): one run of its class, 1..64 bytes, after \b.
      const size_t address_end = match_domain(t, text.size(), at + 1, end);
      if (address_end == SIZE_MAX) continue;
      *match = Match{start, address_end, true, start, address_end};
      return true;
    }
    re2::StringPiece address;
    if (address_->Match(text, start, end, RE2::ANCHOR_START, &address, 1)) {
      const size_t address_end = start + address.size();
      *match = Match{start, address_end, true, start, address_end};
      return true;
    }
  }
  return guard_begin != SIZE_MAX;
}

}  // namespace logscrub
