#include "common/utf8.h"

#include <gtest/gtest.h>

namespace docpipe {
namespace {

TEST(Utf8Test, ValidatesWellFormedText) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Kyiv \xE2\x80\xA2 UNN \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8Test, RejectsMalformedTextAndReportsOffset) {
  size_t bad = 99;
  EXPECT_FALSE(IsValidUtf8("ab\xFF", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF", &bad));       // overlong '/'
  EXPECT_FALSE(IsValidUtf8("x\xED\xA0\x80", &bad));  // surrogate
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(IsValidUtf8("\xE2\x80", &bad));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80", &bad));  // > U+10FFFF
}

TEST(Utf8Test, CharBoundaries) {
  absl::string_view s = "a\xE2\x80\xA2z";  // a • z
  EXPECT_TRUE(IsCharBoundary(s, 0));
  EXPECT_TRUE(IsCharBoundary(s, 1));
  EXPECT_FALSE(IsCharBoundary(s, 2));
  EXPECT_FALSE(IsCharBoundary(s, 3));
  EXPECT_TRUE(IsCharBoundary(s, 4));
  EXPECT_TRUE(IsCharBoundary(s, 5));
  EXPECT_FALSE(IsCharBoundary(s, 6));
}

TEST(Utf8Test, ConvertsOffsetsBothWays) {
  // "é" is 2 bytes / 1 cp / 1 unit; U+1F600 is 4 bytes / 1 cp / 2 units.
  absl::string_view s = "\xC3\xA9x\xF0\x9F\x98\x80y";
  OffsetConverter c(s);
  EXPECT_EQ(c.FromByte(2, OffsetUnit::kCodePoint), 1u);
  EXPECT_EQ(c.FromByte(7, OffsetUnit::kCodePoint), 3u);
  EXPECT_EQ(c.FromByte(7, OffsetUnit::kUtf16), 4u);
  EXPECT_EQ(c.FromByte(8, OffsetUnit::kUtf16), 5u);
  EXPECT_EQ(*c.ToByte(3, OffsetUnit::kCodePoint), 7u);
  EXPECT_EQ(*c.ToByte(4, OffsetUnit::kUtf16), 7u);
  EXPECT_FALSE(c.ToByte(3, OffsetUnit::kUtf16).ok());  // inside the pair
  EXPECT_FALSE(c.ToByte(6, OffsetUnit::kCodePoint).ok());
  EXPECT_EQ(*c.ToByte(8, OffsetUnit::kUtf8Byte), 8u);
  EXPECT_FALSE(c.ToByte(9, OffsetUnit::kUtf8Byte).ok());
}

}  // namespace
}  // namespace docpipe
