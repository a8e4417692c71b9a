#include "detect/percent_decode.h"

#include <gtest/gtest.h>
#include <hs/hs.h>

#include <string>
#include <vector>

namespace logscrub {
namespace {

struct Decoded {
  std::string text;
  std::vector<size_t> escapes;
};

Decoded decode(std::string_view raw, std::string prefix = "") {
  Decoded d{std::move(prefix), {}};
  percent::decode_append(raw, d.text, d.escapes);
  return d;
}

TEST(PercentDecode, EscapesBecomeTheirBytesAndTheirOffsetsAreRecorded) {
  const Decoded d = decode("a%3Db%2fc%40%41");
  EXPECT_EQ(d.text, "a=b/c@A");
  EXPECT_EQ(d.escapes, (std::vector<size_t>{1, 3, 5, 6}));
}

TEST(PercentDecode, AppendsAfterWhatTheOutputHolds) {
  const Decoded d = decode("x%26y", "0123");
  EXPECT_EQ(d.text, "0123x&y");
  EXPECT_EQ(d.escapes, (std::vector<size_t>{5}));
}

TEST(PercentDecode, MalformedEscapesAreCopiedAsTheyAre) {
  for (const char* raw : {"100%", "50% off", "%2", "%G1", "%1G", "%%", "a%2"}) {
    const Decoded d = decode(raw);
    EXPECT_EQ(d.text, raw);
    EXPECT_TRUE(d.escapes.empty()) << raw;
  }
  const Decoded d = decode("%%3D%2");
  EXPECT_EQ(d.text, "%=%2");
  EXPECT_EQ(d.escapes, (std::vector<size_t>{1}));
}

TEST(PercentDecode, LineBreaksDecodeToSpacesSoARecordStaysOneLine) {
  const Decoded d = decode("a%0Ab%0dc%0a");
  EXPECT_EQ(d.text, "a b c ");
  EXPECT_EQ(d.escapes, (std::vector<size_t>{1, 3, 5}));
}

TEST(PercentDecode, EveryByteValueDecodes) {
  static const char* hex = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    const std::string raw = {'%', hex[b >> 4], hex[b & 15]};
    const Decoded d = decode(raw);
    const char want = (b == '\n' || b == '\r') ? ' ' : static_cast<char>(b);
    EXPECT_EQ(d.text, std::string(1, want)) << raw;
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
