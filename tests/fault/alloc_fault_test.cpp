// Fault injection (G3): every allocation made through operator new while a scrub runs is made
// to fail in turn (the 1st, then the 2nd, ... until a run completes without reaching the
// failure). Each failing run must return an error or a fail-closed result, and no byte of a
// planted secret may reach the output. Engine creation is checked the same way (sampled).
// Own executable: it replaces the global operator new/delete. RE2 assumes allocation never
// fails (a failure inside it leaks and corrupts its state), so allocations RE2 makes itself are
// never failed, and each engine is warmed first; the sites exercised are logscrub's own and
// the standard library's on its behalf (README "Known limits").
#include <dlfcn.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "logscrub/logscrub.h"
#include "scrub/engine.h"

namespace {

std::atomic<long> g_countdown{-1};  // < 0: disarmed; 0: the next allocation fails
std::atomic<long> g_seen{0};        // allocations seen while armed

void arm(long fail_at) {
  g_seen = 0;
  g_countdown = fail_at;
}
// True when operator new was called from RE2's own code, which assumes allocation never
// fails (a failure there leaks and corrupts its state): such allocations are not failed.
bool called_from_re2(void* return_address) {
  Dl_info info;
  return dladdr(return_address, &info) != 0 && info.dli_fname != nullptr &&
         std::strstr(info.dli_fname, "libre2") != nullptr;
}

__attribute__((noinline)) void* allocate(std::size_t n, void* caller) {
  if (g_countdown.load(std::memory_order_relaxed) >= 0 && !called_from_re2(caller)) {
    ++g_seen;
    if (g_countdown.fetch_sub(1) == 0) {
      g_countdown = -2;  // fail once (marks "failure injected"), then allocate freely
      throw std::bad_alloc();
    }
  }
  void* p = std::malloc(n == 0 ? 1 : n);
  if (!p) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t n) {
  return allocate(n, __builtin_return_address(0));
}
void* operator new[](std::size_t n) {
  return allocate(n, __builtin_return_address(0));
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n, __builtin_return_address(0));
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n, __builtin_return_address(0));
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

int failures = 0;
#define CHECK(cond, ...)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                            \
      std::fprintf(stderr, "\n");                                                   \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

const char* const kSecrets[] = {"AKIAZ5B3Q2XJ7N4PLW6R", "Sup3rS3cretValue", "hunter2hunter2",
                                "jane.doe@example.com", "4111111111111111", "Zx81kPq2mnrdT7vB4cL9"};

const std::string kInput =
    "2026-11-22T10:00:00Z INFO boot AWS_ACCESS_KEY_ID=AKIAZ5B3Q2XJ7N4PLW6R region=eu-west-1\n"
    "login password=Sup3rS3cretValue from 10.0.0.7\n"
    "{\"level\":\"INFO\",\"password\":\"hunter2hunter2\",\"user\":\"jane.doe@example.com\"}\n"
    "charging card 4111111111111111 for order 42\n"
    "GET /cb?next=%2Fhome%26token%3DZx81kPq2mnrdT7vB4cL9 HTTP/1.1\n";

bool leaks(std::string_view out, std::string* which) {
  for (const char* s : kSecrets) {
    if (out.find(s) != std::string_view::npos) {
      *which = s;
      return true;
    }
  }
  return false;
}

bool injected() {
  return g_countdown.load() == -2;
}

// C API one-shot into a caller buffer, a fresh scratch per run (so its buffers grow again).
void fault_capi_scrub(logscrub_engine* engine) {
  long injected_runs = 0;
  for (long n = 0;; ++n) {
    logscrub_scratch* scratch = nullptr;
    if (logscrub_scratch_create(engine, &scratch) != LOGSCRUB_OK) {
      ++failures;
      return;
    }
    std::vector<char> out(logscrub_scrub_bound(engine, kInput.size()));
    size_t len = 0;
    arm(n);
    const int rc =
        logscrub_scrub(engine, scratch, kInput.data(), kInput.size(), out.data(), out.size(), &len);
    const bool hit = injected();
    g_countdown = -1;
    logscrub_scratch_free(scratch);
    std::string which;
    const std::string_view written(out.data(), out.size());  // the whole buffer, not just len
    if (hit) {
      ++injected_runs;
      CHECK(rc == LOGSCRUB_E_NO_MEMORY || rc == LOGSCRUB_OK || rc == LOGSCRUB_MASKED_RECORDS,
            "allocation %ld: status %s", n, logscrub_status_name(rc));
      CHECK(!leaks(written, &which), "allocation %ld: '%s' in the output (status %s)", n,
            which.c_str(), logscrub_status_name(rc));
      if (rc < 0) {
        CHECK(len == 0, "allocation %ld: error with out_len %zu", n, len);
      }
    } else {
      CHECK(rc == LOGSCRUB_OK && !leaks(std::string_view(out.data(), len), &which),
            "clean run failed: %s", logscrub_status_name(rc));
      std::printf("capi scrub: %ld allocation sites failed in turn, no leak\n", injected_runs);
      return;
    }
  }
}

