// The guidelines' number table and boundary rules, positive and negative.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/engine.h"
#include "annotate/eval/gold.h"

namespace docpipe::annotate {
namespace {

struct Found {
  std::string text, kind;
  v1::NumberAnnotation n;
};

std::vector<Found> Numbers(absl::string_view text) {
  static auto* engine = Engine::Create()->release();
  LayerSet numbers;
  numbers.Add(Layer::kNumbers);
  auto anns = engine->Annotate(text, numbers);
  EXPECT_TRUE(anns.ok());
  std::vector<Found> out;
  for (auto& a : *anns) {
    out.push_back({std::string(text.substr(a.span().begin(),
                                           a.span().end() - a.span().begin())),
                   KindName(a.number().kind()), a.number()});
  }
  return out;
}

Found One(absl::string_view text) {
  auto all = Numbers(text);
  EXPECT_EQ(all.size(), 1u) << text;
  return all.empty() ? Found{} : all[0];
}

TEST(NumbersTest, MoneyWithScaleQualifierAndTypo) {
  auto f = One("It earned about $5.5 billion from it.");
  EXPECT_EQ(f.text, "about $5.5 billion");
  EXPECT_EQ(f.kind, "MONEY");
  EXPECT_EQ(f.n.value(), 5.5e9);
  EXPECT_EQ(f.n.unit(), "USD");
  EXPECT_EQ(f.n.approx(), v1::APPROX_ABOUT);
  f = One("could have earned about 5.5 billion dalars from");
  EXPECT_EQ(f.text, "about 5.5 billion dalars");
  EXPECT_EQ(f.n.unit(), "USD");
  f = One("a deal worth USD 34.6m was signed");
  EXPECT_EQ(f.text, "USD 34.6m");
  EXPECT_DOUBLE_EQ(f.n.value(), 34.6e6);
}

TEST(NumbersTest, RatesRangesAndQuantities) {
  auto f = One("paid around $2,000 a month to");
  EXPECT_EQ(f.text, "around $2,000 a month");
  EXPECT_EQ(f.n.per(), "month");
  f = One("sent 600,000 to 700,000 tons of rice");
  EXPECT_EQ(f.text, "600,000 to 700,000 tons");
  EXPECT_EQ(f.kind, "QUANTITY");
  EXPECT_EQ(f.n.low(), 600000);
  EXPECT_EQ(f.n.high(), 700000);
  EXPECT_EQ(f.n.unit(), "ton");
  EXPECT_EQ(f.n.counted(), "rice");
  EXPECT_EQ(f.n.approx(), v1::APPROX_RANGE);
  f = One("worth $457 million to $1.19 billion in total");
  EXPECT_EQ(f.text, "$457 million to $1.19 billion");
  EXPECT_EQ(f.n.low(), 457e6);
  EXPECT_EQ(f.n.high(), 1.19e9);
  f = One("between 10 and 12 ships");
  EXPECT_EQ(f.text, "between 10 and 12");
  f = One("over three decades ago");
  EXPECT_EQ(f.text, "over three decades");
  EXPECT_EQ(f.n.unit(), "decade");
  EXPECT_EQ(f.n.value(), 3);
}

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

TEST(NumbersTest, Dates) {
  auto f = One("On October 28 they met");
  EXPECT_EQ(f.n.date(), "--10-28");
  f = One("in July 2023 it");
  EXPECT_EQ(f.text, "July 2023");
  EXPECT_EQ(f.n.date(), "2023-07");
  f = One("dated 27.10.2024.");
  EXPECT_EQ(f.n.date(), "2024-10-27");
  f = One("since 1991 the");
  EXPECT_EQ(f.kind, "DATE");
}

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

TEST(NumbersTest, CurrencyCodesInEveryPosition) {
  auto f = One("They lost 75 USD million.");
  EXPECT_EQ(f.text, "75 USD million");
  EXPECT_DOUBLE_EQ(f.n.value(), 75e6);
  f = One("losses of 30 MUSD were reported");
  EXPECT_EQ(f.text, "30 MUSD");
  EXPECT_DOUBLE_EQ(f.n.value(), 30e6);
  EXPECT_EQ(f.n.unit(), "USD");
  f = One("revenues of MAUD 60");
  EXPECT_DOUBLE_EQ(f.n.value(), 60e6);
  EXPECT_EQ(f.n.unit(), "AUD");
  f = One("USD115.5");
  EXPECT_EQ(f.text, "USD115.5");
  EXPECT_DOUBLE_EQ(f.n.value(), 115.5);
  f = One("its controversial one-yen bid");
  EXPECT_EQ(f.text, "one-yen");
  EXPECT_EQ(f.n.unit(), "JPY");
  f = One("for 420 million finnish markka .");
  EXPECT_EQ(f.n.unit(), "FIM");
  f = One("Supply limit: \u20bf21,000,000");
  EXPECT_EQ(f.n.unit(), "BTC");
  f = One("a loan of 35 lakh rupees");
  EXPECT_DOUBLE_EQ(f.n.value(), 3.5e6);
  EXPECT_EQ(f.n.unit(), "INR");
  // Prose "musd" is no code; neither is a word that only starts like one.
  EXPECT_TRUE(Numbers("the usda report").empty());
}

TEST(NumbersTest, NumbersInUrlsAreIds) {
  EXPECT_TRUE(
      Numbers("see https://www.test.com/search?q=30%25%2020% now").empty());
  EXPECT_TRUE(Numbers("at www.example.com/2024/10/story-5").empty());
  EXPECT_EQ(One("see https://x.org/a then pay $5").text, "$5");
}

TEST(NumbersTest, CurrencySubunitsPrefixesAndNationalNames) {
  struct Case {
    const char* text;
    const char* span;
    double value;
    const char* unit;
  } cases[] = {
      {"down 34 cents", "34 cents", 0.34, "USD"},
      {"a bid of 470 pence for it", "470 pence", 4.70, "GBP"},
      {"it cost 3 dollars 50 cents", "3 dollars 50 cents", 3.5, "USD"},
      {"thirteen dollars and forty-five cents",
       "thirteen dollars and forty-five cents", 13.45, "USD"},
      {"ranges to c $ 16.4 million", "c $ 16.4 million", 16.4e6, "CAD"},
      {"to hk $ 10.05 billion .", "hk $ 10.05 billion", 10.05e9, "HKD"},
      {"125 million australian dollars of", "125 million australian dollars",
       125e6, "AUD"},
      {"10,000 swiss francs", "10,000 swiss francs", 1e4, "CHF"},
      {"costs 10 $ now", "10 $", 10, "USD"},
      {"mxn$ 15 each", "mxn$ 15", 15, "MXN"},
  };
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.span) << c.text;
    EXPECT_EQ(f.kind, "MONEY") << c.text;
    EXPECT_NEAR(f.n.value(), c.value, 1e-6) << c.text;
    EXPECT_EQ(f.n.unit(), c.unit) << c.text;
  }
  // "a $5 bill" is dollars, not Australian dollars.
  auto f = One("he had a $5 bill");
  EXPECT_EQ(f.text, "$5");
  EXPECT_EQ(f.n.unit(), "USD");
}

