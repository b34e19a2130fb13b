// docpipe backup: StoreService.Backup of a running server into a
// directory on its machine. docpipe restore: a backup into a new data
// directory, offline (store/store_backup.cc), refused while a server holds
// that directory.
#include <filesystem>
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "common/server.h"
#include "common/status.h"
#include "store/store.h"

ABSL_DECLARE_FLAG(std::string, from);
ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_FLAG(uint32_t, keep, 0,
          "backup: backups kept in DIR, the oldest deleted (0 = keep all)");
ABSL_FLAG(bool, verify, false,
          "backup: re-read the new backup and check its checksums");
ABSL_FLAG(uint32_t, backup_id, 0, "restore: the backup (0 = the newest)");

namespace docpipe::cli {

int RunBackup(const std::vector<std::string>& args) {
  v1::BackupRequest request;
  // The server writes the backup; it resolves no relative path of ours.
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::absolute(args[0], ec);
  if (ec)
    return UsageError("backup", absl::StrCat(args[0], ": ", ec.message()));
  request.set_backup_dir(dir.lexically_normal().string());
  request.set_keep(absl::GetFlag(FLAGS_keep));
  request.set_verify(absl::GetFlag(FLAGS_verify));
  auto store =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  // A backup copies the whole store: no deadline unless one is asked for.
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  v1::BackupResponse response;
  grpc::Status st = store->Backup(ctx.get(), request, &response);
  if (!st.ok()) return Fail("backup", FromGrpcStatus(st));
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << "{\"backup_id\": " << response.backup_id()
              << ", \"revision\": " << response.revision()
              << ", \"size_bytes\": " << response.size_bytes()
              << ", \"file_count\": " << response.file_count()
              << ", \"verified\": " << (response.verified() ? "true" : "false")
              << ", \"kept_ids\": [" << absl::StrJoin(response.kept_ids(), ", ")
              << "]}" << std::endl;
  } else {
    std::cout << "backup " << response.backup_id() << " in "
              << request.backup_dir() << ": revision " << response.revision()
              << ", " << response.file_count() << " files, "
              << response.size_bytes() << " bytes"
              << (response.verified() ? ", verified" : "") << "; kept "
              << absl::StrJoin(response.kept_ids(), " ") << std::endl;
  }
  return kExitOk;
}

int RunRestore(const std::vector<std::string>&) {
  const std::string from = absl::GetFlag(FLAGS_from);
  if (from.empty()) return UsageError("restore", "--from DIR: required");
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  absl::StatusOr<uint64_t> revision =
      store::RestoreBackup(from, absl::GetFlag(FLAGS_backup_id), data_dir);
  if (!revision.ok()) {
    Fail("restore", revision.status());
    return ExitCodeFor(revision.status());
  }
  std::cout << "restored " << from << " into " << data_dir << " (revision "
            << *revision << ")" << std::endl;
  return kExitOk;
}

}  // namespace docpipe::cli
