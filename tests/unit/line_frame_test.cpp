// LineFrame (detect/line_frame.h): how much of a line is shaped like the head and the tail of
// the line that opened a key.
#include "detect/line_frame.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace logscrub {
namespace {

// The frame of `line` around the first occurrence of `inner`.
LineFrame frame_around(std::string_view line, std::string_view inner) {
  const size_t at = line.find(inner);
  EXPECT_NE(at, std::string_view::npos);
  return LineFrame(line, at, at + inner.size());
}

TEST(LineFrame, NumbersOfAnyWidthStandForEachOther) {
  const LineFrame f = frame_around("2026-11-24T10:00:00.123456789Z stderr F KEY", "KEY");
  EXPECT_EQ(f.head_match("2026-11-24T10:00:01.5Z stderr F body"), 32u);
  EXPECT_EQ(f.head_match("2026-11-24T10:00:01Z stderr F body"), 30u);  // a number with no fraction
  EXPECT_EQ(f.head_match("2026-11-24T10:00:01,5Z stderr F body"), 32u);
  EXPECT_EQ(f.head_match("2026-11-24T10:00:01.5Z stdout F body"), 26u);  // "std", then 'o' != 'e'
  EXPECT_EQ(f.head_match("2026-11-24 10:00:01.5Z stderr F body"), 10u);  // ' ' != 'T'
  EXPECT_EQ(f.head_match("body"), 0u);
  EXPECT_EQ(f.tail_match("anything"), 0u);  // no tail
  EXPECT_FALSE(f.empty());
}

TEST(LineFrame, TailMustMatchWhole) {
  const LineFrame f =
      frame_around(R"({"log":"KEY\n","stream":"stderr","time":"10:00:00.1Z"})", "KEY");
  EXPECT_EQ(f.head_match(R"({"log":"MIIE)"), 8u);
  const std::string_view line = R"({"log":"MIIE\n","stream":"stderr","time":"10:00:01.987Z"})";
  EXPECT_EQ(f.tail_match(line), line.size() - 12);
  EXPECT_EQ(f.tail_match(R"({"log":"MIIE\n","stream":"stdout","time":"10:00:01.987Z"})"), 0u);
  EXPECT_EQ(f.tail_match(R"(stderr","time":"10:00:01.987Z"})"), 0u);  // line shorter than tail
}

TEST(LineFrame, ADigitRunEndingTheHeadOrStartingTheTailTakesOneDigit) {
  // What follows may be message that starts (or ends) with digits: it stays message.
  const LineFrame f = frame_around("id=42KEY7:end", "KEY");
  EXPECT_EQ(f.head_match("id=9999body"), 4u);
  EXPECT_EQ(f.tail_match("body1234:end"), 5u);
}

TEST(LineFrame, AnEmptyFrameMatchesNothing) {
  const LineFrame f = frame_around("KEY", "KEY");
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(f.head_match("KEY"), 0u);
  EXPECT_EQ(f.tail_match("KEY"), 0u);
  EXPECT_TRUE(LineFrame().empty());
}

TEST(LineFrame, LongSidesAreCutOrDropped) {
  const std::string head(LineFrame::kMaxSide + 10, 'h');
  const std::string tail(LineFrame::kMaxSide + 1, 't');
  const std::string line = head + "KEY" + tail;
  const LineFrame f(line, head.size(), head.size() + 3);
  EXPECT_EQ(f.head_match(line), LineFrame::kMaxSide);  // its first kMaxSide bytes kept
  EXPECT_EQ(f.tail_match(line), 0u);                   // a tail longer than kMaxSide: none
}

}  // namespace
}  // namespace logscrub
