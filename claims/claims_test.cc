// Claims from the engine's own annotations of the seed articles, and the
// grouping rules on hand-made claims.
#include "claims/claims.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "annotate/engine.h"

namespace docpipe::claims {
namespace {

namespace fs = std::filesystem;
using ::testing::UnorderedElementsAre;

std::vector<v1::Claim> SeedClaims() {
  auto engine = annotate::Engine::Create();
  EXPECT_TRUE(engine.ok()) << engine.status();
  std::vector<fs::path> files;
  for (const auto& f :
       fs::directory_iterator(fs::path(DOCPIPE_SHARED_DIR) / "corpus/seed")) {
    files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<v1::Claim> all;
  for (const fs::path& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto annotations =
        (*engine)->Annotate(text.str(), annotate::LayerSet::All());
    EXPECT_TRUE(annotations.ok()) << annotations.status();
    v1::Document doc;
    doc.set_doc_id(path.filename().string());
    doc.set_external_id(path.filename().string());
    doc.set_text(text.str());
    google::protobuf::RepeatedPtrField<v1::Annotation> set(annotations->begin(),
                                                           annotations->end());
    for (v1::Claim& c : DeriveClaims(doc, set)) all.push_back(std::move(c));
  }
  return all;
}

const v1::ClaimGroup* Find(const std::vector<v1::ClaimGroup>& groups,
                           absl::string_view key) {
  for (const auto& g : groups) {
    if (g.key() == key) return &g;
  }
  return nullptr;
}

// The figures of a group, as written.
std::vector<std::string> Texts(const v1::ClaimGroup& g) {
  std::vector<std::string> out;
  for (const auto& c : g.claims()) out.push_back(c.text());
  return out;
}

TEST(ClaimsTest, SeedSoldiersSentAreOneGroupThatDisagreesApartFromTheDead) {
  const auto groups = GroupClaims(SeedClaims());
  const v1::ClaimGroup* sent = Find(groups, "count:soldier/send/");
  ASSERT_NE(sent, nullptr);
  std::vector<double> values;
  for (const auto& c : sent->claims()) {
    values.push_back(c.number().value());
    EXPECT_FALSE(c.source_text().empty() && c.source_entity_id().empty() &&
                 !c.outlet())
        << c.text();
  }
  for (double v : {20000.0, 15000.0, 12000.0, 10000.0, 8000.0}) {
    EXPECT_NE(std::find(values.begin(), values.end(), v), values.end()) << v;
  }
  EXPECT_EQ(std::find(values.begin(), values.end(), 2000.0), values.end());
  EXPECT_TRUE(sent->disagree());  // about 15,000 against around 12,000
  const v1::ClaimGroup* died = Find(groups, "count:soldier/die/");
  ASSERT_NE(died, nullptr);
  EXPECT_THAT(Texts(*died), UnorderedElementsAre("around 2,000"));
}

TEST(ClaimsTest, SeedArmsDealApartFromPaymentsPerYear) {
  const auto groups = GroupClaims(SeedClaims());
  const v1::ClaimGroup* deal = Find(groups, "money:USD/value/");
  ASSERT_NE(deal, nullptr);
  int five_and_a_half = 0;
  for (const auto& c : deal->claims()) {
    five_and_a_half += c.number().value() == 5.5e9;
    EXPECT_NE(c.number().value(), 2e8) << c.text();
  }
  EXPECT_GE(five_and_a_half, 4);
  const v1::ClaimGroup* yearly = Find(groups, "money:USD/value/year");
  ASSERT_NE(yearly, nullptr);
  for (const auto& c : yearly->claims()) EXPECT_EQ(c.number().value(), 2e8);
}

TEST(ClaimsTest, SourceIsTheInnermostAttributionOrTheOutlet) {
  v1::Document doc;
  doc.set_text(
      "UNN reports that, according to the NIS, 10,000 soldiers were sent. "
      "Some 3,000 tanks were sent too.");
  doc.set_source("UNN");
  google::protobuf::RepeatedPtrField<v1::Annotation> set;
  auto number = [&](uint32_t b, uint32_t e, double v, v1::Approx approx) {
    v1::Annotation* a = set.Add();
    a->mutable_span()->set_begin(b);
    a->mutable_span()->set_end(e);
    a->mutable_number()->set_kind(v1::NUMBER_KIND_CARDINAL);
    a->mutable_number()->set_value(v);
    a->mutable_number()->set_approx(approx);
  };
  auto attribution = [&](uint32_t cb, uint32_t ce, uint32_t sb, uint32_t se,
                         std::string id, uint32_t tb, uint32_t te) {
    v1::Annotation* a = set.Add();
    a->mutable_span()->set_begin(cb);
    a->mutable_span()->set_end(ce);
    auto* at = a->mutable_attribution();
    at->mutable_source()->set_begin(sb);
    at->mutable_source()->set_end(se);
    at->set_source_entity_id(std::move(id));
    at->mutable_content()->set_begin(tb);
    at->mutable_content()->set_end(te);
  };
  const std::string& text = doc.text();
  const uint32_t ten = text.find("10,000"), some = text.find("Some 3,000");
  number(ten, ten + 6, 10000, v1::APPROX_EXACT);
  number(some, some + 10, 3000, v1::APPROX_ABOUT);
  const uint32_t end = text.find(". Some");
  const uint32_t cue = text.find("according to"), nis = text.find("the NIS");
  attribution(4, 11, 0, 3, "unn", 12, end);  // UNN reports [that ...]
  attribution(cue, cue + 12, nis, nis + 7, "nis", nis + 9, end);
  const auto claims = DeriveClaims(doc, set);
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[0].source_entity_id(), "nis");
  EXPECT_EQ(claims[0].source_text(), "the NIS");
  EXPECT_EQ(claims[0].counted(), "soldier");
  EXPECT_EQ(claims[0].predicate(), "send");
  EXPECT_TRUE(claims[1].outlet());
  EXPECT_EQ(claims[1].source_text(), "UNN");
  EXPECT_EQ(claims[1].counted(), "tank");
  EXPECT_DOUBLE_EQ(claims[1].low(), 2700);
  EXPECT_DOUBLE_EQ(claims[1].high(), 3300);
}

TEST(ClaimsTest, IntervalsAndDisagreement) {
  v1::NumberAnnotation n;
  n.set_value(100);
  n.set_approx(v1::APPROX_AT_LEAST);
  EXPECT_EQ(Interval(n).first, 100);
  EXPECT_TRUE(std::isinf(Interval(n).second));
  n.set_approx(v1::APPROX_AT_MOST);
  EXPECT_EQ(Interval(n), std::make_pair(0.0, 100.0));
  n.clear_value();
  n.set_low(5);
  n.set_high(7);
  n.set_approx(v1::APPROX_RANGE);
  EXPECT_EQ(Interval(n), std::make_pair(5.0, 7.0));
  auto claim = [](double low, double high) {
    v1::Claim c;
    c.set_measure("count:soldier");
    c.set_counted("soldier");
    c.mutable_number()->set_kind(v1::NUMBER_KIND_CARDINAL);
    c.set_predicate("send");
    c.set_low(low);
    c.set_high(high);
    return c;
  };
  auto groups = GroupClaims({claim(0, 20000), claim(10000, INFINITY)});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_FALSE(groups[0].disagree());  // 10,000..20,000 fits both
  groups = GroupClaims({claim(13500, 16500), claim(10800, 13200)});
  EXPECT_TRUE(groups[0].disagree());
  groups = GroupClaims({claim(5.5e9, 5.5e9), claim(5.5e9, 5.5e9)});
  EXPECT_FALSE(groups[0].disagree());
}

// Claims of one text, annotated by the engine.
std::vector<v1::Claim> TextClaims(const std::string& name,
                                  const std::string& text) {
  auto engine = annotate::Engine::Create();
  EXPECT_TRUE(engine.ok()) << engine.status();
  auto annotations = (*engine)->Annotate(text, annotate::LayerSet::All());
  EXPECT_TRUE(annotations.ok()) << annotations.status();
  v1::Document doc;
  doc.set_doc_id(name);
  doc.set_external_id(name);
  doc.set_text(text);
  google::protobuf::RepeatedPtrField<v1::Annotation> set(annotations->begin(),
                                                         annotations->end());
  return DeriveClaims(doc, set);
}

std::vector<std::string> ClaimTexts(const std::vector<v1::Claim>& claims) {
  std::vector<std::string> out;
  for (const auto& c : claims) out.push_back(c.text());
  return out;
}

TEST(ClaimsTest, NamesScoresAndFramingPeriodsAreNoClaims) {
  const auto claims = TextClaims(
      "a.txt",
      "The single Band Aid 20 sold 300,000 copies. The court ruled in a 2-1 "
      "decision. Profits accumulated over the past 50 years reached $280bn. "
      "It topped the charts for three weeks.");
  const auto texts = ClaimTexts(claims);
  EXPECT_THAT(texts, ::testing::Contains("300,000"));
  EXPECT_THAT(texts, ::testing::Contains("$280bn"));
  EXPECT_THAT(texts, ::testing::Contains("three weeks"));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains("20")));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains("1")));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains("50 years")));
}

