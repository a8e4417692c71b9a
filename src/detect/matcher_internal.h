// What the files of the Matcher (detect/matcher*.cpp) share: cross-check mode, and the line
// helpers of the confirmation, block and guard passes. Not part of the Matcher's interface.
#pragma once

#include <atomic>
#include <cstring>
#include <string_view>

namespace logscrub::matcher_internal {

// Set by set_matcher_cross_check: every fast path is held to RE2 (the fuzzers' mode).
extern std::atomic<bool> g_cross_check;

// The offset of the first '\n' at or after `pos`; text.size() when there is none (or pos is
// past the end).
inline size_t line_end_at(std::string_view text, size_t pos) {
  const void* nl =
      pos < text.size() ? std::memchr(text.data() + pos, '\n', text.size() - pos) : nullptr;
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
}

// `end`, less one when text[end - 1] is a '\r' of the line [begin, end).
inline size_t trim_cr(std::string_view text, size_t begin, size_t end) {
  return (end > begin && text[end - 1] == '\r') ? end - 1 : end;
}

}  // namespace logscrub::matcher_internal
