// The ingest pipeline for one article: validate and normalize, deduplicate,
// annotate, and store the document with its version 1 in one atomic
// PutDocument. Entirely asynchronous (gRPC callback client API and alarms
// for backoff), so thousands of articles can be in flight without a thread
// each.
#ifndef DOCPIPE_INGEST_INGESTER_H_
#define DOCPIPE_INGEST_INGESTER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "docpipe/v1/annotate.grpc.pb.h"
#include "docpipe/v1/ingest.pb.h"
#include "docpipe/v1/store.grpc.pb.h"
#include "ingest/validate.h"

namespace docpipe::ingest {

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

struct IngesterOptions {
  ValidateOptions validate;
  RetryPolicy retry;
  // Per-attempt deadlines.
  absl::Duration annotate_timeout = absl::Seconds(30);
  absl::Duration store_timeout = absl::Seconds(10);
};

// Counters for logs and benchmarks; monotonically increasing.
struct IngestCounters {
  std::atomic<uint64_t> created{0}, duplicate{0}, failed{0}, retries{0};
};

// Thread-safe: Ingest may be called concurrently from any thread. The
// channels must stay usable while any Ingest is in flight; destroy the
// Ingester only after every `done` has run.
class Ingester {
 public:
  using Done = std::function<void(absl::StatusOr<v1::IngestResponse>)>;

  Ingester(std::shared_ptr<grpc::ChannelInterface> annotate,
           std::shared_ptr<grpc::ChannelInterface> store,
           IngesterOptions options = {});

  // Two-phase form for `docpipe serve`, where annotate and store live on the
  // same server as ingest and their in-process channel exists only once
  // that server runs: construct, register, start, then Connect. Until
  // Connect, Ingest answers UNAVAILABLE (retryable). Connect at most once.
  explicit Ingester(IngesterOptions options);
  void Connect(std::shared_ptr<grpc::ChannelInterface> annotate,
               std::shared_ptr<grpc::ChannelInterface> store);

  // Runs the pipeline for `request` and calls `done` exactly once, on a gRPC
  // thread or (for invalid input) inline. Outcomes: CREATED or DUPLICATE as
  // an IngestResponse; errors as a status: INVALID_ARGUMENT naming the field,
  // UNAVAILABLE after retries are exhausted, or the downstream error.
  // `author` is the caller's identity, forwarded to the store.
  void Ingest(v1::IngestRequest request, std::string author, Done done);

  const IngestCounters& counters() const { return counters_; }

 private:
  class Job;

  std::unique_ptr<v1::AnnotateService::Stub> annotate_;
  std::unique_ptr<v1::StoreService::Stub> store_;
  std::atomic<bool> connected_{false};
  IngesterOptions options_;
  IngestCounters counters_;
};

}  // namespace docpipe::ingest

#endif  // DOCPIPE_INGEST_INGESTER_H_
