#include "cli/filter_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/line_reader.h"

namespace logscrub::cli {

namespace {

constexpr size_t kReadBuffer = size_t{1} << 20;
constexpr std::string_view kOversizedMarker = "[REDACTED:oversized-record]";

// Scrubs framed records of one input and writes them to stdout at once.
class ScrubSink final : public LineFramer::Handler {
 public:
  ScrubSink(const Engine& engine, Scratch& scratch) : engine_(engine), scratch_(scratch) {}

  bool on_lines(std::string_view chunk) override {
    lines_ += count_records(chunk);
    out_.clear();
    ScrubStats st;
    const Error err = engine_.scrub(scratch_, chunk, out_, &st, &state_);
    if (err) {
      error_ = err.message.empty() ? "internal error while scrubbing" : err.message;
      return false;
    }
    redactions_ += st.findings;
    failed_closed_ += st.records_failed_closed;
    return write(out_);
  }

  bool on_oversized(size_t /*length*/, bool terminated) override {
    ++lines_;
    out_.assign(kOversizedMarker);
    if (terminated) out_.push_back('\n');
    return write(out_);
  }

  // Starts a new input stream (multi-line blocks do not continue across files).
  void new_stream() { state_ = StreamState{}; }

  const std::string& error() const { return error_; }
  bool broken_pipe() const { return broken_pipe_; }
  size_t lines() const { return lines_; }
  size_t redactions() const { return redactions_; }
  size_t failed_closed() const { return failed_closed_; }

 private:
  static size_t count_records(std::string_view chunk) {
    size_t n = 0;
    const char* p = chunk.data();
    const char* end = p + chunk.size();
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      ++n;
      if (nl == nullptr) break;
      p = static_cast<const char*>(nl) + 1;
    }
    return n;
  }

  bool write(std::string_view data) {
    switch (write_all(STDOUT_FILENO, data)) {
      case WriteStatus::Ok: return true;
      case WriteStatus::BrokenPipe: broken_pipe_ = true; return false;
      case WriteStatus::Error:
        error_ = std::string("cannot write to stdout: ") + std::strerror(errno);
        return false;
    }
    return false;
  }

  const Engine& engine_;
  Scratch& scratch_;
  StreamState state_;
  std::string out_;
  std::string error_;
  bool broken_pipe_ = false;
  size_t lines_ = 0;
  size_t redactions_ = 0;
  size_t failed_closed_ = 0;
};

}  // namespace

void add_filter_options(CLI::App& app, FilterOptions& opts) {
  add_common_options(app, opts.common, kSelection | kStyling | kInput | kQuiet);
  app.add_flag("--stats", opts.stats,
               "At the end, print to stderr: 'logscrub: N lines, M redactions, K records "
               "masked whole'.")
      ->group("Output");
  app.add_option("FILE", opts.files,
                 "Input files, scrubbed in order and concatenated to stdout. None or '-': "
                 "read stdin.")
      ->type_name("FILE");
}

int run_filter(const FilterOptions& opts) {
  EngineOptions eo;
  std::string error;
  if (!to_engine_options(opts.common, &eo, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  std::shared_ptr<const Engine> engine;
  std::unique_ptr<Scratch> scratch;
  if (!make_engine(eo, &engine, &scratch, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }

  std::vector<std::string> inputs = opts.files;
  if (inputs.empty()) inputs.emplace_back("-");

  std::unique_ptr<char[]> buf(new char[kReadBuffer]);
  LineFramer framer(engine->options().max_line_bytes);
  ScrubSink sink(*engine, *scratch);
  int rc = kExitOk;

  for (const std::string& name : inputs) {
    const bool is_stdin = name == "-";
    const std::string shown = is_stdin ? std::string("<stdin>") : name;
    const int fd = is_stdin ? STDIN_FILENO : ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::fprintf(stderr, "logscrub: cannot open '%s': %s\n", shown.c_str(), std::strerror(errno));
      rc = kExitError;
      break;
    }
    sink.new_stream();
    bool go_on = true;
    for (;;) {
      const long n = read_some(fd, buf.get(), kReadBuffer);
      if (n < 0) {
        std::fprintf(stderr, "logscrub: cannot read '%s': %s\n", shown.c_str(),
                     std::strerror(errno));
        rc = kExitError;
        go_on = false;
        break;
      }
      if (n == 0) break;
      if (!framer.feed(std::string_view(buf.get(), static_cast<size_t>(n)), sink)) {
        go_on = false;
        break;
      }
    }
    // On a read error the unfinished last record is dropped, never emitted unscrubbed.
    if (go_on && !framer.finish(sink)) go_on = false;
    if (!is_stdin) ::close(fd);
    if (sink.broken_pipe()) return kExitBrokenPipe;
    if (!sink.error().empty()) {
      std::fprintf(stderr, "logscrub: %s: %s\n", shown.c_str(), sink.error().c_str());
      rc = kExitError;
    }
    if (!go_on || rc != kExitOk) break;
  }

  if (!opts.common.quiet) {
    if (framer.oversized_records() > 0) {
      std::fprintf(stderr,
                   "logscrub: %zu record(s) longer than the limit (%zu bytes) were masked "
                   "whole\n",
                   framer.oversized_records(), engine->options().max_line_bytes);
    }
    if (sink.failed_closed() > 0) {
      std::fprintf(stderr, "logscrub: %zu record(s) could not be scanned and were masked whole\n",
                   sink.failed_closed());
    }
  }
  if (opts.stats) {
    std::fprintf(stderr, "logscrub: %zu lines, %zu redactions, %zu records masked whole\n",
                 sink.lines(), sink.redactions(),
                 sink.failed_closed() + framer.oversized_records());
  }
  return rc;
}

}  // namespace logscrub::cli
