// docpipe serve: the embedded default, every service on one port.
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/nats_cmds.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/status.h"
#include "server/pipeline.h"
#include "store/store.h"
#include "workbench/workbench.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50050",
          "serve: address to listen on (port 0 picks a free one)");
ABSL_FLAG(std::string, data_dir, "data/store",
          "serve: RocksDB directory (created if missing)");
ABSL_FLAG(bool, sync, true,
          "serve: fsync each commit (acknowledged = survives power loss)");
ABSL_FLAG(std::string, http_listen, "",
          "serve: address of the workbench (HTTP/JSON API and page); empty: "
          "the gRPC host, port + 1 (a free one when --listen has port 0); "
          "\"off\" serves none");
ABSL_FLAG(absl::Duration, http_heartbeat, absl::Seconds(15),
          "serve: heartbeat interval of idle workbench change streams");
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_FLAG(uint64_t, retention_revisions, 0,
          "serve: change-log entries kept; older ones are pruned and "
          "subscribing from them is OUT_OF_RANGE (0 = keep all)");

ABSL_FLAG(std::string, retention_age, "0",
          "serve: change-log entries older than this are pruned, e.g. 30d, "
          "12h (0 = keep all)");

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
  auto age = store::ParseRetentionAge(absl::GetFlag(FLAGS_retention_age),
                                      "--retention_age");
  if (!age.ok()) return UsageError("serve", age.status().message());
  options.retention_age = *age;
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
  std::unique_ptr<workbench::Workbench> bench;
  if (absl::GetFlag(FLAGS_http_listen) != "off") {
    workbench::WorkbenchOptions wb;
    wb.listen_address = absl::GetFlag(FLAGS_http_listen);
    if (wb.listen_address.empty()) {
      // Beside the gRPC port: port + 1, or a free one for port 0.
      const std::string& grpc = (*pipeline)->address();
      const size_t colon = grpc.rfind(':');
      int port = 0;
      const bool any = absl::EndsWith(absl::GetFlag(FLAGS_listen), ":0") ||
                       !absl::SimpleAtoi(grpc.substr(colon + 1), &port);
      wb.listen_address =
          absl::StrCat(grpc.substr(0, colon), ":", any ? 0 : port + 1);
    }
    wb.store = (*pipeline)->store();
    wb.auth = security->auth;
    wb.tls_cert = absl::GetFlag(FLAGS_tls_cert);
    wb.tls_key = absl::GetFlag(FLAGS_tls_key);
    wb.heartbeat = absl::GetFlag(FLAGS_http_heartbeat);
    auto started = workbench::Workbench::Start(wb);
    if (!started.ok()) {
      Fail("serve", started.status());
      return ExitCodeFor(started.status());
    }
    bench = *std::move(started);
    // Scripts wait for this line to learn the workbench's address.
    std::cout << "docpipe workbench on " << bench->url() << std::endl;
  }
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
  if (bench) bench->Shutdown();
  (*pipeline)->Shutdown();
  return 0;
}

}  // namespace docpipe::cli
