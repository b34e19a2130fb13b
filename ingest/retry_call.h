// An asynchronous unary call with per-attempt deadlines and retries with
// backoff, on the gRPC callback client API. Internal to ingest.
#ifndef DOCPIPE_INGEST_RETRY_CALL_H_
#define DOCPIPE_INGEST_RETRY_CALL_H_

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/identity.h"
#include "common/server.h"
#include "common/status.h"
#include "ingest/downstream.h"

namespace docpipe::ingest {

// `start(context, request, response, callback)` issues one attempt, e.g.
//   [stub](auto* c, auto* q, auto* r, auto cb) {
//     stub->async()->Annotate(c, q, r, std::move(cb)); }
// `done(status, response)` runs once, after the last attempt. Retries only
// UNAVAILABLE and DEADLINE_EXCEEDED. The object owns itself.
template <typename Request, typename Response>
class RetryCall {
 public:
  using Start =
      std::function<void(grpc::ClientContext*, const Request*, Response*,
                         std::function<void(grpc::Status)>)>;
  using Done = std::function<void(absl::Status, Response&)>;

  static void Run(std::string what, Start start, Request request,
                  absl::Duration timeout, std::string author, std::string token,
                  const RetryPolicy& policy, std::atomic<uint64_t>* retries,
                  Done done) {
    auto* call = new RetryCall(
        std::move(what), std::move(start), std::move(request), timeout,
        std::move(author), std::move(token), policy, retries, std::move(done));
    call->Attempt();
  }

 private:
  RetryCall(std::string what, Start start, Request request,
            absl::Duration timeout, std::string author, std::string token,
            const RetryPolicy& policy, std::atomic<uint64_t>* retries,
            Done done)
      : what_(std::move(what)),
        start_(std::move(start)),
        request_(std::move(request)),
        timeout_(timeout),
        author_(std::move(author)),
        token_(std::move(token)),
        policy_(policy),
        retries_(retries),
        done_(std::move(done)),
        backoff_(policy.initial_backoff) {}

  void Attempt() {
    ++attempt_;
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(DeadlineAfter(timeout_));
    AddCallCredentials(context_.get(), token_, author_);
    response_.Clear();
    start_(context_.get(), &request_, &response_,
           [this](grpc::Status status) { OnDone(std::move(status)); });
  }

  void OnDone(grpc::Status grpc_status) {
    absl::Status status = FromGrpcStatus(grpc_status);
    const bool retryable =
        absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
    if (!retryable || attempt_ >= policy_.max_attempts) {
      if (!status.ok()) {
        status = absl::Status(
            status.code(),
            absl::StrCat(what_,
                         retryable
                             ? absl::StrCat(" (after ", attempt_, " attempts)")
                             : "",
                         ": ", status.message()));
      }
      done_(status, response_);
      delete this;
      return;
    }
    if (retries_) retries_->fetch_add(1, std::memory_order_relaxed);
    // Full jitter keeps a fleet of ingesters from retrying in lockstep.
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    absl::Duration wait = backoff_ * jitter(rng);
    backoff_ = std::min(backoff_ * policy_.multiplier, policy_.max_backoff);
    alarm_.Set(DeadlineAfter(wait), [this](bool) { Attempt(); });
  }

  const std::string what_;
  const Start start_;
  const Request request_;
  const absl::Duration timeout_;
  const std::string author_;
  const std::string token_;
  const RetryPolicy policy_;
  std::atomic<uint64_t>* const retries_;
  const Done done_;
  absl::Duration backoff_;
  int attempt_ = 0;
  std::unique_ptr<grpc::ClientContext> context_;
  Response response_;
  grpc::Alarm alarm_;
};

}  // namespace docpipe::ingest

#endif  // DOCPIPE_INGEST_RETRY_CALL_H_
