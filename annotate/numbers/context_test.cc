// What is no number: names, times, phones, pronouns, URLs; spans on
// character boundaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

TEST(NumbersTest, NotNumbers) {
  EXPECT_TRUE(Numbers("the G7 met under Article 5 of the treaty").empty());
  EXPECT_TRUE(Numbers("one of the reasons").empty());
  EXPECT_TRUE(Numbers("at 10:30 sharp").empty());
  EXPECT_TRUE(Numbers("Kim Jong Un spoke").empty());
  EXPECT_TRUE(Numbers("this year and recent years").empty());
}

TEST(NumbersTest, SpansStayInsideTheTextOnBoundaries) {
  // Multibyte text around numbers; every span must be on char boundaries.
  std::string text =
      "\xE2\x80\x9C"
      "5 \xE2\x82\xAC"
      "3 m\xC3\xBCssen 10%\xE2\x80\x9D";
  for (auto& f : Numbers(text)) {
    EXPECT_NE(text.find(f.text), std::string::npos);
  }
}

TEST(NumbersTest, NumbersInUrlsAreIds) {
  EXPECT_TRUE(
      Numbers("see https://www.test.com/search?q=30%25%2020% now").empty());
  EXPECT_TRUE(Numbers("at www.example.com/2024/10/story-5").empty());
  EXPECT_EQ(One("see https://x.org/a then pay $5").text, "$5");
}

TEST(NumbersTest, NotNumbersPhonesPronounsListMarkers) {
  EXPECT_TRUE(Numbers("Call 555-123-4567 now.").empty());
  EXPECT_TRUE(Numbers("My phone number is +1-222-2222/2222").empty());
  EXPECT_TRUE(Numbers("He left at 10:30 p.m. sharp").empty());
  EXPECT_TRUE(Numbers("One should note it, and one can see it.").empty());
  EXPECT_TRUE(Numbers("no one came, once").empty());
  EXPECT_TRUE(Numbers("Which one do you prefer?").empty());
  EXPECT_TRUE(Numbers("Kim Jong Un and the G7").empty());
  // A list marker opening a line is not a number; the item's own is.
  auto all = Numbers("1. Ten ships\n2) the rest");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].text, "Ten");
  // Hyphenated digits that descend are no range: "555-123".
  for (const Found& f : Numbers("code 555-123 here")) {
    EXPECT_NE(f.n.approx(), v1::APPROX_RANGE) << f.text;
  }
}

TEST(NumbersScannerTest, ExclusionsAndQualifiers) {
  EXPECT_EQ(Scanned("555-123-4567").scanner.HyphenChainLength(0), 3u);
  EXPECT_TRUE(Scanned("an F-16 jet").scanner.Excluded(3));
  EXPECT_TRUE(Scanned("at 10:30").scanner.Excluded(1));
  EXPECT_FALSE(Scanned("at 10 sharp").scanner.Excluded(1));
  auto q = Scanned("more than 5").scanner.Qualifier(0);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->first, 2u);
  EXPECT_EQ(q->second, v1::APPROX_AT_LEAST);
}

TEST(NumbersTest, NumberWordsInNames) {
  EXPECT_TRUE(Numbers("he told BBC Five Live that").empty());
  EXPECT_TRUE(Numbers("the Six Nations title").empty());
  EXPECT_TRUE(Numbers("a Formula One team").empty());
  // At a sentence's start, or lower-case, a number.
  EXPECT_EQ(One("Five People died.").text, "Five");
  EXPECT_EQ(One("It rained. Six Britons were hurt").text, "Six");
  EXPECT_EQ(One("the six nations").text, "six");
}

TEST(NumbersTest, TwentyFourHourTimes) {
  EXPECT_TRUE(Numbers("kick-off at 1400 GMT").empty());
  EXPECT_TRUE(Numbers("at 0227 BST on").empty());
  EXPECT_EQ(One("1400 fans").text, "1400");
}
}  // namespace
}  // namespace docpipe::annotate::numbers
