// Amounts: digits, spelled numbers, fractions, scales and exponents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

TEST(NumbersTest, CardinalsVaguePluralsPercentsOrdinals) {
  auto f = One("up to 20 thousand soldiers");
  EXPECT_EQ(f.text, "up to 20 thousand");
  EXPECT_EQ(f.n.value(), 20000);
  EXPECT_EQ(f.n.approx(), v1::APPROX_AT_MOST);
  EXPECT_EQ(f.n.counted(), "soldiers");
  f = One("thousands of soldiers died");
  EXPECT_EQ(f.text, "thousands of");
  EXPECT_EQ(f.n.value(), 1000);
  EXPECT_EQ(f.n.approx(), v1::APPROX_AT_LEAST);
  f = One("hundreds of millions of dollars went");
  EXPECT_EQ(f.text, "hundreds of millions of dollars");
  EXPECT_EQ(f.n.value(), 1e8);
  EXPECT_EQ(f.kind, "MONEY");
  f = One("rose 40% in");
  EXPECT_EQ(f.kind, "PERCENT");
  EXPECT_EQ(f.n.value(), 40);
  f = One("over half of them");
  EXPECT_EQ(f.text, "over half");
  EXPECT_EQ(f.n.value(), 50);
  f = One("the first time");
  EXPECT_EQ(f.kind, "ORDINAL");
  f = One("twenty-five people");
  EXPECT_EQ(f.n.value(), 25);
}

TEST(NumbersTest, SignsDecimalsAndFractions) {
  struct Case {
    const char* text;
    const char* span;
    double value;
  } cases[] = {
      {"it fell to -1 today", "-1", -1},
      {"a reading of - 9.25 was", "- 9.25", -9.25},
      {"minus five percent", "minus five percent", -5},
      {"rates of .08 apply", ".08", 0.08},
      {"about 3/4 of them", "about 3/4", 0.75},
      {"add 2 1/4 cups", "2 1/4", 2.25},
      {"two thirds voted", "two thirds", 2.0 / 3},
      {"ate one and a half pies", "one and a half", 1.5},
      {"two hundred point zero three", "two hundred point zero three", 200.03},
      {"three dozen eggs", "three dozen", 36},
      {"half a dozen times", "half a dozen", 6},
      {"half million people", "half million", 5e5},
  };
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.span) << c.text;
    EXPECT_NEAR(f.n.value(), c.value, 1e-9) << c.text;
  }
  // Not signs or fractions: hyphens inside words and ranges, dates.
  EXPECT_EQ(One("the 10-12 range").n.low(), 10);
  EXPECT_TRUE(Numbers("an F-16 jet and a MiG-29 flew").empty());  // names
  for (const Found& f : Numbers("on 10/28 and 27/10/2024")) {
    EXPECT_NE(f.n.value(), 10.0 / 28) << f.text;
  }
}

TEST(NumbersTest, SpelledFractionsAndTheirScales) {
  EXPECT_DOUBLE_EQ(One("a fifth of the budget").n.value(), 0.2);
  EXPECT_DOUBLE_EQ(One("it was twenty and three fifths").n.value(), 20.6);
  EXPECT_DOUBLE_EQ(One("one hundred and three quarters").n.value(), 100.75);
  EXPECT_DOUBLE_EQ(One("two and fifty-four hundredths").n.value(), 2.54);
  EXPECT_DOUBLE_EQ(One("three twenty-firsts").n.value(), 3.0 / 21);
  // "and a half" of the scale before it, or with the scale after it.
  EXPECT_DOUBLE_EQ(One("two and a half million people").n.value(), 2.5e6);
  EXPECT_DOUBLE_EQ(One("They have 3 million and a quarter").n.value(), 3.25e6);
  EXPECT_DOUBLE_EQ(One("one billion and a half million").n.value(), 1.0005e9);
  EXPECT_DOUBLE_EQ(One("the result is \u00be").n.value(), 0.75);
  EXPECT_DOUBLE_EQ(One("nine point nought four").n.value(), 9.04);
  // "a third" before a noun is a rank, not a fraction.
  auto f = One("he won a third term");
  EXPECT_EQ(f.kind, "ORDINAL");
  EXPECT_EQ(f.n.value(), 3);
}

