// Streaming many articles through IngestService.IngestStream: shared by
// `docpipe feed` and `docpipe bench`.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_STREAM_INGEST_H_
#define DOCPIPE_CLIENTS_DOCPIPE_STREAM_INGEST_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "docpipe/v1/ingest.grpc.pb.h"

namespace docpipe::cli {

struct IngestTally {
  size_t sent = 0;  // requests written to the stream
  size_t done = 0, created = 0, duplicate = 0, failed = 0;
  uint64_t bytes = 0;  // article bytes sent
  absl::Duration elapsed;
  std::vector<v1::IngestResponse> failures;
  std::vector<std::string> input_errors;  // `make` failures
  absl::Status stream_status;             // how the stream ended
};

// Produces the next request into `*request`; false at the end of input. A
// non-OK `*request` is an input error: counted in the tally, not sent.
using NextRequest =
    std::function<bool(absl::StatusOr<v1::IngestRequest>* request)>;

// Sends the requests `next` produces (the i-th tagged "i") on one
// IngestStream and reads every response. A writer thread calls `next` and
// feeds the stream; Write() blocks when the server stops reading, which is
// the flow control. `progress`, if set, is called after each response from
// the reading thread. A SIGINT/SIGTERM seen by the interrupt watcher
// (interrupt.h) cancels the stream; the tally then counts what was
// acknowledged before.
IngestTally StreamIngest(
    v1::IngestService::Stub& stub, const NextRequest& next,
    absl::Duration deadline,
    const std::function<void(const IngestTally&)>& progress = nullptr);

// The same for `count` requests made by `make(i)`.
IngestTally StreamIngest(
    v1::IngestService::Stub& stub, size_t count,
    const std::function<absl::StatusOr<v1::IngestRequest>(size_t)>& make,
    absl::Duration deadline,
    const std::function<void(const IngestTally&)>& progress = nullptr);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_STREAM_INGEST_H_
