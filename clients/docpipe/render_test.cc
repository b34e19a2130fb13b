#include "clients/docpipe/render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace docpipe::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kText[] = "Ann Lee said profits rose 5%.";

v1::AnnotationSet Sample() {
  v1::AnnotationSet set;
  set.set_author("ann");
  auto* e = set.add_annotations();
  e->set_id("e1");
  e->mutable_span()->set_end(7);
  e->mutable_entity()->set_type(v1::ENTITY_TYPE_PERSON);
  e->mutable_entity()->set_entity_id("ann-lee");
  auto* n = set.add_annotations();
  n->set_id("n1");
  n->mutable_span()->set_begin(26);
  n->mutable_span()->set_end(28);
  n->mutable_number()->set_kind(v1::NUMBER_KIND_PERCENT);
  n->mutable_number()->set_value(5);
  auto* a = set.add_annotations();
  a->set_id("a1");
  a->mutable_span()->set_begin(8);
  a->mutable_span()->set_end(12);
  a->mutable_attribution()->mutable_source()->set_end(7);
  a->mutable_attribution()->set_source_entity_id("ann-lee");
  a->mutable_attribution()->mutable_content()->set_begin(13);
  a->mutable_attribution()->mutable_content()->set_end(28);
  return set;
}

TEST(Render, HighlightsBracketWithoutColour) {
  EXPECT_EQ(RenderHighlighted(kText, Sample(), false),
            "[Ann Lee]{e1} [said]{a1} profits rose [5%]{n1}.");
}

TEST(Render, OverlapKeepsTheOuterSpan) {
  v1::AnnotationSet set = Sample();
  auto* inner = set.add_annotations();
  inner->set_id("e2");
  inner->mutable_span()->set_begin(4);
  inner->mutable_span()->set_end(7);
  inner->mutable_entity()->set_type(v1::ENTITY_TYPE_PERSON);
  EXPECT_THAT(RenderHighlighted(kText, set, false), HasSubstr("[Ann Lee]{e1}"));
  EXPECT_THAT(RenderHighlighted(kText, set, false),
              ::testing::Not(HasSubstr("{e2}")));
}

TEST(Render, ColourUsesAnsiEscapes) {
  std::string out = RenderHighlighted(kText, Sample(), true);
  EXPECT_THAT(out, HasSubstr("\033[0m"));
  EXPECT_THAT(out, ::testing::Not(HasSubstr("{e1}")));
}

TEST(Render, LegendReadsSourceCueContent) {
  std::string legend = RenderLegend(kText, Sample(), false);
  EXPECT_THAT(legend,
              HasSubstr("\"Ann Lee\" <ann-lee> → said → \"profits rose 5%\""));
  EXPECT_THAT(legend, HasSubstr("n1    [26,28) \"5%\"  PERCENT 5"));
  EXPECT_THAT(legend, HasSubstr("PERSON ann-lee"));
}

TEST(Render, DocumentRowsCountLayers) {
  DocumentRow row;
  row.external_id = "lee.txt";
  row.doc_id = "d-abc";
  row.title = "Profits \"rose\"";
  row.head_version = 3;
  CountLayers(Sample(), &row);
  EXPECT_EQ(row.author, "ann");
  EXPECT_EQ(row.numbers, 1);
  EXPECT_EQ(row.entities, 1);
  EXPECT_EQ(row.attributions, 1);
  EXPECT_THAT(FormatDocumentRow(row),
              ::testing::MatchesRegex("lee\\.txt +d-abc +3 ann +1 +1 +1"));
  EXPECT_EQ(DocumentRowJson(row),
            "{\"external_id\":\"lee.txt\",\"doc_id\":\"d-abc\",\"title\":"
            "\"Profits \\\"rose\\\"\",\"head_version\":3,\"author\":\"ann\","
            "\"numbers\":1,\"entities\":1,\"attributions\":1}");
  EXPECT_EQ(DocumentRowHeader().find("EXTERNAL_ID"), 0u);
}

}  // namespace
}  // namespace docpipe::cli