TEST(NumbersTest, ExponentsStackedScalesAndSpelledScalesOnDigits) {
  EXPECT_DOUBLE_EQ(One("1e10").n.value(), 1e10);
  EXPECT_DOUBLE_EQ(One("-12e-1").n.value(), -1.2);
  EXPECT_DOUBLE_EQ(One("1.3x10^6").n.value(), 1.3e6);
  EXPECT_DOUBLE_EQ(One("2.5^-1").n.value(), 0.4);
  EXPECT_DOUBLE_EQ(One("The total is three lakh crore").n.value(), 3e12);
  EXPECT_DOUBLE_EQ(One("4 thousand 3 hundred and 21").n.value(), 4321);
  EXPECT_DOUBLE_EQ(One("The answer is negative one").n.value(), -1);
  // "and" joins only a number below the hundred, not the next amount.
  EXPECT_EQ(Numbers("3 hundred and 2 hundred are valid").size(), 2u);
  // Letters glued to digits are still names: "5G" is no number.
  EXPECT_TRUE(Numbers("the 5G network").empty());
}

TEST(NumbersTest, SpaceGroupedDigitsAndDecimalCommas) {
  EXPECT_DOUBLE_EQ(One("1 234 567").n.value(), 1234567);
  EXPECT_DOUBLE_EQ(One("China's population is 1 414 021 100.").n.value(),
                   1414021100);
  EXPECT_DOUBLE_EQ(One("1\u202f234\u202f567.89 is valid").n.value(),
                   1234567.89);
  EXPECT_DOUBLE_EQ(One("40\u00a0000 people").n.value(), 40000);
  // Not groups: "10 737-800 planes" (ten Boeing 737-800s), phone numbers,
  // a first group of four, a group glued to letters.
  auto all = Numbers("ordered 10 737-800 planes");
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].text, "10");
  for (const Found& f : Numbers("call 0845 8 505 505 now")) {
    EXPECT_LT(f.n.value(), 1e6) << f.text;
  }
  EXPECT_EQ(Numbers("in 2004 100 people").size(), 2u);
  all = Numbers("a 4 100m relay");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "4");
  // A comma before other than three digits is a decimal comma.
  EXPECT_DOUBLE_EQ(One("you can write 5,00 here").n.value(), 5);
  EXPECT_DOUBLE_EQ(One("written 1.111,11 there").n.value(), 1111.11);
  EXPECT_DOUBLE_EQ(One("or 1,111.11 here").n.value(), 1111.11);
  EXPECT_DOUBLE_EQ(One("Indian 12,34,567.89 style").n.value(), 1234567.89);
  // A list of numbers glued by commas has no one value.
  EXPECT_TRUE(Numbers("Exercises nrs. 22,24,26,31.").empty());
}

TEST(NumbersTest, CompoundSpelledFractions) {
  EXPECT_NEAR(One("three twenty firsts").n.value(), 3.0 / 21, 1e-12);
  EXPECT_NEAR(One("twenty twenty fifths").n.value(), 0.8, 1e-12);
  // After "and" an improper fraction makes one numerator; a proper one
  // is added.
  EXPECT_NEAR(One("one hundred and thirty fifths").n.value(), 26, 1e-12);
  EXPECT_NEAR(One("one hundred and thirty-two fifths").n.value(), 26.4, 1e-12);
  EXPECT_NEAR(One("one hundred thirty fifths").n.value(), 100.0 / 35, 1e-12);
  EXPECT_NEAR(One("two hundred and fifty-four hundredths").n.value(), 200.54,
              1e-9);
  EXPECT_NEAR(One(" two thirds of a million").n.value(), 2e6 / 3, 1e-6);
  EXPECT_NEAR(One("nought point eleven").n.value(), 0.11, 1e-12);
  EXPECT_NEAR(One("a trillionth").n.value(), 1e-12, 1e-24);
  // A singular spaced "twenty first" is no denominator.
  for (const Found& f : Numbers("three twenty first")) {
    EXPECT_GE(f.n.value(), 1) << f.text;
  }
  // "of a million" scales fractions only, not counts.
  EXPECT_EQ(Numbers("two of a million").size(), 2u);
}

