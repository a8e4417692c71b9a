#include "scrub/stream.h"

#include <new>

#include "scrub/render.h"

namespace logscrub {

namespace {

// The framer buffers one byte more than the engine's limit: a record of max_line_bytes + 1
// bytes ending in '\r' is within the limit (the limit excludes a trailing "\r\n").
size_t framer_limit(const Engine& engine) {
  const size_t max = engine.options().max_line_bytes;
  return max == SIZE_MAX ? max : max + 1;
}

}  // namespace

class StreamScrubber::Sink final : public RecordFramer::Handler {
 public:
  Sink(StreamScrubber& stream, Scratch& scratch, std::string& out)
      : stream_(stream), scratch_(scratch), out_(out) {}

  bool on_lines(std::string_view chunk) override {
    error = stream_.engine_.scrub(scratch_, chunk, out_, &stream_.stats_, &stream_.state_);
    return !error;
  }

  bool on_oversized(size_t /*length*/, bool terminated, bool ends_with_cr) override {
    // Exactly what Engine::scrub writes for a record over the limit; such a record takes no
    // part in a multi-line block (Matcher::set_max_record_bytes).
    out_.append(kOversizedMarker);
    if (ends_with_cr) out_.push_back('\r');
    if (terminated) out_.push_back('\n');
    ++stream_.stats_.records_failed_closed;
    stream_.state_.open_block_rule = -1;
    return true;
  }

  Error error;

 private:
  StreamScrubber& stream_;
  Scratch& scratch_;
  std::string& out_;
};

StreamScrubber::StreamScrubber(const Engine& engine)
    : engine_(engine), framer_(framer_limit(engine)) {}

Error StreamScrubber::write(Scratch& scratch, std::string_view data, std::string& out) {
  if (failed_) return failed_;
  try {
    Sink sink(*this, scratch, out);
    if (!framer_.feed(data, sink)) failed_ = sink.error;
  } catch (const std::bad_alloc&) {
    failed_ = {ErrorCode::NoMemory, "out of memory while buffering a record"};
  }
  return failed_;
}

Error StreamScrubber::finish(Scratch& scratch, std::string& out) {
  if (failed_) return failed_;
  try {
    Sink sink(*this, scratch, out);
    if (!framer_.finish(sink)) failed_ = sink.error;
  } catch (const std::bad_alloc&) {
    failed_ = {ErrorCode::NoMemory, "out of memory while scrubbing the last record"};
  }
  if (!failed_) state_ = StreamState{};
  return failed_;
}

void StreamScrubber::reset() {
  framer_.reset();
  state_ = StreamState{};
  failed_ = Error{};
}

}  // namespace logscrub
