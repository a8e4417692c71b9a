#include "json/lenient_decode.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "json/json_view.h"

namespace logscrub {
namespace {

// The raw ranges of consecutive decoded bytes tile [0, raw.size()): every raw byte is accounted
// for once, and all bytes decoded from one escape share its range.
void expect_tiles(std::string_view raw, const JsonView& v) {
  ASSERT_EQ(v.raw_of.size(), v.decoded.size() + 1);
  ASSERT_EQ(v.raw_end_of.size(), v.decoded.size());
  ASSERT_EQ(v.raw_of.back(), raw.size());
  size_t next = 0;
  for (size_t i = 0; i < v.decoded.size(); ++i) {
    if (v.raw_of[i] != next) {
      ASSERT_GT(i, 0u);
      ASSERT_EQ(v.raw_of[i], v.raw_of[i - 1]) << "at " << i;
      ASSERT_EQ(v.raw_end_of[i], v.raw_end_of[i - 1]) << "at " << i;
    }
    ASSERT_LT(v.raw_of[i], v.raw_end_of[i]);
    next = v.raw_end_of[i];
  }
  ASSERT_EQ(next, raw.size());
}

std::string decoded(std::string_view raw) {
  JsonView v;
  decode_escapes_leniently(raw, v);
  expect_tiles(raw, v);
  return v.decoded;
}

TEST(LenientDecode, DecodesWhatBuildJsonViewDecodesOnValidJson) {
  const std::string json =
      R"({"k":"AKIA\u005A5B\/x\"\\\n\t\u00e9\ud83d\ude00","n":[1,2.5e3,null],"e":""})";
  JsonView strict, lenient;
  ASSERT_TRUE(build_json_view(json, SensitiveKeys::defaults(), strict));
  decode_escapes_leniently(json, lenient);
  EXPECT_EQ(lenient.decoded, strict.decoded);
  EXPECT_EQ(lenient.raw_of, strict.raw_of);
  EXPECT_EQ(lenient.raw_end_of, strict.raw_end_of);
}

TEST(LenientDecode, DecodesEscapesInRecordsThatAreNotJson) {
  EXPECT_EQ(decoded(R"({"k":"AKIA\u005A5B","x":NaN})"), R"({"k":"AKIAZ5B","x":NaN})");
  EXPECT_EQ(decoded(R"({"pass\u0077ord":"hunter2","x":"trunc)"),
            R"({"password":"hunter2","x":"trunc)");
  EXPECT_EQ(decoded(R"({"a":"\u0041"} trailing \u0042)"), R"({"a":"A"} trailing B)");
}

TEST(LenientDecode, LoneSurrogatesBecomeOneQuestionMarkForTheWholeEscape) {
  JsonView v;
  const std::string raw = R"(a\ud800b\udc00\ud800c)";
  decode_escapes_leniently(raw, v);
  expect_tiles(raw, v);
  EXPECT_EQ(v.decoded, "a?b??c");
  EXPECT_EQ(v.raw_of[1], 1u);
  EXPECT_EQ(v.raw_end_of[1], 7u);  // "\ud800"
}

TEST(LenientDecode, MalformedOrCutEscapesAreCopiedAsTheyAre) {
  EXPECT_EQ(decoded(R"(x\q y\u12 z\u12G4 end\)"), R"(x\q y\u12 z\u12G4 end\)");
  EXPECT_EQ(decoded(R"(\u00)"), R"(\u00)");
  EXPECT_EQ(decoded(R"(\\u0041)"), R"(\u0041)");  // an escaped backslash, then text
  EXPECT_EQ(decoded(""), "");
}

}  // namespace
}  // namespace logscrub
