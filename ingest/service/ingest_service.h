// The gRPC front of ingest: unary Ingest and the bidirectional IngestStream
// for bulk feeds, on the callback API (no thread is pinned per stream).
#ifndef DOCPIPE_INGEST_SERVICE_INGEST_SERVICE_H_
#define DOCPIPE_INGEST_SERVICE_INGEST_SERVICE_H_

#include <cstddef>

#include "common/identity.h"
#include "docpipe/v1/ingest.grpc.pb.h"
#include "ingest/ingester.h"

namespace docpipe::ingest {

struct IngestServiceOptions {
  // Articles one IngestStream keeps in flight. When reached, the server stops
  // reading the stream until one completes, so HTTP/2 flow control pushes
  // back on the feeder instead of the server buffering without bound.
  size_t max_in_flight_per_stream = 32;
  // Who may ingest (default: loopback clients only, any identity).
  std::shared_ptr<const Authorizer> auth = Authorizer::LoopbackOnly();
};

// Thread-safe. `ingester` is not owned and must outlive the service.
class IngestServiceImpl final : public v1::IngestService::CallbackService {
 public:
  explicit IngestServiceImpl(Ingester* ingester,
                             IngestServiceOptions options = {});

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const v1::IngestRequest* request,
                                   v1::IngestResponse* response) override;

  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>* IngestStream(
      grpc::CallbackServerContext* context) override;

 private:
  Ingester* const ingester_;
  const IngestServiceOptions options_;
};

}  // namespace docpipe::ingest

#endif  // DOCPIPE_INGEST_SERVICE_INGEST_SERVICE_H_
