#include "detect/card_scanner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "detect/digit_shapes.h"

namespace logscrub {
namespace {

// The substrings reported by find_card_numbers.
std::vector<std::string> scan(std::string_view text) {
  std::vector<CardMatch> matches;
  find_card_numbers(text, matches);
  std::vector<std::string> out;
  for (const CardMatch& m : matches) {
    EXPECT_LT(m.begin, m.end);
    EXPECT_LE(m.end, text.size());
    out.emplace_back(text.substr(m.begin, m.end - m.begin));
  }
  return out;
}

using Strings = std::vector<std::string>;

// ---------------------------------------------------------------- positives
TEST(CardScanner, FindsStandardTestPans) {
  for (std::string_view pan :
       {"4111111111111111",    "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
        "2223003122003222",    "378282246310005",     "3782 822463 10005",   "6011111111111117",
        "3530111333300000",    "30569309025904",      "6200000000000005",    "4222222222222",
        "6011000990139424",    "5105105105105100",    "3566002020360505",    "36227206271667",
        "6304000000000000",    "4222 2222 2222 2",    "3056 930902 5904",    "6011 1111 1111 1117",
        "6011-1111-1111-1117", "3782-822463-10005",   "4111111111111111110"}) {
    EXPECT_EQ(scan(pan), Strings{std::string(pan)}) << pan;
  }
}

TEST(CardScanner, FindsPansInContext) {
  EXPECT_EQ(scan("card=4111111111111111;"), Strings{"4111111111111111"});
  EXPECT_EQ(scan("{\"pan\":\"4111111111111111\"}"), Strings{"4111111111111111"});
  EXPECT_EQ(scan("(4111111111111111)"), Strings{"4111111111111111"});
  EXPECT_EQ(scan("paid with 4111 1111 1111 1111 today"), Strings{"4111 1111 1111 1111"});
  EXPECT_EQ(scan("amex: 3782 822463 10005."), Strings{"3782 822463 10005"});
  EXPECT_EQ(scan("pan=4111111111111111, exp=12/25"), Strings{"4111111111111111"});
  EXPECT_EQ(scan("-4111111111111111"), Strings{"4111111111111111"});  // '-' not glued
  EXPECT_EQ(scan("x 4111111111111111\n"), Strings{"4111111111111111"});
}

TEST(CardScanner, FindsSeveralPansWithOffsets) {
  const std::string text =
      "2015-10-18 18:01:47,978 INFO a=4111111111111111 b=5555 5555 5555 4444 c=378282246310005";
  std::vector<CardMatch> m;
  find_card_numbers(text, m);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].begin, text.find("4111"));
  EXPECT_EQ(m[0].end, m[0].begin + 16);
  EXPECT_EQ(text.substr(m[1].begin, m[1].end - m[1].begin), "5555 5555 5555 4444");
  EXPECT_EQ(m[2].end, text.size());
}

TEST(CardScanner, AppendsToExistingMatches) {
  std::vector<CardMatch> m{{1, 2}};
  find_card_numbers("4111111111111111", m);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].begin, 1u);
  EXPECT_EQ(m[1].begin, 0u);
  EXPECT_EQ(m[1].end, 16u);
}

TEST(CardScanner, SpaceGroupedCardFollowedByMoreDigits) {
  EXPECT_EQ(scan("4111 1111 1111 1111 12/25"), Strings{"4111 1111 1111 1111"});
}

TEST(CardScanner, FindsPanAcrossSimdBlockBoundaries) {
  for (size_t pad = 0; pad < 40; ++pad) {
    std::string text(pad, 'x');
    text += " 4111111111111111 ";
    text += std::string(pad, '\xff');
    EXPECT_EQ(scan(text), Strings{"4111111111111111"}) << pad;
  }
}

