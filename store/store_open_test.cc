// Open and recovery. Over a real RocksDB in a temp dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status.h"
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

// Total size of the write-ahead log files (*.log) in `dir`; their names
// are added to `names` when given. A log deleted while it is listed counts
// as gone.
uint64_t WalBytes(const std::string& dir, std::set<std::string>* names) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".log") continue;
    std::error_code gone;  // RocksDB may delete an old log meanwhile
    const uintmax_t size = entry.file_size(gone);
    if (gone) continue;
    total += size;
    if (names) names->insert(entry.path().filename());
  }
  return total;
}

TEST_F(StoreTest, WalStaysBoundedAndACleanCloseLeavesNoneToReplay) {
  // Synced commits, as in production: the flushes that release old logs
  // run in the background and keep up with a disk-bound writer, not with
  // unsynced writes, which fill the page cache faster than any flush.
  store_.reset();
  StoreOptions options;
  options.data_dir = dir_.path();
  options.max_total_wal_bytes = 256 << 10;
  auto opened = Store::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  store_ = *std::move(opened);
  const std::string filler(4000, 'x');
  constexpr int kDocs = 800;  // > 3 MB of WAL records in all
  std::set<std::string> logs;
  uint64_t peak = 0;
  for (int i = 0; i < kDocs; ++i) {
    PutOk(Put(absl::StrCat("doc-", i, ".txt"),
              absl::StrCat("Article ", i, " ", filler), {}));
    if (i % 25 == 0) peak = std::max(peak, WalBytes(dir_.path(), &logs));
  }
  EXPECT_GT(logs.size(), 3u) << "the WAL should have rolled several times";
  EXPECT_LT(peak, 4 * options.max_total_wal_bytes);
  store_.reset();
  EXPECT_EQ(WalBytes(dir_.path(), nullptr), 0u)
      << "a clean close flushes everything: nothing to replay";
  Reopen();
  EXPECT_EQ(store_->current_revision(), uint64_t{kDocs});
  v1::GetDocumentRequest get;
  get.set_external_id("doc-0.txt");
  EXPECT_TRUE(store_->GetDocument(get).ok());
}

TEST_F(StoreTest, ASecondOpenOfTheDirectoryIsRefusedNamingIt) {
  StoreOptions options;
  options.data_dir = dir_.path();
  auto second = Store::Open(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IsInUse(second.status()));
  EXPECT_THAT(second.status().message(),
              HasSubstr(absl::StrCat("--data_dir ", dir_.path(),
                                     ": held by another docpipe process")));
}

}  // namespace
}  // namespace docpipe::store
