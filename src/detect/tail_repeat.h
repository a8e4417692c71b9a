// TailRepeat: a pattern that ends with a long greedy repeat of one byte class, as token rules
// do (`...([A-Za-z0-9/+=]{40,1000})`), is matched by RE2 as its head -- the same pattern with
// C{m,n} cut to C{m} -- and the tail is taken here, one byte-class test per byte.
//
// Why: RE2 compiles C{m,n} into n copies of C. A 511-byte token class makes a program of
// ~5,000 instructions that takes ~1.6 ms to compile (paid on a rule's first match) and whose
// DFA states are that much larger; the head compiles in ~0.06 ms.
//
// Why it is exact: for a pattern A·C{m,n} (the repeat last, greedy, not inside an alternative),
// the leftmost-first match starts where A·C{m} first matches (both need A followed by m C's),
// takes the same parse of A (the most preferred one that m C's can follow) and then as many
// C's as follow, up to n: exactly the head's match followed by the longest run of C, at most
// n - m bytes, inside the searched text. A capture group that closes after the repeat ends
// where the match ends.
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace logscrub {

class TailRepeat {
 public:
  // The split of `pattern` when it ends with C{m,n} (n - m >= kMinSpread) in the shape above,
  // with the class C read by RE2 under `options` (the pattern's flags applied); nullopt for
  // every other shape: a lazy repeat, (?U), an alternative holding the repeat, anything after
  // it but closing parentheses.
  static std::optional<TailRepeat> split(const std::string& pattern, const RE2::Options& options);

  // Repeats with a smaller spread stay in the pattern (they cost little to compile).
  static constexpr size_t kMinSpread = 32;

  // The head pattern: `pattern` with the tail repeat C{m,n} written C{m}.
  const std::string& head() const { return head_; }

  // The end of the full pattern's match whose head match ends at `head_end`: the run of C
  // after it, at most n - m bytes, not past `limit` (the end of the searched text).
  size_t extend(std::string_view text, size_t head_end, size_t limit) const {
    size_t end = head_end;
    const size_t stop = std::min(limit, head_end + extra_);
    while (end < stop && in_class_[static_cast<unsigned char>(text[end])]) ++end;
    return end;
  }

  // Whether capture group `group` (0: the whole match) ends with the tail repeat, so that its
  // end moves with the match's.
  bool group_holds_tail(int group) const {
    return group == 0 ||
           std::find(tail_groups_.begin(), tail_groups_.end(), group) != tail_groups_.end();
  }

  // The class C, the extra bytes n - m (for tests).
  const std::array<bool, 256>& byte_class() const { return in_class_; }
  size_t extra() const { return extra_; }

 private:
  std::string head_;
  std::array<bool, 256> in_class_{};
  size_t extra_ = 0;
  std::vector<int> tail_groups_;  // capture groups whose ')' comes after the repeat
};

}  // namespace logscrub
