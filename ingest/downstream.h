// Where an Ingester sends a validated article: annotation, the dedupe
// lookup and the store. Two implementations: the annotate and store
// services over gRPC (NewGrpcDownstream: deadlines, retries with backoff),
// and, in `docpipe serve`, the engine and store libraries in the same
// process (server/local_downstream.h), which skips two serializations and
// three RPCs per article.
#ifndef DOCPIPE_INGEST_DOWNSTREAM_H_
#define DOCPIPE_INGEST_DOWNSTREAM_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "docpipe/v1/annotate.pb.h"
#include "docpipe/v1/store.pb.h"

namespace docpipe::ingest {

// Each call runs `done` exactly once, on any thread (possibly inline);
// `done` must not block. Implementations are thread-safe. `author` is the
// identity the ingest caller authenticated as.
class Downstream {
 public:
  template <typename T>
  using Done = std::function<void(absl::StatusOr<T>)>;

  virtual ~Downstream() = default;
  virtual void Annotate(v1::AnnotateRequest request, const std::string& author,
                        Done<v1::AnnotateResponse> done) = 0;
  virtual void GetDocument(v1::GetDocumentRequest request,
                           const std::string& author,
                           Done<v1::Document> done) = 0;
  virtual void PutDocument(v1::PutDocumentRequest request,
                           const std::string& author,
                           Done<v1::PutDocumentResponse> done) = 0;
};

// Exponential backoff with full jitter, for UNAVAILABLE and
// DEADLINE_EXCEEDED (every call ingest makes is idempotent: annotate is pure
// and PutDocument is keyed by external_id or content hash).
struct RetryPolicy {
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  double multiplier = 2.0;
  // Attempts per call, the first included.
  int max_attempts = 8;
};

struct GrpcDownstreamOptions {
  RetryPolicy retry;
  // Per-attempt deadlines.
  absl::Duration annotate_timeout = absl::Seconds(30);
  absl::Duration store_timeout = absl::Seconds(10);
  // Bearer token for the calls (empty: none, for loopback-only servers).
  std::string token;
};

// The services over gRPC. The channels must stay usable while any call is
// in flight. `retries`, if set, counts retried attempts.
std::unique_ptr<Downstream> NewGrpcDownstream(
    std::shared_ptr<grpc::ChannelInterface> annotate,
    std::shared_ptr<grpc::ChannelInterface> store,
    GrpcDownstreamOptions options, std::atomic<uint64_t>* retries);

}  // namespace docpipe::ingest

#endif  // DOCPIPE_INGEST_DOWNSTREAM_H_
