// Which words are cues (cue_words.cc, and the tagger's model file): through
// the engine, and the cue rules alone.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/attributions/attributions_test_util.h"
#include "annotate/attributions/cues.h"

namespace docpipe::annotate::attributions {
namespace {

TEST(AttributionsTest, CueClosingTheSentenceAfterItsSubject) {
  ExpectOnly(
      "Russia risks worsening its relations with China, the German "
      "foundation believes.",
      "believes", "the German foundation",
      "Russia risks worsening its relations with China");
  // Not a cue without the comma before its subject.
  ExpectNone(
      "The rumours spread and nobody "
      "believes.");
}

TEST(AttributionsTest, SecondVerbOfTheSameSubject) {
  EXPECT_EQ(ContentOf("The report also analyzes troop deployments and "
                      "concludes that up to 20,000 soldiers could be sent.",
                      "concludes"),
            "up to 20,000 soldiers could be sent");
}

TEST(AttributionsTest, RaisesAlarmsButNotEveryRaise) {
  ExpectOnly("The report raises alarms about the partnership.", "raises alarms",
             "The report", "the partnership");
  ExpectNone(
      "This disparity raises questions about "
      "the deal.");
}

TEST(AttributionsTest, ANounPhraseIsNoCue) {
  ExpectNone(
      "Despite his decades in public service, "
      "Scott is not a household name.");
}

TEST(AttributionsTest, ImperativeToTheReaderIsNoCue) {
  const auto found = Attributions(
      absl::StrCat(kHead, "Recall that Kursor wrote that the talks failed."));
  EXPECT_EQ(WithCue(found, "Recall"), nullptr);
}

TEST(AttributionsTest, IntentionsAppearancesAndSupportAreNotStatements) {
  // Out of our guidelines' scope (PolNeAR marks them); the statement beside
  // them still is one.
  for (absl::string_view body : {"The minister wants to raise taxes next year.",
                                 "The senator plans to vote against the bill.",
                                 "The company decided to close the plant.",
                                 "The union is determined to fight the cuts.",
                                 "The mayor seems to favor the new plan.",
                                 "The party has long supported the treaty."}) {
    EXPECT_TRUE(Attributions(absl::StrCat(kHead, body)).empty()) << body;
  }
  ExpectOnly("The minister said she wants to raise taxes.", "said",
             "The minister", "she wants to raise taxes");
}

TEST(AttributionsTest, CueAfterAuxiliariesAndAdverbs) {
  ExpectOnly("The senator has also said that taxes will rise.", "said",
             "The senator", "taxes will rise");
  ExpectOnly("Lawmakers have not said when they would vote.", "said",
             "Lawmakers", "when they would vote");
}

TEST(AttributionsTest, HeadlinesCarryNone) {
  EXPECT_TRUE(
      Attributions("Minister says prices will rise\nDetails\n").empty());
}

TEST(AttributionsTest, ExpressingAStanceReports) {
  ExpectOnly(
      "Voting rights advocates have expressed deep concern about the "
      "policy.",
      "expressed", "Voting rights advocates", "deep concern about the policy");
  // Condolences or interest state nothing, nor does a stance on nothing.
  ExpectNone("Canada, a key gold producer, also expressed reservations.\n");
  ExpectNone(
      "Kim Jong Un has publicly expressed "
      "condolences to the families.\n");
}

TEST(CueModelTest, RejectsBadModelFiles) {
  EXPECT_FALSE(attributions::CueTagger::Load("").ok());
  EXPECT_FALSE(attributions::CueTagger::Load("DPNER1\n").ok());
  EXPECT_FALSE(attributions::CueTagger::Load("DPCUE1\n\x09").ok());
}

TEST(AttributionsCueWordsTest, CueWordsFromTheReportingWord) {
  const RulesOver r("The senator has also said that taxes rise.");
  const uint32_t se = r.At(".") + 1;
  EXPECT_EQ(r.Text(CueWords(r.rules(), {r.At("has"), r.At("said") + 1}, 0, se)),
            "said");
  const RulesOver noted("It is noted that the deal helps.");
  EXPECT_EQ(noted.Text(CueWords(noted.rules(),
                                {noted.At("noted"), noted.At("noted") + 1}, 0,
                                noted.At(".") + 1)),
            "It is noted");
}

TEST(AttributionsCueWordsTest, ExpressesStanceNeedsAnObject) {
  const RulesOver r(
      "They expressed deep concern about it. They expressed "
      "condolences to them.");
  EXPECT_TRUE(ExpressesStance(r.rules(), r.At("expressed", 0), r.At(".", 0)));
  EXPECT_FALSE(ExpressesStance(r.rules(), r.At("expressed", 1), r.At(".", 1)));
}

TEST(AttributionsCueWordsTest, ImperativeOpensTheSentenceWithoutSource) {
  const RulesOver r("Recall that the talks failed.");
  Frame f;
  f.cue = {0, 1};
  EXPECT_TRUE(Imperative(r.rules(), f, 0));
  f.source = {2, 4};
  EXPECT_FALSE(Imperative(r.rules(), f, 0));
}

}  // namespace
}  // namespace docpipe::annotate::attributions
