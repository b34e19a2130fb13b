#include "ingest/service/ingest_service.h"

#include <deque>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/identity.h"
#include "common/status.h"

namespace docpipe::ingest {
namespace {

// One IngestStream. Reads up to `max_in_flight` requests ahead, runs each
// through the Ingester, and writes responses in completion order, one write
// outstanding at a time. Deletes itself once gRPC is done with it (OnDone)
// and no ingest callback can still reach it.
//
// State changes under mu_; the gRPC operations they call for (StartRead,
// StartWrite, Finish) are collected as Next and started after mu_ is
// released, since gRPC may run a reaction inline inside a Start* call.
class StreamReactor final
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  StreamReactor(Ingester* ingester, std::string author, size_t max_in_flight)
      : ingester_(ingester),
        author_(std::move(author)),
        max_in_flight_(max_in_flight) {
    {
      absl::MutexLock lock(&mu_);
      reading_ = true;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    v1::IngestRequest request;
    Next next;
    {
      absl::MutexLock lock(&mu_);
      reading_ = false;
      if (!ok) {
        reads_done_ = true;
        MaybeFinish(&next);
      } else {
        request = std::move(request_);
        ++in_flight_;
        MaybeRead(&next);
      }
    }
    const bool got = ok;
    Run(next);  // may delete this when it finishes the stream
    if (!got) return;
    // `this` is alive: the request just counted in in_flight_ keeps it.
    std::string tag = request.request_tag();
    ingester_->Ingest(
        std::move(request), author_,
        [this, tag = std::move(tag)](absl::StatusOr<v1::IngestResponse> r) {
          v1::IngestResponse response;
          if (r.ok()) {
            response = *std::move(r);
          } else {
            response.set_request_tag(tag);
            response.set_outcome(v1::INGEST_OUTCOME_FAILED);
            response.set_error_code(static_cast<int>(r.status().code()));
            response.set_error_message(std::string(r.status().message()));
          }
          OnResult(std::move(response));
        });
  }

  void OnWriteDone(bool ok) override {
    Next next;
    {
      absl::MutexLock lock(&mu_);
      outbox_.pop_front();
      if (!ok) broken_ = true;  // client gone; drop what is left
      if (broken_) outbox_.clear();
      if (!outbox_.empty()) {
        next.write = &outbox_.front();
      } else {
        writing_ = false;
      }
      MaybeFinish(&next);
    }
    Run(next);
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    broken_ = true;
  }

  void OnDone() override {
    bool last;
    {
      absl::MutexLock lock(&mu_);
      done_ = true;
      last = in_flight_ == 0;
    }
    if (last) delete this;
  }

 private:
  // The gRPC operations a state change calls for, started by Run.
  struct Next {
    bool read = false;
    const v1::IngestResponse* write = nullptr;  // stable: a deque element
    bool finish = false;
    grpc::Status status;
  };

  // Starts what `next` names, in order. Finish comes last: after it, gRPC
  // may call OnDone (and delete this) at any time.
  void Run(const Next& next) ABSL_LOCKS_EXCLUDED(mu_) {
    if (next.read) StartRead(&request_);
    if (next.write != nullptr) StartWrite(next.write);
    if (next.finish) Finish(next.status);
  }

  void OnResult(v1::IngestResponse response) ABSL_LOCKS_EXCLUDED(mu_) {
    bool last;
    Next next;
    {
      absl::MutexLock lock(&mu_);
      --in_flight_;
      if (!broken_ && !finished_) {
        outbox_.push_back(std::move(response));
        if (!writing_) {
          writing_ = true;
          next.write = &outbox_.front();
        }
        MaybeRead(&next);
      }
      MaybeFinish(&next);
      last = done_ && in_flight_ == 0;
    }
    if (last) {
      delete this;
      return;
    }
    Run(next);
  }

  void MaybeRead(Next* next) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!reading_ && !reads_done_ && !broken_ && in_flight_ < max_in_flight_) {
      reading_ = true;
      next->read = true;
    }
  }

  void MaybeFinish(Next* next) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || writing_) return;
    if (broken_ || (reads_done_ && in_flight_ == 0)) {
      finished_ = true;
      next->finish = true;
      next->status = broken_ ? grpc::Status::CANCELLED : grpc::Status::OK;
    }
  }

  Ingester* const ingester_;
  const std::string author_;
  const size_t max_in_flight_;

  absl::Mutex mu_;
  // Target of the outstanding read: written by gRPC between StartRead and
  // OnReadDone, when reading_ keeps everyone else off it.
  v1::IngestRequest request_;
  std::deque<v1::IngestResponse> outbox_
      ABSL_GUARDED_BY(mu_);  // front is being written
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool broken_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

// Ends a stream at once: the caller may not ingest.
class RejectStream final
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  explicit RejectStream(const absl::Status& status) {
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

}  // namespace

IngestServiceImpl::IngestServiceImpl(Ingester* ingester,
                                     IngestServiceOptions options)
    : ingester_(ingester), options_(options) {}

grpc::ServerUnaryReactor* IngestServiceImpl::Ingest(
    grpc::CallbackServerContext* context, const v1::IngestRequest* request,
    v1::IngestResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto who = options_.auth->Authorize(*context, Permission::kIngest);
  if (!who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  ingester_->Ingest(*request, *who,
                    [reactor, response](absl::StatusOr<v1::IngestResponse> r) {
                      if (!r.ok()) {
                        reactor->Finish(ToGrpcStatus(r.status()));
                        return;
                      }
                      *response = *std::move(r);
                      reactor->Finish(grpc::Status::OK);
                    });
  return reactor;
}

grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>*
IngestServiceImpl::IngestStream(grpc::CallbackServerContext* context) {
  auto who = options_.auth->Authorize(*context, Permission::kIngest);
  if (!who.ok()) return new RejectStream(who.status());
  return new StreamReactor(ingester_, *who, options_.max_in_flight_per_stream);
}

}  // namespace docpipe::ingest
