#include "detect/id_scanners.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace logscrub {
namespace {

std::vector<std::string> found(void (*scan)(std::string_view, std::vector<CardMatch>&),
                               std::string_view text) {
  std::vector<CardMatch> out;
  scan(text, out);
  std::vector<std::string> spans;
  for (const CardMatch& m : out) spans.emplace_back(text.substr(m.begin, m.end - m.begin));
  return spans;
}

using V = std::vector<std::string>;

TEST(UsSsnScanner, FindsDashAndSpaceForms) {
  EXPECT_EQ(found(find_us_ssns, "ssn=536-22-8147 ok"), V{"536-22-8147"});
  EXPECT_EQ(found(find_us_ssns, "Social Security Number: 287 65 4390 captured"), V{"287 65 4390"});
  EXPECT_EQ(found(find_us_ssns, "536-22-8147"), V{"536-22-8147"});  // whole text
  EXPECT_EQ(found(find_us_ssns, "a 536-22-8147\nb 771-04-2215\n"),
            (V{"536-22-8147", "771-04-2215"}));
}

TEST(UsSsnScanner, RejectsInvalidRangesMixedSeparatorsAndGluedNumbers) {
  for (const char* s :
       {"000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000", "078-05-1120",
        "536-22 8147", "1-536-22-8147", "536-22-8147-9", "x536-22-8147", "536-22-8147x",
        "2015-10-18 18:01:47", "v1.536-22-8147", "536-22-81478"}) {
    EXPECT_TRUE(found(find_us_ssns, s).empty()) << s;
  }
}

TEST(UsSsnScanner, ShapeAcrossA64ByteBlockBoundary) {
  for (size_t pad = 40; pad < 80; ++pad) {
    std::string text = std::string(pad, '.') + " 536-22-8147 end";
    EXPECT_EQ(found(find_us_ssns, text), V{"536-22-8147"}) << pad;
  }
}

TEST(IbanScanner, FindsCompactAndPrintForms) {
  EXPECT_EQ(found(find_ibans, "beneficiary_iban=DE44500105175407324931 amount=1"),
            V{"DE44500105175407324931"});
  EXPECT_EQ(found(find_ibans, R"({"iban":"GB29NWBK60161331926819"})"), V{"GB29NWBK60161331926819"});
  EXPECT_EQ(found(find_ibans, "to FR76 3000 6000 0112 3456 7890 189 ref"),
            V{"FR76 3000 6000 0112 3456 7890 189"});
  // A following word that looks like a group is not swallowed.
  EXPECT_EQ(found(find_ibans, "iban: BE37 3100 0123 4567 EUR 100"), V{"BE37 3100 0123 4567"});
}

TEST(IbanScanner, RejectsBadCheckDigitsUnknownCountriesAndGluedText) {
  for (const char* s :
       {"DE44500105175407324932", "US64SVBKUS6S3300958879", "request_id=DE12ABCDEF0123456789",
        "xDE44500105175407324931", "DE44500105175407324931X", "DE region 44"}) {
    EXPECT_TRUE(found(find_ibans, s).empty()) << s;
  }
}

TEST(IbanScanner, ShapeAcrossA64ByteBlockBoundary) {
  for (size_t pad = 50; pad < 70; ++pad) {
    std::string text = std::string(pad, '.') + " GB29NWBK60161331926819";
    EXPECT_EQ(found(find_ibans, text), V{"GB29NWBK60161331926819"}) << pad;
  }
}

}  // namespace
}  // namespace logscrub
