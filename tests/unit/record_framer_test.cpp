// Unit tests for scrub/record_framer.h: record framing, independent of the engine.
// Build: g++ -std=c++20 -Isrc tests/unit/record_framer_test.cpp src/scrub/record_framer.cpp
#include "scrub/record_framer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using LineFramer = logscrub::RecordFramer;

namespace {

int failures = 0;

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

// Records every event; reassembles the output the filter would write.
struct Recorder : LineFramer::Handler {
  std::string out;
  std::vector<std::string> chunks;
  std::vector<size_t> oversized_lengths;
  std::vector<bool> oversized_cr;
  std::vector<const char*> chunk_data;
  size_t stop_after = static_cast<size_t>(-1);
  size_t events = 0;
  bool on_lines(std::string_view chunk) override {
    CHECK(!chunk.empty());
    chunks.emplace_back(chunk);
    chunk_data.push_back(chunk.data());
    out.append(chunk);
    return ++events < stop_after;
  }
  bool on_oversized(size_t length, bool terminated, bool ends_with_cr) override {
    oversized_lengths.push_back(length);
    oversized_cr.push_back(ends_with_cr);
    out += "<X>";
    if (terminated) out += '\n';
    return ++events < stop_after;
  }
};

// The expected output: every record longer than `max` replaced by "<X>".
std::string reference(const std::string& in, size_t max) {
  std::string out;
  size_t pos = 0;
  while (pos < in.size()) {
    size_t nl = in.find('\n', pos);
    const bool term = nl != std::string::npos;
    if (!term) nl = in.size();
    if (nl - pos > max) {
      out += "<X>";
    } else {
      out.append(in, pos, nl - pos);
    }
    if (term) out += '\n';
    pos = nl + 1;
  }
  return out;
}

std::string frame(const std::string& in, size_t max, const std::vector<size_t>& cuts, Recorder& r) {
  LineFramer f(max);
  size_t pos = 0;
  for (size_t c : cuts) {
    if (c > in.size()) c = in.size();
    if (c < pos) continue;
    f.feed(std::string_view(in).substr(pos, c - pos), r);
    pos = c;
  }
  f.feed(std::string_view(in).substr(pos), r);
  f.finish(r);
  return r.out;
}

void test_basic() {
  Recorder r;
  LineFramer f(100);
  f.feed("a\nb", r);
  // The complete line is delivered at once; the partial one is held.
  CHECK(r.chunks.size() == 1 && r.chunks[0] == "a\n");
  f.feed("c\nd\r\n", r);
  // The carried record is completed and delivered alone; the rest comes straight from the block.
  CHECK(r.chunks.size() == 3 && r.chunks[1] == "bc\n" && r.chunks[2] == "d\r\n");
  f.finish(r);
  CHECK(r.chunks.size() == 3);  // nothing pending
  CHECK(r.out == "a\nbc\nd\r\n");
}

void test_no_trailing_newline() {
  Recorder r;
  LineFramer f(100);
  f.feed("x\ny", r);
  f.finish(r);
  CHECK(r.out == "x\ny");
  CHECK(r.chunks.back() == "y");
}

void test_empty_and_nul() {
  Recorder r;
  LineFramer f(100);
  f.finish(r);
  CHECK(r.out.empty() && r.chunks.empty());
  const std::string in("a\0b\n\n\xff\xfe\n", 8);
  f.feed(in, r);
  f.finish(r);
  CHECK(r.out == in);
}

void test_oversized() {
  Recorder r;
  LineFramer f(4);
  f.feed("1234\n12345\nok\n", r);
  CHECK(r.out == "1234\n<X>\nok\n");
  CHECK(r.oversized_lengths.size() == 1 && r.oversized_lengths[0] == 5);
  // Oversized across feeds: nothing of it is buffered or delivered.
  f.feed("abc", r);
  f.feed("defgh", r);
  f.feed("ijk\nz", r);
  f.finish(r);
  CHECK(r.out == "1234\n<X>\nok\n<X>\nz");
  CHECK(r.oversized_lengths.size() == 2 && r.oversized_lengths[1] == 11);
  CHECK(f.oversized_records() == 2);
  // Unterminated oversized last record: marker without newline.
  Recorder r2;
  LineFramer g(3);
  g.feed("ab\nabcdef", r2);
  g.finish(r2);
  CHECK(r2.out == "ab\n<X>");
}

void test_zero_copy_and_cr() {
  // Complete records inside one fed block are handed out in place, in one chunk.
  Recorder r;
  LineFramer f(100);
  const std::string block = "one\ntwo\nthr";
  f.feed(block, r);
  CHECK(r.chunks.size() == 1 && r.chunks[0] == "one\ntwo\n" && r.chunk_data[0] == block.data());
  CHECK(f.buffered() == 3);
  // The end of an oversized record is reported with whether it ended in '\r'.
  Recorder r2;
  LineFramer g(4);
  g.feed("abcd\r\nab", r2);
  g.feed("cde\r", r2);
  g.feed("\nxyz\r", r2);
  g.finish(r2);
  CHECK(r2.oversized_cr.size() == 2 && r2.oversized_cr[0] && r2.oversized_cr[1]);
  CHECK(r2.out == "<X>\n<X>\nxyz\r");
  Recorder r3;
  LineFramer h(3);
  h.feed("abcdef", r3);
  h.finish(r3);
  CHECK(r3.oversized_cr.size() == 1 && !r3.oversized_cr[0] && r3.out == "<X>");
}

void test_stop() {
  Recorder r;
  r.stop_after = 1;
  LineFramer f(2);
  CHECK(!f.feed("abc\nd\n", r));  // oversized event stops it
  CHECK(r.events == 1);
}

void test_random() {
  std::mt19937 rng(12345);
  for (int iter = 0; iter < 2000; ++iter) {
    const size_t len = rng() % 200;
    std::string in;
    for (size_t i = 0; i < len; ++i) {
      const auto v = rng() % 10;
      in += v < 2 ? '\n' : v == 2 ? '\r' : v == 3 ? '\0' : static_cast<char>('a' + rng() % 26);
    }
    const size_t max = 1 + rng() % 12;
    std::vector<size_t> cuts;
    for (size_t k = rng() % 6; k > 0; --k) cuts.push_back(rng() % (len + 1));
    std::sort(cuts.begin(), cuts.end());
    Recorder r;
    const std::string got = frame(in, max, cuts, r);
    const std::string want = reference(in, max);
    if (got != want) {
      std::fprintf(stderr, "random case %d mismatch (max %zu)\n", iter, max);
      ++failures;
      return;
    }
    for (size_t c = 0; c + 1 < r.chunks.size(); ++c) CHECK(r.chunks[c].back() == '\n');
  }
}

}  // namespace

int main() {
  test_basic();
  test_no_trailing_newline();
  test_empty_and_nul();
  test_oversized();
  test_stop();
  test_zero_copy_and_cr();
  test_random();
  if (failures) {
    std::fprintf(stderr, "record_framer_test: %d failure(s)\n", failures);
    return 1;
  }
  std::puts("record_framer_test: OK");
  return 0;
}
