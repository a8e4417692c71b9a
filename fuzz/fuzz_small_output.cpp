// fuzz_small_output: logscrub_scrub into an output buffer of a fuzzer-chosen capacity.
//
// Input: [flags][capacity lo][capacity hi][sentinel] then the log text. flags bit 0: the TEXT
// format (else AUTO); bit 1: MAX_LINE_BYTES 40; bits 2-3: the capacity is the u16 (mod the
// needed size + 8), the needed size minus 1 + (u16 % 2), 0 with out = NULL, or the u16 as is.
//
// Oracles (the header's contract of logscrub_scrub):
//   - a capacity below the output's size gives LOGSCRUB_E_DST_TOO_SMALL, *out_len = exactly
//     the output's size, and the buffer holds no output: each byte is as it was (a sentinel)
//     or zero; checked with two different sentinels, so no written byte can hide behind one;
//   - a capacity of at least the output's size gives the big-buffer output and status;
//   - retrying with the reported capacity gives exactly the big-buffer output;
//   - the output's size is at most logscrub_scrub_bound(in_len).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"

namespace {

const fuzz::Engine& engine(uint8_t flags) {
  fuzz::EngineSpec spec;
  spec.ints.push_back(
      {LOGSCRUB_OPT_FORMAT, (flags & 1) ? LOGSCRUB_FORMAT_TEXT : LOGSCRUB_FORMAT_AUTO});
  if (flags & 2) spec.ints.push_back({LOGSCRUB_OPT_MAX_LINE_BYTES, 40});
  return fuzz::engine_for(spec);
}

// Scrubs into a buffer of `cap` bytes filled with `sentinel` (out = NULL when cap is 0 and
// `null_out`); returns the status, the buffer and *out_len.
int scrub_into(const fuzz::Engine& e, std::string_view in, size_t cap, bool null_out,
               unsigned char sentinel, std::vector<unsigned char>& buf, size_t* out_len) {
  buf.assign(cap, sentinel);
  *out_len = 987654321;
  char* out = (cap == 0 && null_out) ? nullptr : reinterpret_cast<char*>(buf.data());
  // A zero-capacity buffer still needs a valid pointer when not NULL.
  static char dummy = 'D';
  if (cap == 0 && !null_out) out = &dummy;
  return logscrub_scrub(e.engine, e.scratch, in.data(), in.size(), out, cap, out_len);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Reader r(data, size);
  const uint8_t flags = r.byte();
  const size_t cap_seed = r.u16();
  const unsigned char sentinel = static_cast<unsigned char>(r.byte() | 1);  // never zero
  const std::string_view text = r.rest();
  const fuzz::Engine& e = engine(flags);

  int want_rc = 0;
  const std::string want = fuzz::scrub_ok(e, text, &want_rc);
  FUZZ_CHECK(want.size() <= logscrub_scrub_bound(e.engine, text.size()),
             "output larger than logscrub_scrub_bound");

  size_t cap = 0;
  bool null_out = false;
  switch ((flags >> 2) & 3) {
    case 0: cap = cap_seed % (want.size() + 8); break;
    case 1: cap = want.size() == 0 ? 0 : want.size() - 1 + (cap_seed & 1); break;
    case 2: null_out = true; break;
    default: cap = cap_seed; break;
  }

  std::vector<unsigned char> buf;
  size_t len = 0;
  int rc = scrub_into(e, text, cap, null_out, sentinel, buf, &len);
  if (cap < want.size()) {
    FUZZ_CHECK(rc == LOGSCRUB_E_DST_TOO_SMALL, std::string("capacity ") + std::to_string(cap) +
                                                   " < " + std::to_string(want.size()) + " gave " +
                                                   logscrub_status_name(rc));
    FUZZ_CHECK(len == want.size(), "DST_TOO_SMALL: out_len " + std::to_string(len) +
                                       ", output size " + std::to_string(want.size()));
    for (unsigned char sent : {sentinel, static_cast<unsigned char>(~sentinel | 1)}) {
      rc = scrub_into(e, text, cap, null_out, sent, buf, &len);
      FUZZ_CHECK(rc == LOGSCRUB_E_DST_TOO_SMALL && len == want.size(), "not repeatable");
      for (size_t i = 0; i < buf.size(); ++i)
        FUZZ_CHECK(buf[i] == sent || buf[i] == 0,
                   "DST_TOO_SMALL left output byte " + std::to_string(i) + " = " +
                       std::to_string(buf[i]) + " in the buffer (capacity " + std::to_string(cap) +
                       ")");
    }
    // Retry with the capacity asked for.
    rc = scrub_into(e, text, len, false, sentinel, buf, &len);
  }
  FUZZ_CHECK(rc == want_rc, std::string("status ") + logscrub_status_name(rc) + ", expected " +
                                logscrub_status_name(want_rc));
  FUZZ_CHECK(len == want.size() &&
                 std::string_view(reinterpret_cast<const char*>(buf.data()), len) == want,
             "output differs from the big-buffer output");
  for (size_t i = len; i < buf.size(); ++i)
    FUZZ_CHECK(buf[i] == sentinel, "wrote past out_len at byte " + std::to_string(i));
  return 0;
}
