// Micro-benchmarks of the C API: per-call latency (clean line, line with a secret), engine
// creation (cold start), and throughput on generated plain-text logs; plus single stages
// (BM_DigitShapesLoghub) for tuning them.
// Run: build/logscrub_bench   (see bench/README.md)
#include <benchmark/benchmark.h>
#include <logscrub/logscrub.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.h"
#include "detect/digit_shapes.h"

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
    int rc =
        logscrub_scrub(engine, scratch, corpus.data(), corpus.size(), out.data(), out.size(), &n);
    benchmark::DoNotOptimize(rc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
  logscrub_scratch_free(scratch);
  logscrub_engine_free(engine);
}
void BM_JsonLines_JsonMode(benchmark::State& state) {
  scrub_json_lines(state, LOGSCRUB_FORMAT_AUTO);
}
void BM_JsonLines_TextMode(benchmark::State& state) {
  scrub_json_lines(state, LOGSCRUB_FORMAT_TEXT);
}

// Throughput of one-shot scrub over a corpus held in memory.
void scrub_corpus(benchmark::State& state, const std::string& corpus) {
  Fixture& f = fixture();
  std::vector<char> out(logscrub_scrub_bound(f.engine, 1) * 2 + corpus.size() * 4);
  for (auto _ : state) {
    size_t n = 0;
    int rc = logscrub_scrub(f.engine, f.scratch, corpus.data(), corpus.size(), out.data(),
                            out.size(), &n);
    if (rc < 0) state.SkipWithError(logscrub_status_name(rc));
    benchmark::DoNotOptimize(rc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
}

// Generated text logs (2% secrets) and secret-dense lines (every line has one or more).
void BM_PlainTextCorpus(benchmark::State& state) {
  static const std::string corpus = logscrub::bench::plain_text_lines(8u << 20);
  scrub_corpus(state, corpus);
}
void BM_SecretDenseCorpus(benchmark::State& state) {
  static const std::string corpus = logscrub::bench::secret_dense_lines(4u << 20);
  scrub_corpus(state, corpus);
}

// The real logs of ../shared/corpus/loghub (or $LOGSCRUB_LOGHUB), concatenated ("" when
// absent).
const std::string& loghub_corpus() {
  static const std::string corpus = [] {
    const char* env = std::getenv("LOGSCRUB_LOGHUB");
    const std::string dir = env ? env : "../shared/corpus/loghub";
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".log") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::string all;
    for (const auto& path : files) {
      std::ifstream f(path, std::ios::binary);
      std::ostringstream ss;
      ss << f.rdbuf();
      all += ss.str();
    }
    return all;
  }();
  return corpus;
}

void BM_LoghubCorpus(benchmark::State& state) {
  if (loghub_corpus().empty()) {
    state.SkipWithError("no loghub corpus (set LOGSCRUB_LOGHUB)");
    return;
  }
  scrub_corpus(state, loghub_corpus());
}

// One stage alone: the digit-shape pass (cards, SSNs, IBANs, the percent view's trigger) over
// the loghub corpus, whose lines are rich in digits (timestamps, ids, block numbers).
void BM_DigitShapesLoghub(benchmark::State& state) {
  const std::string& corpus = loghub_corpus();
  if (corpus.empty()) {
    state.SkipWithError("no loghub corpus (set LOGSCRUB_LOGHUB)");
    return;
  }
  // Arg: -1 the pass the CPU dispatches to, else a logscrub::DigitShapeIsa.
  const auto isa = static_cast<logscrub::DigitShapeIsa>(state.range(0));
  std::vector<logscrub::CardMatch> cards, ssns, ibans;
  std::vector<size_t> percent_lines;
  for (auto _ : state) {
    cards.clear();
    ssns.clear();
    ibans.clear();
    percent_lines.clear();
    const logscrub::DigitShapeOutputs out{&cards, &ssns, &ibans, &percent_lines};
    if (state.range(0) < 0) {
      logscrub::scan_digit_shapes(corpus, out);
    } else if (!logscrub::scan_digit_shapes_with(isa, corpus, out)) {
      state.SkipWithError("this CPU lacks that instruction set");
      return;
    }
    benchmark::DoNotOptimize(cards.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
}

// G1: time per byte stays flat as one line grows from 1 KiB to 64 MiB, for plain words, for
// lines packed with near-miss prefixes of secrets, and for runs of token bytes with a match
// every few bytes that its validator rejects (each match's `extend` takes the rest of the run).
// Arg 0 = kind, arg 1 = line length.
const char* const kLineUnits[] = {"plain words here ",
                                  "AKIA",
                                  "eyJ",
                                  "ghp_",
                                  "x@",
                                  "4111 ",
                                  "xoxb-",
                                  "password ",
                                  "eyJAAAA.eyJBBBB.",
                                  "api_key=xxxxxxxx:"};
void BM_LineLength(benchmark::State& state) {
  const std::string unit = kLineUnits[state.range(0)];
  const auto len = static_cast<size_t>(state.range(1));
  std::string line;
  line.reserve(len + unit.size() + 1);
  while (line.size() < len) line += unit;
  line.resize(len);
  line += '\n';
  state.SetLabel(unit);
  scrub_corpus(state, line);
}

BENCHMARK(BM_ScrubCleanLine);
BENCHMARK(BM_ScrubSecretLine);
BENCHMARK(BM_EngineCreate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScrubPlainLogs)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonLines_JsonMode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonLines_TextMode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainTextCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SecretDenseCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoghubCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DigitShapesLoghub)
    ->Arg(-1)
    ->Arg(static_cast<int>(logscrub::DigitShapeIsa::Portable))
    ->Arg(static_cast<int>(logscrub::DigitShapeIsa::Avx2))
    ->Arg(static_cast<int>(logscrub::DigitShapeIsa::Avx512))
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LineLength)
    ->ArgsProduct({benchmark::CreateDenseRange(0, 9, 1), {1 << 10, 1 << 16, 1 << 20, 1 << 26}})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
