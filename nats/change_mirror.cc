#include "nats/change_mirror.h"

#include <grpcpp/grpcpp.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/identity.h"
#include "common/server.h"
#include "common/status.h"
#include "docpipe/v1/store.grpc.pb.h"
#include "nats/jetstream.h"

namespace docpipe::nats {

struct ChangeMirror::Impl {
  ChangeMirrorOptions options;
  std::unique_ptr<Client> client;
  std::unique_ptr<v1::StoreService::Stub> stub;

  absl::Mutex mu;
  bool stopping ABSL_GUARDED_BY(mu) = false;
  grpc::ClientContext* ctx ABSL_GUARDED_BY(mu) = nullptr;

  bool Stopping() {
    absl::MutexLock l(&mu);
    return stopping;
  }
  // Waits `d` unless Stop comes first; false when stopping.
  bool Wait(absl::Duration d) {
    absl::MutexLock l(&mu);
    mu.AwaitWithTimeout(absl::Condition(&stopping), d);
    return !stopping;
  }

  // The revision of the stream's last message; 0 for an empty stream.
  absl::StatusOr<uint64_t> LastRevision() {
    auto last = client->LastMessage(kChangesStream, kChangesSubject);
    if (absl::IsNotFound(last.status())) return 0;
    if (!last.ok()) return last.status();
    v1::ChangeEvent e;
    if (!e.ParseFromString(*last)) {
      return absl::DataLossError(
          absl::StrCat("nats: the last message of ", kChangesStream,
                       " is not a docpipe.v1.ChangeEvent"));
    }
    return e.revision();
  }

  // Publishes `e` until the stream acknowledges it or Stop.
  bool PublishEvent(const v1::ChangeEvent& e, std::atomic<uint64_t>* pub) {
    const std::string data = e.SerializeAsString();
    const std::string id = absl::StrCat(e.revision());
    absl::Duration backoff = absl::Milliseconds(50);
    while (true) {
      auto ack = client->Publish(kChangesSubject, data, id);
      if (ack.ok()) {
        pub->store(e.revision());
        return true;
      }
      std::cerr << "docpipe nats mirror: revision " << e.revision() << ": "
                << ack.status() << "; retrying\n";
      if (!Wait(backoff)) return false;
      backoff = std::min(backoff * 2, absl::Seconds(2));
    }
  }

  // One pass: resume point from the stream, then follow the store until
  // the stream breaks. Returns how it ended.
  absl::Status Pass(std::atomic<uint64_t>* pub) {
    DOCPIPE_ASSIGN_OR_RETURN(uint64_t last, LastRevision());
    pub->store(last);
    v1::SubscribeRequest req;
    req.set_start_revision(last + 1);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(24));
    AddCallCredentials(&ctx, options.store_token, "");
    {
      absl::MutexLock l(&mu);
      if (stopping) return absl::CancelledError("stopping");
      this->ctx = &ctx;
    }
    auto reader = stub->Subscribe(&ctx, req);
    v1::SubscribeResponse resp;
    bool ok = true;
    while (ok && reader->Read(&resp)) {
      if (!resp.has_event()) continue;
      const v1::ChangeEvent& e = resp.event();
      if (e.revision() <= last) continue;
      if (e.revision() != last + 1) {
        ok = false;  // a gap would break the contract; start over
        break;
      }
      if (!PublishEvent(e, pub)) break;
      last = e.revision();
    }
    {
      absl::MutexLock l(&mu);
      this->ctx = nullptr;
    }
    ctx.TryCancel();
    absl::Status st = FromGrpcStatus(reader->Finish());
    if (!ok) {
      return absl::InternalError(
          absl::StrCat("store stream skipped past revision ", last + 1));
    }
    return st;
  }
};

ChangeMirror::ChangeMirror(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

absl::StatusOr<std::unique_ptr<ChangeMirror>> ChangeMirror::Start(
    const ChangeMirrorOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  DOCPIPE_ASSIGN_OR_RETURN(impl->client, Client::Connect(options.nats));
  DOCPIPE_RETURN_IF_ERROR(
      impl->client->EnsureStream({.name = kChangesStream,
                                  .subjects = {kChangesSubject},
                                  .replicas = options.replicas}));
  impl->stub = v1::StoreService::NewStub(MakeChannel(options.store_address));
  // Reading the resume point now reports a stream that is not ours early.
  DOCPIPE_ASSIGN_OR_RETURN(uint64_t last, impl->LastRevision());
  std::unique_ptr<ChangeMirror> mirror(new ChangeMirror(std::move(impl)));
  mirror->published_.store(last);
  ChangeMirror* m = mirror.get();
  mirror->thread_ = std::thread([m] {
    absl::Duration backoff = absl::Milliseconds(100);
    while (!m->impl_->Stopping()) {
      absl::Status st = m->impl_->Pass(&m->published_);
      if (m->impl_->Stopping()) break;
      std::cerr << "docpipe nats mirror: " << st << "; resuming after revision "
                << m->published_.load() << "\n";
      if (!m->impl_->Wait(backoff)) break;
      backoff = std::min(backoff * 2, absl::Seconds(2));
    }
  });
  return mirror;
}

void ChangeMirror::Stop() {
  {
    absl::MutexLock l(&impl_->mu);
    impl_->stopping = true;
    if (impl_->ctx != nullptr) impl_->ctx->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

ChangeMirror::~ChangeMirror() { Stop(); }

}  // namespace docpipe::nats
