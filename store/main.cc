// docpipe-store: the versioned store on its own.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/status.h"
#include "nats/flags.h"
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
  if (docpipe::nats::NatsEnabled()) {
    // The mirror reads this store as a client: --token and --tls_ca when
    // the store asks for them.
    absl::StatusOr<std::string> token = docpipe::ClientSecurityFromFlags();
    absl::StatusOr<std::unique_ptr<docpipe::nats::ChangeMirror>> started =
        token.ok()
            ? docpipe::nats::StartMirrorFromFlags(running->address, *token)
            : token.status();
    if (!started.ok()) {
      std::cerr << "docpipe-store: " << docpipe::ErrorText(started.status())
                << "\n";
      docpipe::ShutdownServer(*running->server, [&] { service.Shutdown(); });
      return docpipe::ExitCodeFor(started.status());
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
