#include "ingest/service/ingest_service.h"

#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "common/identity.h"
#include "common/status.h"

namespace docpipe::ingest {
namespace {

// One IngestStream. Reads up to `max_in_flight` requests ahead, runs each
// through the Ingester, and writes responses in completion order, one write
// outstanding at a time. Deletes itself once gRPC is done with it (OnDone)
// and no ingest callback can still reach it.
class StreamReactor final
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  StreamReactor(Ingester* ingester, std::string author, size_t max_in_flight)
      : ingester_(ingester),
        author_(std::move(author)),
        max_in_flight_(max_in_flight) {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    reading_ = true;
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    v1::IngestRequest request;
    {
      std::lock_guard<std::recursive_mutex> lock(mu_);
      reading_ = false;
      if (!ok) {
        reads_done_ = true;
        MaybeFinishLocked();
        return;
      }
      request = std::move(request_);
      ++in_flight_;
      MaybeReadLocked();
    }
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
    std::lock_guard<std::recursive_mutex> lock(mu_);
    outbox_.pop_front();
    if (!ok) broken_ = true;  // client gone; drop what is left
    if (broken_) outbox_.clear();
    if (!outbox_.empty()) {
      StartWrite(&outbox_.front());
    } else {
      writing_ = false;
    }
    MaybeFinishLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    broken_ = true;
  }

  void OnDone() override {
    bool last;
    {
      std::lock_guard<std::recursive_mutex> lock(mu_);
      done_ = true;
      last = in_flight_ == 0;
    }
    if (last) delete this;
  }

 private:
  void OnResult(v1::IngestResponse response) {
    bool last;
    {
      std::lock_guard<std::recursive_mutex> lock(mu_);
      --in_flight_;
      if (!broken_ && !finished_) {
        outbox_.push_back(std::move(response));
        if (!writing_) {
          writing_ = true;
          StartWrite(&outbox_.front());
        }
        MaybeReadLocked();
      }
      MaybeFinishLocked();
      last = done_ && in_flight_ == 0;
    }
    if (last) delete this;
  }

  void MaybeReadLocked() {
    if (!reading_ && !reads_done_ && !broken_ && in_flight_ < max_in_flight_) {
      reading_ = true;
      StartRead(&request_);
    }
  }

  void MaybeFinishLocked() {
    if (finished_ || writing_) return;
    if (broken_ || (reads_done_ && in_flight_ == 0)) {
      finished_ = true;
      Finish(broken_ ? grpc::Status::CANCELLED : grpc::Status::OK);
    }
  }

  Ingester* const ingester_;
  const std::string author_;
  const size_t max_in_flight_;

  // Recursive in case gRPC runs a reaction inline inside a Start* call.
  std::recursive_mutex mu_;
  v1::IngestRequest request_;              // target of the outstanding read
  std::deque<v1::IngestResponse> outbox_;  // front is being written
  size_t in_flight_ = 0;
  bool reading_ = false, reads_done_ = false, writing_ = false;
  bool broken_ = false, finished_ = false, done_ = false;
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
