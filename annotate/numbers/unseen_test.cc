// The classes of issue found on news the layer was not written against:
// currencies by sign or name, units of the registry, changes apart from
// ranges, range scales, rates, signs, things that are no quantity, kind,
// and the normalized quantity. Each class has cases that must and must
// not match.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

struct Case {
  const char* text;
  const char* span;
  const char* kind;
  double value;
  const char* unit;
};

void ExpectOne(const Case& c) {
  auto f = One(c.text);
  EXPECT_EQ(f.text, c.span) << c.text;
  EXPECT_EQ(f.kind, c.kind) << c.text;
  EXPECT_NEAR(f.n.value(), c.value, 1e-6 * std::max(1.0, c.value)) << c.text;
  EXPECT_EQ(f.n.unit(), c.unit) << c.text;
}

TEST(UnseenNewsTest, CurrenciesBySignOrName) {
  const Case cases[] = {
      {"revenue of $US55,931,000 last year", "$US55,931,000", "MONEY", 55931000,
       "USD"},
      {"shares fell to RM2.05 on Monday", "RM2.05", "MONEY", 2.05, "MYR"},
      {"it costs HK$10 now", "HK$10", "MONEY", 10, "HKD"},
      {"priced at AU $89.99 here", "AU $89.99", "MONEY", 89.99, "AUD"},
      {"a fee of Rs 500 was paid", "Rs 500", "MONEY", 500, "INR"},
      {"a deal worth 1.23 billion shekels was signed", "1.23 billion shekels",
       "MONEY", 1.23e9, "ILS"},
      {"it paid 300 ringgit for it", "300 ringgit", "MONEY", 300, "MYR"},
      {"a stamp costs 50 sen now", "50 sen", "MONEY", 0.5, "MYR"},
      {"fined 2 million Danish crowns yesterday", "2 million Danish crowns",
       "MONEY", 2e6, "DKK"},
      {"they paid 40 zlotys for it", "40 zlotys", "MONEY", 40, "PLN"},
      {"the bill was 15 DKK in all", "15 DKK", "MONEY", 15, "DKK"},
      {"shares rose to 164p on Friday", "164p", "MONEY", 1.64, "GBP"},
  };
  for (const auto& c : cases) ExpectOne(c);
  // No currency: a lower-case article before "$" is no AUD; "Sen." is a
  // senator; "720p" is a resolution, a name like "3G"; "the 12 Euro zone
  // countries".
  EXPECT_EQ(One("a $5 bill").n.unit(), "USD");
  EXPECT_EQ(One("said 5 Sen. Smith").kind, "CARDINAL");
  EXPECT_TRUE(Numbers("a 720p screen").empty());
  auto euro = One("the 12 Euro zone countries");
  EXPECT_EQ(euro.kind, "CARDINAL");
  EXPECT_EQ(euro.text, "12");
  EXPECT_EQ(One("the TOP 40 chart").kind, "CARDINAL");
}

TEST(UnseenNewsTest, UnitsOfTheRegistry) {
  const Case cases[] = {
      {"an engine of 300 hp here", "300 hp", "QUANTITY", 300, "hp"},
      {"a 6kW heater", "6kW", "QUANTITY", 6, "kw"},
      {"a 2.4Ghz chip", "2.4Ghz", "QUANTITY", 2.4, "ghz"},
      {"speeds of 30Mbps are common", "30Mbps", "QUANTITY", 30, "mbps"},
      {"levels of 12 ppb were found", "12 ppb", "QUANTITY", 12, "ppb"},
      {"a car doing 140 km/h on the road", "140 km/h", "QUANTITY", 140, "km/h"},
      {"it makes 275 pound-feet of torque", "275 pound-feet", "QUANTITY", 275,
       "pound-foot"},
      {"the index fell 20 points yesterday", "20 points", "QUANTITY", 20,
       "point"},
      {"rates rose 2 percentage points today", "2 percentage points",
       "QUANTITY", 2, "percentage point"},
      {"he carried 5 pounds of rice home", "5 pounds", "QUANTITY", 5, "lb"},
      {"a 90nm process", "90nm", "QUANTITY", 90, "nm"},
  };
  for (const auto& c : cases) ExpectOne(c);
  EXPECT_EQ(One("growth of 1.38pc last year").kind, "PERCENT");
  EXPECT_DOUBLE_EQ(One("growth of 1.38pc last year").n.value(), 1.38);
  // Not units: a score's points are counted, "at one point" is no number,
  // "5 pounds" alone is money, "3G" is a name.
  auto score = One("he scored 10 points in the game");
  EXPECT_EQ(score.kind, "CARDINAL");
  EXPECT_EQ(score.n.counted(), "points");
  EXPECT_TRUE(Numbers("at one point he left").empty());
  EXPECT_EQ(One("it cost 5 pounds").n.unit(), "GBP");
  EXPECT_TRUE(Numbers("a 3G phone").empty());
}

