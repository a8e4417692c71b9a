#include "detect/line_frame.h"

#include <algorithm>
#include <cstring>

#include "detect/ascii.h"

namespace logscrub {

LineFrame::LineFrame(std::string_view line, size_t inner_begin, size_t inner_end) {
  head_size_ = static_cast<uint16_t>(std::min(inner_begin, kMaxSide));
  std::memcpy(head_.data(), line.data(), head_size_);
  const size_t tail_size = line.size() - inner_end;
  if (tail_size <= kMaxSide) {
    tail_size_ = static_cast<uint16_t>(tail_size);
    std::memcpy(tail_.data(), line.data() + inner_end, tail_size_);
  }
}

namespace {

bool is_decimal_point(char c) {
  return c == '.' || c == ',';
}

// The end of the number that starts at s[i] (a digit): a run of digits, and a decimal point
// and a second run if they follow ("00.123456789", "00,5").
size_t number_end(std::string_view s, size_t i) {
  while (i < s.size() && ascii::is_digit(s[i])) ++i;
  if (i + 1 < s.size() && is_decimal_point(s[i]) && ascii::is_digit(s[i + 1])) {
    for (++i; i < s.size() && ascii::is_digit(s[i]);) ++i;
  }
  return i;
}

// The start of the number that ends at s[i - 1] (a digit), read backwards like number_end.
size_t number_begin(std::string_view s, size_t i) {
  while (i > 0 && ascii::is_digit(s[i - 1])) --i;
  if (i >= 2 && is_decimal_point(s[i - 1]) && ascii::is_digit(s[i - 2])) {
    for (--i; i > 0 && ascii::is_digit(s[i - 1]);) --i;
  }
  return i;
}

}  // namespace

size_t LineFrame::head_match(std::string_view line) const {
  const std::string_view model = head();
  size_t i = 0, j = 0;
  while (i < line.size() && j < model.size()) {
    if (ascii::is_digit(line[i]) && ascii::is_digit(model[j])) {
      j = number_end(model, j);
      // A number ending the head takes one digit: the rest of the line's may be message.
      i = j == model.size() ? i + 1 : number_end(line, i);
    } else if (line[i] == model[j]) {
      ++i;
      ++j;
    } else {
      break;
    }
  }
  return i;
}

size_t LineFrame::tail_match(std::string_view line) const {
  const std::string_view model = tail();
  size_t i = line.size(), j = model.size();
  while (j > 0) {
    if (i == 0) return 0;
    if (ascii::is_digit(line[i - 1]) && ascii::is_digit(model[j - 1])) {
      j = number_begin(model, j);
      // A number starting the tail takes one digit: the rest of the line's may be message.
      i = j == 0 ? i - 1 : number_begin(line, i);
    } else if (line[i - 1] == model[j - 1]) {
      --i;
      --j;
    } else {
      return 0;
    }
  }
  return line.size() - i;
}

}  // namespace logscrub
