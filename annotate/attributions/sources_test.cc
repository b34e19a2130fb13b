// Source phrases and entities (sources.cc): through the engine, and the
// subject and phrase rules alone.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/attributions/attributions_test_util.h"

namespace docpipe::annotate::attributions {
namespace {

TEST(AttributionsTest, SecondaryVerbSharesTheSource) {
  const auto found = Attributions(absl::StrCat(
      kHead,
      "The report estimates the cost at $5 billion, viewing the deal as a "
      "risk for Europe."));
  const Found first = Get(found, "estimates");
  const Found second = Get(found, "viewing");
  EXPECT_EQ(first.content, "the cost at $5 billion");
  EXPECT_EQ(second.source, "The report");
  EXPECT_EQ(second.content, "the deal as a risk for Europe");
}

TEST(AttributionsTest, AnAppositiveIsTheSubject) {
  const auto found = Attributions(absl::StrCat(
      kHead,
      "The paper wrote that a former minister, John Smith, said the plan "
      "would fail.\n"));
  const Found wrote = Get(found, "wrote");
  const Found said = Get(found, "said");
  // Not a secondary verb sharing "The paper", which would cut this short.
  EXPECT_EQ(wrote.content,
            "a former minister, John Smith, said the plan would fail");
  EXPECT_EQ(said.source, "a former minister, John Smith");
  EXPECT_EQ(said.content, "the plan would fail");
  // The name first, the title after it.
  ExpectOnly("Smith, the finance minister, said the plan would fail.", "said",
             "Smith, the finance minister", "the plan would fail");
  // No appositive: the frame `..., said X`.
  ExpectOnly("Growth hit Germany, said the minister.", "said", "the minister",
             "Growth hit Germany");
}

TEST(AttributionsTest, DashesAndAsidesAroundTheSubject) {
  // An aside between dashes belongs to the subject before it.
  EXPECT_EQ(Of("Kall -- co-editor of Debating The Donald, a book on the "
               "debates -- said the candidate made announcements there.",
               "said")
                .source,
            "Kall -- co-editor of Debating The Donald, a book on the debates");
  // A dash ends the subject, and so does a coordinator.
  EXPECT_EQ(Of("He could then return to St James' Park - and he says he "
               "wants to.",
               "says")
                .source,
            "he");
  // An adverb set off by commas is not a title.
  EXPECT_EQ(
      Of("Analysts, however, pointed to the weak dollar.", "pointed to").source,
      "Analysts");
}

TEST(AttributionsTest, SourceEntityFromTheNameOrThePronoun) {
  std::vector<v1::Annotation> all;
  const auto found = Attributions(
      absl::StrCat(kHead,
                   "Olena Guseinova said that the deal is large. She added "
                   "that the troops are paid well."),
      &all);
  const Found said = Get(found, "said");
  const Found added = Get(found, "added");
  EXPECT_FALSE(said.entity.empty());
  EXPECT_EQ(added.source, "She");
  EXPECT_EQ(added.entity, said.entity);
  // The entities layer ran for the source ids but was not asked for.
  for (const auto& a : all) EXPECT_FALSE(a.has_entity());
}

TEST(AttributionsTest, DescriptionsNameTheEntityTheyReferBackTo) {
  const auto found = Attributions(absl::StrCat(
      kHead,
      "A study by the Friedrich Naumann Foundation was published. The report "
      "says that 20,000 soldiers may be sent. The German foundation added "
      "that the deal is large. Olena Guseinova wrote it. Her analysis shows "
      "that the trade grew. The minister said nothing new."));
  const std::string fnf = Get(found, "says").entity;
  EXPECT_FALSE(fnf.empty());
  EXPECT_EQ(Get(found, "added").entity, fnf);  // not the NORP "german"
  const std::string olena = Get(found, "shows").entity;
  EXPECT_FALSE(olena.empty());
  EXPECT_NE(olena, fnf);
  EXPECT_EQ(Get(found, "said").entity, olena);  // the last person named
}

TEST(AttributionsTest, PreferPersonThenOrganisationInTheSource) {
  const auto found = Attributions(absl::StrCat(
      kHead,
      "US Secretary of State Antony Blinken confirmed that 8,000 soldiers "
      "were deployed."));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].source, "US Secretary of State Antony Blinken");
  EXPECT_EQ(found[0].entity, "antony_blinken");
}

TEST(AttributionsSourcesTest, SubjectBeforeStopsAtAuxiliariesAndClauses) {
  const RulesOver r("He knows that the senator has also said it.");
  EXPECT_EQ(r.Text(r.rules().SubjectBefore(r.At("said"), 0)), "the senator");
}

TEST(AttributionsSourcesTest, AppositiveNeedsANameAndNoSecondaryVerb) {
  const RulesOver smith("Smith, the finance minister, said it.");
  EXPECT_EQ(smith.Text(smith.rules().AppositiveSubject(smith.At("said"), 0)),
            "Smith, the finance minister");
  // ", viewing ...": a secondary verb, no appositive.
  const RulesOver viewing("The report, a study, viewing the deal.");
  EXPECT_TRUE(
      viewing.rules().AppositiveSubject(viewing.At("viewing"), 0).empty());
  // Neither phrase a name.
  const RulesOver none("The report, a long study, said it.");
  EXPECT_TRUE(none.rules().AppositiveSubject(none.At("said"), 0).empty());
}

TEST(AttributionsSourcesTest, PhraseAfterEndsAtAComma) {
  const RulesOver r("\"It works,\" said the minister, adding more.");
  EXPECT_EQ(r.Text(r.rules().PhraseAfter(r.At("said") + 1, r.At("."))),
            "the minister");
}

}  // namespace
}  // namespace docpipe::annotate::attributions
