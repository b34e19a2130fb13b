// Content extents (content.cc, and frames.cc's order of steps): through the
// engine, and the comma-frame and clause rules alone.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/attributions/attributions_test_util.h"

namespace docpipe::annotate::attributions {
namespace {

TEST(AttributionsTest, IndirectSpeechDropsThat) {
  ExpectOnly("The minister said that prices will rise. Nobody knows why.",
             "said", "The minister", "prices will rise");
}

TEST(AttributionsTest, AccordingTo) {
  ExpectOnly("According to the central bank, prices will rise in 2025.",
             "According to", "the central bank", "prices will rise in 2025");
}

TEST(AttributionsTest, CueAfterItsContent) {
  ExpectOnly("Prices will rise sharply next year, the minister said.", "said",
             "the minister", "Prices will rise sharply next year");
}

TEST(AttributionsTest, CueInMidContentDoesNotSplitIt) {
  const auto found = Attributions(absl::StrCat(
      kHead,
      "The EU, according to the Foundation, should improve its sanctions."));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].source, "the Foundation");
  EXPECT_EQ(found[0].content,
            "The EU, according to the Foundation, should improve its "
            "sanctions");
}

TEST(AttributionsTest, ImpersonalCueHasNoSource) {
  ExpectOnly("It is noted that the deal mainly benefits Moscow.", "It is noted",
             "", "the deal mainly benefits Moscow");
  ExpectOnly("The EU and its partners, it is emphasized, should act now.",
             "it is emphasized", "",
             "The EU and its partners, it is emphasized, should act now");
}

TEST(AttributionsTest, ReportedlyKeepsTheWholeClause) {
  ExpectOnly("North Korea has reportedly sent troops to the front.",
             "reportedly", "",
             "North Korea has reportedly sent troops to the front");
}

TEST(AttributionsTest, APartialQuotationBeforeTheFrame) {
  ExpectOnly(
      "The aid package would \"create a positive climate around French "
      "viticulture,\" Mr Bussereau said.",
      "said", "Mr Bussereau",
      "The aid package would \"create a positive climate around French "
      "viticulture");
}

TEST(AttributionsTest, TheFrameAfterTheContent) {
  // A clause after the cue is the content, not a subject after it.
  ExpectOnly("However, wine makers said the support was small.", "said",
             "wine makers", "the support was small");
  // A title after the name belongs to the source.
  ExpectOnly("The plan will fail, said John Smith, a former minister.", "said",
             "John Smith, a former minister", "The plan will fail");
  // A secondary verb cuts the content before the frame it follows.
  const auto found = Attributions(absl::StrCat(
      kHead,
      "This has amplified reactions to news, analysts said, adding that they "
      "expect calmer markets.\n"));
  EXPECT_EQ(Get(found, "said").content, "This has amplified reactions to news");
  EXPECT_EQ(Get(found, "adding").source, "analysts");
}

TEST(AttributionsTest, AnImpersonalCueClosingItsSentence) {
  ExpectOnly(
      "French actress Audrey Tautou will play the female lead in the film, it "
      "has been reported.",
      "it has been reported", "",
      "French actress Audrey Tautou will play the female lead in the film");
}

TEST(AttributionsTest, AnAddresseeBeforeThatIsNoContent) {
  ExpectOnly(
      "BT Openzone, which operates most public hotspots in the UK, told the "
      "BBC News website that it made every effort to make its wi-fi secure.",
      "told", "BT Openzone, which operates most public hotspots in the UK",
      "it made every effort to make its wi-fi secure");
  // The sentence's "But" is not the source's.
  EXPECT_EQ(Of("But Graham Cluley, senior consultant at Sophos, told "
               "reporters that it was a positive decision.",
               "told")
                .source,
            "Graham Cluley, senior consultant at Sophos");
  // A relative clause with commas of its own.
  EXPECT_EQ(Of("Prosecutors, who have indicted 19 people in Newark, New "
               "Jersey, estimate the fraud caused losses of $4m.",
               "estimate")
                .source,
            "Prosecutors, who have indicted 19 people in Newark, New Jersey");
}

TEST(AttributionsContentTest, FrameCommaWithinTheClause) {
  const RulesOver r("Prices will rise, the minister said.");
  CueSite c;
  c.cue = {r.At("said"), r.At("said") + 1};
  c.se = r.At(".") + 1;
  EXPECT_EQ(r.rules().FrameComma(c), r.At(","));
  // A clause opener before the cue ends the search.
  const RulesOver that("Prices rose, and he knows that the minister said.");
  c.cue = {that.At("said"), that.At("said") + 1};
  EXPECT_EQ(that.rules().FrameComma(c), -1);
}

TEST(AttributionsContentTest, ATitleAfterTheNameIsShortWithoutAClause) {
  const RulesOver r("a former minister. a man who is here. a minister, once.");
  const Rules& rules = r.rules();
  EXPECT_TRUE(rules.TitleAfterName({r.At("a", 0), r.At(".", 0)}));
  EXPECT_FALSE(rules.TitleAfterName({r.At("a", 1), r.At(".", 1)}));
  EXPECT_FALSE(rules.TitleAfterName({r.At("a", 2), r.At(".", 2)}));
}

TEST(AttributionsContentTest, ClauseStartSkipsTheSubordinator) {
  const RulesOver r("Prices fell, while Moscow has reportedly grown.");
  EXPECT_EQ(r.rules().ClauseStart(r.At("reportedly"), 0), r.At("Moscow"));
}

}  // namespace
}  // namespace docpipe::annotate::attributions