TEST(NumbersTest, ScalesDozensAndSpelledAdditions) {
  EXPECT_DOUBLE_EQ(One(" 3 dzs").n.value(), 36);
  EXPECT_DOUBLE_EQ(One(" five dozs").n.value(), 60);
  EXPECT_DOUBLE_EQ(One(" 2.33 k").n.value(), 2330);
  EXPECT_DOUBLE_EQ(One("- 10  k").n.value(), -10000);
  // A spaced "k" before a word stays out: "5 k run" may be kilometres.
  EXPECT_EQ(One("a 5 k run").text, "5");
  EXPECT_DOUBLE_EQ(One("3 hundred and one is valid").n.value(), 301);
  EXPECT_DOUBLE_EQ(One("I count 6 crore and two hundred").n.value(), 60000200);
  // A small count after a larger scale is a second number.
  EXPECT_EQ(Numbers("2 million and two children").size(), 2u);
  auto f = One("hundred thousand dollars");
  EXPECT_EQ(f.kind, "MONEY");
  EXPECT_DOUBLE_EQ(f.n.value(), 1e5);
  EXPECT_TRUE(Numbers("the Hundred Years War").empty());
  f = One("That target is US$ 1MM");
  EXPECT_DOUBLE_EQ(f.n.value(), 1e6);
  EXPECT_EQ(One("a 5mm bolt").n.unit(), "mm");
  EXPECT_EQ(One("the .25ml liquid").kind, "QUANTITY");
}

TEST(NumbersTest, SpelledOrdinalsOfSeveralWords) {
  struct Case {
    const char* text;
    const char* span;
    double value;
  } cases[] = {
      {"the twenty-first century", "twenty-first", 21},
      {"one hundred twenty fifth", "one hundred twenty fifth", 125},
      {"one hundred twenty-fifth", "one hundred twenty-fifth", 125},
      {"the three hundred and first", "three hundred and first", 301},
      {"two hundredth", "two hundredth", 200},
      {"a hundred trillionth", "a hundred trillionth", 1e14},
      {"the millionth visitor", "millionth", 1e6},
      {"the nineteenth hole", "nineteenth", 19},
      {"Nineth Meeting", "Nineth", 9},
  };
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.span) << c.text;
    EXPECT_EQ(f.kind, "ORDINAL") << c.text;
    EXPECT_DOUBLE_EQ(f.n.value(), c.value) << c.text;
  }
  // Fractions stay fractions: the cardinal cannot take the ordinal's place.
  for (const char* text : {"one fifth", "one twenty-fifth", "three fifths",
                           "one hundredth", "twenty fifths"}) {
    EXPECT_EQ(One(text).kind, "CARDINAL") << text;
  }
  EXPECT_NEAR(One("one twenty-fifth").n.value(), 0.04, 1e-12);
  // "one second" is a count and a unit of time, not a 1 + 2.
  for (const Found& f : Numbers("wait one second")) {
    EXPECT_NE(f.n.value(), 3) << f.text;
  }
}

TEST(NumbersScannerTest, DigitValueReadsGroupsAndDecimalCommas) {
  EXPECT_EQ(Scanned("600,000").scanner.DigitValue(0), 600000);
  EXPECT_EQ(Scanned("12,34,567").scanner.DigitValue(0), 1234567);
  EXPECT_EQ(Scanned("5,00").scanner.DigitValue(0), 5);
  EXPECT_DOUBLE_EQ(*Scanned("1.111,11").scanner.DigitValue(0), 1111.11);
  EXPECT_EQ(Scanned("22,24,26").scanner.DigitValue(0), std::nullopt);
  EXPECT_EQ(Scanned("five").scanner.DigitValue(0), std::nullopt);
}

TEST(NumbersScannerTest, DenominatorsSingleHyphenatedAndPlural) {
  using Den = std::optional<std::pair<double, size_t>>;
  EXPECT_EQ(Scanned("thirds").scanner.Denominator(0), Den({3, 1}));
  EXPECT_EQ(Scanned("twenty-fifths").scanner.Denominator(0), Den({25, 3}));
  EXPECT_EQ(Scanned("twenty firsts").scanner.Denominator(0), Den({21, 2}));
  // A singular spaced "twenty first" is the ordinal, no denominator.
  EXPECT_EQ(Scanned("twenty first").scanner.Denominator(0), std::nullopt);
}

TEST(NumbersScannerTest, ParseAmountStopsBeforeTheSuffix) {
  Scanned s("about $5.5 billion dollars");
  auto a = s.scanner.ParseAmount(1);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->begin, 1u);
  EXPECT_EQ(a->end, 4u);  // after "billion", before "dollars"
  EXPECT_EQ(a->currency, "USD");
  EXPECT_DOUBLE_EQ(a->value, 5.5e9);
  EXPECT_TRUE(a->scaled);
}

}  // namespace
}  // namespace docpipe::annotate::numbers
