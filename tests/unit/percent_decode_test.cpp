#include "detect/percent_decode.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "detect/digit_shapes.h"

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
// not on those of letters, digits or bytes >= 0x80, nor on a '%' without two hex digits.
TEST(PercentDecode, TriggerFiresOnEscapesOfEveryByteButLettersDigitsAndHighBytes) {
  static const char* hex[] = {"0123456789ABCDEF", "0123456789abcdef"};
  size_t fired_count = 0;
  for (const char* digits : hex) {
    for (int b = 0; b < 256; ++b) {
      const std::string raw = {'x', '%', digits[b >> 4], digits[b & 15]};
      const bool fired = percent::triggers_view(raw, 1);
      const bool alnum = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
      EXPECT_EQ(fired, !alnum && b < 0x80) << raw;
      EXPECT_FALSE(percent::triggers_view(raw, 0)) << raw;
      EXPECT_FALSE(percent::triggers_view(raw.substr(0, 3), 1)) << "one hex digit: " << raw;
      fired_count += fired;
    }
  }
  EXPECT_EQ(fired_count, 2u * (128 - 62));
  EXPECT_FALSE(percent::triggers_view("%G0", 0));
  EXPECT_FALSE(percent::triggers_view("%2", 0));
  EXPECT_FALSE(percent::triggers_view("%", 0));
}

// The digit-shape pass reports each line holding a trigger escape once, by where the line
// ends, on every instruction set: held to a line-by-line reference on random text.
TEST(PercentDecode, DigitShapePassFindsTheTriggeredLines) {
  std::mt19937 rng(5);
  const std::string pieces[] = {"%3D", "%3d", "%41", "%25", "%2",  "%",   "%%3A", "%0A", "\n",
                                "\n",  "a",   "B=",  "7",   "%G1", "%e9", "%7e",  "%40", "  "};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const size_t parts = rng() % 80;
    for (size_t k = 0; k < parts; ++k) text += pieces[rng() % std::size(pieces)];
    if (rng() % 4 == 0) text.insert(0, std::string(rng() % 200, 'x'));
    std::vector<size_t> expected;
    for (size_t begin = 0; begin < text.size();) {
      const size_t nl = text.find('\n', begin);
      const size_t end = nl == std::string::npos ? text.size() : nl + 1;
      for (size_t i = begin; i < end; ++i) {
        if (percent::triggers_view(text, i)) {
          expected.push_back(end);
          break;
        }
      }
      begin = end;
    }
    for (DigitShapeIsa isa :
         {DigitShapeIsa::Portable, DigitShapeIsa::Avx2, DigitShapeIsa::Avx512}) {
      std::vector<size_t> got;
      DigitShapeOutputs out;
      out.percent_lines = &got;
      if (!scan_digit_shapes_with(isa, text, out)) continue;
      ASSERT_EQ(got, expected) << "isa " << static_cast<int>(isa) << " on: " << text;
    }
  }
}

}  // namespace
}  // namespace logscrub
