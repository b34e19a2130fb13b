#include "common/json.h"

#include "gtest/gtest.h"

namespace docpipe {
namespace {

TEST(JsonQuote, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\r\te\x01é"),
            "\"a\\\"b\\\\c\\nd\\r\\te\\u0001é\"");
}

TEST(JsonQuote, EmptyStringIsTwoQuotes) { EXPECT_EQ(JsonQuote(""), "\"\""); }

}  // namespace
}  // namespace docpipe
