// The fixture store tests share: a fresh store over a real RocksDB in a
// temp dir, and helpers for the usual calls.
#ifndef DOCPIPE_STORE_STORE_TEST_FIXTURE_H_
#define DOCPIPE_STORE_STORE_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/store.h"
#include "store/test_util.h"

namespace docpipe::store {

// "Kyiv has 3 million people; Київ." (Cyrillic is 2 bytes a letter).
inline constexpr char kText[] =
    "Kyiv has 3 million people; \xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2.";

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(StoreOptions options = {}) {
    store_.reset();
    options.data_dir = dir_.path();
    options.sync_writes = false;  // tests don't need fsync; crash tests do
    auto s = Store::Open(options);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }

  v1::PutDocumentResponse PutOk(const v1::PutDocumentRequest& r) {
    auto put = store_->PutDocument(r, "feeder");
    EXPECT_TRUE(put.ok()) << put.status();
    return put.ok() ? *put : v1::PutDocumentResponse();
  }

  v1::AnnotationSet Head(const std::string& doc_id) {
    v1::GetAnnotationsRequest get;
    get.set_doc_id(doc_id);
    auto set = store_->GetAnnotations(get);
    EXPECT_TRUE(set.ok()) << set.status();
    return set.ok() ? *set : v1::AnnotationSet();
  }

  v1::CommitRequest Edits(const std::string& doc_id, uint64_t expected) {
    v1::CommitRequest c;
    c.set_doc_id(doc_id);
    c.set_expected_version(expected);
    c.mutable_edits();
    return c;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_STORE_TEST_FIXTURE_H_
