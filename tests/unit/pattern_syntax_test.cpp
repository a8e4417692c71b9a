// The regex syntax readers shared by the pattern analyses (detect/pattern_syntax.h).
#include "detect/pattern_syntax.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace logscrub::syntax {
namespace {

TEST(PatternSyntax, ReadsEveryQuantifierForm) {
  struct Case {
    const char* text;
    size_t min, max, end;
    bool lazy;
  };
  for (const Case& c : {Case{"*", 0, SIZE_MAX, 1, false}, Case{"+?", 1, SIZE_MAX, 2, true},
                        Case{"?", 0, 1, 1, false}, Case{"{3}x", 3, 3, 3, false},
                        Case{"{2,}", 2, SIZE_MAX, 4, false}, Case{"{7,511}?)", 7, 511, 8, true}}) {
    const auto q = read_quantifier(c.text, 0);
    ASSERT_TRUE(q) << c.text;
    EXPECT_EQ(q->min, c.min) << c.text;
    EXPECT_EQ(q->max, c.max) << c.text;
    EXPECT_EQ(q->end, c.end) << c.text;
    EXPECT_EQ(q->lazy, c.lazy) << c.text;
  }
  // A '{' that opens no count is a literal, as in RE2; so is anything else.
  for (const char* text : {"{", "{,3}", "{a}", "{3", "{3,4", "x", ""})
    EXPECT_FALSE(read_quantifier(text, 0)) << text;
  EXPECT_EQ(read_quantifier("ab{2}", 2)->min, 2u);  // read where it stands
}

TEST(PatternSyntax, SkipsClassesAndClassifiesGroups) {
  EXPECT_EQ(skip_class("[^\\]a-z][:x]", 0), 8u);
  EXPECT_EQ(skip_class("[]a][", 0), 4u);  // a leading ']' is a member
  EXPECT_EQ(skip_class("[[:alpha:]_]x", 0), 12u);
  EXPECT_EQ(skip_class("[abc", 0), std::string::npos);
  size_t body = 0;
  std::string flags;
  EXPECT_EQ(classify_paren("(ab)", 0, &body, &flags), Paren::Capturing);
  EXPECT_EQ(classify_paren("(?P<name>x)", 0, &body, &flags), Paren::Capturing);
  EXPECT_EQ(body, 9u);
  EXPECT_EQ(classify_paren("(?i:x)", 0, &body, &flags), Paren::NonCapturing);
  EXPECT_EQ(flags, "i");
  EXPECT_EQ(classify_paren("(?i)x", 0, &body, &flags), Paren::BareFlags);
  EXPECT_EQ(classify_paren("(?=x)", 0, &body, &flags), Paren::Unsupported);
}

}  // namespace
}  // namespace logscrub::syntax
