#include "scrub/finding_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

namespace logscrub {
namespace {

// The engine's order: begin, then longer first, then rule.
struct ByBeginLongerRule {
  bool operator()(const Finding& a, const Finding& b) const {
    return std::tuple(a.begin, b.end, a.rule) < std::tuple(b.begin, a.end, b.rule);
  }
};

bool same(const std::vector<Finding>& a, const std::vector<Finding>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Finding& x, const Finding& y) {
    return x.rule == y.rule && x.begin == y.begin && x.end == y.end;
  });
}

// Findings as the matcher hands them back: rule by rule, each rule's sorted by begin.
std::vector<Finding> rule_by_rule(std::mt19937& rng, size_t text_size, size_t per_rule,
                                  uint32_t rules, size_t begin_lo, size_t begin_hi) {
  std::vector<Finding> out;
  for (uint32_t rule = 0; rule < rules; ++rule) {
    std::vector<Finding> mine;
    std::uniform_int_distribution<size_t> at(begin_lo, begin_hi);
    for (size_t i = 0; i < per_rule; ++i) {
      const size_t begin = at(rng);
      std::uniform_int_distribution<size_t> len(0, std::min<size_t>(60, text_size - begin));
      mine.push_back({rule, begin, begin + len(rng)});
    }
    std::sort(mine.begin(), mine.end(), ByBeginLongerRule{});
    out.insert(out.end(), mine.begin(), mine.end());
  }
  return out;
}

void expect_sorted_like_std_sort(std::vector<Finding> findings, size_t text_size) {
  std::vector<Finding> expected = findings;
  std::sort(expected.begin(), expected.end(), ByBeginLongerRule{});
  FindingSortBuffers buffers;
  sort_findings(findings, text_size, ByBeginLongerRule{}, buffers);
  EXPECT_TRUE(same(findings, expected));
}

TEST(FindingSort, SpreadFindingsComeOutAsStdSortPutsThem) {
  std::mt19937 rng(7);
  for (size_t text_size : {100u, 4096u, 262144u, 1000003u}) {
    expect_sorted_like_std_sort(rule_by_rule(rng, text_size, 200, 12, 0, text_size - 1), text_size);
  }
}

TEST(FindingSort, FindingsCrowdedIntoOneStretchAreSortedToo) {
  // A long line full of findings at the end of a large buffer: one bucket holds them all.
  std::mt19937 rng(11);
  const size_t text_size = 1 << 20;
  auto findings = rule_by_rule(rng, text_size, 500, 8, text_size - 300, text_size - 1);
  auto spread = rule_by_rule(rng, text_size, 10, 3, 0, text_size - 1);
  findings.insert(findings.end(), spread.begin(), spread.end());
  expect_sorted_like_std_sort(findings, text_size);
}

TEST(FindingSort, EmptyFindingAtTheVeryEndAndTiesOnBegin) {
  std::vector<Finding> findings;
  for (uint32_t rule = 0; rule < 100; ++rule) {
    findings.push_back({rule, 1000, 1000});        // empty, at the end of the text
    findings.push_back({rule, 0, 10 + rule % 7});  // same begin, different lengths
    findings.push_back({99 - rule, 500, 520});     // same span, rules in reverse
  }
  expect_sorted_like_std_sort(findings, 1000);
}

TEST(FindingSort, FewFindingsAndAlreadySortedInput) {
  std::mt19937 rng(3);
  expect_sorted_like_std_sort(rule_by_rule(rng, 5000, 5, 3, 0, 4999), 5000);
  auto one_rule = rule_by_rule(rng, 70000, 1000, 1, 0, 69999);
  expect_sorted_like_std_sort(one_rule, 70000);
  expect_sorted_like_std_sort({}, 0);
}

}  // namespace
}  // namespace logscrub
