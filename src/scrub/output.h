// Where scrubbed bytes go: a growing std::string; a caller's fixed buffer that, once full,
// stops writing but keeps counting, so the caller learns the capacity it needs; or a list of
// pieces (OutputPieces) that refers to the input's unchanged bytes instead of copying them.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "scrub/engine.h"

namespace logscrub {

class Output {
 public:
  explicit Output(std::string& s) : str_(&s), len_(s.size()) {}
  Output(char* data, size_t cap) : data_(data), cap_(cap) {}
  explicit Output(OutputPieces& p) : pieces_(&p), len_(p.size()) {}

  // Appends bytes of the input being scrubbed: with pieces, a reference to them (the input
  // must outlive the pieces); otherwise a copy.
  void append_input(std::string_view v) {
    if (pieces_) {
      pieces_->add_borrowed(v);
      len_ += v.size();
    } else {
      append(v);
    }
  }

  void append(std::string_view v) {
    if (pieces_) {
      pieces_->add_owned(v);
    } else if (str_) {
      str_->append(v);
    } else if (len_ + v.size() <= cap_ && !v.empty()) {
      std::memcpy(data_ + len_, v.data(), v.size());
    }
    len_ += v.size();
  }
  void push_back(char c) { append(std::string_view(&c, 1)); }
  void reserve(size_t n) {
    if (str_) str_->reserve(n);
  }
  // Bytes produced so far (for a fixed buffer, also those that did not fit).
  size_t size() const { return len_; }
  // True when a fixed buffer was too small for what was produced.
  bool overflowed() const { return !str_ && !pieces_ && len_ > cap_; }
  // Drops everything after the first `n` bytes; a fixed buffer's dropped bytes are zeroed, so
  // no partial output stays behind.
  void truncate(size_t n) {
    if (pieces_) {
      pieces_->truncate(n);
    } else if (str_) {
      str_->resize(n);
    } else if (n < len_) {
      size_t written_end = len_ < cap_ ? len_ : cap_;
      if (n < written_end) std::memset(data_ + n, 0, written_end - n);
    }
    len_ = n;
  }

 private:
  std::string* str_ = nullptr;
  OutputPieces* pieces_ = nullptr;
  char* data_ = nullptr;
  size_t cap_ = 0;
  size_t len_ = 0;
};

}  // namespace logscrub