// One row per example of the guidelines' table (sec. 1) and per qualifier
// word: the span, kind, value and unit the guidelines give.
TEST(NumbersTest, GuidelinesTableRows) {
  struct Case {
    const char* text;
    const char* span;
    const char* kind;
    double value;
    const char* unit;
    v1::Approx approx;
  } cases[] = {
      {"some 20,000 troops", "some 20,000", "CARDINAL", 20000, "",
       v1::APPROX_ABOUT},
      {"20 thousand", "20 thousand", "CARDINAL", 20000, "", v1::APPROX_EXACT},
      {"the two sides", "two", "CARDINAL", 2, "", v1::APPROX_EXACT},
      {"more than 24 ships", "more than 24", "CARDINAL", 24, "",
       v1::APPROX_AT_LEAST},
      {"millions of people", "millions of", "CARDINAL", 1e6, "",
       v1::APPROX_AT_LEAST},
      {"a $5.5 billion deal", "$5.5 billion", "MONEY", 5.5e9, "USD",
       v1::APPROX_EXACT},
      {"it cost 40 euros", "40 euros", "MONEY", 40, "EUR", v1::APPROX_EXACT},
      {"paid 3 billion won", "3 billion won", "MONEY", 3e9, "KRW",
       v1::APPROX_EXACT},
      {"paid 2 million rubles", "2 million rubles", "MONEY", 2e6, "RUB",
       v1::APPROX_EXACT},
      {"up 40% on", "40%", "PERCENT", 40, "", v1::APPROX_EXACT},
      {"up 12 percent on", "12 percent", "PERCENT", 12, "", v1::APPROX_EXACT},
      {"half of the members", "half", "PERCENT", 50, "", v1::APPROX_EXACT},
      {"4 million tons of grain", "4 million tons", "QUANTITY", 4e6, "ton",
       v1::APPROX_EXACT},
      {"some 10 km away", "some 10 km", "QUANTITY", 10, "km", v1::APPROX_ABOUT},
      {"5 tonnes", "5 tonnes", "QUANTITY", 5, "ton", v1::APPROX_EXACT},
      {"he came 2nd", "2nd", "ORDINAL", 2, "", v1::APPROX_EXACT},
      {"the third time", "third", "ORDINAL", 3, "", v1::APPROX_EXACT},
      // Qualifier words, one per row.
      {"around 5 ships", "around 5", "CARDINAL", 5, "", v1::APPROX_ABOUT},
      {"approximately 5", "approximately 5", "CARDINAL", 5, "",
       v1::APPROX_ABOUT},
      {"roughly 5 ships", "roughly 5", "CARDINAL", 5, "", v1::APPROX_ABOUT},
      {"an estimated 5 ships", "an estimated 5", "CARDINAL", 5, "",
       v1::APPROX_ABOUT},
      {"circa 5 ships", "circa 5", "CARDINAL", 5, "", v1::APPROX_ABOUT},
      {"~5 ships", "~5", "CARDINAL", 5, "", v1::APPROX_ABOUT},
      {"at least 5 ships", "at least 5", "CARDINAL", 5, "",
       v1::APPROX_AT_LEAST},
      {"over 5 ships", "over 5", "CARDINAL", 5, "", v1::APPROX_AT_LEAST},
      {"above 5 ships", "above 5", "CARDINAL", 5, "", v1::APPROX_AT_LEAST},
      {"in excess of 5", "in excess of 5", "CARDINAL", 5, "",
       v1::APPROX_AT_LEAST},
      {"no less than 5", "no less than 5", "CARDINAL", 5, "",
       v1::APPROX_AT_LEAST},
      {"as many as 5", "as many as 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"less than 5", "less than 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"fewer than 5", "fewer than 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"at most 5", "at most 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"under 5 ships", "under 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"below 5 ships", "below 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"nearly 5 ships", "nearly 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"almost 5 ships", "almost 5", "CARDINAL", 5, "", v1::APPROX_AT_MOST},
      {"no more than 5", "no more than 5", "CARDINAL", 5, "",
       v1::APPROX_AT_MOST},
      {"just 5 ships", "just 5", "CARDINAL", 5, "", v1::APPROX_EXACT},
      {"only 5 ships", "only 5", "CARDINAL", 5, "", v1::APPROX_EXACT},
      {"exactly 5 ships", "exactly 5", "CARDINAL", 5, "", v1::APPROX_EXACT},
      // A verb outside the span leaves EXACT.
      {"costs exceed 300 dollars", "300 dollars", "MONEY", 300, "USD",
       v1::APPROX_EXACT},
  };
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.span) << c.text;
    EXPECT_EQ(f.kind, c.kind) << c.text;
    EXPECT_NEAR(f.n.value(), c.value, 1e-6) << c.text;
    EXPECT_EQ(f.n.unit(), c.unit) << c.text;
    EXPECT_EQ(f.n.approx(), c.approx) << c.text;
  }
}

