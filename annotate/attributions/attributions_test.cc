// The attributions layer through the engine (embedded cue model): one test
// per construction of the guidelines (sec. 3), source entities, headlines;
// and the PolNeAR reader and its conversion to our guidelines.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/attributions/cues.h"
#include "annotate/eval/polnear.h"
#include "annotate/eval/cue_training.h"
#include "annotate/engine.h"

namespace docpipe::annotate {
namespace {

struct Found {
  std::string cue, source, content, entity;
};

std::string Cut(absl::string_view text, const v1::Span& s) {
  return std::string(text.substr(s.begin(), s.end() - s.begin()));
}

std::vector<Found> Attributions(absl::string_view text,
                                std::vector<v1::Annotation>* all = nullptr) {
  static auto* engine = Engine::Create()->release();
  LayerSet layers;
  layers.Add(Layer::kAttributions);
  auto anns = engine->Annotate(text, layers);
  EXPECT_TRUE(anns.ok()) << anns.status();
  std::vector<Found> out;
  for (const auto& a : *anns) {
    if (!a.has_attribution()) continue;
    const auto& at = a.attribution();
    out.push_back({Cut(text, a.span()),
                   at.has_source() ? Cut(text, at.source()) : "",
                   Cut(text, at.content()), at.source_entity_id()});
  }
  if (all != nullptr) *all = *std::move(anns);
  return out;
}

const Found* WithCue(const std::vector<Found>& all, absl::string_view cue) {
  for (const Found& f : all) {
    if (f.cue == cue) return &f;
  }
  return nullptr;
}

// The attribution whose cue is `cue`; the test fails (and gets an empty
// one) when there is none.
Found Get(const std::vector<Found>& all, absl::string_view cue) {
  const Found* f = WithCue(all, cue);
  EXPECT_NE(f, nullptr) << cue;
  return f == nullptr ? Found{} : *f;
}

// A headline first, as articles come; it carries no attribution.
constexpr absl::string_view kHead = "Officials say prices will rise\n";

// `body` after the headline holds exactly one attribution, with these parts.
void ExpectOnly(absl::string_view body, absl::string_view cue,
                absl::string_view source, absl::string_view content) {
  const auto found = Attributions(absl::StrCat(kHead, body));
  ASSERT_EQ(found.size(), 1u) << body;
  EXPECT_EQ(found[0].cue, cue);
  EXPECT_EQ(found[0].source, source);
  EXPECT_EQ(found[0].content, content);
}

// The attribution whose cue is `cue` in `body` (after the headline); the
// test fails when there is none.
Found Of(absl::string_view body, absl::string_view cue) {
  return Get(Attributions(absl::StrCat(kHead, body)), cue);
}
std::string ContentOf(absl::string_view body, absl::string_view cue) {
  return Of(body, cue).content;
}

// `body` after the headline holds no attribution.
void ExpectNone(absl::string_view body) {
  EXPECT_THAT(Attributions(absl::StrCat(kHead, body)), testing::IsEmpty())
      << body;
}

TEST(AttributionsTest, DirectQuoteBeforeCueKeepsAllItsSentences) {
  ExpectOnly("\u201cWe will win. It is certain,\u201d said John Smith.", "said",
             "John Smith", "We will win. It is certain");
}

TEST(AttributionsTest, DirectQuoteAfterCue) {
  ExpectOnly("The minister told reporters: \u201cPrices will rise.\u201d",
             "told", "The minister", "Prices will rise");
}

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

TEST(AttributionsTest, ImpersonalCueHasNoSource) {
  ExpectOnly("It is noted that the deal mainly benefits Moscow.", "It is noted",
             "", "the deal mainly benefits Moscow");
  ExpectOnly("The EU and its partners, it is emphasized, should act now.",
             "it is emphasized", "",
             "The EU and its partners, it is emphasized, should act now");
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

TEST(AttributionsTest, ReportedlyKeepsTheWholeClause) {
  ExpectOnly("North Korea has reportedly sent troops to the front.",
             "reportedly", "",
             "North Korea has reportedly sent troops to the front");
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

TEST(AttributionsTest, PreferPersonThenOrganisationInTheSource) {
  const auto found = Attributions(absl::StrCat(
      kHead,
      "US Secretary of State Antony Blinken confirmed that 8,000 soldiers "
      "were deployed."));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].source, "US Secretary of State Antony Blinken");
  EXPECT_EQ(found[0].entity, "antony_blinken");
}

TEST(PolnearTest, ReadsCodePointSpansAndConvertsToOurGuidelines) {
  // Code points, not bytes: the title's "é" is two bytes, one code point.
  const std::string text =
      "Caf\u00e9 title\n\nThe Post reports that \u201cprices will rise.\u201d "
      "More, sources said.";
  // Offsets in code points: "The Post" 12-20, "reports" 21-28,
  // content 29-55 ("that “prices will rise.”"), discontinuous source.
  const std::string ann =
      "T1\tSource 12 20\tThe Post\n"
      "T2\tCue 21 28\treports\n"
      "T3\tContent 29 54\tthat \u201cprices will rise.\u201d\n"
      "E1\tAttribution:T9 Cue:T2 Source:T1 Content:T3\n"
      "T4\tCue 0 4\tCaf\u00e9\n"
      "T5\tContent 5 10\ttitle\n"
      "E2\tAttribution:T8 Cue:T4 Content:T5\n";
  auto doc = attributions::ParsePolnear("x.txt", text, ann);
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->relations.size(), 2u);
  const GoldDoc g = attributions::ToGuidelines(*doc);
  ASSERT_EQ(g.annotations.size(), 1u);  // the headline's one is dropped
  const auto& a = g.annotations[0];
  EXPECT_EQ(Cut(text, a.span()), "reports");
  EXPECT_EQ(Cut(text, a.attribution().source()), "The Post");
  EXPECT_EQ(Cut(text, a.attribution().content()), "prices will rise");
}

// Brat standoff for ASCII `text` (code points are bytes): one relation per
// (cue, content) pair, each found in order after the one before.
std::string Ann(
    absl::string_view text,
    std::vector<std::pair<absl::string_view, absl::string_view>> relations) {
  std::string out;
  size_t from = 0;
  int t = 0;
  for (const auto& [cue, content] : relations) {
    const size_t c = text.find(cue, from);
    const size_t x = text.find(content, c + cue.size());
    from = x + content.size();
    const int cue_id = ++t, content_id = ++t;
    absl::StrAppend(&out, "T", cue_id, "\tCue ", c, " ", c + cue.size(), "\t",
                    cue, "\n", "T", content_id, "\tContent ", x, " ",
                    x + content.size(), "\t", content, "\n", "E", cue_id,
                    "\tAttribution:T99 Cue:T", cue_id, " Content:T", content_id,
                    "\n");
  }
  return out;
}

TEST(PolnearTest, DropsRelationsOurGuidelinesLeaveOut) {
  const std::string text =
      "Title\nThe senator is determined to block it. Aides said so. "
      "She wants more. He supports it.";
  auto doc =
      attributions::ParsePolnear("x.txt", text,
                                 Ann(text, {{"is determined to", "block it"},
                                            {"said", "so"},
                                            {"wants", "more"},
                                            {"supports", "it"}}));
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->relations.size(), 4u);
  const GoldDoc g = attributions::ToGuidelines(*doc);
  ASSERT_EQ(g.annotations.size(), 1u);
  EXPECT_EQ(Cut(text, g.annotations[0].span()), "said");
}

