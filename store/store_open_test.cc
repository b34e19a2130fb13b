// Open and recovery. Over a real RocksDB in a temp dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Number;
using testing::Put;

TEST_F(StoreTest, ReopenKeepsEverythingAndRevisionsContinue) {
  const std::string id =
      PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)})).document().doc_id();
  Reopen();
  EXPECT_EQ(store_->current_revision(), 2u);
  EXPECT_EQ(Head(id).version(), 1u);
  auto put = PutOk(Put("b.txt", "More text 4", {}));
  EXPECT_EQ(put.revision(), 3u);
  v1::GetDocumentRequest get;
  get.set_external_id("a.txt");
  EXPECT_EQ(store_->GetDocument(get)->doc_id(), id);
  get.set_external_id("zzz");
  EXPECT_THAT(store_->GetDocument(get).status().message(),
              HasSubstr("external_id"));
}

}  // namespace
}  // namespace docpipe::store
