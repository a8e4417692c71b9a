// Shared helpers of the fuzz targets (fuzz/*.cpp): oracle failures that abort with a message,
// engines created once per option set, a one-shot scrub into a std::string, and a reader that
// takes control bytes off the front of the fuzzer's input.
//
// Every target is built twice (fuzz/CMakeLists.txt): as a libFuzzer binary (clang,
// -DLOGSCRUB_FUZZ=ON, scripts/fuzz.sh) and with fuzz/replay_main.cpp as a plain program that
// replays fuzz/corpus/<target>/ under ctest (any compiler). So nothing here may depend on
// libFuzzer headers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "detect/matcher.h"
#include "json/json_part.h"
#include "json/json_view.h"
#include "logscrub/logscrub.h"
#include "scrub/json_records.h"

// The libFuzzer entry point every target defines (and replay_main.cpp calls).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fuzz {

// An oracle failure: print what broke and abort, which libFuzzer reports as a crash (and
// saves the input) and which fails the replay test.
[[noreturn]] inline void fail(const char* file, int line, const char* cond,
                              const std::string& msg) {
  std::fprintf(stderr, "\n*** logscrub fuzz oracle failed at %s:%d: %s\n*** %s\n", file, line, cond,
               msg.c_str());
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(cond, msg)                                    \
  do {                                                           \
    if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, #cond, (msg)); \
  } while (0)

// Printable, truncated rendering of bytes for failure messages (never huge).
inline std::string show(std::string_view s, size_t max = 160) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

inline size_t count_newlines(std::string_view s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Splits on '\n' (n newlines give n + 1 lines; the last may be empty).
inline std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  for (;;) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) {
      lines.push_back(s.substr(pos));
      return lines;
    }
    lines.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

// The first line where `a` and `b` differ, both versions shown (for failure messages).
inline std::string first_difference(std::string_view a, std::string_view b) {
  const auto la = split_lines(a);
  const auto lb = split_lines(b);
  for (size_t i = 0; i < la.size() || i < lb.size(); ++i) {
    std::string_view x = i < la.size() ? la[i] : std::string_view("<none>");
    std::string_view y = i < lb.size() ? lb[i] : std::string_view("<none>");
    if (x != y) return "line " + std::to_string(i) + ":\n  " + show(x, 400) + "\n  " + show(y, 400);
  }
  return "no difference";
}

// Whether `line` holds JSON the scrubber parses: a JSON record, a Lambda text-format record or
// an object at the end of a text record (the library's own offsets), also after replacing
// bytes >= 0x80 and < 0x20 one for one as the library does.
inline bool json_part_parses(std::string_view line) {
  size_t off = logscrub::json_part_offset(line);
  if (off == std::string_view::npos) off = logscrub::embedded_json_offset(line);
  if (off == std::string_view::npos) return false;
  std::string json;
  logscrub::clean_copy(line.substr(off), json);
  logscrub::JsonView view;
  return logscrub::build_json_view(json, logscrub::SensitiveKeys::defaults(), view);
}

// G6, scrub(scrub(x)) == scrub(x), line by line, with the documented exception (README "Known
// limits"): a record with JSON that does not parse (a JSON record, or an object ending a text
// record) is scanned as text; a text redaction can remove what broke it, and the second pass
// then applies the JSON rules (sensitive keys) too, so it may lose more. Returns "" or the
// first offending line.
// With `json_records_only`, only lines whose JSON parses in `in` are checked (fuzz_json: its
// subject is JSON records; fuzz_scrub checks every line).
inline std::string g6_violation(std::string_view in, std::string_view out, std::string_view again,
                                bool json_records_only = false) {
  const auto li = split_lines(in);
  const auto lo = split_lines(out);
  const auto la = split_lines(again);
  if (lo.size() != la.size() || li.size() != lo.size()) return first_difference(out, again);
  for (size_t i = 0; i < lo.size(); ++i) {
    if (lo[i] == la[i]) continue;
    if (json_records_only && !json_part_parses(li[i])) continue;
    const bool json_candidate = logscrub::json_part_offset(li[i]) != std::string_view::npos ||
                                logscrub::embedded_json_offset(li[i]) != std::string_view::npos;
    if (json_candidate && !json_part_parses(li[i])) continue;  // malformed JSON: the exception
    return "line " + std::to_string(i) + ":\n  " + show(lo[i], 400) + "\n  " + show(la[i], 400);
  }
  return "";
}

// Engine options of a target: integer options, then string options, in this order.
struct EngineSpec {
  std::vector<std::pair<int, long long>> ints;
  std::vector<std::pair<int, std::string>> strs;
  bool operator<(const EngineSpec& o) const {
    return std::tie(ints, strs) < std::tie(o.ints, o.strs);
  }
};

// An engine with one scratch, never freed (the fuzzer runs until the process ends; the table
// is never destroyed either, so LeakSanitizer sees them reachable at exit).
struct Engine {
  logscrub_engine* engine = nullptr;
  logscrub_scratch* scratch = nullptr;
};

// The engine of `spec`, created on first use and kept for the life of the process. Creation
// of these fixed option sets must succeed.
inline const Engine& engine_for(const EngineSpec& spec) {
  static auto& engines = *new std::map<EngineSpec, Engine>();
  // Every redacted group the fast locator finds is checked against RE2's captures (a
  // difference aborts): the fuzzers are its oracle too.
  logscrub::set_matcher_cross_check(true);
  auto it = engines.find(spec);
  if (it != engines.end()) return it->second;
  logscrub_options* o = logscrub_options_create();
  FUZZ_CHECK(o != nullptr, "logscrub_options_create");
  for (const auto& [key, value] : spec.ints)
    FUZZ_CHECK(logscrub_options_set_int(o, key, value) == LOGSCRUB_OK,
               "set_int " + std::to_string(key));
  for (const auto& [key, value] : spec.strs)
    FUZZ_CHECK(logscrub_options_set_str(o, key, value.data(), value.size()) == LOGSCRUB_OK,
               "set_str " + std::to_string(key));
  Engine e;
  char err[512] = "";
  int rc = logscrub_engine_create(o, &e.engine, err, sizeof err);
  logscrub_options_free(o);
  FUZZ_CHECK(rc == LOGSCRUB_OK, std::string("engine_create: ") + err);
  FUZZ_CHECK(logscrub_scratch_create(e.engine, &e.scratch) == LOGSCRUB_OK, "scratch_create");
  return engines.emplace(spec, e).first->second;
}

// One-shot scrub into a buffer of logscrub_scrub_bound bytes; *rc = the status.
inline std::string scrub(const Engine& e, std::string_view in, int* rc) {
  std::string out(logscrub_scrub_bound(e.engine, in.size()), '\0');
  size_t len = 0;
  *rc = logscrub_scrub(e.engine, e.scratch, in.data(), in.size(), out.data(), out.size(), &len);
  FUZZ_CHECK(len <= out.size(), "out_len beyond the capacity");
  out.resize(*rc >= 0 ? len : 0);
  return out;
}

// A one-shot scrub that must succeed (OK or MASKED_RECORDS, never an error).
inline std::string scrub_ok(const Engine& e, std::string_view in, int* rc_out = nullptr) {
  int rc = 0;
  std::string out = scrub(e, in, &rc);
  FUZZ_CHECK(rc == LOGSCRUB_OK || rc == LOGSCRUB_MASKED_RECORDS,
             std::string("logscrub_scrub returned ") + logscrub_status_name(rc) +
                 " on input: " + show(in));
  if (rc_out) *rc_out = rc;
  return out;
}

// Takes control bytes off the front of the input; the rest is the data under test. Reading
// past the end gives zeros, so every input is usable.
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(byte() | (byte() << 8)); }
  size_t remaining() const { return size_ - pos_; }
  // Up to `n` bytes (fewer at the end).
  std::string_view take(size_t n) {
    n = std::min(n, remaining());
    std::string_view s(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view rest() { return take(remaining()); }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace fuzz
