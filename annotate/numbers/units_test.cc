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

TEST(NumbersTest, GluedUnitsAndSlashUnits) {
  struct Case {
    const char* text;
    const char* span;
    const char* kind;
    const char* unit;
    double value;
  } cases[] = {
      {"a 6kW engine", "6kW", "QUANTITY", "kw", 6},
      {"a 2.4GHz chip", "2.4GHz", "QUANTITY", "ghz", 2.4},
      {"a 30Mbps line", "30Mbps", "QUANTITY", "mbps", 30},
      {"a 40GB drive", "40GB", "QUANTITY", "gb", 40},
      {"it took 30 seconds.", "30 seconds", "QUANTITY", "second", 30},
      {"a top speed of 17m/s.", "17m/s", "QUANTITY", "m/s", 17},
      {"at 61km/h on", "61km/h", "QUANTITY", "km/h", 61},
      {"the 508m tall tower", "508m", "QUANTITY", "m", 508},
      {"the 800m record holder", "800m", "QUANTITY", "m", 800},
      {"the 50K walk", "50K", "QUANTITY", "km", 50},
  };
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.span) << c.text;
    EXPECT_EQ(f.kind, c.kind) << c.text;
    EXPECT_EQ(f.n.unit(), c.unit) << c.text;
    EXPECT_DOUBLE_EQ(f.n.value(), c.value) << c.text;
  }
  // A glued "m" is millions elsewhere, and after a currency always.
  EXPECT_DOUBLE_EQ(One("it has 5m users").n.value(), 5e6);
  EXPECT_EQ(One("it has 5m users").kind, "CARDINAL");
  EXPECT_EQ(One("a \u00a35m record deal").kind, "MONEY");
  EXPECT_DOUBLE_EQ(One("a $5m title sponsorship").n.value(), 5e6);
  // "second" alone stays the ordinal; a slash before a word is no unit.
  EXPECT_EQ(One("the second").kind, "ORDINAL");
  EXPECT_EQ(One("10 km/day").text, "10 km");
}

TEST(NumbersTest, AgesAreQuantitiesOfYears) {
  auto f = One("the 25-year-old striker");
  EXPECT_EQ(f.text, "25-year-old");
  EXPECT_EQ(f.kind, "QUANTITY");
  EXPECT_EQ(f.n.unit(), "year");
  // A duration glued by a hyphen stays a count.
  EXPECT_EQ(One("a 10-year contract").text, "10");
}

TEST(NumbersTest, RatesAfterPer) {
  auto f = One("oil at $58.24 per barrel.");
  EXPECT_EQ(f.text, "$58.24 per barrel");
  EXPECT_EQ(f.n.per(), "barrel");
  f = One("calls cost \u00a37.00 per minute");
  EXPECT_EQ(f.n.per(), "minute");
  f = One("it costs $17 per child per year.");
  EXPECT_EQ(f.text, "$17 per child per year");
  EXPECT_EQ(f.n.per(), "child per year");
  f = One("up to 75 megabits per second");
  EXPECT_EQ(f.n.unit(), "megabit");
  EXPECT_EQ(f.n.per(), "second");
  EXPECT_EQ(One("$3 a gallon").n.per(), "gallon");
  // Not a noun after "per", and a cardinal keeps its rate outside.
  EXPECT_EQ(One("$5 per the deal").text, "$5");
  EXPECT_EQ(One("two meetings per month").text, "two");
}
}  // namespace
}  // namespace docpipe::annotate::numbers
