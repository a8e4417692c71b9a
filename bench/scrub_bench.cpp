// Micro-benchmarks of the C API: per-call latency (clean line, line with a secret), engine
// creation (cold start), and throughput on generated plain-text logs.
// Run: build/bench/logscrub_bench   (see README "Performance")
#include <benchmark/benchmark.h>
#include <logscrub/logscrub.h>

#include <random>

#include "corpus.h"
#include <string>
#include <vector>

namespace {

struct Fixture {
  logscrub_engine* engine = nullptr;
  logscrub_scratch* scratch = nullptr;
  Fixture() {
    logscrub_engine_create(nullptr, &engine, nullptr, 0);
    logscrub_scratch_create(engine, &scratch);
  }
  ~Fixture() {
    logscrub_scratch_free(scratch);
    logscrub_engine_free(engine);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

const std::string kCleanLine =
    "2026-11-22T13:09:41.123Z 7f3c9a2e-1b4d-4c8e-9f2a-3d5e6f7a8b9c INFO order-service: processed "
    "order "
    "id=918273645 items=3 total=129.95 EUR latency_ms=41 region=eu-west-1 cache=hit status=200 "
    "ok\n";
const std::string kSecretLine =
    "2026-11-22T13:09:41.123Z 7f3c9a2e-1b4d-4c8e-9f2a-3d5e6f7a8b9c INFO boot: env "
    "AWS_ACCESS_KEY_ID="
    "AKIAZ5B3Q2XJ7N4PLW6R region=eu-west-1 user=jane.doe@example.com status=200 ok\n";

void scrub_line(benchmark::State& state, const std::string& line) {
  Fixture& f = fixture();
  std::vector<char> out(logscrub_scrub_bound(f.engine, line.size()));
  for (auto _ : state) {
    size_t n = 0;
    int rc =
        logscrub_scrub(f.engine, f.scratch, line.data(), line.size(), out.data(), out.size(), &n);
    benchmark::DoNotOptimize(rc);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}

void BM_ScrubCleanLine(benchmark::State& state) {
  scrub_line(state, kCleanLine);
}
void BM_ScrubSecretLine(benchmark::State& state) {
  scrub_line(state, kSecretLine);
}

void BM_EngineCreate(benchmark::State& state) {
  for (auto _ : state) {
    logscrub_engine* e = nullptr;
    logscrub_engine_create(nullptr, &e, nullptr, 0);
    benchmark::DoNotOptimize(e);
    logscrub_engine_free(e);
  }
}

// ~1 MB of plain-text log lines, 2% of them carrying a secret.
void BM_ScrubPlainLogs(benchmark::State& state) {
  std::string corpus;
  std::mt19937 rng(42);
  while (corpus.size() < (1u << 20)) corpus += (rng() % 50 == 0) ? kSecretLine : kCleanLine;
  Fixture& f = fixture();
  std::vector<char> out(corpus.size() * 2);
  for (auto _ : state) {
    size_t n = 0;
    int rc = logscrub_scrub(f.engine, f.scratch, corpus.data(), corpus.size(), out.data(),
                            out.size(), &n);
    benchmark::DoNotOptimize(rc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
}

// Lambda-style JSON lines (2% with a secret), the same bytes in JSON mode (auto) and text mode.
void scrub_json_lines(benchmark::State& state, int format) {
  static const std::string corpus = logscrub::bench::lambda_json_lines(8u << 20);
  logscrub_options* o = logscrub_options_create();
  logscrub_options_set_int(o, LOGSCRUB_OPT_FORMAT, format);
  logscrub_engine* engine = nullptr;
  logscrub_engine_create(o, &engine, nullptr, 0);
  logscrub_options_free(o);
  logscrub_scratch* scratch = nullptr;
  logscrub_scratch_create(engine, &scratch);
  std::vector<char> out(corpus.size() * 2);
  for (auto _ : state) {
    size_t n = 0;
    int rc = logscrub_scrub(engine, scratch, corpus.data(), corpus.size(), out.data(), out.size(), &n);
    benchmark::DoNotOptimize(rc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
  logscrub_scratch_free(scratch);
  logscrub_engine_free(engine);
}
void BM_JsonLines_JsonMode(benchmark::State& state) { scrub_json_lines(state, LOGSCRUB_FORMAT_AUTO); }
void BM_JsonLines_TextMode(benchmark::State& state) { scrub_json_lines(state, LOGSCRUB_FORMAT_TEXT); }

BENCHMARK(BM_ScrubCleanLine);
BENCHMARK(BM_ScrubSecretLine);
BENCHMARK(BM_EngineCreate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScrubPlainLogs)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonLines_JsonMode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonLines_TextMode)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
