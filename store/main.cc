// docpipe-store: the versioned store on its own.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/status.h"
#include "nats/change_mirror.h"
#include "nats/jetstream.h"
#include "store/service/store_service.h"
#include "store/store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "address to serve on");
ABSL_FLAG(std::string, data_dir, "", "RocksDB directory (required)");
ABSL_FLAG(bool, sync, true, "fsync every commit");
ABSL_FLAG(uint64_t, retention_revisions, 0,
          "change-log entries to keep (0 = all)");
ABSL_FLAG(std::string, retention_age, "0",
          "change-log entries older than this are pruned, e.g. 30d, 12h "
          "(0 = keep all)");
ABSL_DECLARE_FLAG(std::string, token_file);  // common/security_flags.cc
ABSL_FLAG(std::string, nats, "",
          "NATS servers (nats://HOST:PORT[,...]): mirror the change stream "
          "into JetStream stream DOCPIPE_CHANGES (docs/distributed.md)");
ABSL_FLAG(int, nats_replicas, 1,
          "replicas of DOCPIPE_CHANGES when it is created");
ABSL_FLAG(absl::Duration, heartbeat, absl::Seconds(5),
          "progress notice interval on idle Subscribe streams");

int main(int argc, char** argv) {
  docpipe::BlockShutdownSignals();
  absl::ParseCommandLine(argc, argv);
  docpipe::store::StoreOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.sync_writes = absl::GetFlag(FLAGS_sync);
  options.retention_revisions = absl::GetFlag(FLAGS_retention_revisions);
  auto age = docpipe::store::ParseRetentionAge(
      absl::GetFlag(FLAGS_retention_age), "--retention_age");
  if (!age.ok()) {
    std::cerr << "docpipe-store: " << docpipe::ErrorText(age.status()) << "\n";
    return 2;
  }
  options.retention_age = *age;
  auto store = docpipe::store::Store::Open(options);
  if (!store.ok()) {
    std::cerr << "docpipe-store: " << docpipe::ErrorText(store.status())
              << "\n";
    return docpipe::ExitCodeFor(store.status());
  }
  auto security = docpipe::ServerSecurityFromFlags();
  if (!security.ok()) {
    std::cerr << "docpipe-store: " << security.status() << "\n";
    return 1;
  }
  docpipe::store::StoreServiceImpl service(
      store->get(),
      {.heartbeat = absl::GetFlag(FLAGS_heartbeat), .auth = security->auth});
  auto running =
      docpipe::StartServer({.listen_address = absl::GetFlag(FLAGS_listen),
                            .services = {&service},
                            .credentials = security->credentials});
  if (!running.ok()) {
    std::cerr << "docpipe-store: " << docpipe::ErrorText(running.status())
              << "\n";
    return docpipe::ExitCodeFor(running.status());
  }
  std::cout << "docpipe-store listening on " << running->address
            << " (revision " << (*store)->current_revision() << ")"
            << std::endl;
  std::unique_ptr<docpipe::nats::ChangeMirror> mirror;
  if (!absl::GetFlag(FLAGS_nats).empty()) {
    absl::StatusOr<std::unique_ptr<docpipe::nats::ChangeMirror>> started =
        absl::InvalidArgumentError(
            "--nats: not supported with --token_file or --tls_cert yet");
    if (security->credentials == nullptr &&
        absl::GetFlag(FLAGS_token_file).empty()) {
      auto servers =
          docpipe::nats::ParseServers(absl::GetFlag(FLAGS_nats), "nats");
      if (!servers.ok()) {
        started = servers.status();
      } else {
        started = docpipe::nats::ChangeMirror::Start(
            {.servers = *servers,
             .store_address = running->address,
             .replicas = absl::GetFlag(FLAGS_nats_replicas)});
      }
    }
    if (!started.ok()) {
      std::cerr << "docpipe-store: " << started.status() << "\n";
      docpipe::ShutdownServer(*running->server, [&] { service.Shutdown(); });
      return 1;
    }
    mirror = *std::move(started);
    std::cout << "docpipe-store nats: mirroring changes to stream "
              << docpipe::nats::kChangesStream << " from revision "
              << mirror->published() + 1 << std::endl;
  }
  docpipe::WaitForShutdownSignal();
  if (mirror != nullptr) mirror->Stop();
  docpipe::ShutdownServer(*running->server, [&] { service.Shutdown(); });
  std::cout << "docpipe-store stopped" << std::endl;
  return 0;
}
