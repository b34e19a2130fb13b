#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "annotate/eval/claims_eval.h"
#include "annotate/eval/eval.h"
#include "annotate/eval/gold.h"

namespace docpipe::annotate {
namespace {

v1::Annotation Num(uint32_t b, uint32_t e, double v) {
  v1::Annotation a;
  a.mutable_span()->set_begin(b);
  a.mutable_span()->set_end(e);
  a.mutable_number()->set_kind(v1::NUMBER_KIND_CARDINAL);
  a.mutable_number()->set_value(v);
  a.mutable_number()->set_approx(v1::APPROX_EXACT);
  return a;
}

TEST(GoldTest, RoundTripsThroughTheGoldFormat) {
  std::string text = "We saw 12 cats and \"3\" dogs.";
  std::vector<v1::Annotation> in = {Num(7, 9, 12), Num(20, 21, 3)};
  std::string line = ToGoldJson("x.txt", text, in);
  EXPECT_THAT(line, ::testing::HasSubstr("\"text\": \"12\""));
  auto doc = ParseGoldLine(line);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->doc, "x.txt");
  ASSERT_EQ(doc->annotations.size(), 2u);
  EXPECT_EQ(doc->annotations[1].number().value(), 3);
  EXPECT_EQ(ParseGoldLine("{").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(GoldTest, ReadsTheSharedSeedGold) {
  auto gold = ReadGoldFile(DOCPIPE_SHARED_DIR "/gold/seed.jsonl");
  ASSERT_TRUE(gold.ok()) << gold.status();
  EXPECT_EQ(gold->size(), 5u);
}

TEST(EvalTest, ScoresAHandExample) {
  GoldDoc g{"d", "", {Num(0, 2, 10), Num(5, 7, 20), Num(10, 12, 30)}};
  // One exact with the right value, one overlapping, one spurious.
  GoldDoc p{"d",
            std::string(20, 'x'),
            {Num(0, 2, 10), Num(5, 8, 20), Num(15, 16, 1)}};
  LayerSet numbers;
  numbers.Add(Layer::kNumbers);
  EvalReport r = Evaluate({g}, {p}, numbers);
  const SpanScores& all = r.numbers.at("ALL");
  EXPECT_DOUBLE_EQ(all.exact.precision(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(all.exact.recall(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(all.overlap.f1(), 2.0 / 3);
  EXPECT_EQ(r.numbers_values_correct, 1);
  EXPECT_THAT(FormatReport(r), ::testing::HasSubstr("CARDINAL"));
}

v1::Annotation Attr(uint32_t cue_b, uint32_t cue_e, uint32_t content_b,
                    uint32_t content_e) {
  v1::Annotation a;
  a.mutable_span()->set_begin(cue_b);
  a.mutable_span()->set_end(cue_e);
  a.mutable_attribution()->mutable_content()->set_begin(content_b);
  a.mutable_attribution()->mutable_content()->set_end(content_e);
  return a;
}

TEST(EvalTest, UnivocalGoldDoesNotScoreNestedPredictions) {
  // Gold: one cue at 0-4 with content 5-40. Predicted: that cue, a nested
  // cue inside the content (20-24), and a spurious one outside (50-54).
  GoldDoc g{"d", "", {Attr(0, 4, 5, 40)}};
  GoldDoc p{"d",
            std::string(60, 'x'),
            {Attr(0, 4, 5, 40), Attr(20, 24, 25, 40), Attr(50, 54, 55, 60)}};
  LayerSet attributions;
  attributions.Add(Layer::kAttributions);
  EvalReport plain = Evaluate({g}, {p}, attributions);
  EXPECT_FALSE(plain.univocal);
  EXPECT_DOUBLE_EQ(plain.attributions.precision(), 1.0 / 3);
  EvalOptions univocal;
  univocal.univocal_gold = true;
  EvalReport r = Evaluate({g}, {p}, attributions, univocal);
  EXPECT_DOUBLE_EQ(r.attributions.precision(), 1.0 / 3);  // still reported
  EXPECT_EQ(r.attributions_unscored, 1);
  EXPECT_EQ(r.attributions_univocal.predicted, 2);
  EXPECT_DOUBLE_EQ(r.attributions_univocal.precision(), 1.0 / 2);
  EXPECT_DOUBLE_EQ(r.attributions_univocal.recall(), 1.0);
  EXPECT_THAT(FormatReport(r), ::testing::HasSubstr("1 predicted cues inside"));
  EXPECT_THAT(ReportJson(r), ::testing::HasSubstr("\"unscored\": 1}"));
}

TEST(ClaimsEvalTest, MatchesBySpanScoresSourcesAndGroupsAcrossDocuments) {
  auto gold_claim = [](uint32_t b, uint32_t e, std::string source,
                       std::string group) {
    GoldClaim c;
    c.begin = b;
    c.end = e;
    c.source = std::move(source);
    c.group = std::move(group);
    return c;
  };
  std::vector<ClaimsGoldDoc> gold(2);
  gold[0].doc = "a.txt";
  gold[0].claims = {gold_claim(0, 6, "outlet", "deal"),
                    gold_claim(10, 16, "Antony Blinken", "troops"),
                    gold_claim(30, 34, "outlet", "dead")};
  gold[1].doc = "b.txt";
  gold[1].claims = {gold_claim(5, 9, "The Foundation", "deal")};
  auto pred_claim = [](std::string doc, uint32_t b, uint32_t e) {
    v1::Claim c;
    c.set_doc_id(doc);
    c.mutable_span()->set_begin(b);
    c.mutable_span()->set_end(e);
    return c;
  };
  std::vector<PredictedClaimsDoc> pred(2);
  pred[0].doc = "a.txt";
  pred[0].claims = {pred_claim("a.txt", 2, 6), pred_claim("a.txt", 10, 16),
                    pred_claim("a.txt", 20, 24)};
  pred[0].claims[0].set_outlet(true);
  pred[0].claims[1].set_source_entity_id("e1");
  pred[0].entity_names["e1"] = "Antony Blinken";
  pred[1].doc = "b.txt";
  pred[1].claims = {pred_claim("b.txt", 4, 9)};
  pred[1].claims[0].set_source_text("the foundation");
  // Predicted groups: the deal's two figures together, and wrongly the
  // troops with them.
  const std::map<std::pair<std::string, uint32_t>, int> group_of = {
      {{"a.txt", 2}, 0}, {{"a.txt", 10}, 0}, {{"b.txt", 4}, 0}};
  const ClaimsReport r = ScoreClaims(gold, pred, group_of);
  EXPECT_EQ(r.claims.gold, 4);
  EXPECT_EQ(r.claims.predicted, 4);
  EXPECT_EQ(r.claims.matched_gold, 3);  // the dead are missed, 20..24 extra
  EXPECT_EQ(r.source_correct, 3);       // outlet, entity name, source text
  EXPECT_EQ(r.pairs.gold, 1);           // the deal across a.txt and b.txt
  EXPECT_EQ(r.pairs.predicted, 3);
  EXPECT_EQ(r.pairs.matched_gold, 1);
  EXPECT_DOUBLE_EQ(r.pairs.f1(), 0.5);
  EXPECT_THAT(ClaimsReportJson(r),
              ::testing::HasSubstr("\"source_accuracy\": 1.0000"));
}

TEST(ClaimsEvalTest, NormalizesSourceNames) {
  EXPECT_EQ(NormalizeSourceName("The Friedrich Naumann Foundation"),
            "friedrichnaumannfoundation");
  EXPECT_EQ(NormalizeSourceName("friedrich_naumann_foundation"),
            "friedrichnaumannfoundation");
}

}  // namespace
}  // namespace docpipe::annotate
