// G1 sweep: is time per byte flat on long lines made of what the rules look for? Every built-in
// rule's examples and negative examples (default-off rules switched on) are each glued into one
// long line -- copies with nothing between them, and with each of a few separators -- and the
// line is scrubbed at two lengths 8x apart. Linear time gives a ratio near 8; a path that
// re-reads the rest of the line per match gives ~64. Shapes over the bound are printed.
//
// It found the quadratic paths that tests/adversarial/long_input_test.cpp now pins (a token as
// each URL's password, private-key blocks on one line, runs of rejected JWT parts...).
//
// Usage: logscrub_g1_sweep [SMALL_BYTES=32768] [BOUND=20] [RULE_ID_SUBSTRING] [text|json|all]
// (text: the lines as they are, the default; json: inside a JSON string value, and as the
// values of a JSON object; all: both.)
// Exit status: 0 when every shape stays under the bound, 1 when one does not, 2 on error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_loader.h"
#include "scrub/engine.h"

namespace {

using Clock = std::chrono::steady_clock;

// Best of `runs` timings of one scrub of `line`, in seconds.
double best_time(const logscrub::Engine& engine, logscrub::Scratch& scratch,
                 const std::string& line, std::string& out, int runs) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    out.clear();
    const auto t0 = Clock::now();
    const logscrub::Error err = engine.scrub(scratch, line, out);
    const double t = std::chrono::duration<double>(Clock::now() - t0).count();
    if (err) {
      std::fprintf(stderr, "scrub failed: %s\n", err.message.c_str());
      std::exit(2);
    }
    best = std::min(best, t);
  }
  return best;
}

enum class Shape { Text, JsonString, JsonObject };

std::string json_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// One line of about `bytes` bytes: copies of `unit` glued (Text), the same inside one JSON
// string value (JsonString), or each copy a JSON string value of its own, every other one under
// a sensitive key name (JsonObject).
std::string glued(std::string_view unit, size_t bytes, Shape shape) {
  std::string line;
  line.reserve(bytes + 2 * unit.size() + 64);
  if (shape == Shape::Text) {
    while (line.size() < bytes) line += unit;
  } else if (shape == Shape::JsonString) {
    const std::string u = json_escaped(unit);
    line += R"({"level":"info","msg":")";
    while (line.size() < bytes) line += u;
    line += "\"}";
  } else {
    const std::string u = json_escaped(unit);
    line += '{';
    for (size_t i = 0; line.size() < bytes; ++i) {
      if (i > 0) line += ',';
      line += '"';
      line += i % 2 ? "password" : "k";
      line += std::to_string(i);
      line += "\":\"";
      line += u;
      line += '"';
    }
    line += "}";
  }
  line += '\n';
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t small_bytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 32768;
  const double bound = argc > 2 ? std::strtod(argv[2], nullptr) : 20.0;
  const std::string only = argc > 3 ? argv[3] : "";
  const std::string mode = argc > 4 ? argv[4] : "text";
  if (small_bytes == 0 || bound <= 0 || (mode != "text" && mode != "json" && mode != "all")) {
    std::fprintf(stderr,
                 "usage: logscrub_g1_sweep [SMALL_BYTES] [BOUND] [RULE_ID_SUBSTRING] "
                 "[text|json|all]\n");
    return 2;
  }
  std::vector<Shape> shapes_to_try;
  if (mode != "json") shapes_to_try.push_back(Shape::Text);
  if (mode != "text") {
    shapes_to_try.push_back(Shape::JsonString);
    shapes_to_try.push_back(Shape::JsonObject);
  }
  static constexpr const char* kShapeNames[] = {"text", "json-string", "json-object"};

  std::vector<logscrub::Rule> rules;
  if (logscrub::Error err = logscrub::load_builtin_rules(rules)) {
    std::fprintf(stderr, "cannot load the built-in rules: %s\n", err.message.c_str());
    return 2;
  }
  logscrub::EngineOptions options;
  for (const logscrub::Rule& r : rules) options.enabled_ids.push_back(r.id);
  logscrub::Error err;
  auto engine = logscrub::Engine::create(options, &err);
  if (!engine) {
    std::fprintf(stderr, "cannot create the engine: %s\n", err.message.c_str());
    return 2;
  }
  auto scratch = logscrub::Scratch::create(*engine, &err);
  if (!scratch) {
    std::fprintf(stderr, "cannot create scratch: %s\n", err.message.c_str());
    return 2;
  }

  std::string out;
  const std::string filler = "lorem ipsum dolor sit amet consectetur adipiscing elit ";
  const double filler_ratio =
      best_time(*engine, *scratch, glued(filler, 8 * small_bytes, Shape::Text), out, 3) /
      best_time(*engine, *scratch, glued(filler, small_bytes, Shape::Text), out, 3);
  std::printf("filler (no rule hits): %.1fx the time for 8x the bytes\n", filler_ratio);

  static constexpr std::string_view kSeparators[] = {"", " ", ",", ";", "&", "\t", "\"", "="};
  size_t shapes = 0, over = 0;
  for (const logscrub::Rule& rule : rules) {
    if (!only.empty() && rule.id.find(only) == std::string::npos) continue;
    std::vector<std::string> units = rule.examples;
    units.insert(units.end(), rule.negative_examples.begin(), rule.negative_examples.end());
    for (std::string unit : units) {
      unit = unit.substr(0, unit.find('\n'));  // block rules' examples: their first line
      if (unit.empty()) continue;
      for (Shape shape : shapes_to_try) {
        for (std::string_view sep : kSeparators) {
          const std::string u = unit + std::string(sep);
          const double small = best_time(*engine, *scratch, glued(u, small_bytes, shape), out, 2);
          const double large =
              best_time(*engine, *scratch, glued(u, 8 * small_bytes, shape), out, 2);
          const double ratio = large / std::max(small, 1e-7);
          ++shapes;
          if (ratio > bound && large > 2e-3) {
            ++over;
            std::printf("%-32s %5.1fx  %8.2f ms -> %8.2f ms  %s sep '%.*s'  %.70s\n",
                        rule.id.c_str(), ratio, small * 1e3, large * 1e3,
                        kShapeNames[static_cast<int>(shape)], static_cast<int>(sep.size()),
                        sep.data(), unit.c_str());
            std::fflush(stdout);
          }
        }
      }
    }
  }
  std::printf("%zu shapes, %zu over %.0fx (lines of %zu and %zu bytes)\n", shapes, over, bound,
              small_bytes, 8 * small_bytes);
  return over == 0 ? 0 : 1;
}
