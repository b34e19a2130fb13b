#include "server/local_downstream.h"

#include <utility>

#include "annotate/service/annotate_service.h"

namespace docpipe::server {

void LocalDownstream::Annotate(v1::AnnotateRequest request,
                               const std::string& /*author*/,
                               Done<v1::AnnotateResponse> done) {
  using annotate::Layer;
  if (layers_.Has(Layer::kNumbers)) request.add_layers(v1::LAYER_NUMBERS);
  if (layers_.Has(Layer::kEntities)) request.add_layers(v1::LAYER_ENTITIES);
  if (layers_.Has(Layer::kAttributions)) {
    request.add_layers(v1::LAYER_ATTRIBUTIONS);
  }
  pool_.Post([this, request = std::move(request), done = std::move(done)] {
    done(annotate::AnnotateRequest(*engine_, request));
  });
}

void LocalDownstream::GetDocument(v1::GetDocumentRequest request,
                                  const std::string& /*author*/,
                                  Done<v1::Document> done) {
  done(store_->GetDocument(request));
}

void LocalDownstream::PutDocument(v1::PutDocumentRequest request,
                                  const std::string& author,
                                  Done<v1::PutDocumentResponse> done) {
  store_->PutDocumentAsync(std::move(request), author, std::move(done));
}

}  // namespace docpipe::server
