// Helpers shared by the unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "scrub/engine.h"

namespace logscrub::testing {

// Builds an engine or fails the test with the engine's error message.
inline std::shared_ptr<const Engine> make_engine(const EngineOptions& options) {
  Error err;
  auto engine = Engine::create(options, &err);
  EXPECT_TRUE(engine) << err.message;
  return engine;
}

// An engine with only the rules in `yaml` (no built-ins).
inline std::shared_ptr<const Engine> make_engine_from_yaml(const std::string& yaml,
                                                           EngineOptions options = {}) {
  options.builtin_rules = false;
  options.rule_texts.push_back(yaml);
  return make_engine(options);
}

inline std::string scrub(const Engine& engine, std::string_view input, ScrubStats* stats = nullptr,
                         StreamState* state = nullptr) {
  Error err;
  auto scratch = Scratch::create(engine, &err);
  EXPECT_TRUE(scratch) << err.message;
  std::string out;
  err = engine.scrub(*scratch, input, out, stats, state);
  EXPECT_FALSE(err) << err.message;
  return out;
}

inline std::vector<Finding> find(const Engine& engine, std::string_view input) {
  Error err;
  auto scratch = Scratch::create(engine, &err);
  EXPECT_TRUE(scratch) << err.message;
  std::vector<Finding> findings;
  err = engine.find(*scratch, input, findings);
  EXPECT_FALSE(err) << err.message;
  return findings;
}

// A copy of `text` with `edits` random edits, each replacing, inserting or removing one byte
// (new bytes drawn from `noise`): near-misses of a rule's examples.
inline std::string mutated(std::string text, std::mt19937& rng, std::string_view noise, int edits) {
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const size_t at = rng() % text.size();
    const char c = noise[rng() % noise.size()];
    switch (rng() % 3) {
      case 0: text[at] = c; break;
      case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
      default: text.erase(at, 1);
    }
  }
  return text;
}

// A rule's examples followed by its negative examples: the texts the per-rule tests start from.
inline std::vector<std::string> examples_and_negatives(const Rule& rule) {
  std::vector<std::string> texts = rule.examples;
  texts.insert(texts.end(), rule.negative_examples.begin(), rule.negative_examples.end());
  return texts;
}

// Appends `copies` near-misses (mutated, `edits` edits each) of each text in `texts`, text
// by text.
inline void add_mutated_copies(std::vector<std::string>& texts, std::mt19937& rng,
                               std::string_view noise, int copies, int edits) {
  const size_t originals = texts.size();
  for (size_t i = 0; i < originals; ++i) {
    for (int k = 0; k < copies; ++k) texts.push_back(mutated(texts[i], rng, noise, edits));
  }
}

inline size_t count_char(std::string_view s, char c) {
  size_t n = 0;
  for (char x : s) n += (x == c);
  return n;
}

}  // namespace logscrub::testing
