#include "scrub/stream.h"

#include <cstdint>
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

// Scrubs the records the framer hands out into a string, or into pieces that refer to the
// caller's `data` (a record the framer completed in its own buffer, which it clears right
// after, is copied).
class StreamScrubber::Sink final : public RecordFramer::Handler {
 public:
  Sink(StreamScrubber& stream, Scratch& scratch, std::string& out)
      : stream_(stream), scratch_(scratch), str_(&out) {}
  Sink(StreamScrubber& stream, Scratch& scratch, OutputPieces& out, std::string_view data)
      : stream_(stream), scratch_(scratch), pieces_(&out), data_(data) {}

  bool on_lines(std::string_view chunk) override {
    const Engine& engine = stream_.engine_;
    if (str_) {
      error = engine.scrub(scratch_, chunk, *str_, &stream_.stats_, &stream_.state_);
    } else if (inside_data(chunk)) {
      error = engine.scrub_pieces(scratch_, chunk, *pieces_, &stream_.stats_, &stream_.state_);
    } else {
      copy_.clear();
      error = engine.scrub(scratch_, chunk, copy_, &stream_.stats_, &stream_.state_);
      pieces_->add_owned(copy_);
    }
    return !error;
  }

  bool on_oversized(size_t /*length*/, bool terminated, bool ends_with_cr) override {
    // Exactly what Engine::scrub writes for a record over the limit; such a record takes no
    // part in a multi-line block (Matcher::set_max_record_bytes).
    append(oversized_record_line(ends_with_cr, terminated));
    ++stream_.stats_.records_failed_closed;
    stream_.state_.open_block_rule = -1;
    return true;
  }

  Error error;

 private:
  void append(std::string_view v) {
    if (str_) {
      str_->append(v);
    } else {
      pieces_->add_owned(v);
    }
  }
  bool inside_data(std::string_view chunk) const {
    const auto addr = [](const char* p) { return reinterpret_cast<uintptr_t>(p); };
    return !data_.empty() && addr(chunk.data()) >= addr(data_.data()) &&
           addr(chunk.data()) + chunk.size() <= addr(data_.data()) + data_.size();
  }

  StreamScrubber& stream_;
  Scratch& scratch_;
  std::string* str_ = nullptr;
  OutputPieces* pieces_ = nullptr;
  std::string_view data_;
  std::string copy_;
};

StreamScrubber::StreamScrubber(const Engine& engine)
    : engine_(engine), framer_(framer_limit(engine)) {}

Error StreamScrubber::write(Scratch& scratch, std::string_view data, std::string& out) {
  Sink sink(*this, scratch, out);
  return feed(data, sink);
}

Error StreamScrubber::write(Scratch& scratch, std::string_view data, OutputPieces& out) {
  Sink sink(*this, scratch, out, data);
  return feed(data, sink);
}

Error StreamScrubber::finish(Scratch& scratch, std::string& out) {
  Sink sink(*this, scratch, out);
  return end(sink);
}

Error StreamScrubber::finish(Scratch& scratch, OutputPieces& out) {
  Sink sink(*this, scratch, out, {});
  return end(sink);
}

Error StreamScrubber::feed(std::string_view data, Sink& sink) {
  if (failed_) return failed_;
  try {
    if (!framer_.feed(data, sink)) failed_ = sink.error;
  } catch (const std::bad_alloc&) {
    failed_ = {ErrorCode::NoMemory, "out of memory while buffering a record"};
  }
  return failed_;
}

Error StreamScrubber::end(Sink& sink) {
  if (failed_) return failed_;
  try {
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
