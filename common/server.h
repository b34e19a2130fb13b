// Building and running docpipe gRPC servers the same way everywhere: health
// checking, server reflection, loopback-friendly port selection, and clean
// shutdown on SIGTERM/SIGINT.
#ifndef DOCPIPE_COMMON_SERVER_H_
#define DOCPIPE_COMMON_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace docpipe {

struct ServerConfig {
  // "127.0.0.1:0" picks a free port; the chosen one is in RunningServer.
  std::string listen_address = "127.0.0.1:0";
  // Services to register; not owned, must outlive the server.
  std::vector<grpc::Service*> services;
  // Maximum inbound message size; articles are capped well below this.
  int max_message_bytes = 64 << 20;
  // Server credentials; insecure when null.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

struct RunningServer {
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  // "127.0.0.1:<port>" (the host of listen_address with the bound port).
  std::string address;
};

// Builds and starts a server with the health service (every service marked
// SERVING) and proto reflection. Thread-safe.
absl::StatusOr<RunningServer> StartServer(const ServerConfig& config);

// Blocks SIGINT and SIGTERM in the calling thread and every thread it
// creates afterwards. Call first thing in main(), before any thread starts,
// so WaitForShutdownSignal can receive them synchronously.
void BlockShutdownSignals();

// Waits for SIGINT or SIGTERM (blocked by BlockShutdownSignals) and returns
// the signal number.
int WaitForShutdownSignal();

// Graceful stop: runs `before` (e.g. ending long-lived streams with
// UNAVAILABLE), marks health NOT_SERVING, then shuts the server down with
// `grace` for in-flight calls.
void ShutdownServer(grpc::Server& server, const std::function<void()>& before,
                    absl::Duration grace = absl::Seconds(5));

// A client deadline `timeout` from now, for ClientContext::set_deadline.
std::chrono::system_clock::time_point DeadlineAfter(absl::Duration timeout);

// An insecure channel with docpipe's message size limits.
// Uses the process's default channel credentials (insecure unless
// UseTlsForChannels ran).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

// TLS. Server credentials from PEM files (null, i.e. insecure, when both
// are empty); INVALID_ARGUMENT when only one is given.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsFromFiles(
    const std::string& cert_file, const std::string& key_file);
// Makes MakeChannel use TLS, trusting the CA in `ca_file` (no-op when
// empty). Call once at start, before making channels.
[[nodiscard]] absl::Status UseTlsForChannels(const std::string& ca_file);
void SetDefaultChannelCredentials(
    std::shared_ptr<grpc::ChannelCredentials> creds);

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_SERVER_H_
