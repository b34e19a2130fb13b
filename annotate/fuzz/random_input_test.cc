// The fuzz property over deterministic random inputs built from the pieces
// numbers and names are made of (digits, separators, scale and unit words,
// currency symbols, capitalized words, brackets, possessives, multi-byte
// characters, invalid bytes), so CI checks it on every build without clang. scripts/fuzz runs the real fuzzer.
#include <gtest/gtest.h>

#include <random>

#include "annotate/fuzz/annotate_fuzz.h"

namespace docpipe::annotate {
namespace {

TEST(AnnotateFuzzTest, RandomInputsGiveWellFormedSpans) {
  static const char* kPieces[] = {
      "1",           "23",          "4,500",    "0.5",
      ".",           ",",           "-",        "–",
      " ",           "\n",          "$",        "€",
      "£",           "US$",         "%",        "million",
      "bn",          "m",           "about",    "to",
      "between",     "and",         "a month",  "per",
      "tons",        "km",          "dollars",  "dalars",
      "first",       "2nd",         "October",  "28",
      "1998",        "G7",          "Article",  "half",
      "dozen",       "twenty-five", "\xc3\xa9", "\xe2\x80\xaf",
      "\xff",        "\xc3",        "\xe2\x82", "\"",
      "(",           ")",           "said",     "according to",
      "North Korea", "Mr.",         "A.",       "U.S.",
      // Name-shaped pieces for the entities layer.
      "Olena",       "Guseinova",   "Foundation", "University",
      "of",          "The",         "\u2019s",   "'s",
      "(FNF)",       "Indo-Pacific", "German",   "Since",
      "\xe6\x9c\x9d\xe9\xae\xae", "Kim Jong Un", "Limited Gains", "DPRK",
      // Attribution-shaped pieces: cues, quotation marks, frames.
      "\u201c",     "\u201d",     ":",        "says",
      "reportedly",  "It is noted that", "viewing", "estimates",
      "He",          "that",        "are estimated", "told reporters"};
  constexpr int kPieceCount = sizeof(kPieces) / sizeof(kPieces[0]);
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  const LayerSet all = LayerSet::All();
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> piece(0, kPieceCount - 1);
  std::uniform_int_distribution<int> length(1, 24);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (int k = length(rng); k > 0; --k) {
      if (round % 7 == 0) {
        text += static_cast<char>(byte(rng));
      } else {
        text += kPieces[piece(rng)];
      }
    }
    std::string bad = CheckAnnotate(**engine, all, text);
    ASSERT_EQ(bad, "") << "input: \"" << text << "\"";
  }
}

TEST(AnnotateFuzzTest, NumberAtTheVeryEndOfTheText) {
  // Found by the conformance run: the tokenizer read past the end.
  auto engine = Engine::Create();
  ASSERT_TRUE(engine.ok());
  for (const char* text : {"24703 L-202", "7", "1,5", "3.", "12,"}) {
    EXPECT_EQ(CheckAnnotate(**engine, LayerSet::All(), text), "") << text;
  }
}

}  // namespace
}  // namespace docpipe::annotate
