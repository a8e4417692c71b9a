// Helpers shared by the unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

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

inline size_t count_char(std::string_view s, char c) {
  size_t n = 0;
  for (char x : s) n += (x == c);
  return n;
}

}  // namespace logscrub::testing
