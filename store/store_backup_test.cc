// Backups, restores and change-log retention by age, over real RocksDB
// directories: a restored store holds every acknowledged version and its
// change stream resumes at the backup's revision.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/status.h"
#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Number;
using testing::Put;
using testing::TempDir;

class StoreBackupTest : public StoreTest {
 protected:
  // Puts `n` annotated documents and commits a second version of each
  // even one; returns their ids.
  std::vector<std::string> Fill(int n, const std::string& prefix) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      auto put = PutOk(Put(prefix + std::to_string(i),
                           "text of " + prefix + std::to_string(i),
                           {Number(0, 4, i)}));
      ids.push_back(put.document().doc_id());
      if (i % 2 == 0) {
        auto commit = store_->Commit(Edits(ids.back(), 1), "annotator");
        EXPECT_TRUE(commit.ok()) << commit.status();
      }
    }
    return ids;
  }

  v1::BackupResponse BackupOk(const std::string& dir, uint32_t keep = 0,
                              bool verify = false) {
    v1::BackupRequest request;
    request.set_backup_dir(dir);
    request.set_keep(keep);
    request.set_verify(verify);
    auto backup = store_->Backup(request);
    EXPECT_TRUE(backup.ok()) << backup.status();
    return backup.ok() ? *backup : v1::BackupResponse();
  }

  // Every revision from `from` on, as the change stream gives them.
  std::vector<uint64_t> Replay(Store& store, uint64_t from) {
    v1::SubscribeRequest request;
    request.set_start_revision(from);
    auto sub = store.Subscribe(request, [] {});
    EXPECT_TRUE(sub.ok()) << sub.status();
    std::vector<uint64_t> revisions;
    if (!sub.ok()) return revisions;
    v1::ChangeEvent event;
    absl::Status status;
    while ((*sub)->Next(&event, &status) == Subscription::Poll::kEvent) {
      revisions.push_back(event.revision());
    }
    return revisions;
  }

  TempDir backups_;
  TempDir restored_;
};

TEST_F(StoreBackupTest, RestoredStoreHasEveryVersionAndResumesTheStream) {
  const std::vector<std::string> ids = Fill(20, "a");
  const uint64_t revision = store_->current_revision();
  ASSERT_EQ(revision, 20u * 2 + 10);
  v1::BackupResponse backup = BackupOk(backups_.path());
  EXPECT_EQ(backup.backup_id(), 1u);
  EXPECT_EQ(backup.revision(), revision);
  EXPECT_GT(backup.size_bytes(), 0u);
  Fill(3, "after");  // not in the backup

  const std::string data = restored_.path() + "/store";
  auto restored_rev = RestoreBackup(backups_.path(), 0, data);
  ASSERT_TRUE(restored_rev.ok()) << restored_rev.status();
  EXPECT_EQ(*restored_rev, revision);
  StoreOptions options;
  options.data_dir = data;
  options.sync_writes = false;
  auto restored = Store::Open(options);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ((*restored)->current_revision(), revision);
  for (size_t i = 0; i < ids.size(); ++i) {
    v1::ListVersionsRequest list;
    list.set_doc_id(ids[i]);
    auto versions = (*restored)->ListVersions(list);
    ASSERT_TRUE(versions.ok()) << versions.status();
    EXPECT_EQ(versions->head_version(), i % 2 == 0 ? 2u : 1u) << ids[i];
    for (const auto& v : versions->versions()) {
      v1::GetAnnotationsRequest get;
      get.set_doc_id(ids[i]);
      get.set_version(v.version());
      auto mine = store_->GetAnnotations(get);
      auto theirs = (*restored)->GetAnnotations(get);
      ASSERT_TRUE(theirs.ok()) << theirs.status();
      EXPECT_EQ(theirs->SerializeAsString(), mine->SerializeAsString());
    }
  }
  v1::GetDocumentRequest after;
  after.set_external_id("after0");
  EXPECT_EQ((*restored)->GetDocument(after).status().code(),
            absl::StatusCode::kNotFound);
  std::vector<uint64_t> replay = Replay(**restored, 1);
  ASSERT_EQ(replay.size(), revision);
  EXPECT_EQ(replay.front(), 1u);
  EXPECT_EQ(replay.back(), revision);
  // The next write continues the restored stream, gap-free.
  auto put = (*restored)->PutDocument(Put("new", "new text", {}), "feeder");
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(put->revision(), revision + 1);
}