TEST(UnseenNewsTest, ChangesAreNotRanges) {
  auto two = Numbers("shares rose 6.5% to 164p");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].text, "6.5%");
  EXPECT_EQ(two[1].text, "164p");
  two = Numbers("the price fell from $2,415 to $2,315");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].text, "$2,415");
  EXPECT_DOUBLE_EQ(two[1].n.value(), 2315);
  two = Numbers("sales increased by $43.6 billion to $419.2 billion");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_DOUBLE_EQ(two[0].n.value(), 43.6e9);
  EXPECT_DOUBLE_EQ(two[1].n.value(), 419.2e9);
  // Ranges stay ranges, and never run high to low.
  auto r = One("from 5 to 10 years");
  EXPECT_EQ(r.n.approx(), v1::APPROX_RANGE);
  EXPECT_EQ(Numbers("it took 12 to 9 days").size(), 2u);
  // Two units are two measures.
  EXPECT_EQ(Numbers("from 1.6km/h to 2.5km").size(), 2u);
}

TEST(UnseenNewsTest, RangeScalesDistributeOnlyWhereMissing) {
  auto r = One("worth $800,000 to $1.3 million");
  EXPECT_DOUBLE_EQ(r.n.low(), 800000);
  EXPECT_DOUBLE_EQ(r.n.high(), 1.3e6);
  r = One("four to five thousand people");
  EXPECT_DOUBLE_EQ(r.n.low(), 4000);
  EXPECT_DOUBLE_EQ(r.n.high(), 5000);
  r = One("5 to 6 million tons");
  EXPECT_DOUBLE_EQ(r.n.low(), 5e6);
  r = One("$2-$3.8 trillion");
  EXPECT_DOUBLE_EQ(r.n.low(), 2e12);
  EXPECT_DOUBLE_EQ(r.n.high(), 3.8e12);
}

TEST(UnseenNewsTest, ComparativesAndBounds) {
  auto f = One("a number greater than 100 and smaller than 300 here");
  EXPECT_EQ(f.text, "greater than 100 and smaller than 300");
  EXPECT_DOUBLE_EQ(f.n.low(), 100);
  EXPECT_DOUBLE_EQ(f.n.high(), 300);
  f = One("scores less than or equal to 30");
  EXPECT_EQ(f.n.approx(), v1::APPROX_AT_MOST);
  EXPECT_EQ(f.text, "less than or equal to 30");
  EXPECT_EQ(One("a score of 200 or greater").n.approx(), v1::APPROX_AT_LEAST);
  // A range after "from" starts at its first amount (guidelines sec. 1).
  f = One("from 5 to 10 years");
  EXPECT_EQ(f.text, "5 to 10 years");
  EXPECT_EQ(f.n.approx(), v1::APPROX_RANGE);
  EXPECT_EQ(One("gains ranging from $457 million to $1.19 billion").text,
            "$457 million to $1.19 billion");
  // Not bounds: "from" before a plain amount or a year; "<>30".
  EXPECT_EQ(One("from 5% in May").text, "5%");
  EXPECT_EQ(Numbers("from 2006 to 2015").size(), 2u);
  EXPECT_EQ(One("<>30").n.approx(), v1::APPROX_EXACT);
  // A verb is no qualifier (guidelines sec. 1).
  EXPECT_EQ(One("sales exceed 3000").n.approx(), v1::APPROX_EXACT);
}

TEST(UnseenNewsTest, MeasuresWrittenOtherwise) {
  auto f = One("he is 5 feet 2 inches");
  EXPECT_EQ(f.text, "5 feet 2 inches");
  EXPECT_NEAR(f.n.value(), 5 + 2.0 / 12, 1e-9);
  EXPECT_EQ(One("The weight is 20 (kg)").text, "20 (kg)");
  EXPECT_EQ(One("the wall is 12 m high").n.unit(), "m");
  // A spaced "m" before a word is no metre; glued it is millions.
  EXPECT_EQ(One("5 m people").kind, "CARDINAL");
  EXPECT_DOUBLE_EQ(One("a 34.6m deal").n.value(), 34.6e6);
  auto two = Numbers("10 $ 30 $");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].n.unit(), "USD");
  EXPECT_DOUBLE_EQ(One("10 $ 30 cent").n.value(), 10.3);
  EXPECT_EQ(Numbers("rmb 10 usd 20").size(), 2u);
}

