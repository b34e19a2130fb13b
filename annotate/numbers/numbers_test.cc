// The guidelines' number table and boundary rules, positive and negative.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/engine.h"
#include "annotate/gold.h"

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

}  // namespace
}  // namespace docpipe::annotate
