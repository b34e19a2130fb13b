// Downstream over gRPC: each call is a RetryCall (per-attempt deadline,
// backoff with jitter on UNAVAILABLE and DEADLINE_EXCEEDED), forwarding the
// ingest caller's identity to the services it calls.
#include "docpipe/v1/annotate.grpc.pb.h"
#include "docpipe/v1/store.grpc.pb.h"
#include "ingest/downstream.h"
#include "ingest/retry_call.h"

namespace docpipe::ingest {
namespace {

class GrpcDownstream final : public Downstream {
 public:
  GrpcDownstream(std::shared_ptr<grpc::ChannelInterface> annotate,
                 std::shared_ptr<grpc::ChannelInterface> store,
                 GrpcDownstreamOptions options, std::atomic<uint64_t>* retries)
      : annotate_(v1::AnnotateService::NewStub(std::move(annotate))),
        store_(v1::StoreService::NewStub(std::move(store))),
        options_(std::move(options)),
        retries_(retries) {}

  void Annotate(v1::AnnotateRequest request, const std::string& author,
                Done<v1::AnnotateResponse> done) override {
    auto* stub = annotate_.get();
    Call<v1::AnnotateRequest, v1::AnnotateResponse>(
        "annotate.Annotate",
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->Annotate(c, q, r, std::move(cb));
        },
        std::move(request), options_.annotate_timeout, author, std::move(done));
  }

  void GetDocument(v1::GetDocumentRequest request, const std::string& author,
                   Done<v1::Document> done) override {
    auto* stub = store_.get();
    Call<v1::GetDocumentRequest, v1::Document>(
        "store.GetDocument",
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->GetDocument(c, q, r, std::move(cb));
        },
        std::move(request), options_.store_timeout, author, std::move(done));
  }

  void PutDocument(v1::PutDocumentRequest request, const std::string& author,
                   Done<v1::PutDocumentResponse> done) override {
    auto* stub = store_.get();
    Call<v1::PutDocumentRequest, v1::PutDocumentResponse>(
        "store.PutDocument",
        [stub](auto* c, auto* q, auto* r, auto cb) {
          stub->async()->PutDocument(c, q, r, std::move(cb));
        },
        std::move(request), options_.store_timeout, author, std::move(done));
  }

 private:
  template <typename Request, typename Response>
  void Call(std::string what,
            typename RetryCall<Request, Response>::Start start, Request request,
            absl::Duration timeout, const std::string& author,
            Done<Response> done) {
    RetryCall<Request, Response>::Run(
        std::move(what), std::move(start), std::move(request), timeout, author,
        options_.token, options_.retry, retries_,
        [done = std::move(done)](absl::Status status, Response& response) {
          if (!status.ok()) return done(status);
          done(std::move(response));
        });
  }

  std::unique_ptr<v1::AnnotateService::Stub> annotate_;
  std::unique_ptr<v1::StoreService::Stub> store_;
  const GrpcDownstreamOptions options_;
  std::atomic<uint64_t>* const retries_;
};

}  // namespace

std::unique_ptr<Downstream> NewGrpcDownstream(
    std::shared_ptr<grpc::ChannelInterface> annotate,
    std::shared_ptr<grpc::ChannelInterface> store,
    GrpcDownstreamOptions options, std::atomic<uint64_t>* retries) {
  return std::make_unique<GrpcDownstream>(std::move(annotate), std::move(store),
                                          std::move(options), retries);
}

}  // namespace docpipe::ingest
