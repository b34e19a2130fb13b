// Currencies: symbols, prefixes, codes, names and subunits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

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

TEST(NumbersScannerTest, CurrencyWordsTolerateTyposOfDollars) {
  EXPECT_EQ(Scanner::EditDistance("dalars", "dollars"), 2);
  EXPECT_EQ(Scanned("dolars").scanner.CurrencyWord(0), "USD");
  EXPECT_EQ(Scanned("euros").scanner.CurrencyWord(0), "EUR");
  EXPECT_EQ(Scanned("dancers").scanner.CurrencyWord(0), std::nullopt);
}

TEST(NumbersScannerTest, CurrencyPrefixReadsDollarPrefixesAndMillions) {
  std::string currency;
  bool millions = false;
  EXPECT_EQ(Scanned("US$ 5").scanner.CurrencyPrefix(0, &currency, &millions),
            2u);
  EXPECT_EQ(currency, "USD");
  currency.clear();
  // "a $5": the article is no prefix; the scan stays at it.
  EXPECT_EQ(Scanned("a $5").scanner.CurrencyPrefix(0, &currency, &millions),
            0u);
  EXPECT_EQ(currency, "");
  EXPECT_EQ(Scanned("MAUD 60").scanner.CurrencyPrefix(0, &currency, &millions),
            1u);
  EXPECT_EQ(currency, "AUD");
  EXPECT_TRUE(millions);
}

}  // namespace
}  // namespace docpipe::annotate::numbers
