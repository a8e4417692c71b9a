#include "cli/scan_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "cli/line_reader.h"

namespace logscrub::cli {

namespace {

namespace fs = std::filesystem;

constexpr size_t kReadBuffer = size_t{1} << 20;
constexpr size_t kBinaryProbe = 8192;

// Length of the valid UTF-8 sequence at s[i], or 0 if the bytes there are not one.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len;
  unsigned cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

struct Position {
  size_t line;
  size_t column;
};

// Receives the framed records of one input and prints its findings.
class ScanSink final : public LineFramer::Handler {
 public:
  ScanSink(const Engine& engine, Scratch& scratch, bool json)
      : engine_(engine), scratch_(scratch), json_(json) {}

  void start(const std::string& path) {
    path_ = path;
    state_ = StreamState{};
    line_ = 1;
  }

  bool on_lines(std::string_view chunk) override {
    findings_.clear();
    const Error err = engine_.find(scratch_, chunk, findings_, &state_);
    if (err) {
      error_ = err.message.empty() ? "internal error while scanning" : err.message;
      return false;
    }
    out_.clear();
    // Findings are sorted by begin: walk the chunk once, counting lines.
    size_t pos = 0;
    size_t line = line_;
    size_t line_start = 0;
    const auto advance = [&](size_t to, size_t& ln, size_t& ls, size_t from) {
      const char* base = chunk.data();
      while (from < to) {
        const void* nl = std::memchr(base + from, '\n', to - from);
        if (nl == nullptr) break;
        const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - base);
        ++ln;
        ls = at + 1;
        from = at + 1;
      }
    };
    for (const Finding& f : findings_) {
      const size_t begin = std::min(f.begin, chunk.size());
      const size_t end = std::min(std::max(f.end, begin), chunk.size());
      if (begin > pos) {
        advance(begin, line, line_start, pos);
        pos = begin;
      }
      const Position start{line, begin - line_start + 1};
      Position stop = start;
      if (end > begin) {
        // The end column is exclusive, on the line holding the last byte of the span.
        size_t end_line = line;
        size_t end_line_start = line_start;
        advance(end - 1, end_line, end_line_start, begin);
        stop = Position{end_line, end - end_line_start + 1};
      }
      const Rule& rule = engine_.rules().at(f.rule);
      emit(start, stop, rule.id, category_name(rule.category));
    }
    // Move the line counter past this chunk.
    advance(chunk.size(), line, line_start, pos);
    line_ = line;
    return flush();
  }

  bool on_oversized(size_t length, bool /*terminated*/, bool /*ends_with_cr*/) override {
    out_.clear();
    emit(Position{line_, 1}, Position{line_, length + 1}, "oversized-record", "unscanned");
    ++line_;
    ++oversized_;
    return flush();
  }

  const std::string& error() const { return error_; }
  void clear_error() { error_.clear(); }
  bool broken_pipe() const { return broken_pipe_; }
  size_t found() const { return found_; }
  size_t oversized() const { return oversized_; }

 private:
  void emit(Position start, Position stop, std::string_view rule, std::string_view category) {
    ++found_;
    if (json_) {
      out_ += "{\"path\":";
      append_json_string(out_, path_);
      out_ += ",\"line\":" + std::to_string(start.line);
      out_ += ",\"column\":" + std::to_string(start.column);
      out_ += ",\"end_line\":" + std::to_string(stop.line);
      out_ += ",\"end_column\":" + std::to_string(stop.column);
      out_ += ",\"rule\":";
      append_json_string(out_, rule);
      out_ += ",\"category\":";
      append_json_string(out_, category);
      out_ += "}\n";
    } else {
      out_ += path_;
      out_ += ':' + std::to_string(start.line) + ':' + std::to_string(start.column) + ": ";
      out_ += rule;
      out_ += " (";
      out_ += category;
      out_ += ")\n";
    }
  }

  bool flush() {
    if (out_.empty()) return true;
    switch (write_all(STDOUT_FILENO, out_)) {
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
  const bool json_;
  std::string path_;
  StreamState state_;
  size_t line_ = 1;
  std::vector<Finding> findings_;
  std::string out_;
  std::string error_;
  bool broken_pipe_ = false;
  size_t found_ = 0;
  size_t oversized_ = 0;
};

class Scanner {
 public:
  Scanner(const Engine& engine, Scratch& scratch, bool json)
      : framer_(engine.options().max_line_bytes),
        sink_(engine, scratch, json),
        buf_(new char[kReadBuffer]) {}

  // Scans one command-line argument. Returns false when output must stop (broken pipe).
  bool scan_argument(const std::string& arg) {
    if (arg == "-") return scan_fd(STDIN_FILENO, "-", "<stdin>", false);
    struct stat st;
    if (::stat(arg.c_str(), &st) != 0) {
      report("cannot open '" + arg + "': " + std::strerror(errno));
      return true;
    }
    if (S_ISDIR(st.st_mode)) return walk(arg);
    return scan_file(arg, false);
  }

  bool had_error() const { return had_error_; }
  bool broken_pipe() const { return sink_.broken_pipe(); }
  size_t found() const { return sink_.found(); }
  size_t oversized() const { return sink_.oversized(); }

 private:
  void report(const std::string& message) {
    std::fprintf(stderr, "logscrub: %s\n", message.c_str());
    had_error_ = true;
  }

  // Recurses into `dir` in name order; skips .git, symlinked directories, special files.
  bool walk(const std::string& dir) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      report("cannot read directory '" + dir + "': " + ec.message());
      return true;
    }
    struct Entry {
      std::string name;
      std::string path;
      fs::file_type type;
    };
    std::vector<Entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& e = *it;
      std::error_code tec;
      const fs::file_status s = e.symlink_status(tec);
      entries.push_back({e.path().filename().string(), e.path().string(),
                         tec ? fs::file_type::unknown : s.type()});
    }
    if (ec) report("cannot read directory '" + dir + "': " + ec.message());
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    for (const Entry& e : entries) {
      bool go_on = true;
      if (e.type == fs::file_type::directory) {
        if (e.name != ".git") go_on = walk(e.path);
      } else if (e.type == fs::file_type::regular) {
        go_on = scan_file(e.path, true);
      } else if (e.type == fs::file_type::symlink) {
        std::error_code sec;
        if (fs::is_regular_file(fs::status(e.path, sec)) && !sec) go_on = scan_file(e.path, true);
      }
      if (!go_on) return false;
    }
    return true;
  }

