// Reads: lookups by each key, paging, versions. Over a real RocksDB in a
// temp dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "store/keys.h"
#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using testing::Number;
using testing::Put;

TEST_F(StoreTest, GetDocumentByEachKeyAndNotFoundNamesTheKey) {
  auto put = PutOk(Put("x.txt", kText, {}));
  v1::GetDocumentRequest get;
  get.set_external_id("x.txt");
  EXPECT_EQ(store_->GetDocument(get)->doc_id(), put.document().doc_id());
  get.set_content_sha256(put.document().content_sha256());
  EXPECT_EQ(store_->GetDocument(get)->doc_id(), put.document().doc_id());
  get.set_external_id("nope.txt");
  auto missing = store_->GetDocument(get);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), ::testing::HasSubstr("external_id"));
  EXPECT_EQ(store_->GetDocument({}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, ListDocumentsPagesInIdOrderWithHeads) {
  for (int i = 0; i < 5; ++i) {
    PutOk(Put("p" + std::to_string(i), "text " + std::to_string(i),
              {Number(5, 6, i)}));
  }
  v1::ListDocumentsRequest list;
  list.set_page_size(2);
  std::vector<std::string> ids;
  for (int page = 0; page < 5; ++page) {
    auto got = store_->ListDocuments(list);
    ASSERT_TRUE(got.ok()) << got.status();
    for (const auto& d : got->documents()) {
      ids.push_back(d.doc_id());
      EXPECT_EQ(d.head_version(), 1u);
    }
    if (got->next_page_token().empty()) break;
    list.set_page_token(got->next_page_token());
  }
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

// A store written before the listing family existed: Open fills it from
// the documents once, and the listing shows every document.
TEST_F(StoreTest, OpenBackfillsTheListingOfAnOlderStore) {
  for (int i = 0; i < 3; ++i) {
    auto put = Put("old" + std::to_string(i), "text " + std::to_string(i));
    put.mutable_document()->set_title("Headline " + std::to_string(i));
    PutOk(put);
  }
  store_.reset();
  {
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(),
                                                dir_.path(), &names)
                    .ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names)
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir_.path(), cfs,
                                  &handles, &raw)
                    .ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "meta") {
        ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[i],
                               keys::kListingComplete)
                        .ok());
      }
      if (names[i] == "listing") {
        ASSERT_TRUE(db->DropColumnFamily(handles[i]).ok());
      }
    }
    for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  }
  Reopen();
  auto got = store_->ListDocuments({});
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->documents_size(), 3);
  std::vector<std::string> external;
  for (const auto& d : got->documents()) {
    external.push_back(d.external_id());
    EXPECT_THAT(d.title(), ::testing::StartsWith("Headline "));
  }
  std::sort(external.begin(), external.end());
  EXPECT_EQ(external, (std::vector<std::string>{"old0", "old1", "old2"}));
}

TEST_F(StoreTest, FindMentionsPagesThroughEveryMentionInDocIdOrder) {
  using testing::Entity;
  // 7 documents mention "kyiv" (twice in even ones), one mentions "kyi".
  for (int i = 0; i < 7; ++i) {
    std::vector<v1::Annotation> anns = {Entity(0, 4, "kyiv")};
    if (i % 2 == 0) anns.push_back(Entity(10, 14, "kyiv"));
    PutOk(Put("m" + std::to_string(i), "Kyiv is in Kyiv " + std::to_string(i),
              anns));
  }
  PutOk(Put("other", "Kyi and more", {Entity(0, 3, "kyi")}));
  v1::FindMentionsRequest find;
  find.set_entity_id("kyiv");
  find.set_page_size(3);
  std::vector<std::pair<std::string, uint32_t>> seen;
  int pages = 0;
  for (;; ++pages) {
    auto got = store_->FindMentions(find);
    ASSERT_TRUE(got.ok()) << got.status();
    for (const auto& m : got->mentions()) {
      EXPECT_EQ(m.version(), 1u);
      seen.emplace_back(m.doc_id(), m.span().begin());
    }
    if (got->next_page_token().empty()) break;
    find.set_page_token(got->next_page_token());
  }
  EXPECT_EQ(pages, 2);  // 3 + 3 + 1 documents
  ASSERT_EQ(seen.size(), 7u + 4u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  // A commit moves the index with the head: the mention it deletes goes.
  const std::string doc = seen.front().first;
  auto head = Head(doc);
  v1::CommitRequest commit = Edits(doc, head.version());
  commit.mutable_edits()->add_edits()->set_delete_id(head.annotations(0).id());
  ASSERT_TRUE(store_->Commit(commit, "annotator").ok());
  find.clear_page_token();
  find.set_page_size(0);
  auto all = store_->FindMentions(find);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_TRUE(all->next_page_token().empty());
  ASSERT_EQ(all->mentions_size(), 10);
  for (const auto& m : all->mentions()) {
    if (m.doc_id() == doc) {
      EXPECT_EQ(m.version(), 2u);
    }
  }
}

TEST_F(StoreTest, AnnotationsOfADocumentWithoutVersionsAreNotFound) {
  auto put = PutOk(Put("bare", kText, {}, /*with_set=*/false));
  v1::GetAnnotationsRequest get;
  get.set_doc_id(put.document().doc_id());
  auto set = store_->GetAnnotations(get);
  EXPECT_EQ(set.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(set.status().message(), ::testing::HasSubstr("no annotations"));
  v1::FindMentionsRequest find;
  EXPECT_EQ(store_->FindMentions(find).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace docpipe::store
