#include "cli/filter_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/line_reader.h"
#include "cli/output_reservation.h"
#include "cli/parallel_scrub.h"
#include "scrub/stream.h"

namespace logscrub::cli {

namespace {

constexpr size_t kReadBuffer = size_t{1} << 20;

// Writes to stdout; remembers a broken pipe or a write error.
class StdoutWriter {
 public:
  ~StdoutWriter() { reservation_.finish(position_); }
  bool write(const OutputPieces& pieces) {
    reservation_.before_write(position_, pieces.size());
    return check(write_pieces(STDOUT_FILENO, pieces, &position_));
  }
  bool broken_pipe() const { return broken_pipe_; }
  const std::string& error() const { return error_; }

 private:
  bool check(WriteStatus status) {
    switch (status) {
      case WriteStatus::Ok: return true;
      case WriteStatus::BrokenPipe: broken_pipe_ = true; return false;
      case WriteStatus::Error:
        error_ = std::string("cannot write to stdout: ") + std::strerror(errno);
        return false;
    }
    return false;
  }

  uint64_t position_ = write_position(STDOUT_FILENO);  // see write_pieces
  OutputReservation reservation_{STDOUT_FILENO, position_};
  bool broken_pipe_ = false;
  std::string error_;
};

// "logscrub: 1.2 GB of 4.0 GB (30%), 410 MB/s" on stderr, at most twice a second, when
// stderr is a terminal (or --progress); erased at the end.
class Progress {
 public:
  Progress(bool enabled, std::string name, size_t total)
      : enabled_(enabled),
        name_(std::move(name)),
        total_(total),
        start_(std::chrono::steady_clock::now()),
        last_(start_) {}
  ~Progress() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }
  void update(size_t done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    shown_ = true;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(done) / secs / 1e6 : 0;
    if (total_ > 0) {
      std::fprintf(stderr, "\r\033[Klogscrub: %s: %.1f of %.1f MB (%.0f%%), %.0f MB/s",
                   name_.c_str(), static_cast<double>(done) / 1e6,
                   static_cast<double>(total_) / 1e6,
                   100.0 * static_cast<double>(done) / static_cast<double>(total_), rate);
    } else {
      std::fprintf(stderr, "\r\033[Klogscrub: %s: %.1f MB, %.0f MB/s", name_.c_str(),
                   static_cast<double>(done) / 1e6, rate);
    }
  }

 private:
  bool enabled_;
  std::string name_;
  size_t total_;
  std::chrono::steady_clock::time_point start_, last_;
  bool shown_ = false;
};

struct Totals {
  size_t records = 0;
  size_t redactions = 0;
  size_t masked = 0;
};

// One input through the streaming scrubber on this thread.
// Returns "" or an error message (read or scrub error).
std::string scrub_serial(const Engine& engine, Scratch& scratch, int fd, StdoutWriter& out,
                         Progress& progress, bool count_records, Totals& totals) {
  StreamScrubber stream(engine);
  std::unique_ptr<char[]> buf(new char[kReadBuffer]);
  // Refers to buf's unchanged bytes (no copy): written out before buf is read into again.
  OutputPieces scrubbed;
  size_t bytes = 0;
  char last_byte = '\n';
  std::string error;
  for (;;) {
    const long n = read_some(fd, buf.get(), kReadBuffer);
    if (n < 0) {
      // The unfinished last record is dropped, never emitted unscrubbed.
      error = std::string("cannot read: ") + std::strerror(errno);
      break;
    }
    scrubbed.clear();
    Error err;
    if (n == 0) {
      err = stream.finish(scratch, scrubbed);
    } else {
      const std::string_view data(buf.get(), static_cast<size_t>(n));
      bytes += data.size();
      last_byte = data.back();
      if (count_records) {
        totals.records += static_cast<size_t>(std::count(data.begin(), data.end(), '\n'));
      }
      err = stream.write(scratch, data, scrubbed);
    }
    if (err) {
      error = err.message.empty() ? "internal error while scrubbing" : err.message;
      break;
    }
    if (!scrubbed.empty() && !out.write(scrubbed)) break;
    if (n == 0) break;
    progress.update(bytes);
  }
  if (count_records && last_byte != '\n') ++totals.records;  // unterminated last record
  totals.redactions += stream.stats().findings;
  totals.masked += stream.stats().records_failed_closed;
  return error;
}

}  // namespace

void add_filter_options(CLI::App& app, FilterOptions& opts) {
  add_common_options(app, opts.common, kSelection | kStyling | kInput | kQuiet);
  app.add_flag("--stats", opts.stats,
               "At the end, print to stderr: 'logscrub: N lines, M redactions, K records "
               "masked whole'.")
      ->group("Output");
  app.add_option("-j,--threads", opts.threads,
                 "Worker threads. Input is cut at line boundaries and output written in input "
                 "order, byte-identical to one thread. Default 0: all cores when every input "
                 "is a regular file, 1 for pipes and terminals.")
      ->check(CLI::Range(0, 256))
      ->group("Performance");
  app.add_flag("--progress", opts.progress,
               "Show progress on stderr (default: only when stderr is a terminal).")
      ->group("Output");
  app.add_flag("--no-progress", opts.no_progress, "Never show progress.")->group("Output");
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

  const bool show_progress =
      !opts.no_progress && !opts.common.quiet && (opts.progress || ::isatty(STDERR_FILENO) == 1);
  StdoutWriter out;
  Totals totals;
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
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    unsigned threads = static_cast<unsigned>(opts.threads);
    if (threads == 0) threads = regular ? std::max(1u, std::thread::hardware_concurrency()) : 1;
    Progress progress(show_progress && (regular ? st.st_size > (64 << 20) : opts.progress), shown,
                      regular ? static_cast<size_t>(st.st_size) : 0);
    std::string input_error;
    // Multi-line blocks (PEM keys) never continue from one input into the next. A regular
    // file is read in jobs, straight into their buffers (on one thread too: fewer copies
    // than the stream's reads); a pipe on one thread goes through the streaming API, which
    // writes each line as soon as it is complete.
    if (threads <= 1 && !regular) {
      input_error = scrub_serial(*engine, *scratch, fd, out, progress, opts.stats, totals);
    } else {
      const OutputSink sink = [&out](const OutputPieces& data) { return out.write(data); };
      const ProgressFn on_progress = [&progress](size_t bytes) { progress.update(bytes); };
      ParallelResult r = scrub_fd_parallel(*engine, fd, threads, sink, on_progress, opts.stats);
      totals.records += r.records;
      totals.redactions += r.redactions;
      totals.masked += r.masked_records;
      if (!r.ok) input_error = r.error;
    }
    if (!is_stdin) ::close(fd);
    if (out.broken_pipe()) return kExitBrokenPipe;
    if (!out.error().empty()) input_error = out.error();
    if (!input_error.empty()) {
      std::fprintf(stderr, "logscrub: %s: %s\n", shown.c_str(), input_error.c_str());
      rc = kExitError;
      break;
    }
  }

  if (!opts.common.quiet && totals.masked > 0) {
    std::fprintf(stderr,
                 "logscrub: %zu record(s) masked whole (longer than the limit of %zu bytes, or "
                 "not scannable)\n",
                 totals.masked, engine->options().max_line_bytes);
  }
  if (opts.stats) {
    std::fprintf(stderr, "logscrub: %zu lines, %zu redactions, %zu records masked whole\n",
                 totals.records, totals.redactions, totals.masked);
  }
  return rc;
}

}  // namespace logscrub::cli
