// Helpers shared by the unit tests.
#pragma once

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "detect/native_search.h"
#include "rules/rule.h"
#include "rules/rule_loader.h"
#include "scrub/engine.h"

namespace logscrub::testing {

// The built-in rules, loaded once (fails the test when they do not load).
inline const std::vector<Rule>& builtin_rules() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> r;
    EXPECT_FALSE(load_builtin_rules(r));
    return r;
  }();
  return rules;
}

// The built-in rule `id` (fails the test when there is none).
inline const Rule& builtin_rule(const std::string& id) {
  const std::vector<Rule>& rules = builtin_rules();
  for (const Rule& r : rules) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no built-in rule " << id;
  return rules.front();
}

// A window [pos, end) of a text of `size` bytes for a search: the whole text half of the time,
// else a random one.
inline std::pair<size_t, size_t> random_window(std::mt19937& rng, size_t size) {
  if (rng() % 2 == 0) return {0, size};
  const size_t pos = rng() % (size + 1);
  return {pos, pos + rng() % (size - pos + 1)};
}

// A byte search `fast(t, from, end)` (a SIMD loop) finds what `slow(from, end)` (the byte loop
// it stands for) finds, in every window [from, end) of `text`.
template <class Fast, class Slow>
void expect_same_in_every_window(const std::string& text, Fast fast, Slow slow) {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t from = 0; from <= text.size(); ++from) {
    for (size_t end = from; end <= text.size(); ++end) {
      ASSERT_EQ(fast(t, from, end), slow(from, end)) << text << " " << from << " " << end;
    }
  }
}

// A hand-written search and RE2 agree on the leftmost match in text[pos, end): both find
// one or neither, with the same bounds and the same group `group`. Returns the group RE2
// found ("" without a match), for tables of expected values.
inline std::string expect_same_as_re2(const NativeSearch& search, const RE2& re, int group,
                                      const std::string& text, size_t pos, size_t end) {
  re2::StringPiece groups[2];
  const bool want = re.Match(re2::StringPiece(text), pos, end, RE2::UNANCHORED, groups, group + 1);
  NativeMatch got;
  const bool found = search.leftmost(text, pos, end, &got);
  EXPECT_EQ(found, want) << "text: " << text << " [" << pos << ", " << end << ")";
  if (!want || !found) return "";
  const size_t begin = static_cast<size_t>(groups[0].data() - text.data());
  const size_t g = static_cast<size_t>(groups[group].data() - text.data());
  EXPECT_EQ(got.begin, begin) << text;
  EXPECT_EQ(got.end, begin + groups[0].size()) << text;
  EXPECT_EQ(got.group_begin, g) << text;
  EXPECT_EQ(got.group_end, g + groups[group].size()) << text;
  return std::string(groups[group].data(), groups[group].size());
}

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