// ---------------------------------------------------------------- negatives
TEST(CardScanner, IgnoresLogNoise) {
  for (std::string_view text : {"1445144423722",
                                "job_1445144423722_0020",
                                "blk_-1608999687919862906",
                                "blk_7503483334202473044",
                                "123e4567-e89b-12d3-a456-426614174000",
                                "+1 (555) 123-4567",
                                "+44 20 7946 0958",
                                "192.168.100.254",
                                "10.0.0.1:8080",
                                "2015-10-18 18:01:47,978",
                                "0.4111111111111111",
                                "deadbeef4111111111111111",
                                "4111111111111111abcdef",
                                "0x4111111111111111",
                                "4111111111111112",
                                "4111 1111 1111 1112",
                                "41111111111111111111",
                                "411111111111111111111111",
                                "",
                                "no digits at all",
                                "1234 5678 9012 3456"}) {
    EXPECT_EQ(scan(text), Strings{}) << text;
  }
}

TEST(CardScanner, RespectsBoundaries) {
  EXPECT_EQ(scan("a4111111111111111"), Strings{});
  EXPECT_EQ(scan("_4111111111111111"), Strings{});
  EXPECT_EQ(scan("4111111111111111_"), Strings{});
  EXPECT_EQ(scan("id/4111111111111111"), Strings{});
  EXPECT_EQ(scan("v+4111111111111111"), Strings{});
  EXPECT_EQ(scan("x.4111111111111111"), Strings{});
  EXPECT_EQ(scan("4111111111111111.5"), Strings{});
  // A comma separates list items (CSV, JSON arrays), it is no decimal mark for a card.
  EXPECT_EQ(scan("4111111111111111,5"), Strings{"4111111111111111"});
  EXPECT_EQ(scan("4111111111111111,12,2027"), Strings{"4111111111111111"});
  EXPECT_EQ(scan("4111111111111111."), Strings{"4111111111111111"});
  EXPECT_EQ(scan("4111111111111111,x"), Strings{"4111111111111111"});
}

TEST(CardScanner, RejectsMixedOrDoubledSeparators) {
  EXPECT_EQ(scan("4111 1111-1111 1111"), Strings{});
  EXPECT_EQ(scan("4111  1111  1111  1111"), Strings{});
  EXPECT_EQ(scan("4111--1111--1111--1111"), Strings{});
  EXPECT_EQ(scan("4111.1111.1111.1111"), Strings{});
}

TEST(CardScanner, RejectsUnlistedGroupings) {
  EXPECT_EQ(scan("41 1111 1111 1111 11"), Strings{});
  EXPECT_EQ(scan("41111 11111 111111"), Strings{});
  EXPECT_EQ(scan("4111-1111-1111-1111-2222"), Strings{});  // dash grouping continues
}

TEST(CardScanner, RejectsWrongLengthForIssuer) {
  EXPECT_EQ(scan("37828224631003"), Strings{});    // Amex prefix, 14 digits (Luhn-valid)
  EXPECT_EQ(scan("411111111111116"), Strings{});   // Visa prefix, 15 digits (Luhn-valid)
  EXPECT_EQ(scan("1111111111111117"), Strings{});  // no issuer (Luhn-valid)
}

TEST(CardScanner, NeverReadsPastTheView) {
  // The view ends in the middle of the buffer; digits after it must not extend the run.
  const std::string buf =
      "4111111111111111"
      "1111";
  EXPECT_EQ(scan(std::string_view(buf).substr(0, 16)), Strings{"4111111111111111"});
  // Heap buffer of exactly the view size (sanitizers catch over-reads).
  for (size_t n = 0; n <= 40; ++n) {
    auto heap = std::make_unique<char[]>(n);
    std::memset(heap.get(), '4', n);
    std::vector<CardMatch> m;
    find_card_numbers(std::string_view(heap.get(), n), m);
    EXPECT_TRUE(m.empty()) << n;  // 4444... is never Luhn-valid Visa of 13/16/19 digits
  }
}

