// The gRPC front of the store, on the callback API: unary calls map one to
// one onto Store methods; Subscribe is a write reactor that pulls one event
// at a time from a Store::Subscription, so a stream holds no thread and
// buffers at most the subscription's bounded queue.
#ifndef DOCPIPE_STORE_SERVICE_STORE_SERVICE_H_
#define DOCPIPE_STORE_SERVICE_STORE_SERVICE_H_

#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/identity.h"
#include "docpipe/v1/store.grpc.pb.h"
#include "store/store.h"

namespace docpipe::store {

struct StoreServiceOptions {
  // Idle Subscribe streams get a ProgressNotice this often.
  absl::Duration heartbeat = absl::Seconds(5);
  // Who may call (default: loopback clients only, any identity).
  std::shared_ptr<const Authorizer> auth = Authorizer::LoopbackOnly();
};

// Thread-safe. `store` is not owned and must outlive the service.
class StoreServiceImpl final : public v1::StoreService::CallbackService {
 public:
  explicit StoreServiceImpl(Store* store, StoreServiceOptions options = {});
  ~StoreServiceImpl() override;

  // Ends every open Subscribe stream with UNAVAILABLE (clients resume
  // elsewhere or later) and stops the heartbeat ticker. Call before
  // grpc::Server::Shutdown, which otherwise waits for the streams.
  void Shutdown();

  grpc::ServerUnaryReactor* PutDocument(
      grpc::CallbackServerContext* ctx, const v1::PutDocumentRequest* request,
      v1::PutDocumentResponse* response) override;
  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* ctx,
                                        const v1::GetDocumentRequest* request,
                                        v1::Document* response) override;
  grpc::ServerUnaryReactor* ListDocuments(
      grpc::CallbackServerContext* ctx, const v1::ListDocumentsRequest* request,
      v1::ListDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* GetAnnotations(
      grpc::CallbackServerContext* ctx,
      const v1::GetAnnotationsRequest* request,
      v1::AnnotationSet* response) override;
  grpc::ServerUnaryReactor* ListVersions(
      grpc::CallbackServerContext* ctx, const v1::ListVersionsRequest* request,
      v1::ListVersionsResponse* response) override;
  grpc::ServerUnaryReactor* Commit(grpc::CallbackServerContext* ctx,
                                   const v1::CommitRequest* request,
                                   v1::CommitResponse* response) override;
  grpc::ServerUnaryReactor* Diff(grpc::CallbackServerContext* ctx,
                                 const v1::DiffRequest* request,
                                 v1::DiffResponse* response) override;
  grpc::ServerUnaryReactor* FindMentions(
      grpc::CallbackServerContext* ctx, const v1::FindMentionsRequest* request,
      v1::FindMentionsResponse* response) override;
  grpc::ServerUnaryReactor* FindClaims(
      grpc::CallbackServerContext* ctx, const v1::FindClaimsRequest* request,
      v1::FindClaimsResponse* response) override;
  grpc::ServerUnaryReactor* GetStats(grpc::CallbackServerContext* ctx,
                                     const v1::GetStatsRequest* request,
                                     v1::GetStatsResponse* response) override;
  // On a thread of its own (a backup copies the whole store); admin only.
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* ctx,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;
  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* ctx,
      const v1::SubscribeRequest* request) override;

  struct Stream;  // shared state of one Subscribe call

 private:
  void Tick() ABSL_LOCKS_EXCLUDED(mu_);

  Store* const store_;
  const StoreServiceOptions options_;
  absl::Mutex mu_;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  std::set<std::shared_ptr<Stream>> streams_ ABSL_GUARDED_BY(mu_);
  // One thread for the heartbeats of all streams (not one per stream).
  std::thread ticker_;
  // Threads of the backups started, joined by the destructor.
  std::vector<std::thread> backups_ ABSL_GUARDED_BY(mu_);
};

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_SERVICE_STORE_SERVICE_H_