TEST(NumbersTest, RatesFollowMoneyAndQuantityNotCardinals) {
  auto f = One("$200 million per year");
  EXPECT_EQ(f.text, "$200 million per year");
  EXPECT_EQ(f.n.per(), "year");
  // A counted noun between: the span ends at the unit, per is still set.
  f = One("4 million tons of grain per year");
  EXPECT_EQ(f.text, "4 million tons");
  EXPECT_EQ(f.n.per(), "year");
  EXPECT_EQ(f.n.counted(), "grain");
  // A cardinal's rate stays outside.
  f = One("two meetings per month");
  EXPECT_EQ(f.text, "two");
  EXPECT_EQ(f.n.per(), "");
  EXPECT_EQ(f.n.counted(), "meetings");
}

TEST(NumbersTest, CountedNounIsANoun) {
  EXPECT_EQ(One("15,000 soldiers died").n.counted(), "soldiers");
  EXPECT_EQ(One("at least 10 came").n.counted(), "");
  EXPECT_EQ(One("only 7 recently").n.counted(), "");
  EXPECT_EQ(One("and 4567 now").n.counted(), "");
}

TEST(NumbersTest, DatesAsFarAsStated) {
  EXPECT_EQ(One("by October 31 they").n.date(), "--10-31");
  auto f = One("in 2023 they");
  EXPECT_EQ(f.kind, "DATE");
  EXPECT_EQ(f.n.date(), "2023");
  // Outside 1800-2100 a bare four-digit number is a cardinal.
  EXPECT_EQ(One("some 2500 ships").kind, "CARDINAL");
}

