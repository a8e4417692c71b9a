#include "detect/byte_set.h"

namespace logscrub {

bool ByteSet::parse(std::string_view spec) {
  bits_.fill(false);
  bool negate = !spec.empty() && spec[0] == '^';
  if (negate) spec.remove_prefix(1);
  for (size_t i = 0; i < spec.size(); ++i) {
    unsigned char lo = static_cast<unsigned char>(spec[i]);
    if (lo == '\\') {
      if (i + 1 >= spec.size()) return false;
      char esc = spec[++i];
      if (esc == 's') {
        for (unsigned char ws : {' ', '\t', '\v', '\f'}) bits_[ws] = true;
        continue;
      }
      lo = esc == 't' ? static_cast<unsigned char>('\t') : static_cast<unsigned char>(esc);
    }
    unsigned char hi = lo;
    if (i + 2 < spec.size() && spec[i + 1] == '-') {
      hi = static_cast<unsigned char>(spec[i + 2]);
      i += 2;
      if (hi < lo) return false;
    }
    for (unsigned c = lo; c <= hi; ++c) bits_[c] = true;
  }
  if (negate) {
    for (bool& b : bits_) b = !b;
  }
  bits_['\n'] = false;
  bits_['\r'] = false;
  return true;
}

bool ByteSet::empty() const {
  for (bool b : bits_) {
    if (b) return false;
  }
  return true;
}

}  // namespace logscrub