TEST(ClaimsTest, TheBeforeALargeFigureIsNoReference) {
  const auto texts = ClaimTexts(TextClaims(
      "a.txt",
      "Sony is reaching the seven million barrier. The two firms agreed."));
  EXPECT_THAT(texts, ::testing::Contains("seven million"));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains("two")));
}

TEST(ClaimsTest, MultiplesAreClaims) {
  const auto claims = TextClaims(
      "a.txt", "Computational speed has leaped 500,000 times since 1976.");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].counted(), "times");
}

TEST(ClaimsTest, AConversionInBracketsJoinsItsAmount) {
  auto a = TextClaims("a.txt", "The demand for $280bn (£155bn) was rejected.");
  auto b =
      TextClaims("b.txt", "The court threw out its claim for $280bn (£149bn).");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].measure(), a[0].measure());
  a.insert(a.end(), b.begin(), b.end());
  const auto groups = GroupClaims(a);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].claims_size(), 4);
}

TEST(ClaimsTest, FiguresNextToDifferentNamesAreDifferentQuantities) {
  const auto claims = TextClaims(
      "a.txt",
      "Shares closed higher, with Altria rising 5% and Reynolds rising "
      "4.5%. Later Reynolds was rising 4.5% and Altria was rising 5.11%.");
  ASSERT_EQ(claims.size(), 4u);
  std::vector<std::vector<std::string>> groups;
  for (const auto& g : GroupClaims(claims)) groups.push_back(Texts(g));
  EXPECT_THAT(groups,
              UnorderedElementsAre(UnorderedElementsAre("5%", "5.11%"),
                                   UnorderedElementsAre("4.5%", "4.5%")));
}

