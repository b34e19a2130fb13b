// Commit: compare-and-set, edits, offsets. Over a real RocksDB in a temp dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Number;
using testing::Put;

TEST_F(StoreTest, CommitIsCompareAndSetAndStaleWritesNothing) {
  auto put = PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)}));
  const std::string id = put.document().doc_id();
  auto c = Edits(id, 1);
  c.mutable_edits()->add_edits()->set_delete_id("n1");
  *c.mutable_edits()->add_edits()->mutable_add() = Entity(0, 4, "kyiv");
  c.set_note("fix");
  auto ok = store_->Commit(c, "annotator-ann");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->version(), 2u);
  EXPECT_EQ(ok->revision(), 3u);
  EXPECT_THAT(ok->added_ids(), ::testing::ElementsAre("e1"));

  auto stale = store_->Commit(c, "annotator-bob");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr("head of"));
  EXPECT_EQ(store_->current_revision(), 3u);

  auto set = Head(id);
  EXPECT_EQ(set.version(), 2u);
  EXPECT_EQ(set.parent_version(), 1u);
  EXPECT_EQ(set.author(), "annotator-ann");
  EXPECT_EQ(set.note(), "fix");
  EXPECT_EQ(set.edits_size(), 2);
  v1::GetAnnotationsRequest v1req;
  v1req.set_doc_id(id);
  v1req.set_version(1);
  EXPECT_EQ(store_->GetAnnotations(v1req)->annotations(0).id(), "n1");

  v1::ListVersionsRequest lv;
  lv.set_doc_id(id);
  auto versions = store_->ListVersions(lv);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->versions_size(), 2);
  EXPECT_EQ(versions->versions(1).kind(), v1::CHANGE_KIND_CORRECTED);
  EXPECT_EQ(versions->versions(0).kind(), v1::CHANGE_KIND_ANNOTATED);

  v1::DiffRequest diff;
  diff.set_doc_id(id);
  diff.set_from_version(1);
  diff.set_to_version(2);
  auto d = store_->Diff(diff);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->added_size(), 1);
  EXPECT_EQ(d->removed_size(), 1);

  v1::FindMentionsRequest fm;
  fm.set_entity_id("kyiv");
  auto mentions = store_->FindMentions(fm);
  ASSERT_TRUE(mentions.ok());
  ASSERT_EQ(mentions->mentions_size(), 1);
  EXPECT_EQ(mentions->mentions(0).doc_id(), id);
}

TEST_F(StoreTest, InvalidEditsNameTheEditAndWriteNothing) {
  const std::string id =
      PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)})).document().doc_id();
  auto c = Edits(id, 1);
  c.mutable_edits()->add_edits()->set_delete_id("n9");
  EXPECT_THAT(store_->Commit(c, "a").status().message(),
              HasSubstr("edits[0].delete_id"));
  c = Edits(id, 1);
  c.mutable_edits()->add_edits()->set_delete_id("n1");
  *c.mutable_edits()->add_edits()->mutable_add() = Number(0, 999, 1);
  EXPECT_THAT(store_->Commit(c, "a").status().message(),
              HasSubstr("edits[1].add.span"));
  c = Edits(id, 1);
  *c.mutable_edits()->add_edits()->mutable_add() = Number(9, 18, 3e6);
  EXPECT_THAT(store_->Commit(c, "a").status().message(), HasSubstr("edits[0]"));
  c = Edits("d-nope", 1);
  EXPECT_EQ(store_->Commit(c, "a").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->current_revision(), 2u);
  EXPECT_EQ(Head(id).version(), 1u);
}

TEST_F(StoreTest, ChangeEditWithFieldMaskAndUtf16Offsets) {
  const std::string id =
      PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)})).document().doc_id();
  auto c = Edits(id, 1);
  auto* change = c.mutable_edits()->add_edits()->mutable_change();
  change->set_id("n1");
  change->mutable_annotation()->mutable_number()->set_value(3.5e6);
  change->mutable_update_mask()->add_paths("number.value");
  ASSERT_TRUE(store_->Commit(c, "a").ok());
  auto set = Head(id);
  EXPECT_EQ(set.annotations(0).number().value(), 3.5e6);
  EXPECT_EQ(set.annotations(0).number().kind(), v1::NUMBER_KIND_CARDINAL);

  // "Київ" is at UTF-16 27..31, bytes 27..35.
  c = Edits(id, 2);
  c.set_offset_encoding(v1::OFFSET_ENCODING_UTF16);
  *c.mutable_edits()->add_edits()->mutable_add() = Entity(27, 31, "kyiv");
  ASSERT_TRUE(store_->Commit(c, "a").ok());
  set = Head(id);
  EXPECT_EQ(set.annotations(1).span().begin(), 27u);
  EXPECT_EQ(set.annotations(1).span().end(), 35u);
  v1::GetAnnotationsRequest get;
  get.set_doc_id(id);
  get.set_offset_encoding(v1::OFFSET_ENCODING_CODE_POINT);
  EXPECT_EQ(store_->GetAnnotations(get)->annotations(1).span().end(), 31u);
}

}  // namespace
}  // namespace docpipe::store
