// docpipe serve: the embedded default, every service on one port.
#include <iostream>

#include "absl/flags/flag.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/nats_cmds.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/status.h"
#include "server/pipeline.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50050",
          "serve: address to listen on (port 0 picks a free one)");
ABSL_FLAG(std::string, data_dir, "data/store",
          "serve: RocksDB directory (created if missing)");
ABSL_FLAG(bool, sync, true,
          "serve: fsync each commit (acknowledged = survives power loss)");
ABSL_FLAG(uint64_t, retention_revisions, 0,
          "serve: change-log entries kept; older ones are pruned and "
          "subscribing from them is OUT_OF_RANGE (0 = keep all)");

namespace docpipe::cli {

int RunServe(const std::vector<std::string>& args) {
  if (!args.empty()) {
    return Fail("serve", absl::InvalidArgumentError(
                             "serve takes no positional arguments"));
  }
  server::PipelineOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.sync_writes = absl::GetFlag(FLAGS_sync);
  options.retention_revisions = absl::GetFlag(FLAGS_retention_revisions);
  auto security = ServerSecurityFromFlags();
  if (!security.ok()) return Fail("serve", security.status());
  options.auth = security->auth;
  options.credentials = security->credentials;
  auto pipeline = server::Pipeline::Start(options);
  if (!pipeline.ok()) {
    Fail("serve", pipeline.status());
    return ExitCodeFor(pipeline.status());
  }
  // Tests and scripts wait for this exact line to learn the port.
  std::cout << "docpipe listening on " << (*pipeline)->address() << " (data in "
            << options.data_dir << ")" << std::endl;
  auto stats = (*pipeline)->Stats();
  if (stats.ok()) {
    std::cout << "docpipe store: " << FormatStats(*stats) << std::endl;
  } else {
    std::cerr << "docpipe serve: stats: " << stats.status() << std::endl;
  }
  // --nats: the change stream mirrored into JetStream (null without it).
  auto mirror = StartMirrorFromFlags((*pipeline)->address());
  if (!mirror.ok()) {
    (*pipeline)->Shutdown();
    return Fail("serve", mirror.status());
  }
  if (*mirror != nullptr) {
    std::cout << "docpipe nats: mirroring changes to stream "
              << nats::kChangesStream << " from revision "
              << (*mirror)->published() + 1 << std::endl;
  }
  int sig = WaitForShutdownSignal();
  std::cout << "docpipe: signal " << sig << ", shutting down" << std::endl;
  if (*mirror != nullptr) (*mirror)->Stop();
  (*pipeline)->Shutdown();
  return 0;
}

}  // namespace docpipe::cli
