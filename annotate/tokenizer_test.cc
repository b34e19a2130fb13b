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

TEST(TokenizerTest, ALowerCaseWordAfterAFullStopContinuesTheSentence) {
  // "Mo." is no abbreviation we list, but "said" shows it is one.
  auto t = Tokenize("Sen. Claire McCaskill (D-Mo.) said so. Then 5%. 20 left.");
  for (const Token& tok : t.tokens) {
    const absl::string_view w = t.Text(tok);
    if (w == ")" || w == "said") {
      EXPECT_FALSE(tok.sentence_start) << w;
    }
    if (w == "Then" || w == "20") {
      EXPECT_TRUE(tok.sentence_start) << w;
    }
  }
  // A missing space is a typo, not an abbreviation.
  auto typo = Tokenize("in the first round.said so");
  ASSERT_EQ(typo.Text(typo.tokens[5]), "said");
  EXPECT_TRUE(typo.tokens[5].sentence_start);
  // A paragraph break always starts one.
  auto p = Tokenize("The end.\n\nand more");
  ASSERT_EQ(p.Text(p.tokens[3]), "and");
  EXPECT_TRUE(p.tokens[3].sentence_start);
}

TEST(TokenizerTest, HostNamesAreOneToken) {
  auto t = Tokenize("See www.arsenal.com or Paypal.com. Bagle.AU spread.");
  std::vector<std::string> texts;
  for (auto& tok : t.tokens) texts.emplace_back(t.Text(tok));
  EXPECT_EQ(texts, (std::vector<std::string>{"See", "www.arsenal.com", "or",
                                             "Paypal.com", ".", "Bagle", ".",
                                             "AU", "spread", "."}));
  EXPECT_TRUE(t.tokens[5].sentence_start);  // "Bagle", after "Paypal.com."
}

}  // namespace
}  // namespace docpipe::annotate
