// The whole pipeline in one process: store (embedded RocksDB), annotate and
// ingest registered on one gRPC server and port. Ingest calls the engine and
// the store as libraries (ingest::Downstream), not through RPCs; the
// services' gRPC fronts on the same port serve every other client. Used by
// `docpipe serve` and `docpipe bench`.
#ifndef DOCPIPE_SERVER_PIPELINE_H_
#define DOCPIPE_SERVER_PIPELINE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/identity.h"
#include "docpipe/v1/store.pb.h"

namespace docpipe::store {
class Store;
}  // namespace docpipe::store

namespace docpipe::server {

struct PipelineOptions {
  std::string listen_address = "127.0.0.1:50050";
  std::string data_dir = "data/store";
  // fsync every commit (durable across kill -9 and power loss).
  bool sync_writes = true;
  // Change-log entries kept (StoreOptions::retention_revisions); 0 keeps
  // all.
  uint64_t retention_revisions = 0;
  // Change-log entries older than this are pruned
  // (StoreOptions::retention_age); zero keeps them.
  absl::Duration retention_age = absl::ZeroDuration();
  // Layers ingest runs, as for `--layers` ("" = all).
  std::string layers;
  // Who may call (default: loopback clients only) and TLS (null: none).
  std::shared_ptr<const Authorizer> auth = Authorizer::LoopbackOnly();
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Annotation worker threads; 0 = one per core.
  int annotate_threads = 0;
};

// Thread-safe after Start; Shutdown is idempotent and also runs on
// destruction.
class Pipeline {
 public:
  static absl::StatusOr<std::unique_ptr<Pipeline>> Start(
      const PipelineOptions& options);
  ~Pipeline();

  // "127.0.0.1:<port>".
  const std::string& address() const;
  // The store the services share (for an in-process front such as the
  // workbench); valid until the Pipeline is destroyed.
  store::Store* store() const;
  // The store's figures (StoreService.GetStats).
  absl::StatusOr<v1::GetStatsResponse> Stats() const;
  // Ends subscriptions with UNAVAILABLE, then stops the server.
  void Shutdown();

  struct Impl;

 private:
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docpipe::server

#endif  // DOCPIPE_SERVER_PIPELINE_H_
