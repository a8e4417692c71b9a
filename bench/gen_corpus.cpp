// Writes one of the benchmark corpora of corpus.h to stdout, so that command-line tools (the
// logscrub CLI, the baselines in bench/baselines/) can be timed on exactly the bytes the
// micro-benchmarks use. Deterministic: the same arguments always give the same bytes.
//
// Usage: logscrub_corpus plain|json|dense SIZE_MB [SEED] > file
//   SIZE_MB is in units of 10^6 bytes and may be fractional (0.5); the output ends with the first
//   complete line at or past that size.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "corpus.h"

namespace {

int usage() {
  std::fputs(
      "usage: logscrub_corpus plain|json|dense SIZE_MB [SEED] > file\n"
      "  plain  plain-text log lines (app, syslog, access, Java), 2% with a secret\n"
      "  json   Lambda-style JSON log lines (Powertools shape), 2% with a secret\n"
      "  dense  plain-text lines that all carry 1-3 secrets of mixed kinds\n",
      stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) return usage();
  const std::string kind = argv[1];
  char* end = nullptr;
  const double mb = std::strtod(argv[2], &end);
  if (end == argv[2] || *end != '\0' || !(mb > 0) || mb > 100000) return usage();
  const auto bytes = static_cast<size_t>(mb * 1e6);

  uint32_t seed = 0;
  const bool has_seed = argc == 4;
  if (has_seed) {
    errno = 0;
    const unsigned long v = std::strtoul(argv[3], &end, 10);
    if (end == argv[3] || *end != '\0' || errno != 0 || v > 0xffffffffUL) return usage();
    seed = static_cast<uint32_t>(v);
  }

  std::string corpus;
  if (kind == "plain") {
    corpus = has_seed ? logscrub::bench::plain_text_lines(bytes, 2, seed)
                      : logscrub::bench::plain_text_lines(bytes);
  } else if (kind == "json") {
    corpus = has_seed ? logscrub::bench::lambda_json_lines(bytes, 2, seed)
                      : logscrub::bench::lambda_json_lines(bytes);
  } else if (kind == "dense") {
    corpus = has_seed ? logscrub::bench::secret_dense_lines(bytes, seed)
                      : logscrub::bench::secret_dense_lines(bytes);
  } else {
    return usage();
  }

  if (std::fwrite(corpus.data(), 1, corpus.size(), stdout) != corpus.size() ||
      std::fflush(stdout) != 0) {
    std::fprintf(stderr, "logscrub_corpus: write failed: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}