TEST(CueCorpusTest, GoldCuesAreTheVerbAndItsParticles) {
  const std::string text =
      "Title\nThe senator has also said so. He told us. They called for "
      "calm. She sent a letter urging calm.";
  const std::string ann = Ann(text, {{"has also said", "so"},
                                     {"told", "us"},
                                     {"called for", "calm"},
                                     {"sent a letter urging", "calm"}});
  auto doc = attributions::ParsePolnear("x.txt", text, ann);
  ASSERT_TRUE(doc.ok()) << doc.status();
  std::vector<attributions::PolnearDoc> docs{*std::move(doc)};
  const attributions::CueCorpus c = attributions::BuildCueCorpus(docs);
  std::vector<std::string> tagged;
  const TokenizedText& t = *c.texts[0];
  for (size_t k = 0; k < t.tokens.size(); ++k) {
    if (c.gold[0][k] != attributions::kOutside) {
      tagged.push_back(
          absl::StrCat(c.gold[0][k] == attributions::kCueBegin ? "B:" : "I:",
                       t.Text(t.tokens[k])));
    }
  }
  EXPECT_THAT(tagged, ::testing::ElementsAre("B:said", "B:told", "B:called",
                                             "I:for", "B:sent"));
}

TEST(PolnearTest, MalformedSpansNameTheLine) {
  auto bad = attributions::ParsePolnear("x.txt", "short", "T1\tCue 2 99\tx\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("x.txt.ann:1"), std::string::npos)
      << bad.status();
  EXPECT_FALSE(
      attributions::ParsePolnear("x.txt", "short", "T1\tCue 3 1\tx\n").ok());
}

TEST(CueModelTest, RejectsBadModelFiles) {
  EXPECT_FALSE(attributions::CueTagger::Load("").ok());
  EXPECT_FALSE(attributions::CueTagger::Load("DPNER1\n").ok());
  EXPECT_FALSE(attributions::CueTagger::Load("DPCUE1\n\x09").ok());
}

}  // namespace
}  // namespace docpipe::annotate
