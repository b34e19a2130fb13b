// The gRPC front of the annotation engine (callback API).
#ifndef DOCPIPE_ANNOTATE_SERVICE_ANNOTATE_SERVICE_H_
#define DOCPIPE_ANNOTATE_SERVICE_ANNOTATE_SERVICE_H_

#include <cstddef>

#include "annotate/engine.h"
#include "common/identity.h"
#include "docpipe/v1/annotate.grpc.pb.h"

namespace docpipe::annotate {

inline constexpr size_t kDefaultMaxTextBytes = 8 << 20;

// What the service answers for `request`, without gRPC: validation, the
// engine and offset conversion. For in-process callers (`docpipe serve`).
absl::StatusOr<v1::AnnotateResponse> AnnotateRequest(
    const Engine& engine, const v1::AnnotateRequest& request,
    size_t max_text_bytes = kDefaultMaxTextBytes);

// Thread-safe. `engine` is not owned and must outlive the service.
class AnnotateServiceImpl final : public v1::AnnotateService::CallbackService {
 public:
  explicit AnnotateServiceImpl(
      const Engine* engine, size_t max_text_bytes = kDefaultMaxTextBytes,
      std::shared_ptr<const Authorizer> auth = Authorizer::LoopbackOnly());

  grpc::ServerUnaryReactor* Annotate(grpc::CallbackServerContext* context,
                                     const v1::AnnotateRequest* request,
                                     v1::AnnotateResponse* response) override;

 private:
  const Engine* const engine_;
  const size_t max_text_bytes_;
  const std::shared_ptr<const Authorizer> auth_;
};

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_SERVICE_ANNOTATE_SERVICE_H_
