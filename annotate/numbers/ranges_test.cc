// Ranges, ratios, rates and counted nouns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

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
      {"fewer than one in 10,000 consoles", "fewer than one in 10,000", 1e-4},
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

TEST(NumbersScannerTest, RangeAfterJoinsAscendingDigitsOnly) {
  Scanned s("10 to 12 tons");
  auto a = s.scanner.ParseAmount(0);
  ASSERT_TRUE(a.has_value());
  auto r = s.scanner.RangeAfter(*a, v1::NUMBER_KIND_CARDINAL, 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->low, 10);
  EXPECT_EQ(r->high, 12);
  EXPECT_EQ(r->kind, v1::NUMBER_KIND_QUANTITY);
  EXPECT_EQ(r->unit, "ton");
  EXPECT_EQ(r->end, 4u);
  Scanned d("555-123");
  auto b = d.scanner.ParseAmount(0);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(d.scanner.RangeAfter(*b, v1::NUMBER_KIND_CARDINAL, 1),
            std::nullopt);
}

TEST(NumbersTest, ChangesAreNoRanges) {
  for (const char* text :
       {"it fell from 1.9% to 1.8% in May", "prices rose from 5% to 7%",
        "it increased by $43.6 billion to $419.2 billion", "shares slid 9 to 4",
        "the 12 months to 30 September"}) {
    auto all = Numbers(text);
    ASSERT_EQ(all.size(), 2u) << text;
    EXPECT_NE(all[0].n.approx(), v1::APPROX_RANGE) << text;
  }
  // Real ranges stay one span.
  EXPECT_EQ(One("between 5 and 10").n.approx(), v1::APPROX_RANGE);
  EXPECT_EQ(One("from 5 to 10 people came").n.approx(), v1::APPROX_RANGE);
  EXPECT_EQ(One("600,000 to 700,000 tons").n.approx(), v1::APPROX_RANGE);
}

TEST(NumbersTest, AlternativesWithAUnitAreRanges) {
  auto f = One("for three or five years");
  EXPECT_EQ(f.text, "three or five years");
  EXPECT_EQ(f.n.approx(), v1::APPROX_RANGE);
  EXPECT_DOUBLE_EQ(f.n.low(), 3);
  EXPECT_DOUBLE_EQ(f.n.high(), 5);
  EXPECT_EQ(f.n.unit(), "year");
  // Without a unit, or high before low, two numbers.
  EXPECT_EQ(Numbers("two or three people").size(), 2u);
  EXPECT_EQ(Numbers("six or five years").size(), 2u);
}

TEST(NumbersTest, TrailingQualifiers) {
  auto f = One("10 or so");
  EXPECT_EQ(f.text, "10 or so");
  EXPECT_EQ(f.n.approx(), v1::APPROX_ABOUT);
  f = One("one million or more");
  EXPECT_EQ(f.n.approx(), v1::APPROX_AT_LEAST);
  EXPECT_EQ(One("50 or fewer").n.approx(), v1::APPROX_AT_MOST);
  EXPECT_EQ(One("10 or maybe").text, "10");
}
}  // namespace
}  // namespace docpipe::annotate::numbers
