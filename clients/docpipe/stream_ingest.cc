#include "clients/docpipe/stream_ingest.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/interrupt.h"
#include "common/status.h"

namespace docpipe::cli {

IngestTally StreamIngest(
    v1::IngestService::Stub& stub, const NextRequest& next,
    absl::Duration deadline,
    const std::function<void(const IngestTally&)>& progress) {
  IngestTally tally;
  auto ctx = MakeContext(deadline);
  CancelOnInterrupt cancel(ctx.get());
  auto stream = stub.IngestStream(ctx.get());
  const absl::Time start = absl::Now();
  absl::Mutex mu;  // guards sent, bytes and input_errors in the writer
  std::thread writer([&] {
    absl::StatusOr<v1::IngestRequest> req;
    for (size_t i = 0; next(&req); ++i) {
      if (!req.ok()) {
        absl::MutexLock l(&mu);
        tally.input_errors.push_back(std::string(req.status().message()));
        continue;
      }
      req->set_request_tag(absl::StrCat(i));
      if (!stream->Write(*req)) break;  // broken; Finish() says why
      absl::MutexLock l(&mu);
      ++tally.sent;
      tally.bytes += req->raw_text().size() + req->document().text().size();
    }
    stream->WritesDone();
  });
  v1::IngestResponse resp;
  while (stream->Read(&resp)) {
    ++tally.done;
    switch (resp.outcome()) {
      case v1::INGEST_OUTCOME_CREATED:
        ++tally.created;
        break;
      case v1::INGEST_OUTCOME_DUPLICATE:
        ++tally.duplicate;
        break;
      default:
        ++tally.failed;
        tally.failures.push_back(resp);
    }
    if (progress) {
      tally.elapsed = absl::Now() - start;
      progress(tally);
    }
  }
  writer.join();
  tally.stream_status = FromGrpcStatus(stream->Finish());
  tally.elapsed = absl::Now() - start;
  return tally;
}

IngestTally StreamIngest(
    v1::IngestService::Stub& stub, size_t count,
    const std::function<absl::StatusOr<v1::IngestRequest>(size_t)>& make,
    absl::Duration deadline,
    const std::function<void(const IngestTally&)>& progress) {
  size_t i = 0;
  return StreamIngest(
      stub,
      [&](absl::StatusOr<v1::IngestRequest>* req) {
        if (i == count) return false;
        *req = make(i++);
        return true;
      },
      deadline, progress);
}

}  // namespace docpipe::cli
