#include "clients/docpipe/standoff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/util/message_differencer.h"

namespace docpipe::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kText[] =
    "Seoul paid $5.5 billion, the minister said the deal is done.";

v1::AnnotationSet Sample() {
  v1::AnnotationSet set;
  set.set_doc_id("d-1");
  set.set_version(2);
  auto* e = set.add_annotations();
  e->set_id("e1");
  e->mutable_span()->set_begin(0);
  e->mutable_span()->set_end(5);
  e->mutable_entity()->set_type(v1::ENTITY_TYPE_GPE);
  e->mutable_entity()->set_entity_id("south korea");  // a space: quoted
  auto* n = set.add_annotations();
  n->set_id("n1");
  n->mutable_span()->set_begin(11);
  n->mutable_span()->set_end(23);
  n->mutable_number()->set_kind(v1::NUMBER_KIND_MONEY);
  n->mutable_number()->set_value(5.5e9);
  n->mutable_number()->set_unit("USD");
  n->mutable_number()->set_approx(v1::APPROX_EXACT);
  auto* a = set.add_annotations();
  a->set_id("a1");
  a->mutable_span()->set_begin(38);
  a->mutable_span()->set_end(42);
  a->mutable_attribution()->mutable_source()->set_begin(25);
  a->mutable_attribution()->mutable_source()->set_end(37);
  a->mutable_attribution()->mutable_content()->set_begin(43);
  a->mutable_attribution()->mutable_content()->set_end(59);
  return set;
}

TEST(Standoff, EachLineParsesBackToItsAnnotation) {
  const v1::AnnotationSet set = Sample();
  for (const v1::Annotation& a : set.annotations()) {
    std::string line = FormatStandoffLine(kText, a);
    auto parsed = ParseStandoffWords(SplitStandoffLine(line));
    ASSERT_TRUE(parsed.ok()) << line << ": " << parsed.status();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*parsed, a))
        << line << "\n"
        << parsed->DebugString();
  }
}

TEST(Standoff, UnchangedFileMeansNoEdits) {
  v1::AnnotationSet set = Sample();
  std::string file = FormatStandoff(kText, set, "d-1 (seoul.txt)");
  auto edits = EditsFromStandoff(set, file);
  ASSERT_TRUE(edits.ok()) << edits.status();
  EXPECT_EQ(edits->size(), 0);
}

TEST(Standoff, DeletedChangedAndAddedLinesBecomeEdits) {
  v1::AnnotationSet set = Sample();
  std::string file = "# a header\n" +
                     FormatStandoffLine(kText, set.annotations(0)) +
                     "\nn1 number 11 23 kind=money value=5000000000 unit=USD "
                     "approx=about\n+ entity 25 37 type=person\n";
  auto edits = EditsFromStandoff(set, file);
  ASSERT_TRUE(edits.ok()) << edits.status();
  ASSERT_EQ(edits->size(), 3);
  EXPECT_EQ((*edits)[0].delete_id(), "a1");
  EXPECT_EQ((*edits)[1].change().id(), "n1");
  EXPECT_EQ((*edits)[1].change().annotation().number().approx(),
            v1::APPROX_ABOUT);
  EXPECT_EQ((*edits)[2].add().entity().type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ((*edits)[2].add().span().end(), 37u);
}

TEST(Standoff, SplitHonoursQuotesEscapesAndComments) {
  EXPECT_THAT(
      SplitStandoffLine(R"(e1 entity 0 5 entity_id="a \"b\" c"  # "Seoul")"),
      ::testing::ElementsAre("e1", "entity", "0", "5", "entity_id=a \"b\" c"));
}

TEST(Standoff, BadInputNamesTheLineAndTheField) {
  v1::AnnotationSet set = Sample();
  auto st = EditsFromStandoff(set,
                              "e1 entity 0 5 type=gpe\n"
                              "n1 number 11 23 value=lots\n");
  EXPECT_EQ(st.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.status().message(), HasSubstr("line 2"));
  EXPECT_THAT(st.status().message(), HasSubstr("value"));
  EXPECT_THAT(st.status().message(), HasSubstr("lots"));

  st = EditsFromStandoff(set, "\n\ne1 entity 0 5 type=planet\n");
  EXPECT_THAT(st.status().message(), HasSubstr("line 3: type"));
  st = EditsFromStandoff(set, "e1 entity 0 5 colour=red\n");
  EXPECT_THAT(st.status().message(), HasSubstr("\"colour\" is not a field"));
  st = EditsFromStandoff(set, "e1 entity zero 5\n");
  EXPECT_THAT(st.status().message(), HasSubstr("line 1: BEGIN END"));
  st = EditsFromStandoff(set, "e9 entity 0 5\n");
  EXPECT_THAT(st.status().message(), HasSubstr("no annotation \"e9\""));
  st = EditsFromStandoff(set, "e1 entity 0 5\ne1 entity 0 5\n");
  EXPECT_THAT(st.status().message(), HasSubstr("line 2: \"e1\" appears twice"));
  st = EditsFromStandoff(set, "e1 person 0 5\n");
  EXPECT_THAT(st.status().message(), HasSubstr("layer"));
}

TEST(Standoff, AssignmentsReportTheChangedPaths) {
  v1::Annotation a = Sample().annotations(1);
  std::vector<std::string> paths;
  ASSERT_TRUE(ApplyAssignments({"value=42", "end=20"}, &a, &paths).ok());
  EXPECT_EQ(a.number().value(), 42);
  EXPECT_EQ(a.span().end(), 20u);
  EXPECT_THAT(paths, ::testing::ElementsAre("number.value", "span"));
  EXPECT_FALSE(ApplyAssignments({"value"}, &a, &paths).ok());
}

}  // namespace
}  // namespace docpipe::cli
