// Ingest's downstream in `docpipe serve`: the engine on a worker pool (one
// thread per core; gRPC's threads only hand work over) and the store
// library directly, whose group commit acknowledges from its sync thread.
// No serialization or RPC between the stages; the store services on the
// same server remain for every other client.
//
// Thread-safe (ingest::Downstream's contract). `engine` and `store` must
// outlive it; destruction waits for the annotation jobs already posted.
#ifndef DOCPIPE_SERVER_LOCAL_DOWNSTREAM_H_
#define DOCPIPE_SERVER_LOCAL_DOWNSTREAM_H_

#include <string>

#include "annotate/engine.h"
#include "common/thread_pool.h"
#include "ingest/downstream.h"
#include "store/store.h"

namespace docpipe::server {

class LocalDownstream final : public ingest::Downstream {
 public:
  LocalDownstream(const annotate::Engine* engine, store::Store* store,
                  annotate::LayerSet layers, int threads)
      : engine_(engine), store_(store), layers_(layers), pool_(threads) {}

  void Annotate(v1::AnnotateRequest request, const std::string& author,
                Done<v1::AnnotateResponse> done) override;
  void GetDocument(v1::GetDocumentRequest request, const std::string& author,
                   Done<v1::Document> done) override;
  void PutDocument(v1::PutDocumentRequest request, const std::string& author,
                   Done<v1::PutDocumentResponse> done) override;

 private:
  const annotate::Engine* const engine_;
  store::Store* const store_;
  const annotate::LayerSet layers_;
  ThreadPool pool_;
};

}  // namespace docpipe::server

#endif  // DOCPIPE_SERVER_LOCAL_DOWNSTREAM_H_
