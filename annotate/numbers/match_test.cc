// The guidelines' number table (sec. 1): span, kind, value, unit and
// qualifier of whole matches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

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

}  // namespace
}  // namespace docpipe::annotate::numbers