TEST(NumbersTest, RatiosAreTheFractionsTheyState) {
  struct Case {
    const char* text;
    const char* span;
    double value;
  } cases[] = {
      {"one over three", "one over three", 1.0 / 3},
      {"The answer is negative one over 20", "negative one over 20", -0.05},
      {"one out of three", "one out of three", 1.0 / 3},
      {"two out of five hundred tvs", "two out of five hundred", 0.004},
      {"two out of five hundreds tvs", "two out of five hundreds", 0.004},
      {"1 in twenty-one", "1 in twenty-one", 1.0 / 21},
      {"Almost one in five US citizens", "Almost one in five", 0.2},
      {"fewer than one in 10,000 consoles", "fewer than one in 10,000",
       1e-4},
      {"nine out of 10 members", "nine out of 10", 0.9},
      {"odds of one in a million", "one in a million", 1e-6},
  };
  for (const auto& c : cases) {
    auto f = One(c.text);
    EXPECT_EQ(f.text, c.span) << c.text;
    EXPECT_EQ(f.kind, "CARDINAL") << c.text;
    EXPECT_NEAR(f.n.value(), c.value, 1e-9) << c.text;
  }
  // "over" is a qualifier unless the divisor ends the clause.
  EXPECT_EQ(Numbers("I want to earn $2000 over 3 years").size(), 2u);
  auto all = Numbers("won one over three days");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].text, "over three days");
  // "in": not a year, a unit, a larger count or a labelled number.
  all = Numbers("scored 2 in 10 minutes");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "2");
  EXPECT_EQ(Numbers("it had 5 in 2010").size(), 2u);
  all = Numbers("sold 30 in 10 days");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "30");
  all = Numbers("never beyond round four in eight attempts");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].n.value(), 4);
  // A ratio of money is no fraction.
  EXPECT_EQ(Numbers("I want to earn $10000 in 3 years").size(), 2u);
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
  EXPECT_NEAR(One("one hundred and thirty-two fifths").n.value(), 26.4,
              1e-12);
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
  EXPECT_DOUBLE_EQ(One("I count 6 crore and two hundred").n.value(),
                   60000200);
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

TEST(NumbersTest, SlashDatesNeedAYear) {
  auto f = One("Any time to meet on 5/17/2018?");
  EXPECT_EQ(f.text, "5/17/2018");
  EXPECT_EQ(f.kind, "DATE");
  EXPECT_EQ(f.n.date(), "2018-05-17");
  EXPECT_EQ(One("on 27/10/2024").n.date(), "2024-10-27");
  EXPECT_EQ(One("on 3/4/2005").n.date(), "2005-04-03");  // day first
  // No year, no date: "24/7"; no month at all: "31/31/2020".
  for (const Found& f : Numbers("open 24/7 now")) {
    EXPECT_NE(f.kind, "DATE") << f.text;
  }
  for (const Found& f : Numbers("on 31/31/2020")) {
    EXPECT_NE(f.text, "31/31/2020");
  }
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

}  // namespace
}  // namespace docpipe::annotate
