#include "store/carry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_util.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Number;

// "Seoul sent 12 boats and 7 planes to Busan."
//  0    5    10 13        24           36  41
constexpr absl::string_view kText =
    "Seoul sent 12 boats and 7 planes to Busan.";

v1::AnnotationSet Set(uint64_t version, std::vector<v1::Annotation> as) {
  v1::AnnotationSet s;
  s.set_version(version);
  for (auto& a : as) *s.add_annotations() = a;
  return s;
}

v1::Edit Delete(std::string id) {
  v1::Edit e;
  e.set_delete_id(std::move(id));
  return e;
}

v1::Edit Add(v1::Annotation a) {
  v1::Edit e;
  *e.mutable_add() = std::move(a);
  return e;
}

v1::Edit ChangeEntityId(std::string id, std::string entity_id) {
  v1::Edit e;
  e.mutable_change()->set_id(std::move(id));
  e.mutable_change()->mutable_annotation()->mutable_entity()->set_entity_id(
      std::move(entity_id));
  e.mutable_change()->mutable_update_mask()->add_paths("entity.entity_id");
  return e;
}

const v1::Annotation* At(const CarryResult& r, uint32_t begin) {
  for (const auto& a : r.annotations) {
    if (a.span().begin() == begin) return &a;
  }
  return nullptr;
}

TEST(CarryTest, TranslatesEditsToTheFreshSetsIds) {
  // v1 (old annotator): n1 = "12", n2 = "7", e1 = Seoul.
  v1::AnnotationSet v1 =
      Set(1, {Number(11, 13, 12, "n1"), Number(24, 25, 7, "n2"),
              Entity(0, 5, "seoul", "e1")});
  // v2 (a person): "7" is not worth a number, Seoul gets its canonical id,
  // Busan was missed.
  v1::AnnotationSet v2 = Set(2, {});
  *v2.add_edits() = Delete("n2");
  *v2.add_edits() = ChangeEntityId("e1", "Q8684");
  *v2.add_edits() = Add(Entity(36, 41, "busan"));
  // v3: the Busan the person added (e2 in v2) gets its canonical id too.
  v1::AnnotationSet v2_result =
      Set(2, {Number(11, 13, 12, "n1"), Entity(0, 5, "Q8684", "e1"),
              Entity(36, 41, "busan", "e2")});
  v1::AnnotationSet v3 = Set(3, {});
  *v3.add_edits() = ChangeEntityId("e2", "Q42982");

  // The new annotator numbers things differently and still finds "7".
  v1::AnnotationSet fresh =
      Set(4, {Entity(0, 5, "seoul", "e1"), Number(24, 25, 7, "n1"),
              Number(11, 13, 12, "n2")});
  auto r =
      CarryCorrections(kText, fresh.annotations(), {{v1, v2}, {v2_result, v3}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->conflicts, ::testing::IsEmpty());
  ASSERT_EQ(r->edits.size(), 4);
  EXPECT_EQ(r->edits[0].delete_id(), "n1");  // "7" is n1 now
  EXPECT_EQ(r->edits[1].change().id(), "e1");
  EXPECT_TRUE(r->edits[2].has_add());
  EXPECT_EQ(r->edits[3].change().id(), r->edits[2].add().id());

  EXPECT_EQ(At(*r, 24), nullptr);
  ASSERT_NE(At(*r, 0), nullptr);
  EXPECT_EQ(At(*r, 0)->entity().entity_id(), "Q8684");
  ASSERT_NE(At(*r, 36), nullptr);
  EXPECT_EQ(At(*r, 36)->entity().entity_id(), "Q42982");
  ASSERT_NE(At(*r, 11), nullptr);
}

TEST(CarryTest, ReportsAnEditWhoseTargetIsGoneAsAConflict) {
  v1::AnnotationSet v1 = Set(1, {Entity(36, 41, "busan", "e1")});
  v1::AnnotationSet v2 = Set(2, {});
  *v2.add_edits() = ChangeEntityId("e1", "Q42982");
  // The new annotator no longer marks Busan.
  v1::AnnotationSet fresh = Set(3, {Number(11, 13, 12, "n1")});
  auto r = CarryCorrections(kText, fresh.annotations(), {{v1, v2}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->conflicts.size(), 1u);
  EXPECT_THAT(r->conflicts[0], HasSubstr("version 2 edits[0]"));
  EXPECT_THAT(r->conflicts[0], HasSubstr("\"Busan\""));
  EXPECT_TRUE(r->edits.empty());
  EXPECT_EQ(r->annotations.size(), 1);
}

TEST(CarryTest, AddsTheMachineNowFindsAreNotAddedTwice) {
  v1::AnnotationSet v1 = Set(1, {});
  v1::AnnotationSet v2 = Set(2, {});
  *v2.add_edits() = Add(Number(24, 25, 7));
  *v2.add_edits() = Add(Number(11, 13, 12));
  v1::AnnotationSet fresh = Set(3, {Number(24, 25, 7, "n1")});
  auto r = CarryCorrections(kText, fresh.annotations(), {{v1, v2}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->already_present, 1);
  ASSERT_EQ(r->edits.size(), 1);
  EXPECT_EQ(r->edits[0].add().span().begin(), 11u);
  EXPECT_EQ(r->annotations.size(), 2);
}

}  // namespace
}  // namespace docpipe::store
