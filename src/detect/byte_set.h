// A set of bytes built from a char-class body such as "A-Za-z0-9/+=" (no brackets).
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace logscrub {

class ByteSet {
 public:
  ByteSet() { bits_.fill(false); }
  // Parses `spec`, a regex char-class body without brackets: ranges "a-z", single bytes, a
  // leading "^" to negate, escapes "\\s" (space, tab, VT, FF), "\\t", "\\-", "\\\\", "\\^".
  // Returns false on a malformed range. '\n' and '\r' are never members (spans stay on a line).
  bool parse(std::string_view spec);
  bool contains(unsigned char c) const { return bits_[c]; }
  bool empty() const;

 private:
  std::array<bool, 256> bits_;
};

}  // namespace logscrub
