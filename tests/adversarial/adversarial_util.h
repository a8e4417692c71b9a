// Shared pieces of the adversarial suite (tests/adversarial/*_test.cpp): an engine driven
// through the public C API (one-shot, streaming with any chunking, findings), realistic planted
// secrets that the built-in rules certainly redact, and checks for the guarantees a case is
// about (secret absent, G4 split invariance, G5 line count, G6 idempotence).
#pragma once

#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logscrub/logscrub.h"

namespace logscrub_adversarial {

// Planted secrets. Each is redacted by a built-in rule on its own (with word boundaries
// around it); the values are fabricated (taken from the rule files' examples or made to pass
// their validators: the GitHub token carries a valid CRC-32 checksum).
inline constexpr std::string_view kAwsKeyId = "AKIAZ5B3Q2XJ7N4PLW6R";  // aws.access_key_id
inline constexpr std::string_view kGithubToken =
    "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";  // github.token
inline constexpr std::string_view kGithubServerToken =
    "ghs_ECPZABfnSAivGqA4M4RVmKuze1nonj3j9FLx";  // github.token
inline constexpr std::string_view kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTg4NDEiLCJuYW1lIjoiVGVzdCBBY2NvdW50Ii"
    "wiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9.HWGMY-3VuDyOX8t1QgMosEGxsrOyeFojoqoxr_"
    "HGDo0";  // jwt.token
inline constexpr std::string_view kStripeKey =
    "sk_live_51JLCMEY6MmQdgrOEz77AUhpDaXxyiMT0BPXenQWjQOA0LxI1XCggRhbSscalod38T6B6n3W8sC2ly2dbHFSP"
    "YMBSxALwhdpmCl";  // stripe.secret_key
inline constexpr std::string_view kAwsSecret =
    "y73vw0+V2oFgfOvY6wUKEd7W6RU9SylRaJR7r4CS";  // aws.secret_access_key (behind its key name)
inline constexpr std::string_view kEmail = "jane.doe@example.com";  // pii.email
inline constexpr std::string_view kCard = "4111111111111111";       // pii.payment_card (Luhn)
// Two body lines of a fabricated RSA key, as the PEM rule's examples carry them.
inline constexpr std::string_view kPemBody1 =
    "MIIEowIBAAKCAQEAj529JlcYWUVQc1ISMe90G/ObYIDikcVHq8+V8LpoClr2lzBj";
inline constexpr std::string_view kPemBody2 =
    "yQY1lezaEvwZJXHPsvIgzrGiaAPpZHPKnWiixdYK1imMAA7wD7kUUuzt9dKc0nl0";

// A PEM private key whose lines are joined by `nl` (a real "\n", or the JSON escape "\\n").
inline std::string pem_key(std::string_view nl) {
  std::string s = "-----BEGIN RSA PRIVATE KEY-----";
  s.append(nl).append(kPemBody1).append(nl).append(kPemBody2).append(nl);
  s += "-----END RSA PRIVATE KEY-----";
  return s;
}

inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s.append(p);
  return s;
}

inline size_t count_char(std::string_view s, char c) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), c));
}

