// Backups and restores through RocksDB's BackupEngine. A backup flushes the
// memtables (atomically, every family: options.cc) and copies the live SST
// files and the manifest, so a restored store opens at a consistent point
// and replays no log. Files are shared between the backups of one
// directory, so each backup copies only the SST files made since the last.
//
// Test hook: with DOCPIPE_TEST_BACKUP_PAUSE_FILE set in the server's
// environment, a backup prints "docpipe store: backup paused" on stdout
// once it has copied its first bytes and waits until that file exists, so
// a test can kill the server mid-backup without guessing at timings.
#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "store/store_impl.h"

namespace docpipe::store {
namespace {

constexpr char kRevisionMeta[] = "revision=";

absl::Status FromIo(const rocksdb::IOStatus& s, absl::string_view what) {
  return FromRocks(rocksdb::Status(s), what);
}

// The test hook's pause, if the environment asks for one.
std::function<void()> PauseHook() {
  const char* file = std::getenv("DOCPIPE_TEST_BACKUP_PAUSE_FILE");
  if (file == nullptr || *file == '\0') return [] {};
  return [path = std::string(file), paused = false]() mutable {
    if (paused) return;
    paused = true;
    std::cout << "docpipe store: backup paused (test hook)" << std::endl;
    while (!std::filesystem::exists(path))
      absl::SleepFor(absl::Milliseconds(5));
  };
}

uint64_t RevisionOf(const rocksdb::BackupInfo& info) {
  uint64_t revision = 0;
  absl::string_view meta = info.app_metadata;
  if (absl::ConsumePrefix(&meta, kRevisionMeta)) {
    if (!absl::SimpleAtoi(meta, &revision)) revision = 0;
  }
  return revision;
}

}  // namespace

absl::StatusOr<v1::BackupResponse> Store::Backup(
    const v1::BackupRequest& request) {
  const std::string& dir = request.backup_dir();
  if (dir.empty()) return absl::InvalidArgumentError("backup_dir: required");
  if (dir.front() != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("backup_dir: ", dir, " is not an absolute path"));
  }
  absl::MutexLock lock(&impl_->backup_mu);
  rocksdb::BackupEngineOptions engine_options(dir);
  const std::function<void()> hook = PauseHook();
  // Default: 4 MB. Why: the test hook pauses after the first copied bytes.
  engine_options.callback_trigger_interval_size = 1;
  rocksdb::BackupEngine* raw = nullptr;
  // Opening removes what a backup interrupted before (kill -9) left behind.
  DOCPIPE_RETURN_IF_ERROR(
      FromIo(rocksdb::BackupEngine::Open(rocksdb::Env::Default(),
                                         engine_options, &raw),
             absl::StrCat("backup_dir ", dir)));
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  // Every acknowledged write is durable, hence in the memtables the backup
  // flushes or in SST files already.
  const uint64_t revision = current_revision();
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = true;
  create.progress_callback = hook;
  rocksdb::BackupID id = 0;
  DOCPIPE_RETURN_IF_ERROR(FromIo(
      engine->CreateNewBackupWithMetadata(
          create, impl_->db(), absl::StrCat(kRevisionMeta, revision), &id),
      "backup: copying the store"));
  v1::BackupResponse response;
  response.set_backup_id(id);
  response.set_revision(revision);
  if (request.keep() > 0) {
    DOCPIPE_RETURN_IF_ERROR(FromIo(engine->PurgeOldBackups(request.keep()),
                                   "backup: deleting old backups"));
  }
  if (request.verify()) {
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(engine->VerifyBackup(id, /*verify_with_checksum=*/true),
                  "backup: verifying"));
    response.set_verified(true);
  }
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  for (const rocksdb::BackupInfo& info : infos) {
    response.add_kept_ids(info.backup_id);
    if (info.backup_id == id) {
      response.set_size_bytes(info.size);
      response.set_file_count(info.number_files);
    }
  }
  return response;
}

absl::StatusOr<uint64_t> RestoreBackup(const std::string& backup_dir,
                                       uint32_t backup_id,
                                       const std::string& data_dir) {
  if (backup_dir.empty()) return absl::InvalidArgumentError("--from: required");
  if (data_dir.empty()) {
    return absl::InvalidArgumentError("--data_dir: required");
  }
  if (!std::filesystem::is_directory(backup_dir)) {
    return absl::NotFoundError(
        absl::StrCat("--from ", backup_dir, ": no such directory"));
  }
  rocksdb::Env* env = rocksdb::Env::Default();
  DOCPIPE_RETURN_IF_ERROR(FromRocks(env->CreateDirIfMissing(data_dir),
                                    absl::StrCat("--data_dir ", data_dir)));
  // The lock a running store holds (RocksDB's LOCK file), held while we
  // restore so no server opens the directory half-restored.
  rocksdb::FileLock* lock = nullptr;
  rocksdb::Status locked = env->LockFile(data_dir + "/LOCK", &lock);
  if (!locked.ok()) {
    return InUseError(absl::StrCat("--data_dir ", data_dir,
                                   ": held by another docpipe process (",
                                   locked.ToString(), ")"));
  }
  auto unlock = [&] { env->UnlockFile(lock).PermitUncheckedError(); };
  if (std::filesystem::exists(data_dir + "/CURRENT")) {
    unlock();
    return absl::FailedPreconditionError(absl::StrCat(
        "--data_dir ", data_dir,
        ": holds a store already; restore into a new or empty directory"));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  absl::Status status =
      FromIo(rocksdb::BackupEngineReadOnly::Open(
                 env, rocksdb::BackupEngineOptions(backup_dir), &raw),
             absl::StrCat("--from ", backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  uint64_t revision = 0;
  if (status.ok()) {
    std::vector<rocksdb::BackupInfo> infos;
    engine->GetBackupInfo(&infos);
    const rocksdb::BackupInfo* chosen = nullptr;
    for (const rocksdb::BackupInfo& info : infos) {
      if (backup_id == 0 || info.backup_id == backup_id) chosen = &info;
    }
    if (chosen == nullptr) {
      status = absl::NotFoundError(
          backup_id == 0
              ? absl::StrCat("--from ", backup_dir, ": no backup there")
              : absl::StrCat("--backup_id: no backup ", backup_id, " in ",
                             backup_dir));
    } else {
      revision = RevisionOf(*chosen);
      status = FromIo(
          engine->RestoreDBFromBackup(chosen->backup_id, data_dir, data_dir),
          "restore");
    }
  }
  unlock();
  if (!status.ok()) return status;
  return revision;
}

}  // namespace docpipe::store