  bool scan_file(const std::string& path, bool skip_binary) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      report("cannot open '" + path + "': " + std::strerror(errno));
      return true;
    }
    const bool go_on = scan_fd(fd, path, path, skip_binary);
    ::close(fd);
    return go_on;
  }

  // Scans the input on `fd`, shown as `shown` in findings and `name` in messages.
  bool scan_fd(int fd, const std::string& shown, const std::string& name, bool skip_binary) {
    sink_.start(shown);
    size_t have = 0;
    if (skip_binary) {
      // Probe the first 8 KiB for a NUL byte: such files are binary and skipped.
      while (have < kBinaryProbe) {
        const long n = read_some(fd, buf_.get() + have, kBinaryProbe - have);
        if (n < 0) {
          report("cannot read '" + name + "': " + std::strerror(errno));
          return true;
        }
        if (n == 0) break;
        have += static_cast<size_t>(n);
      }
      if (std::memchr(buf_.get(), '\0', have) != nullptr) return true;
    }
    bool ok = true;
    if (have > 0) ok = framer_.feed(std::string_view(buf_.get(), have), sink_);
    while (ok) {
      const long n = read_some(fd, buf_.get(), kReadBuffer);
      if (n < 0) {
        report("cannot read '" + name + "': " + std::strerror(errno));
        framer_.reset();
        return true;
      }
      if (n == 0) break;
      ok = framer_.feed(std::string_view(buf_.get(), static_cast<size_t>(n)), sink_);
    }
    if (ok) ok = framer_.finish(sink_);
    if (sink_.broken_pipe()) return false;
    if (!ok) {
      report(name + ": " + sink_.error());
      sink_.clear_error();
      framer_.reset();
    }
    return true;
  }

  LineFramer framer_;
  ScanSink sink_;
  std::unique_ptr<char[]> buf_;
  bool had_error_ = false;
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c == '\r') {
      out += "\\r";
      ++i;
    } else if (c == '\t') {
      out += "\\t";
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      ++i;
    } else {
      const size_t len = utf8_sequence(s, i);
      if (len == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.data() + i, len);
        i += len;
      }
    }
  }
  out += '"';
}

CLI::App* add_scan_command(CLI::App& parent, ScanOptions& opts) {
  CLI::App* app = parent.add_subcommand(
      "scan",
      "Report where secrets and personal data are, without printing them. One line per "
      "finding: PATH:LINE:COLUMN: RULE-ID (CATEGORY); line and column are 1-based, the "
      "column counts bytes. Directories are searched recursively (.git directories and "
      "binary files -- a NUL byte in the first 8 KiB -- are skipped). A record longer than "
      "--max-line-bytes is reported as rule 'oversized-record' (category 'unscanned').");
  app->add_option("--format", opts.format,
                  "Output format: text, or json = one JSON object per line with path, line, "
                  "column, end_line, end_column (exclusive), rule and category.")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->group("Output");
  // After --format (the report format), so the input format becomes --input-format here.
  add_common_options(*app, opts.common, kSelection | kInput | kQuiet);
  app->add_option("PATH", opts.paths, "Files or directories to scan. None or '-': stdin.")
      ->type_name("PATH");
  app->footer(std::string("Examples:\n"
                          "  logscrub scan app.log\n"
                          "  logscrub scan --format json /var/log/myapp | jq .rule\n"
                          "  kubectl logs pod-1 | logscrub scan -\n"
                          "  logscrub scan --disable-category pii -r team-rules.yaml src/\n\n") +
              exit_codes_help());
  return app;
}

int run_scan(const ScanOptions& opts) {
  EngineOptions eo;
  std::string error;
  if (!to_engine_options(opts.common, &eo, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  // Styles do not matter for finding; a forced tag style needs no HMAC key.
  eo.style = Style::Tag;
  eo.style_forced = true;
  eo.style_overrides.clear();
  std::shared_ptr<const Engine> engine;
  std::unique_ptr<Scratch> scratch;
  if (!make_engine(eo, &engine, &scratch, &error)) {
    std::fprintf(stderr, "logscrub: %s\n", error.c_str());
    return kExitError;
  }
  Scanner scanner(*engine, *scratch, opts.format == "json");
  std::vector<std::string> paths = opts.paths;
  if (paths.empty()) paths.emplace_back("-");
  for (const std::string& p : paths) {
    if (!scanner.scan_argument(p)) break;
  }
  if (scanner.broken_pipe()) return kExitBrokenPipe;
  if (scanner.oversized() > 0 && !opts.common.quiet) {
    std::fprintf(stderr,
                 "logscrub: %zu record(s) longer than the limit (%zu bytes) were not scanned\n",
                 scanner.oversized(), engine->options().max_line_bytes);
  }
  if (scanner.had_error()) return kExitError;
  return scanner.found() > 0 ? kExitFound : kExitOk;
}

}  // namespace logscrub::cli
