// What follows an amount: percents and units.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

TEST(NumbersTest, PercentOfANumber) {
  struct Case {
    const char* text;
    double value;
  } cases[] = {{"percents of twenty", 20},
               {"percent of 10", 10},
               {"per cent of twenty-two", 22},
               {"per cent of 210", 210}};
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.text);
    EXPECT_EQ(f.kind, "PERCENT");
    EXPECT_DOUBLE_EQ(f.n.value(), c.value) << c.text;
  }
  // With a number before, that number is the percentage.
  auto all = Numbers("up 20 percent of 10 firms");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "20 percent");
  // Not before a noun or a year.
  EXPECT_EQ(One("the percent of 10 year olds").kind, "QUANTITY");
  EXPECT_EQ(One("the percent of 2004").kind, "DATE");
}

TEST(NumbersTest, ImperialUnitsHyphenatedUnitsAndTitles) {
  auto f = One("a shot from 25 yards out");
  EXPECT_EQ(f.text, "25 yards");
  EXPECT_EQ(f.kind, "QUANTITY");
  EXPECT_EQ(f.n.unit(), "yard");
  EXPECT_EQ(One("You weight 200lbs.").n.unit(), "lb");
  EXPECT_EQ(One("a 10-gallon water cooler").n.unit(), "gallon");
  f = One("the six-mile trip");
  EXPECT_EQ(f.text, "six-mile");
  EXPECT_EQ(f.n.unit(), "mile");
  EXPECT_EQ(f.n.value(), 6);
  EXPECT_EQ(One("a 102-inch plasma").n.unit(), "inch");
  // Units of time are not glued on: "a 10-year contract" is a count.
  f = One("a 10-year contract");
  EXPECT_EQ(f.text, "10");
  EXPECT_EQ(f.kind, "CARDINAL");
  // A capitalized unit word is a title's: "21 Grams", "60 Minutes".
  EXPECT_EQ(One("the film 21 Grams won").kind, "CARDINAL");
  EXPECT_EQ(One("told the show 60 Minutes that").kind, "CARDINAL");
  EXPECT_EQ(One("a 5 KM run").kind, "QUANTITY");  // an abbreviation
}

TEST(NumbersScannerTest, SuffixSetsKindUnitAndEnd) {
  struct Case {
    const char* text;
    v1::NumberKind kind;
    const char* unit;
    size_t end;
  } cases[] = {
      {"5 per cent", v1::NUMBER_KIND_PERCENT, "", 3},
      {"5 km", v1::NUMBER_KIND_QUANTITY, "km", 2},
      {"5 swiss francs", v1::NUMBER_KIND_MONEY, "CHF", 3},
      {"5 Grams", v1::NUMBER_KIND_CARDINAL, "", 1},  // a title's word
      {"5 ships", v1::NUMBER_KIND_CARDINAL, "", 1},
  };
  for (const auto& c : cases) {
    Scanned s(c.text);
    size_t end = 1;
    std::string unit;
    Subunits subunits;
    EXPECT_EQ(s.scanner.Suffix(&end, &unit, "", &subunits), c.kind) << c.text;
    EXPECT_EQ(unit, c.unit) << c.text;
    EXPECT_EQ(end, c.end) << c.text;
  }
}

}  // namespace
}  // namespace docpipe::annotate::numbers
