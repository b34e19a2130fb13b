#include "store/service/store_service.h"

#include <utility>

#include "common/identity.h"
#include "common/status.h"

namespace docpipe::store {
namespace {

// Runs a synchronous Store call and finishes the unary reactor with its
// result. Store calls are short (point reads, one synced WriteBatch).
// Every call is authorized first (common/identity.h).
template <typename Response, typename Fn>
grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* ctx,
                                Response* response, const Authorizer& auth,
                                Fn&& fn) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (auto who = auth.Authorize(*ctx, Permission::kRead); !who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  absl::StatusOr<Response> result = fn();
  if (result.ok()) {
    *response = *std::move(result);
    reactor->Finish(grpc::Status::OK);
  } else {
    reactor->Finish(ToGrpcStatus(result.status()));
  }
  return reactor;
}

// The same for an asynchronous write: the reactor finishes from the store's
// sync thread once the write is durable, so no gRPC thread waits on disk.
template <typename Response, typename Fn>
grpc::ServerUnaryReactor* AsyncUnary(grpc::CallbackServerContext* ctx,
                                     Response* response, const Authorizer& auth,
                                     Permission permission, Fn&& start) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<std::string> who = auth.Authorize(*ctx, permission);
  if (!who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  start(*who, [reactor, response](absl::StatusOr<Response> result) {
    if (result.ok()) {
      *response = *std::move(result);
      reactor->Finish(grpc::Status::OK);
    } else {
      reactor->Finish(ToGrpcStatus(result.status()));
    }
  });
  return reactor;
}

class SubscribeReactor;

}  // namespace

// Shared by the reactor, the store's on_ready callback and the ticker; the
// mutex guards `reactor`, which is null once gRPC is done with the call,
// and the reactor's write state. The subscription's on_ready takes it, so
// nobody calls Subscription::Close while holding it.
struct StoreServiceImpl::Stream {
  absl::Mutex mu;
  SubscribeReactor* reactor ABSL_GUARDED_BY(mu) = nullptr;
  std::shared_ptr<Subscription> subscription ABSL_GUARDED_BY(mu);

  // Pumps the reactor, if gRPC still has it.
  void Pump() ABSL_LOCKS_EXCLUDED(mu);
};

namespace {

class SubscribeReactor final
    : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
 public:
  SubscribeReactor(std::shared_ptr<StoreServiceImpl::Stream> stream,
                   std::function<void()> on_done)
      : stream_(std::move(stream)), on_done_(std::move(on_done)) {}

  // Writes the next event if no write is in flight. Caller holds stream mu.
  void PumpLocked() {
    stream_->mu.AssertHeld();
    if (writing_ || finished_) return;
    v1::ChangeEvent event;
    absl::Status status;
    switch (stream_->subscription->Next(&event, &status)) {
      case Subscription::Poll::kEvent:
        response_.Clear();
        *response_.mutable_event() = std::move(event);
        writing_ = true;
        idle_ticks_ = 0;
        StartWrite(&response_);
        return;
      case Subscription::Poll::kEnded:
        FinishLocked(ToGrpcStatus(status));
        return;
      case Subscription::Poll::kEmpty:
        return;
    }
  }

  // Called by the ticker: a progress notice if the stream was idle a whole
  // heartbeat interval. Caller holds stream mu.
  void HeartbeatLocked() {
    stream_->mu.AssertHeld();
    if (writing_ || finished_) return;
    if (++idle_ticks_ < 2) return;  // wrote something within the interval
    PumpLocked();
    if (writing_ || finished_) return;
    response_.Clear();
    response_.mutable_progress()->set_revision(
        stream_->subscription->progress_revision());
    writing_ = true;
    idle_ticks_ = 1;
    StartWrite(&response_);
  }

  void FinishLocked(const grpc::Status& status) {
    stream_->mu.AssertHeld();
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&stream_->mu);
    writing_ = false;
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "write failed"));
      return;
    }
    PumpLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&stream_->mu);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    std::shared_ptr<Subscription> subscription;
    {
      absl::MutexLock lock(&stream_->mu);
      stream_->reactor = nullptr;
      subscription = stream_->subscription;
    }
    // Close calls on_ready, which takes the stream's mutex.
    if (subscription) subscription->Close(absl::CancelledError("stream done"));
    on_done_();
    delete this;
  }

 private:
  const std::shared_ptr<StoreServiceImpl::Stream> stream_;
  const std::function<void()> on_done_;
  v1::SubscribeResponse response_ ABSL_GUARDED_BY(stream_->mu);
  bool writing_ ABSL_GUARDED_BY(stream_->mu) = false;
  bool finished_ ABSL_GUARDED_BY(stream_->mu) = false;
  int idle_ticks_ ABSL_GUARDED_BY(stream_->mu) = 0;
};

}  // namespace

void StoreServiceImpl::Stream::Pump() {
  absl::MutexLock lock(&mu);
  if (reactor) reactor->PumpLocked();
}

StoreServiceImpl::StoreServiceImpl(Store* store, StoreServiceOptions options)
    : store_(store), options_(options), ticker_([this] { Tick(); }) {}

StoreServiceImpl::~StoreServiceImpl() {
  Shutdown();
  if (ticker_.joinable()) ticker_.join();
  std::vector<std::thread> backups;
  {
    absl::MutexLock lock(&mu_);
    backups.swap(backups_);
  }
  for (std::thread& t : backups) t.join();
}