// The C++ path the CLI uses (Engine::scrub into a string: fail closed to markers).
void fault_engine_scrub(const logscrub::Engine& engine) {
  long injected_runs = 0;
  for (long n = 0;; ++n) {
    logscrub::Error err;
    auto scratch = logscrub::Scratch::create(engine, &err);
    std::string out;
    logscrub::ScrubStats stats;
    arm(n);
    try {
      err = engine.scrub(*scratch, kInput, out, &stats);
    } catch (const std::bad_alloc&) {
      err = {logscrub::ErrorCode::NoMemory, "escaped"};
      CHECK(false, "allocation %ld: std::bad_alloc escaped Engine::scrub", n);
    }
    const bool hit = injected();
    g_countdown = -1;
    std::string which;
    if (hit) {
      ++injected_runs;
      CHECK(!leaks(out, &which), "allocation %ld: '%s' in the output", n, which.c_str());
    } else {
      CHECK(!err && !leaks(out, &which), "clean run failed");
      std::printf("engine scrub: %ld allocation sites failed in turn, no leak\n", injected_runs);
      return;
    }
  }
}

// Streaming: the failure may hit any call; nothing of a secret is written before or after.
void fault_stream(logscrub_engine* engine) {
  long injected_runs = 0;
  for (long n = 0;; ++n) {
    logscrub_scratch* scratch = nullptr;
    logscrub_stream* stream = nullptr;
    logscrub_scratch_create(engine, &scratch);
    logscrub_stream_create(engine, &stream);
    std::string got;
    got.reserve(4096);  // the test's own appends must not allocate while armed
    std::vector<char> buf(64);
    int last = LOGSCRUB_OK;
    arm(n);
    for (size_t pos = 0; pos <= kInput.size() && last >= 0; pos += 17) {
      const size_t take = pos < kInput.size() ? std::min<size_t>(17, kInput.size() - pos) : 0;
      logscrub_in_buffer in{kInput.data() + pos, take, 0};
      const logscrub_stream_op op = take ? LOGSCRUB_CONTINUE : LOGSCRUB_END;
      size_t pending = 0;
      do {
        logscrub_out_buffer o{buf.data(), buf.size(), 0};
        last = logscrub_stream_scrub(stream, scratch, &o, &in, op, &pending);
        got.append(buf.data(), o.pos);
      } while (last >= 0 && (in.pos < in.size || pending > 0));
    }
    const bool hit = injected();
    g_countdown = -1;
    logscrub_stream_free(stream);
    logscrub_scratch_free(scratch);
    std::string which;
    if (hit) {
      ++injected_runs;
      CHECK(!leaks(got, &which), "allocation %ld: '%s' in the streamed output", n, which.c_str());
    } else {
      CHECK(last >= 0 && !leaks(got, &which), "clean stream run failed");
      std::printf("stream: %ld allocation sites failed in turn, no leak\n", injected_runs);
      return;
    }
  }
}

// Engine creation: an error status (no crash, no half-built engine); every 7th site.
void fault_engine_create() {
  long injected_runs = 0;
  for (long n = 0;; n += 7) {
    logscrub_engine* engine = nullptr;
    char err[128];
    arm(n);
    const int rc = logscrub_engine_create(nullptr, &engine, err, sizeof err);
    const bool hit = injected();
    g_countdown = -1;
    if (hit) {
      ++injected_runs;
      CHECK(rc == LOGSCRUB_E_NO_MEMORY || rc == LOGSCRUB_OK,
            "allocation %ld: engine_create status %s", n, logscrub_status_name(rc));
      CHECK(rc == LOGSCRUB_OK || engine == nullptr, "allocation %ld: engine left set", n);
      logscrub_engine_free(engine);
    } else {
      CHECK(rc == LOGSCRUB_OK, "clean engine_create failed");
      logscrub_engine_free(engine);
      std::printf("engine create: %ld allocation sites failed in turn\n", injected_runs);
      return;
    }
  }
}

}  // namespace

int main() {
  logscrub_engine* engine = nullptr;
  if (logscrub_engine_create(nullptr, &engine, nullptr, 0) != LOGSCRUB_OK) return 2;
  {
    // Warm the lazily built RE2 programs once, so runs differ only by the injected failure.
    logscrub_scratch* s = nullptr;
    logscrub_scratch_create(engine, &s);
    std::vector<char> out(logscrub_scrub_bound(engine, kInput.size()));
    size_t len = 0;
    logscrub_scrub(engine, s, kInput.data(), kInput.size(), out.data(), out.size(), &len);
    logscrub_scratch_free(s);
  }
  fault_capi_scrub(engine);
  fault_stream(engine);
  logscrub::Error err;
  auto cpp_engine = logscrub::Engine::create(logscrub::EngineOptions{}, &err);
  if (!cpp_engine) return 2;
  {
    auto warm = logscrub::Scratch::create(*cpp_engine, &err);
    std::string out;
    cpp_engine->scrub(*warm, kInput, out);
  }
  fault_engine_scrub(*cpp_engine);
  fault_engine_create();
  logscrub_engine_free(engine);
  if (failures) {
    std::fprintf(stderr, "alloc_fault_test: %d failure(s)\n", failures);
    return 1;
  }
  std::puts("alloc_fault_test: OK");
  return 0;
}
