#include "detect/percent_decode.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace logscrub {
namespace {

struct Decoded {
  std::string text;
  std::vector<uint32_t> checkpoints;
};

Decoded decode(std::string_view raw, std::string prefix = "") {
  Decoded d{std::move(prefix), {}};
  percent::decode_append(raw, d.text, d.checkpoints);
  return d;
}

// Each decoded byte maps back to a raw range (raw_offset_of, raw_width_at), and the ranges of
// consecutive bytes tile `raw` exactly; a range of 3 is an escape of the decoded byte.
void expect_tiles(std::string_view raw, size_t prefix = 0) {
  const Decoded d = decode(raw, std::string(prefix, 'p'));
  const size_t size = d.text.size() - prefix;
  ASSERT_EQ(d.checkpoints.size(),
            (size + percent::kCheckpointSpacing - 1) / percent::kCheckpointSpacing);
  size_t next = 0;
  for (size_t i = 0; i < size; ++i) {
    const size_t at = percent::raw_offset_of(raw, d.checkpoints.data(), i);
    ASSERT_EQ(at, next) << "decoded byte " << i;
    const size_t width = percent::raw_width_at(raw, at);
    const char byte = d.text[prefix + i];
    if (width == 1) {
      ASSERT_EQ(byte, raw[at]) << "decoded byte " << i;
    } else {
      ASSERT_EQ(width, 3u);
      ASSERT_EQ(raw[at], '%');
      const int value = std::stoi(std::string(raw.substr(at + 1, 2)), nullptr, 16);
      ASSERT_EQ(byte, value == '\n' || value == '\r' ? ' ' : static_cast<char>(value));
    }
    next = at + width;
  }
  ASSERT_EQ(next, raw.size());
}

TEST(PercentDecode, EscapesBecomeTheirBytes) {
  EXPECT_EQ(decode("a%3Db%2fc%40%41").text, "a=b/c@A");
  expect_tiles("a%3Db%2fc%40%41");
}

TEST(PercentDecode, AppendsAfterWhatTheOutputHolds) {
  const Decoded d = decode("x%26y", "0123");
  EXPECT_EQ(d.text, "0123x&y");
  EXPECT_EQ(d.checkpoints, (std::vector<uint32_t>{0}));
  expect_tiles("x%26y", 4);
}

TEST(PercentDecode, MalformedEscapesAreCopiedAsTheyAre) {
  for (const char* raw : {"100%", "50% off", "%2", "%G1", "%1G", "%%", "a%2"}) {
    EXPECT_EQ(decode(raw).text, raw);
    expect_tiles(raw);
  }
  EXPECT_EQ(decode("%%3D%2").text, "%=%2");
  expect_tiles("%%3D%2");
}

TEST(PercentDecode, LineBreaksDecodeToSpacesSoARecordStaysOneLine) {
  EXPECT_EQ(decode("a%0Ab%0dc%0a").text, "a b c ");
  expect_tiles("a%0Ab%0dc%0a");
}

TEST(PercentDecode, EveryByteValueDecodes) {
  static const char* hex = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    const std::string raw = {'%', hex[b >> 4], hex[b & 15]};
    const char want = (b == '\n' || b == '\r') ? ' ' : static_cast<char>(b);
    EXPECT_EQ(decode(raw).text, std::string(1, want)) << raw;
  }
}

// Checkpoints and block copies: long runs without escapes, escapes every few bytes, escapes
// and malformed ones at every offset of a block and around checkpoints, cut escapes at the end.
TEST(PercentDecode, RandomTextMapsBackToItsRawBytes) {
  std::mt19937 rng(20261124);
  const std::string pieces[] = {"%3D",
                                "%2f",
                                "%",
                                "%4",
                                "%zz",
                                "a",
                                "B",
                                "7",
                                "%25",
                                "%0A",
                                "0123456789abcdefghijklmnopqrstuvwxyz"};
  for (int round = 0; round < 2000; ++round) {
    std::string raw;
    const size_t parts = rng() % 120;
    for (size_t k = 0; k < parts; ++k) raw += pieces[rng() % std::size(pieces)];
    SCOPED_TRACE(raw);
    expect_tiles(raw, rng() % 3);
  }
}

// The trigger fires on the escapes of separators, quotes, whitespace, control bytes and '%',
// not on those of letters, digits or bytes >= 0x80.
TEST(PercentDecode, TriggerFiresOnEscapesOfEveryByteButLettersDigitsAndHighBytes) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  ASSERT_EQ(hs_compile(percent::kTriggerExpression, 0, HS_MODE_BLOCK, nullptr, &db, &err),
            HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  ASSERT_EQ(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
  static const char* hex[] = {"0123456789ABCDEF", "0123456789abcdef"};
  for (const char* digits : hex) {
    for (int b = 0; b < 256; ++b) {
      const std::string raw = {'%', digits[b >> 4], digits[b & 15]};
      bool fired = false;
      hs_scan(
          db, raw.data(), static_cast<unsigned>(raw.size()), 0, scratch,
          [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
            *static_cast<bool*>(ctx) = true;
            return 0;
          },
          &fired);
      const bool alnum = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
      EXPECT_EQ(fired, !alnum && b < 0x80) << raw;
    }
  }
  hs_free_scratch(scratch);
  hs_free_database(db);
}

}  // namespace
}  // namespace logscrub
