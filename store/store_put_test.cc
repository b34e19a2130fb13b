// PutDocument: idempotency, atomic first version, input errors. Over a real
// RocksDB in a temp dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Number;
using testing::Put;

TEST_F(StoreTest, PutStoresDocumentAndVersionOneAtomically) {
  auto put = PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)}));
  EXPECT_TRUE(put.created());
  EXPECT_EQ(put.head_version(), 1u);
  EXPECT_EQ(put.revision(), 2u);  // DOCUMENT_ADDED, then ANNOTATED
  EXPECT_THAT(put.document().doc_id(), ::testing::StartsWith("d-"));
  EXPECT_EQ(put.document().content_sha256().size(), 64u);
  auto set = Head(put.document().doc_id());
  EXPECT_EQ(set.version(), 1u);
  EXPECT_EQ(set.author(), "feeder");
  ASSERT_EQ(set.annotations_size(), 1);
  EXPECT_EQ(set.annotations(0).id(), "n1");
  EXPECT_EQ(store_->current_revision(), 2u);
}

TEST_F(StoreTest, PutIsIdempotentOnExternalIdThenOnContent) {
  auto first = PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)}));
  auto again = PutOk(Put("a.txt", "other text", {Number(0, 5, 1)}));
  EXPECT_FALSE(again.created());
  EXPECT_EQ(again.document().doc_id(), first.document().doc_id());
  EXPECT_EQ(again.revision(), 0u);
  auto by_text_1 = PutOk(Put("", "same words", {}));
  auto by_text_2 = PutOk(Put("", "same words", {}));
  EXPECT_TRUE(by_text_1.created());
  EXPECT_FALSE(by_text_2.created());
  EXPECT_EQ(by_text_1.document().doc_id(), by_text_2.document().doc_id());
  EXPECT_EQ(store_->current_revision(), 3u);  // no version: one event

  auto create_only = Put("a.txt", kText);
  create_only.set_create_only(true);
  EXPECT_EQ(store_->PutDocument(create_only, "x").status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(StoreTest, BadInputNamesTheFieldAndWritesNothing) {
  auto bad_span = Put("b.txt", kText, {Number(9, 200, 1)});
  auto s = store_->PutDocument(bad_span, "x").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("annotations.annotations[0].span"));
  // Inside the 2-byte letter К.
  s = store_->PutDocument(Put("b.txt", kText, {Number(28, 30, 1)}), "x")
          .status();
  EXPECT_THAT(s.message(), HasSubstr("character boundaries"));
  s = store_->PutDocument(Put("b.txt", ""), "x").status();
  EXPECT_THAT(s.message(), HasSubstr("document.text"));
  s = store_->PutDocument(Put("b.txt", std::string("a\xFF", 2)), "x").status();
  EXPECT_THAT(s.message(), HasSubstr("not valid UTF-8 at byte 1"));
  v1::Annotation no_kind = Number(0, 4, 1);
  no_kind.mutable_number()->set_kind(v1::NUMBER_KIND_UNSPECIFIED);
  s = store_->PutDocument(Put("b.txt", kText, {no_kind}), "x").status();
  EXPECT_THAT(s.message(), HasSubstr("number.kind"));
  EXPECT_EQ(store_->current_revision(), 0u);
  EXPECT_EQ(store_->ListDocuments({})->documents_size(), 0);
}

}  // namespace
}  // namespace docpipe::store
