// Baseline: the "line loop" scrubber a C++ user would write with RE2 alone. Reads stdin, and for
// each line applies every pattern of patterns.txt in turn with RE2::GlobalReplace, then writes
// the line to stdout. Input is read in 1 MiB blocks and split on '\n' (no per-line syscalls);
// output is buffered the same way.
//
// Usage: logscrub_baseline_re2 PATTERNS_TXT < in.log > out.log
#include <re2/re2.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Rule {
  std::unique_ptr<RE2> re;
  std::string rewrite;  // "[REDACTED]", "\1[REDACTED]" or "\1[REDACTED]\2" (see patterns.txt)
};

bool load(const char* path, std::vector<Rule>& rules) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "logscrub_baseline_re2: cannot open %s\n", path);
    return false;
  }
  RE2::Options options;
  options.set_log_errors(false);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto re = std::make_unique<RE2>(line, options);
    if (!re->ok()) {
      std::fprintf(stderr, "logscrub_baseline_re2: bad pattern %s: %s\n", line.c_str(),
                   re->error().c_str());
      return false;
    }
    const int groups = re->NumberOfCapturingGroups();
    std::string rewrite = groups >= 2   ? "\\1[REDACTED]\\2"
                          : groups == 1 ? "\\1[REDACTED]"
                                        : "[REDACTED]";
    rules.push_back(Rule{std::move(re), std::move(rewrite)});
  }
  return true;
}

class Output {
 public:
  ~Output() { flush(); }
  void write(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= (1u << 20)) flush();
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), stdout) != buf_.size()) {
      failed_ = true;
    }
    buf_.clear();
  }
  bool failed() const { return failed_; }

 private:
  std::string buf_;
  bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: logscrub_baseline_re2 PATTERNS_TXT < in.log > out.log\n", stderr);
    return 2;
  }
  std::vector<Rule> rules;
  if (!load(argv[1], rules)) return 2;

  Output out;
  std::string line;
  auto scrub = [&](const char* p, size_t n) {
    line.assign(p, n);
    for (const Rule& r : rules) RE2::GlobalReplace(&line, *r.re, r.rewrite);
    out.write(line);
  };

  std::vector<char> block(1u << 20);
  std::string carry;  // an incomplete line left over from the previous block
  size_t n = 0;
  while ((n = std::fread(block.data(), 1, block.size(), stdin)) > 0) {
    const char* p = block.data();
    const char* end = p + n;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr) {
        carry.append(p, static_cast<size_t>(end - p));
        break;
      }
      if (carry.empty()) {
        scrub(p, static_cast<size_t>(nl - p));
      } else {
        carry.append(p, static_cast<size_t>(nl - p));
        scrub(carry.data(), carry.size());
        carry.clear();
      }
      out.write("\n");
      p = nl + 1;
    }
  }
  if (!carry.empty()) scrub(carry.data(), carry.size());
  out.flush();
  if (std::ferror(stdin) || out.failed() || std::fflush(stdout) != 0) {
    std::fputs("logscrub_baseline_re2: I/O error\n", stderr);
    return 1;
  }
  return 0;
}
