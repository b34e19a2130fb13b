#include "annotate/tokenizer.h"

#include <gtest/gtest.h>

namespace docpipe::annotate {
namespace {

TEST(TokenizerTest, OffsetsKindsAndSentences) {
  auto t = Tokenize("Mr. Kim paid $5.5 billion. Київ grew 600,000 tons.");
  std::vector<std::string> texts;
  for (auto& tok : t.tokens) texts.emplace_back(t.Text(tok));
  EXPECT_EQ(texts, (std::vector<std::string>{"Mr", ".", "Kim", "paid", "$",
                                             "5.5", "billion", ".",
                                             "\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2",
                                             "grew", "600,000", "tons", "."}));
  EXPECT_EQ(t.tokens[5].kind, TokenKind::kNumber);
  EXPECT_TRUE(t.tokens[0].sentence_start);
  EXPECT_FALSE(t.tokens[2].sentence_start);  // "Mr." is an abbreviation
  EXPECT_TRUE(t.tokens[8].sentence_start);   // after "billion."
  EXPECT_FALSE(t.tokens[5].space_before);    // "$5.5"
}

TEST(TokenizerTest, NumbersDoNotSwallowTrailingPunctuation) {
  auto t = Tokenize("in 2023, about 5.");
  EXPECT_EQ(t.Text(t.tokens[1]), "2023");
  EXPECT_EQ(t.Text(t.tokens[2]), ",");
  EXPECT_EQ(t.Text(t.tokens[4]), "5");
}

TEST(TokenizerTest, TypewriterQuotationMarksAreOneToken) {
  auto t = Tokenize("``Yes,'' he said. It's Jones' car.");
  std::vector<std::string> texts;
  for (auto& tok : t.tokens) texts.emplace_back(t.Text(tok));
  EXPECT_EQ(texts, (std::vector<std::string>{"``", "Yes", ",", "''", "he",
                                             "said", ".", "It", "'", "s",
                                             "Jones", "'", "car", "."}));
}

}  // namespace
}  // namespace docpipe::annotate
