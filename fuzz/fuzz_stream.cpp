// fuzz_stream: the streaming API (logscrub_stream_*) with fuzzer-chosen chunkings, output
// buffer sizes (1 byte included) and CONTINUE/FLUSH directives, then END.
//
// Input: [flags][n] then n plan bytes, then the log text. flags bits 0-1: the engine (AUTO,
// TEXT, AUTO with MAX_LINE_BYTES 32, AUTO with MAX_LINE_BYTES 200); bit 2: pass NULL for
// `pending`; bit 3: after END, push the whole text again through the same stream; bit 4: push
// a prefix first and logscrub_stream_reset before the real run. Each plan byte (cycled) cuts
// one chunk: bits 0-3 its size, bits 4-5 the directive (CONTINUE, CONTINUE, FLUSH, or an extra
// empty FLUSH first), bits 6-7 the output buffer size for the chunk's calls (1, 2, 7, 4096).
//
// Oracles:
//   - G4: the concatenated output equals logscrub_scrub of the whole text;
//   - every call returns OK or MASKED_RECORDS, consumes within bounds, and returns only when
//     `out` is full or all input is consumed and nothing is pending (the header's contract);
//   - the number of calls is bounded (no infinite loop);
//   - MASKED_RECORDS is returned by some call exactly when the one-shot scrub returns it, and
//     logscrub_stream_masked_records counts the records over the line limit;
//   - a stream that has ended, or was reset, scrubs a new input as a fresh one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"

namespace {

constexpr size_t kChunkSizes[16] = {1, 1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 64, 100, 255, 1000, 65536};
constexpr size_t kOutSizes[4] = {1, 2, 7, 4096};
constexpr long long kLimits[4] = {0, 0, 32, 200};

const fuzz::Engine& engine(unsigned which) {
  fuzz::EngineSpec spec;
  spec.ints.push_back(
      {LOGSCRUB_OPT_FORMAT, which == 1 ? LOGSCRUB_FORMAT_TEXT : LOGSCRUB_FORMAT_AUTO});
  if (kLimits[which] > 0) spec.ints.push_back({LOGSCRUB_OPT_MAX_LINE_BYTES, kLimits[which]});
  return fuzz::engine_for(spec);
}

// Records longer than `limit` bytes (a trailing '\r' not counted), as the one-shot scrub counts.
size_t oversized_records(std::string_view text, long long limit) {
  if (limit <= 0) return 0;
  size_t n = 0;
  for (std::string_view line : fuzz::split_lines(text)) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > static_cast<size_t>(limit)) ++n;
  }
  // The empty last "line" after a final '\n' is not a record; it is never oversized anyway.
  return n;
}

struct Run {
  logscrub_stream* stream = nullptr;
  logscrub_scratch* scratch = nullptr;
  bool null_pending = false;
  size_t max_calls = 0;
  size_t calls = 0;
  bool masked = false;
  std::string output;