TEST_F(StoreBackupTest, BackupsShareFilesKeepTheNewestAndVerify) {
  Fill(5, "a");
  v1::BackupResponse first = BackupOk(backups_.path());
  Fill(5, "b");
  BackupOk(backups_.path());
  Fill(5, "c");
  v1::BackupResponse third = BackupOk(backups_.path(), /*keep=*/2,
                                      /*verify=*/true);
  EXPECT_EQ(first.backup_id(), 1u);
  EXPECT_EQ(third.backup_id(), 3u);
  EXPECT_TRUE(third.verified());
  EXPECT_THAT(third.kept_ids(), ElementsAre(2u, 3u));
  // An older backup by id: the second one, without the c documents.
  const std::string data = restored_.path() + "/store";
  auto rev = RestoreBackup(backups_.path(), 2, data);
  ASSERT_TRUE(rev.ok()) << rev.status();
  StoreOptions options;
  options.data_dir = data;
  auto restored = Store::Open(options);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ((*restored)->current_revision(), *rev);
  v1::GetDocumentRequest get;
  get.set_external_id("b4");
  EXPECT_TRUE((*restored)->GetDocument(get).ok());
  get.set_external_id("c0");
  EXPECT_FALSE((*restored)->GetDocument(get).ok());
}

TEST_F(StoreBackupTest, BadRequestsAndRestoresAreRefusedWithReasons) {
  v1::BackupRequest relative;
  relative.set_backup_dir("backups");
  auto bad = store_->Backup(relative);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("backup_dir"));
  Fill(2, "a");
  BackupOk(backups_.path());
  // The open store holds its directory.
  auto held = RestoreBackup(backups_.path(), 0, dir_.path());
  EXPECT_TRUE(IsInUse(held.status())) << held.status();
  EXPECT_THAT(held.status().message(), HasSubstr("held by another"));
  // A directory with a store in it is never overwritten.
  store_.reset();
  auto full = RestoreBackup(backups_.path(), 0, dir_.path());
  EXPECT_EQ(full.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(full.status().message(), HasSubstr("holds a store"));
  auto unknown = RestoreBackup(backups_.path(), 7, restored_.path() + "/x");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("--backup_id"));
  auto nowhere =
      RestoreBackup(restored_.path() + "/none", 0, restored_.path() + "/y");
  EXPECT_EQ(nowhere.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreBackupTest, RetentionByAgePrunesABoundedNumberPerCommit) {
  absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  StoreOptions options;
  options.retention_age = absl::Hours(1);
  options.clock = [&now] { return now; };
  Reopen(options);
  const int n = kMaxPrunedPerCommit * 2 + 100;
  for (int i = 0; i < n; ++i) {
    PutOk(Put("d" + std::to_string(i), "t" + std::to_string(i), {}, false));
  }
  EXPECT_EQ(store_->oldest_revision(), 1u);  // none is an hour old yet
  now += absl::Minutes(61);
  PutOk(Put("x1", "x1", {}, false));
  EXPECT_EQ(store_->oldest_revision(), kMaxPrunedPerCommit + 1u);
  PutOk(Put("x2", "x2", {}, false));
  EXPECT_EQ(store_->oldest_revision(), 2u * kMaxPrunedPerCommit + 1);
  PutOk(Put("x3", "x3", {}, false));
  // Every old entry is gone; the three new ones stay.
  EXPECT_EQ(store_->oldest_revision(), n + 1u);
  v1::SubscribeRequest old;
  old.set_start_revision(1);
  auto sub = store_->Subscribe(old, [] {});
  EXPECT_EQ(sub.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(Replay(*store_, n + 1), ElementsAre(n + 1, n + 2, n + 3));
  // Reopened (same clock), the log and its pruning carry on.
  Reopen(options);
  EXPECT_EQ(store_->oldest_revision(), n + 1u);
  now += absl::Minutes(61);
  PutOk(Put("x4", "x4", {}, false));
  EXPECT_EQ(store_->oldest_revision(), n + 4u);
}

TEST(RetentionAgeTest, ParsesDaysAndDurationsAndNamesTheFlag) {
  EXPECT_EQ(*ParseRetentionAge("30d", "--retention_age"), absl::Hours(720));
  EXPECT_EQ(*ParseRetentionAge("12h", "--retention_age"), absl::Hours(12));
  EXPECT_EQ(*ParseRetentionAge("0", "--retention_age"), absl::ZeroDuration());
  auto bad = ParseRetentionAge("soon", "--retention_age");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("--retention_age"));
  EXPECT_FALSE(ParseRetentionAge("-1h", "--retention_age").ok());
}

}  // namespace
}  // namespace docpipe::store
