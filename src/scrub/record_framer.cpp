#include "scrub/record_framer.h"

#include <cstring>

namespace logscrub {

namespace {

const char* find_byte(const char* p, const char* end, char c) {
  return static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
}

const char* find_last_byte(const char* p, const char* end, char c) {
  return static_cast<const char*>(memrchr(p, c, static_cast<size_t>(end - p)));
}

}  // namespace

RecordFramer::RecordFramer(size_t max_record_bytes)
    : max_(max_record_bytes == 0 ? 1 : max_record_bytes) {}

bool RecordFramer::feed(std::string_view data, Handler& handler) {
  const char* p = data.data();
  const char* const end = p + data.size();
  while (p < end) {
    if (discarding_) {
      // Dropping an oversized record: nothing of it is kept, only its length counted.
      const char* nl = find_byte(p, end, '\n');
      const char* stop = nl ? nl : end;
      if (stop > p) {
        discarded_len_ += static_cast<size_t>(stop - p);
        discarded_cr_ = stop[-1] == '\r';
      }
      if (nl == nullptr) return true;
      p = nl + 1;
      if (!end_discarded(handler, true)) return false;
      continue;
    }
    if (!buf_.empty()) {
      // Complete the buffered record first (copying only its own bytes).
      const char* nl = find_byte(p, end, '\n');
      const size_t add = static_cast<size_t>((nl ? nl : end) - p);
      if (buf_.size() + add > max_) {
        discarding_ = true;
        discarded_len_ = buf_.size();
        discarded_cr_ = buf_.back() == '\r';
        buf_.clear();
        continue;  // the discarding branch takes it from p
      }
      if (nl == nullptr) {
        buf_.append(p, add);
        return true;
      }
      buf_.append(p, add + 1);
      p = nl + 1;
      const bool go_on = handler.on_lines(buf_);
      buf_.clear();
      if (!go_on) return false;
      continue;
    }
    // No record open: hand out the run of complete records straight from `data`, unless one
    // of them is over the limit.
    const char* last_nl = find_last_byte(p, end, '\n');
    const char* run_end = last_nl ? last_nl + 1 : p;
    const char* q = p;
    if (static_cast<size_t>(run_end - p) <= max_) q = run_end;  // no record can be too long
    while (q < run_end) {
      const char* nl = find_byte(q, run_end, '\n');
      if (static_cast<size_t>(nl - q) > max_) break;
      q = nl + 1;
    }
    if (q > p) {
      if (!handler.on_lines(std::string_view(p, static_cast<size_t>(q - p)))) return false;
      p = q;
    }
    if (p < run_end) {
      // An oversized complete record starts at p.
      const char* nl = find_byte(p, run_end, '\n');
      const size_t len = static_cast<size_t>(nl - p);
      ++oversized_;
      const bool cr = len > 0 && nl[-1] == '\r';
      p = nl + 1;
      if (!handler.on_oversized(len, true, cr)) return false;
      continue;
    }
    // Only an unfinished record is left.
    const size_t tail = static_cast<size_t>(end - p);
    if (tail > max_) {
      discarding_ = true;
      discarded_len_ = tail;
      discarded_cr_ = end[-1] == '\r';
    } else {
      buf_.assign(p, tail);
    }
    return true;
  }
  return true;
}

bool RecordFramer::end_discarded(Handler& handler, bool terminated) {
  const size_t len = discarded_len_;
  const bool cr = discarded_cr_;
  discarding_ = false;
  discarded_len_ = 0;
  discarded_cr_ = false;
  ++oversized_;
  return handler.on_oversized(len, terminated, cr);
}

bool RecordFramer::finish(Handler& handler) {
  if (discarding_) return end_discarded(handler, false);
  if (buf_.empty()) return true;
  const bool go_on = handler.on_lines(buf_);
  buf_.clear();
  return go_on;
}

RecordFramer::~RecordFramer() {
  reset();
}

void RecordFramer::reset() {
  // The buffered bytes are raw input: wipe them rather than leave them in freed memory.
  if (!buf_.empty()) explicit_bzero(buf_.data(), buf_.size());
  buf_.clear();
  discarding_ = false;
  discarded_len_ = 0;
  discarded_cr_ = false;
}

}  // namespace logscrub