  // Pushes `chunk` with directive `op`, collecting output through a buffer of `out_cap` bytes,
  // until the chunk is consumed and nothing is pending.
  void push(std::string_view chunk, logscrub_stream_op op, size_t out_cap) {
    std::vector<char> buf(out_cap);
    logscrub_in_buffer in{chunk.data(), chunk.size(), 0};
    for (;;) {
      FUZZ_CHECK(++calls <= max_calls, "too many logscrub_stream_scrub calls (" +
                                           std::to_string(calls) + "): no progress");
      logscrub_out_buffer out{buf.data(), buf.size(), 0};
      const size_t in_before = in.pos;
      size_t pending = 12345;
      const int rc =
          logscrub_stream_scrub(stream, scratch, &out, &in, op, null_pending ? nullptr : &pending);
      FUZZ_CHECK(rc == LOGSCRUB_OK || rc == LOGSCRUB_MASKED_RECORDS,
                 std::string("logscrub_stream_scrub returned ") + logscrub_status_name(rc));
      masked |= rc == LOGSCRUB_MASKED_RECORDS;
      FUZZ_CHECK(in.pos >= in_before && in.pos <= in.size && in.src == chunk.data() &&
                     in.size == chunk.size(),
                 "input buffer moved out of bounds");
      FUZZ_CHECK(out.pos <= out.size && out.dst == buf.data() && out.size == buf.size(),
                 "output buffer moved out of bounds");
      output.append(buf.data(), out.pos);
      const bool consumed = in.pos == in.size;
      if (null_pending) {
        // Without `pending`, a call that returns with room left in `out` has written all.
        if (out.pos < out.size) {
          FUZZ_CHECK(consumed, "returned with room in out and input left");
          return;
        }
      } else {
        FUZZ_CHECK(pending != 12345, "pending not set");
        FUZZ_CHECK(out.pos == out.size || (consumed && pending == 0),
                   "returned with room in out and work left (pending " + std::to_string(pending) +
                       ", input left " + std::to_string(in.size - in.pos) + ")");
        if (consumed && pending == 0) return;
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader r(data, size);
  const uint8_t flags = r.byte();
  const std::string_view plan = r.take(r.byte() % 32);
  const std::string_view text = r.rest();

  const unsigned which = flags & 3;
  const fuzz::Engine& e = engine(which);
  int want_rc = 0;
  const std::string want = fuzz::scrub_ok(e, text, &want_rc);

  logscrub_stream* stream = nullptr;
  FUZZ_CHECK(logscrub_stream_create(e.engine, &stream) == LOGSCRUB_OK, "stream_create");

  Run run;
  run.stream = stream;
  run.scratch = e.scratch;
  run.null_pending = (flags & 4) != 0;
  // Each call consumes input or writes output (or ends a push): a generous linear bound.
  run.max_calls = 64 + 4 * (text.size() + want.size()) + 8 * (plan.size() + 1);

  if (flags & 16) {
    // Output before a reset is discarded; the stream then starts over.
    run.push(text.substr(0, text.size() / 2), LOGSCRUB_CONTINUE, 4096);
    FUZZ_CHECK(logscrub_stream_reset(stream) == LOGSCRUB_OK, "stream_reset");
    run.output.clear();
    run.masked = false;
  }
  const size_t masked_before = logscrub_stream_masked_records(stream);

  size_t pos = 0;
  size_t step = 0;
  while (pos < text.size()) {
    const uint8_t c = plan.empty() ? 0x0e : static_cast<uint8_t>(plan[step++ % plan.size()]);
    const size_t n = plan.empty() ? text.size() : std::min(kChunkSizes[c & 15], text.size() - pos);
    const unsigned directive = (c >> 4) & 3;
    const size_t out_cap = kOutSizes[c >> 6];
    if (directive == 3) run.push({}, LOGSCRUB_FLUSH, out_cap);
    run.push(text.substr(pos, n), directive == 2 ? LOGSCRUB_FLUSH : LOGSCRUB_CONTINUE, out_cap);
    pos += n;
  }
  run.push({}, LOGSCRUB_END, plan.empty() ? 4096 : kOutSizes[static_cast<uint8_t>(plan[0]) >> 6]);

  FUZZ_CHECK(run.output == want,
             "streamed output differs from one-shot: " + fuzz::first_difference(want, run.output));
  FUZZ_CHECK(run.masked == (want_rc == LOGSCRUB_MASKED_RECORDS),
             std::string("stream masked: ") + (run.masked ? "yes" : "no") +
                 ", one-shot status: " + logscrub_status_name(want_rc));
  const size_t masked = logscrub_stream_masked_records(stream) - masked_before;
  const size_t expected_masked = oversized_records(text, kLimits[which]);
  FUZZ_CHECK(masked == expected_masked, "masked_records " + std::to_string(masked) + ", expected " +
                                            std::to_string(expected_masked));

  if (flags & 8) {
    // After END (all output collected) the stream is ready for a new input.
    run.output.clear();
    run.push(text, LOGSCRUB_CONTINUE, 4096);
    run.push({}, LOGSCRUB_END, 4096);
    FUZZ_CHECK(run.output == want, "second input through the same stream differs: " +
                                       fuzz::first_difference(want, run.output));
  }
  logscrub_stream_free(stream);
  return 0;
}