TEST(UnseenNewsTest, RatesKeepPer) {
  EXPECT_EQ(One("oil at $58.24 per barrel").n.per(), "barrel");
  EXPECT_EQ(One("fuel at $3 per gallon").n.per(), "gallon");
  EXPECT_EQ(One("a dividend of 12 cents per share").n.per(), "share");
  auto f = One("rents of $40 per square foot");
  EXPECT_EQ(f.n.per(), "square foot");
  EXPECT_EQ(f.text, "$40 per square foot");
  // A cardinal's rate stays outside.
  EXPECT_EQ(One("two meetings per month").n.per(), "");
}

TEST(UnseenNewsTest, Signs) {
  EXPECT_DOUBLE_EQ(One("a loss of minus-5 yards").n.value(), -5);
  EXPECT_DOUBLE_EQ(One("minus 5 degrees").n.value(), -5);
  EXPECT_DOUBLE_EQ(One("David - 50 miles from home").n.value(), 50);
  EXPECT_DOUBLE_EQ(One("a reading of - 9.25 was").n.value(), -9.25);
}

TEST(UnseenNewsTest, NotQuantities) {
  EXPECT_TRUE(Numbers("the S&P index S&P 500 rose").empty());
  EXPECT_TRUE(Numbers("he bought an iPhone 11 today").empty());
  EXPECT_TRUE(Numbers("he sat in Section 427 Row 21 again").empty());
  EXPECT_TRUE(Numbers("he drives in Formula One races").empty());
  EXPECT_TRUE(Numbers("she uses a Nokia 6600 phone").empty());
  EXPECT_TRUE(Numbers("call the area code 056 now").empty());
  auto d = One("the year ending Oct. 31 was good");
  EXPECT_EQ(d.kind, "DATE");
  EXPECT_EQ(d.n.date(), "--10-31");
  // Still numbers: digits after an ordinary word, a sentence's first word.
  EXPECT_EQ(One("he had 500 sheep").n.value(), 500);
  EXPECT_EQ(One("About 300 came").n.value(), 300);
  // A score is one CARDINAL; "number one" a rank.
  auto s = One("she won 6-3 there");
  EXPECT_EQ(s.text, "6-3");
  EXPECT_FALSE(s.n.has_value());
  EXPECT_EQ(One("the world number one").kind, "ORDINAL");
}

TEST(UnseenNewsTest, KindFollowsUnitOrCurrency) {
  EXPECT_EQ(One("a 275 pound-feet engine").kind, "QUANTITY");
  EXPECT_EQ(One("paid RM2 for it").kind, "MONEY");
  EXPECT_EQ(One("a third of voters").kind, "CARDINAL");
}

TEST(UnseenNewsTest, NormalizedQuantity) {
  auto f = One("a walk of 15 miles");
  EXPECT_EQ(f.n.dimension(), "length");
  EXPECT_EQ(f.n.base_unit(), "m");
  EXPECT_NEAR(f.n.base_value(), 24140.16, 1e-6);
  f = One("an engine of 300 hp");
  EXPECT_EQ(f.n.dimension(), "power");
  EXPECT_NEAR(f.n.base_value(), 223709.96, 0.01);
  f = One("it took three years");
  EXPECT_EQ(f.n.dimension(), "time");
  EXPECT_EQ(f.n.base_unit(), "s");
  // A range has a dimension but no single base value; degrees no factor.
  f = One("from 5 to 10 km");
  EXPECT_EQ(f.n.dimension(), "length");
  EXPECT_FALSE(f.n.has_base_value());
  f = One("minus 160 degrees centigrade");
  EXPECT_EQ(f.n.dimension(), "temperature");
  EXPECT_FALSE(f.n.has_base_value());
  // Money and counts have none.
  EXPECT_EQ(One("$5").n.dimension(), "");
  EXPECT_EQ(One("5 people").n.dimension(), "");
}

}  // namespace
}  // namespace docpipe::annotate::numbers
