#include "store/annotation_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_util.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using testing::Number;

TEST(AnnotationSetTest, AssignIdsPerLayerWithoutReuse) {
  google::protobuf::RepeatedPtrField<v1::Annotation> set;
  *set.Add() = Number(0, 1, 1, "n4");
  *set.Add() = Number(2, 3, 1);
  *set.Add() = Entity(4, 5, "x");
  EXPECT_THAT(AssignIds(&set), ::testing::ElementsAre("n5", "e1"));
}

TEST(AnnotationSetTest, DuplicateSpanAndKindIsInvalid) {
  google::protobuf::RepeatedPtrField<v1::Annotation> set;
  *set.Add() = Number(0, 1, 1, "n1");
  *set.Add() = Number(0, 1, 2, "n2");
  auto s = ValidateAnnotations("12345", set);
  EXPECT_THAT(s.message(), ::testing::HasSubstr(
                               "annotations[1]: duplicates annotations[0]"));
  // Same span, other layer: fine.
  set.Mutable(1)->mutable_entity()->set_type(v1::ENTITY_TYPE_ORG);
  EXPECT_TRUE(ValidateAnnotations("12345", set).ok());
}

TEST(AnnotationSetTest, DiffReportsAddedRemovedChanged) {
  v1::AnnotationSet a, b;
  *a.add_annotations() = Number(0, 1, 1, "n1");
  *a.add_annotations() = Number(2, 3, 1, "n2");
  *b.add_annotations() = Number(0, 1, 9, "n1");
  *b.add_annotations() = Number(4, 5, 1, "n3");
  auto d = DiffSets(a, b);
  ASSERT_EQ(d.added_size(), 1);
  EXPECT_EQ(d.added(0).id(), "n3");
  ASSERT_EQ(d.removed_size(), 1);
  EXPECT_EQ(d.removed(0).id(), "n2");
  ASSERT_EQ(d.changed_size(), 1);
  EXPECT_EQ(d.changed(0).after().number().value(), 9);
}

}  // namespace
}  // namespace docpipe::store
