// Dates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/numbers/numbers_test_util.h"

namespace docpipe::annotate::numbers {
namespace {

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

TEST(NumbersTest, DatesAsFarAsStated) {
  EXPECT_EQ(One("by October 31 they").n.date(), "--10-31");
  auto f = One("in 2023 they");
  EXPECT_EQ(f.kind, "DATE");
  EXPECT_EQ(f.n.date(), "2023");
  // Outside 1800-2100 a bare four-digit number is a cardinal.
  EXPECT_EQ(One("some 2500 ships").kind, "CARDINAL");
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

TEST(NumbersScannerTest, DaysOfTheMonth) {
  EXPECT_EQ(Scanned("31").scanner.DayOf(0), 31);
  EXPECT_EQ(Scanned("32").scanner.DayOf(0), 0);
  EXPECT_EQ(Scanned("May").scanner.DayOf(0), 0);
  EXPECT_TRUE(Scanned("in 1991").scanner.IsYear(1));
  EXPECT_FALSE(Scanned("in 2500").scanner.IsYear(1));
}

}  // namespace
}  // namespace docpipe::annotate::numbers
