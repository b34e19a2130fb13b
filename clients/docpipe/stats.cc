// docpipe stats: StoreService.GetStats, one line for people or one JSON
// object.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "common/server.h"
#include "common/status.h"

namespace docpipe::cli {

std::string FormatStats(const v1::GetStatsResponse& stats) {
  return absl::StrCat("documents ", stats.document_count(), ", revision ",
                      stats.current_revision(), " (oldest kept ",
                      stats.oldest_revision(), "), live SST ",
                      stats.live_sst_bytes(), " bytes (total ",
                      stats.total_sst_bytes(), "), WAL ", stats.wal_bytes(),
                      " bytes, change log ", stats.changelog_bytes(), " bytes");
}

std::string StatsJson(const v1::GetStatsResponse& stats) {
  return absl::StrCat("{\"document_count\": ", stats.document_count(),
                      ", \"current_revision\": ", stats.current_revision(),
                      ", \"oldest_revision\": ", stats.oldest_revision(),
                      ", \"live_sst_bytes\": ", stats.live_sst_bytes(),
                      ", \"total_sst_bytes\": ", stats.total_sst_bytes(),
                      ", \"wal_bytes\": ", stats.wal_bytes(),
                      ", \"changelog_bytes\": ", stats.changelog_bytes(), "}");
}

int RunStats(const std::vector<std::string>&) {
  auto store =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  v1::GetStatsResponse stats;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = store->GetStats(ctx.get(), v1::GetStatsRequest(), &stats);
  if (!st.ok()) return Fail("stats", FromGrpcStatus(st));
  std::cout << (absl::GetFlag(FLAGS_json) ? StatsJson(stats)
                                          : FormatStats(stats))
            << std::endl;
  return kExitOk;
}

}  // namespace docpipe::cli
