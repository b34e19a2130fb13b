// Quotations around a cue (quotes.cc): through the engine, one test per
// construction of the guidelines (sec. 3); and the quotation rules alone.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/attributions/attributions_test_util.h"

namespace docpipe::annotate::attributions {
namespace {

TEST(AttributionsTest, DirectQuoteBeforeCueKeepsAllItsSentences) {
  ExpectOnly("\u201cWe will win. It is certain,\u201d said John Smith.", "said",
             "John Smith", "We will win. It is certain");
}

TEST(AttributionsTest, DirectQuoteAfterCue) {
  ExpectOnly("The minister told reporters: \u201cPrices will rise.\u201d",
             "told", "The minister", "Prices will rise");
}

TEST(AttributionsTest, TypewriterQuotationMarks) {
  ExpectOnly("''This isn't tax reform,'' said Douglas Holtz-Eakin.", "said",
             "Douglas Holtz-Eakin", "This isn't tax reform");
  // A paragraph that ends in '' is a sentence, not a caption.
  ExpectOnly("She said she had toured the museum. ''It was moving.''", "said",
             "She", "she had toured the museum");
}

TEST(AttributionsTest, QuotationOnTheLineAfterTheCue) {
  ExpectOnly("He said:\n\n\"We have a situation in our cities.\"", "said", "He",
             "We have a situation in our cities");
  // A block quotation, set off as its own paragraph without marks: all of
  // that paragraph.
  ExpectOnly(
      "The governor added:\n\nIt is typical. The plan will fail.\n\nMore "
      "text here.",
      "added", "The governor", "It is typical. The plan will fail");
  // Not a heading or caption (a line that does not end like a sentence).
  ExpectNone("He said:\n\nRelated Sources\n");
}

TEST(AttributionsTest, ABracketedAsideBetweenQuotationAndCue) {
  // "(D-Mo.)" neither ends the sentence nor pushes the quotation out of
  // reach.
  ExpectOnly(
      "\u201cMitt Romney was prepared. He did not talk about himself,\u201d "
      "Sen. Claire McCaskill (D-Mo.) said.",
      "said", "Sen. Claire McCaskill (D-Mo.)",
      "Mitt Romney was prepared. He did not talk about himself");
}

TEST(AttributionsTest, ACueInsideAQuotationReportsNoFurther) {
  EXPECT_EQ(ContentOf("\"According to the report, prices will rise,\" Smith "
                      "told reporters.\n",
                      "According to"),
            "prices will rise");
}

TEST(AttributionsTest, MisreadTypewriterMarksDoNotCutTheContent) {
  // BBC runs quoted paragraphs together, so the marks pair up wrongly: the
  // "quotation" around `According to the UN,` is the gap between two of
  // them, and the content is after it.
  EXPECT_EQ(ContentOf("He said: \"It was bad. \"Many people lost "
                      "everything.\" According to the UN, \"the effects may "
                      "be devastating\" because homes are gone.\n",
                      "According to"),
            "the effects may be devastating\" because homes are gone");
}

TEST(AttributionsTest, AQuotationEndingInAFullStopEndsItsSentence) {
  // `fundamentals."` closes the quotation's sentence; the next one is the
  // officials' own, and so is its content.
  const Found said =
      Of("He spoke at length. \"Markets are driven by fundamentals.\" US "
         "officials said other economies need to grow.\n",
         "said");
  EXPECT_EQ(said.source, "US officials");
  EXPECT_EQ(said.content, "other economies need to grow");
}

TEST(AttributionsTest, MoreBetweenTheCueAndItsQuotation) {
  // An addressee with a possessive (whose capitalized `Report` is no
  // cue), a time with a hyphen.
  ExpectOnly(
      "Vincent Koen, a senior economist with the OECD, told the BBC's World "
      "Business Report: \"The shock can be absorbed.\"",
      "told", "Vincent Koen, a senior economist with the OECD",
      "The shock can be absorbed");
  ExpectOnly(
      "Curbishley said after the 4-0 win: \"There was talk about "
      "Norwich.\"",
      "said", "Curbishley", "There was talk about Norwich");
}

TEST(AttributionsTest, TranscriptSpeakerLabels) {
  const auto found = Attributions(
      absl::StrCat(kHead,
                   "\"WALLACE: Let's start with the news.\n\n"
                   "PENCE: Well, look, the question is why.\n\n"
                   "Details: the plan costs more than the last one.\n"));
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found[0].cue, ":");
  EXPECT_EQ(found[0].source, "WALLACE");
  EXPECT_EQ(found[0].content, "Let's start with the news");
  EXPECT_EQ(found[1].source, "PENCE");
  EXPECT_EQ(found[1].content, "Well, look, the question is why");
  // A heading in mixed case is not a speaker.
  for (const Found& f : found) EXPECT_NE(f.source, "Details");
}

TEST(AttributionsTest, QuotationSignedAfterADash) {
  ExpectOnly("\u201cHe is unfit. We are ashamed.\u201d \u2015 Sonya Herridge\n",
             "\u2015", "Sonya Herridge", "He is unfit. We are ashamed");
  // A closing mark typed for the opening one still opens the quotation.
  ExpectOnly("\u201dHe is unfit.\u201d \u2014 Edwin G. Monroy\n", "\u2014",
             "Edwin G. Monroy", "He is unfit");
  // Not a signature: the dash is followed by a sentence.
  ExpectNone(
      "\u201cHe is unfit.\u201d \u2014 and many more "
      "people in the city agree with that view\n");
}

TEST(AttributionsQuotesTest, OpeningBracketWithinEightTokens) {
  const RulesOver r("Sen. Claire McCaskill (D-Mo.) said it.");
  EXPECT_EQ(r.rules().OpeningBracket(r.At(")"), 0), r.At("("));
  // Not before the sentence's start.
  EXPECT_EQ(r.rules().OpeningBracket(r.At(")"), r.At("D")), -1);
  const RulesOver far(
      "Smith (a former minister of the interior and more) said.");
  EXPECT_EQ(far.rules().OpeningBracket(far.At(")"), 0), -1);
}

TEST(AttributionsQuotesTest, CapitalsAreSpeakerLabelWords) {
  const RulesOver r("PENCE and O'REILLY, Pence, I.");
  EXPECT_TRUE(r.rules().Capitals(r.At("PENCE")));
  EXPECT_FALSE(r.rules().Capitals(r.At("Pence")));
  EXPECT_FALSE(r.rules().Capitals(r.At("I")));
}

TEST(AttributionsQuotesTest, NextLineIsProseOnly) {
  const RulesOver r("Title\nHe said:\n\nIt is typical.\n\nRelated Sources\n");
  const auto& d = r.discourse();
  // Sentence 1 is "He said:", sentence 2 the paragraph after it.
  ASSERT_GE(d.sentences.size(), 4u);
  EXPECT_EQ(r.Text(r.rules().NextLine(1)), "It is typical.");
  // The line after "It is typical." is a heading.
  EXPECT_TRUE(r.rules().NextLine(2).empty());
}

}  // namespace
}  // namespace docpipe::annotate::attributions