void StoreServiceImpl::Tick() {
  // Heartbeats fire every half interval; a stream idle for two ticks in a
  // row gets a notice, so idle streams hear from us at least every interval.
  const absl::Duration period = options_.heartbeat / 2;
  for (;;) {
    std::vector<std::shared_ptr<Stream>> streams;
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&shutting_down_), period)) {
        return;
      }
      streams.assign(streams_.begin(), streams_.end());
    }
    for (auto& s : streams) {
      absl::MutexLock stream_lock(&s->mu);
      if (s->reactor) s->reactor->HeartbeatLocked();
    }
  }
}

void StoreServiceImpl::Shutdown() {
  std::vector<std::shared_ptr<Stream>> streams;
  {
    absl::MutexLock lock(&mu_);  // wakes the ticker on release
    if (shutting_down_) return;
    shutting_down_ = true;
    streams.assign(streams_.begin(), streams_.end());
  }
  for (auto& s : streams) {
    std::shared_ptr<Subscription> subscription;
    {
      absl::MutexLock lock(&s->mu);
      subscription = s->subscription;
    }
    subscription->Close(
        absl::UnavailableError("store shutting down; resume from the last "
                               "revision seen + 1"));
  }
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* StoreServiceImpl::Subscribe(
    grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* request) {
  auto stream = std::make_shared<Stream>();
  std::weak_ptr<Stream> weak = stream;
  absl::StatusOr<std::shared_ptr<Subscription>> subscription =
      absl::UnknownError("not subscribed");
  if (auto who = options_.auth->Authorize(*ctx, Permission::kRead); !who.ok()) {
    subscription = who.status();
  } else {
    subscription = store_->Subscribe(*request, [weak] {
      if (auto s = weak.lock()) s->Pump();
    });
  }
  auto* reactor = new SubscribeReactor(stream, [this, stream] {
    absl::MutexLock lock(&mu_);
    streams_.erase(stream);
  });
  if (!subscription.ok()) {
    absl::MutexLock lock(&stream->mu);
    reactor->FinishLocked(ToGrpcStatus(subscription.status()));
    return reactor;
  }
  {
    absl::MutexLock lock(&stream->mu);
    stream->subscription = *subscription;
    stream->reactor = reactor;
  }
  bool shutting_down;
  {
    absl::MutexLock service_lock(&mu_);
    shutting_down = shutting_down_;
    streams_.insert(stream);
  }
  // Outside the stream's mutex: Close calls on_ready, which pumps.
  if (shutting_down) {
    (*subscription)->Close(absl::UnavailableError("store shutting down"));
  }
  stream->Pump();
  return reactor;
}

grpc::ServerUnaryReactor* StoreServiceImpl::PutDocument(
    grpc::CallbackServerContext* ctx, const v1::PutDocumentRequest* request,
    v1::PutDocumentResponse* response) {
  return AsyncUnary(ctx, response, *options_.auth, Permission::kIngest,
                    [&](const std::string& who, Store::PutDone done) {
                      store_->PutDocumentAsync(*request, who, std::move(done));
                    });
}

grpc::ServerUnaryReactor* StoreServiceImpl::GetDocument(
    grpc::CallbackServerContext* ctx, const v1::GetDocumentRequest* request,
    v1::Document* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->GetDocument(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::ListDocuments(
    grpc::CallbackServerContext* ctx, const v1::ListDocumentsRequest* request,
    v1::ListDocumentsResponse* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->ListDocuments(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::GetAnnotations(
    grpc::CallbackServerContext* ctx, const v1::GetAnnotationsRequest* request,
    v1::AnnotationSet* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->GetAnnotations(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::ListVersions(
    grpc::CallbackServerContext* ctx, const v1::ListVersionsRequest* request,
    v1::ListVersionsResponse* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->ListVersions(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::Commit(
    grpc::CallbackServerContext* ctx, const v1::CommitRequest* request,
    v1::CommitResponse* response) {
  return AsyncUnary(ctx, response, *options_.auth, Permission::kCorrect,
                    [&](const std::string& who, Store::CommitDone done) {
                      store_->CommitAsync(*request, who, std::move(done));
                    });
}

grpc::ServerUnaryReactor* StoreServiceImpl::Diff(
    grpc::CallbackServerContext* ctx, const v1::DiffRequest* request,
    v1::DiffResponse* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->Diff(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::FindMentions(
    grpc::CallbackServerContext* ctx, const v1::FindMentionsRequest* request,
    v1::FindMentionsResponse* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->FindMentions(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::FindClaims(
    grpc::CallbackServerContext* ctx, const v1::FindClaimsRequest* request,
    v1::FindClaimsResponse* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->FindClaims(*request); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::GetStats(
    grpc::CallbackServerContext* ctx, const v1::GetStatsRequest* /*request*/,
    v1::GetStatsResponse* response) {
  return Unary(ctx, response, *options_.auth,
               [&] { return store_->GetStats(); });
}

grpc::ServerUnaryReactor* StoreServiceImpl::Backup(
    grpc::CallbackServerContext* ctx, const v1::BackupRequest* request,
    v1::BackupResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (auto who = options_.auth->Authorize(*ctx, Permission::kAdminister);
      !who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  absl::MutexLock lock(&mu_);
  backups_.emplace_back([this, reactor, request, response] {
    absl::StatusOr<v1::BackupResponse> result = store_->Backup(*request);
    if (result.ok()) {
      *response = *std::move(result);
      reactor->Finish(grpc::Status::OK);
    } else {
      reactor->Finish(ToGrpcStatus(result.status()));
    }
  });
  return reactor;
}

}  // namespace docpipe::store