TEST(ClaimsTest, AnAttributionThatNamesNoSourceLeavesTheFigureToTheOutlet) {
  v1::Document doc;
  doc.set_doc_id("a.txt");
  doc.set_source("BBC");
  doc.set_text("The offer is expected to value the club at $1.5bn.");
  google::protobuf::RepeatedPtrField<v1::Annotation> set;
  v1::Annotation* number = set.Add();
  number->mutable_span()->set_begin(43);
  number->mutable_span()->set_end(49);
  number->mutable_number()->set_kind(v1::NUMBER_KIND_MONEY);
  number->mutable_number()->set_value(1.5e9);
  number->mutable_number()->set_unit("USD");
  v1::Annotation* cue = set.Add();  // "expected", no source, no entity
  cue->mutable_span()->set_begin(13);
  cue->mutable_span()->set_end(21);
  cue->mutable_attribution()->mutable_content()->set_begin(22);
  cue->mutable_attribution()->mutable_content()->set_end(49);
  auto claims = DeriveClaims(doc, set);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].text(), "$1.5bn");
  EXPECT_TRUE(claims[0].outlet());
  EXPECT_EQ(claims[0].source_text(), "BBC");
  // With an entity behind it, the attribution is the source.
  cue->mutable_attribution()->set_source_entity_id("ibm");
  claims = DeriveClaims(doc, set);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_FALSE(claims[0].outlet());
  EXPECT_EQ(claims[0].source_entity_id(), "ibm");
}

}  // namespace
}  // namespace docpipe::claims
