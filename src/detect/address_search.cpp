#include "detect/address_search.h"

#include <cstring>
#include <string_view>

#include "detect/ascii.h"
#include "detect/group_locator.h"

namespace logscrub {
namespace {

// The local part the search walks back over: the pattern's group must start with exactly this.
constexpr std::string_view kLocalPart = "[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@";
constexpr size_t kMaxLocalPart = 64;

using ascii::is_alnum;
using ascii::is_word;  // RE2's \b

bool is_local(unsigned char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
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
  if (!guards.empty()) {
    search->guards_ = std::make_unique<RE2>(split.flags + "(?:" + guards + ")", options);
    if (!search->guards_->ok()) return nullptr;
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
  if (guards_ && (cache.searched_from == SIZE_MAX || cache.searched_from > pos ||
                  (cache.begin != SIZE_MAX && cache.begin < pos))) {
    re2::StringPiece found;
    cache.searched_from = pos;
    cache.begin = SIZE_MAX;
    if (guards_->Match(text, pos, end, RE2::UNANCHORED, &found, 1)) {
      cache.begin = static_cast<size_t>(found.data() - text.data());
      cache.end = cache.begin + found.size();
    }
  }
  const size_t guard_begin = guards_ ? cache.begin : SIZE_MAX;
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
