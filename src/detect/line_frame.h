// A log line's frame: what a container runtime, a syslog daemon or a JSON log driver writes
// around every line of a message — a timestamp and stream header before it
// ("2026-11-24T10:00:00.12Z stderr F ", "Nov 24 10:00:00 host app[7]: "), the rest of a JSON
// record after it ("\n","stream":"stderr","time":"…"}"). A PEM key logged through one has
// every body line framed, so the matcher takes the frame of the line that opens the key as the
// model the lines after it are compared with (Matcher::run_block_rule).
//
// Lines are compared by shape: a number (a run of digits, with a decimal point and more digits
// if they follow) stands for any number — timestamps, pids and counters change from line to
// line, and a runtime that trims a time's trailing zeros drops its fraction when they are all
// zeros — and every other byte stands for itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace logscrub {

class LineFrame {
 public:
  // Longest head kept (its first bytes) and longest tail kept whole; a longer tail is dropped.
  static constexpr size_t kMaxSide = 256;

  LineFrame() = default;

  // The frame of `line` around its message part [inner_begin, inner_end): the bytes before
  // (the first kMaxSide of them) and after (all of them, or none if more than kMaxSide).
  LineFrame(std::string_view line, size_t inner_begin, size_t inner_end);

  // True when the frame has neither a head nor a tail.
  bool empty() const { return head_size_ == 0 && tail_size_ == 0; }

  // How many leading bytes of `line` are shaped like a prefix of the head (0 when none). A
  // number that ends the head takes one digit of the line's: the rest, which may be message,
  // counts as message.
  size_t head_match(std::string_view line) const;

  // How many trailing bytes of `line` are shaped like the whole tail; 0 when the tail is empty
  // or the line does not end like it. A number that starts the tail takes one digit.
  size_t tail_match(std::string_view line) const;

 private:
  std::string_view head() const { return {head_.data(), head_size_}; }
  std::string_view tail() const { return {tail_.data(), tail_size_}; }

  std::array<char, kMaxSide> head_{};
  std::array<char, kMaxSide> tail_{};
  uint16_t head_size_ = 0;
  uint16_t tail_size_ = 0;
};

}  // namespace logscrub