// Printable excerpt of possibly huge, binary test data for failure messages.
inline std::string excerpt(std::string_view s, size_t max = 160) {
  std::string out;
  for (unsigned char c : s.substr(0, max)) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

struct FoundSpan {
  std::string rule;
  size_t begin;
  size_t end;
};

// An engine with the built-in rules plus the given integer and string options, with its scratch,
// used through the C API only.
class Scrubber {
 public:
  explicit Scrubber(std::initializer_list<std::pair<int, long long>> int_options = {},
                    std::initializer_list<std::pair<int, std::string_view>> str_options = {}) {
    logscrub_options* o = logscrub_options_create();
    EXPECT_NE(o, nullptr);
    for (const auto& [key, value] : int_options) {
      EXPECT_EQ(logscrub_options_set_int(o, key, value), LOGSCRUB_OK) << "option " << key;
    }
    for (const auto& [key, value] : str_options) {
      EXPECT_EQ(logscrub_options_set_str(o, key, value.data(), value.size()), LOGSCRUB_OK)
          << "option " << key;
    }
    char err[512] = {};
    EXPECT_EQ(logscrub_engine_create(o, &engine_, err, sizeof err), LOGSCRUB_OK) << err;
    logscrub_options_free(o);
    if (engine_) {
      EXPECT_EQ(logscrub_scratch_create(engine_, &scratch_), LOGSCRUB_OK);
    }
  }
  ~Scrubber() {
    logscrub_scratch_free(scratch_);
    logscrub_engine_free(engine_);
  }
  Scrubber(const Scrubber&) = delete;
  Scrubber& operator=(const Scrubber&) = delete;

  bool ok() const { return engine_ && scratch_; }

  // logscrub_scrub of the whole input; *status (if given) = the status returned.
  std::string scrub(std::string_view in, int* status = nullptr) const {
    std::string out(in.size() + 4096, '\0');
    size_t len = 0;
    int rc = logscrub_scrub(engine_, scratch_, in.data(), in.size(), out.data(), out.size(), &len);
    if (rc == LOGSCRUB_E_DST_TOO_SMALL) {
      out.assign(len, '\0');
      rc = logscrub_scrub(engine_, scratch_, in.data(), in.size(), out.data(), out.size(), &len);
    }
    EXPECT_GE(rc, 0) << logscrub_status_name(rc);
    if (status) *status = rc;
    out.resize(rc >= 0 ? len : 0);
    return out;
  }

  // logscrub_scrub into `buf` (grown when needed, never shrunk): for timing without allocation.
  size_t scrub_into(std::string_view in, std::vector<char>& buf) const {
    if (buf.size() < in.size() + 4096) buf.resize(in.size() + 4096);
    size_t len = 0;
    int rc = logscrub_scrub(engine_, scratch_, in.data(), in.size(), buf.data(), buf.size(), &len);
    if (rc == LOGSCRUB_E_DST_TOO_SMALL) {
      buf.resize(len);
      rc = logscrub_scrub(engine_, scratch_, in.data(), in.size(), buf.data(), buf.size(), &len);
    }
    EXPECT_GE(rc, 0) << logscrub_status_name(rc);
    return rc >= 0 ? len : 0;
  }

  // A fresh stream fed `in` cut at the increasing offsets `cuts` (one write per piece, op
  // CONTINUE), then END; output collected through a buffer of `out_cap` bytes.
  // *masked (if given) = logscrub_stream_masked_records at the end; *saw_masked_status = some
  // call returned LOGSCRUB_MASKED_RECORDS.
  std::string stream(std::string_view in, const std::vector<size_t>& cuts, size_t out_cap = 65536,
                     size_t* masked = nullptr, bool* saw_masked_status = nullptr) const {
    logscrub_stream* st = nullptr;
    EXPECT_EQ(logscrub_stream_create(engine_, &st), LOGSCRUB_OK);
    std::string result;
    std::vector<char> buf(out_cap);
    bool failed = false;
    auto call = [&](const char* p, size_t n, logscrub_stream_op op) {
      logscrub_in_buffer ib{p, n, 0};
      while (!failed) {
        const size_t in_before = ib.pos;
        logscrub_out_buffer ob{buf.data(), buf.size(), 0};
        size_t pending = 0;
        int rc = logscrub_stream_scrub(st, scratch_, &ob, &ib, op, &pending);
        if (rc < 0) {
          ADD_FAILURE() << "logscrub_stream_scrub: " << logscrub_status_name(rc);
          failed = true;
          return;
        }
        if (rc == LOGSCRUB_MASKED_RECORDS && saw_masked_status) *saw_masked_status = true;
        result.append(buf.data(), ob.pos);
        if (ib.pos == ib.size && pending == 0) return;
        if (ob.pos == 0 && ib.pos == in_before) {
          ADD_FAILURE() << "logscrub_stream_scrub made no progress";
          failed = true;
        }
      }
    };
    size_t pos = 0;
    for (size_t c : cuts) {
      call(in.data() + pos, c - pos, LOGSCRUB_CONTINUE);
      pos = c;
    }
    call(in.data() + pos, in.size() - pos, LOGSCRUB_CONTINUE);
    call(nullptr, 0, LOGSCRUB_END);
    if (masked) *masked = logscrub_stream_masked_records(st);
    logscrub_stream_free(st);
    return result;
  }

  // The stream fed one byte per write.
  std::string stream_bytewise(std::string_view in, size_t out_cap = 65536) const {
    std::vector<size_t> cuts;
    for (size_t i = 1; i < in.size(); ++i) cuts.push_back(i);
    return stream(in, cuts, out_cap);
  }

  std::vector<FoundSpan> find(std::string_view in) const {
    std::vector<FoundSpan> found;
    auto cb = [](const logscrub_finding* f, void* user) -> int {
      static_cast<std::vector<FoundSpan>*>(user)->push_back({f->rule_id, f->begin, f->end});
      return 0;
    };
    int rc = logscrub_find(engine_, scratch_, in.data(), in.size(), cb, &found);
    EXPECT_EQ(rc, LOGSCRUB_OK) << logscrub_status_name(rc);
    return found;
  }

 private:
  logscrub_engine* engine_ = nullptr;
  logscrub_scratch* scratch_ = nullptr;
};

// The guarantees every case checks on a one-shot result: no planted secret in the output, as
// many lines out as in (G5), and scrubbing the output again changes nothing (G6).
inline void expect_scrubbed(const Scrubber& s, std::string_view in, std::string_view out,
                            std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) {
    EXPECT_EQ(out.find(secret), std::string_view::npos)
        << "secret " << excerpt(secret, 40) << " leaked from " << excerpt(in) << "\n  output "
        << excerpt(out);
  }
  EXPECT_EQ(count_char(out, '\n'), count_char(in, '\n')) << "G5 line count: " << excerpt(in);
  EXPECT_EQ(s.scrub(out), out) << "G6 idempotence: " << excerpt(in);
}

// The fastest of `reps` runs of `fn`, in seconds: by the wall clock (steady_clock) and by
// this thread's CPU time (which leaves out time the thread spent preempted by other processes:
// on a loaded 2-core machine a run of a few milliseconds can fit between two preemptions while
// one of 50 ms cannot, which inflates wall-clock ratios).
struct BestTime {
  double wall = 1e300;
  double cpu = 1e300;
};

inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Fn>
BestTime best_time(int reps, Fn&& fn) {
  BestTime best;
  for (int i = 0; i < reps; ++i) {
    const double c0 = thread_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = thread_cpu_seconds();
    best.wall = std::min(best.wall, std::chrono::duration<double>(t1 - t0).count());
    best.cpu = std::min(best.cpu, c1 - c0);
  }
  return best;
}

}  // namespace logscrub_adversarial
