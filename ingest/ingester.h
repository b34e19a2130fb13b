// The ingest pipeline for one article: validate and normalize, deduplicate,
// annotate, and store the document with its version 1 in one atomic
// PutDocument. Entirely asynchronous (gRPC callback client API and alarms
// for backoff, or in-process work queues), so thousands of articles can be
// in flight without a thread each.
#ifndef DOCPIPE_INGEST_INGESTER_H_
#define DOCPIPE_INGEST_INGESTER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "docpipe/v1/ingest.pb.h"
#include "ingest/downstream.h"
#include "ingest/validate.h"

namespace docpipe::ingest {

struct IngesterOptions {
  ValidateOptions validate;
  // For the gRPC constructors.
  GrpcDownstreamOptions downstream;
};

// Counters for logs and benchmarks; monotonically increasing.
struct IngestCounters {
  std::atomic<uint64_t> created{0}, duplicate{0}, failed{0}, retries{0};
};

// Thread-safe: Ingest may be called concurrently from any thread. The
// downstream must stay usable while any Ingest is in flight; destroy the
// Ingester only after every `done` has run.
class Ingester {
 public:
  using Done = std::function<void(absl::StatusOr<v1::IngestResponse>)>;

  Ingester(std::shared_ptr<grpc::ChannelInterface> annotate,
           std::shared_ptr<grpc::ChannelInterface> store,
           IngesterOptions options = {});

  // Any downstream, e.g. the engine and store in-process.
  Ingester(std::unique_ptr<Downstream> downstream, IngesterOptions options);

  // Runs the pipeline for `request` and calls `done` exactly once, on a gRPC
  // thread or (for invalid input) inline. Outcomes: CREATED or DUPLICATE as
  // an IngestResponse; errors as a status: INVALID_ARGUMENT naming the field,
  // UNAVAILABLE after retries are exhausted, or the downstream error.
  // `author` is the caller's identity, forwarded to the store.
  void Ingest(v1::IngestRequest request, std::string author, Done done);

  const IngestCounters& counters() const { return counters_; }

 private:
  class Job;

  IngesterOptions options_;
  IngestCounters counters_;
  std::unique_ptr<Downstream> downstream_;
};

}  // namespace docpipe::ingest

#endif  // DOCPIPE_INGEST_INGESTER_H_