TEST(CardScanner, LinearOnLongDigitRunsAndGroups) {
  std::string text(1 << 20, '4');
  std::vector<CardMatch> m;
  find_card_numbers(text, m);
  EXPECT_TRUE(m.empty());
  std::string groups;
  for (int i = 0; i < 100000; ++i) groups += "1234 ";
  find_card_numbers(groups, m);
  EXPECT_TRUE(m.empty());
}

// ---------------------------------------------------------------- card_iin_plausible
TEST(CardIin, AcceptsIssuerLengths) {
  for (std::string_view d :
       {"4222222222222",       "4111111111111111",    "4111111111111111111", "5100000000000000",
        "5500000000000000",    "2221000000000000",    "2720990000000000",    "340000000000000",
        "370000000000000",     "6011000000000000",    "6440000000000000000", "6500000000000000",
        "3528000000000000",    "3589000000000000000", "30000000000000",      "36000000000000",
        "3800000000000000000", "3900000000000000",    "6200000000000000",    "5018000000000",
        "6763000000000000000", "5893000000000000"}) {
    EXPECT_TRUE(card_iin_plausible(d)) << d;
  }
}

TEST(CardIin, RejectsWrongLengthsAndPrefixes) {
  for (std::string_view d : {"",
                             "4",
                             "411111111111",
                             "41111111111111",
                             "411111111111111",
                             "41111111111111111",
                             "41111111111111111111",
                             "5600000000000000",
                             "5000000000000000",
                             "2220990000000000",
                             "2721000000000000",
                             "5100000000000",
                             "34000000000000",
                             "3400000000000000",
                             "6012000000000000",
                             "6430000000000000",
                             "3527000000000000",
                             "3590000000000000",
                             "30600000000000",
                             "3700000000000",
                             "1111111111111111",
                             "9999999999999999",
                             "411111111111111a",
                             "4111 1111 1111 1111",
                             "30000000000000000000"}) {
    EXPECT_FALSE(card_iin_plausible(d)) << d;
  }
}

}  // namespace
}  // namespace logscrub

// Every instruction-set path of the digit-shape pass finds the same cards, SSNs and IBANs, on
// text dense with digits, separators and capitals (so blocks, tails and skips all occur).
namespace logscrub {
namespace {

TEST(DigitShapes, EveryInstructionSetPathFindsTheSame) {
  std::mt19937 rng(11);
  const std::string alphabet = "0123456789012345678901234567890123456789 -  --GBDEaz.:\n";
  const std::vector<std::string> plants = {"4111 1111 1111 1111",    "5500-0000-0000-0004",
                                           "378282246310005",        "123-45-6789",
                                           "GB82WEST12345698765432", "DE89370400440532013000"};
  size_t compared = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text;
    const size_t len = rng() % 700;
    while (text.size() < len) {
      if (rng() % 10 == 0) {
        text += " " + plants[rng() % plants.size()] + " ";
      } else {
        text += alphabet[rng() % alphabet.size()];
      }
    }
    std::vector<CardMatch> ref[3];
    ASSERT_TRUE(scan_digit_shapes_with(DigitShapeIsa::Portable, text,
                                       DigitShapeOutputs{&ref[0], &ref[1], &ref[2]}));
    for (DigitShapeIsa isa : {DigitShapeIsa::Avx2, DigitShapeIsa::Avx512}) {
      std::vector<CardMatch> got[3];
      if (!scan_digit_shapes_with(isa, text, DigitShapeOutputs{&got[0], &got[1], &got[2]}))
        continue;
      ++compared;
      for (int k = 0; k < 3; ++k) {
        ASSERT_EQ(got[k].size(), ref[k].size()) << "detector " << k << " on: " << text;
        for (size_t j = 0; j < got[k].size(); ++j) {
          EXPECT_EQ(got[k][j].begin, ref[k][j].begin);
          EXPECT_EQ(got[k][j].end, ref[k][j].end);
        }
      }
    }
  }
  std::printf("%zu vectorised passes compared with the portable one\n", compared);
}

}  // namespace
}  // namespace logscrub
