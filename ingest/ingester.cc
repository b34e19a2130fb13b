#include "ingest/ingester.h"

#include <utility>

namespace docpipe::ingest {

// One article's trip through the pipeline. Owns itself; each step's
// callback starts the next, and the last one deletes the job.
//
//   [external_id set] GetDocument(external_id)
//        found, head_version > 0 ──────────────────────────▶ DUPLICATE
//   Annotate(text) ─▶ PutDocument(document, version 1) ─▶ CREATED | DUPLICATE
//
// The pre-check saves annotating articles the store already has; without an
// external_id the store's content-hash check in PutDocument is the dedupe.
class Ingester::Job {
 public:
  Job(Ingester* ingester, v1::Document document, std::string request_tag,
      std::string author, Done done)
      : ing_(ingester),
        document_(std::move(document)),
        author_(std::move(author)),
        done_(std::move(done)) {
    response_.set_request_tag(std::move(request_tag));
  }

  void Start() {
    if (document_.external_id().empty()) {
      Annotate();
      return;
    }
    v1::GetDocumentRequest request;
    request.set_external_id(document_.external_id());
    ing_->downstream_->GetDocument(std::move(request), author_,
                                   [this](absl::StatusOr<v1::Document> found) {
                                     if (absl::IsNotFound(found.status()))
                                       return Annotate();
                                     if (!found.ok())
                                       return Finish(found.status());
                                     // Known article: PutDocument without
                                     // annotations writes nothing and tells us
                                     // its head version (0 if it was never
                                     // annotated, in which case we annotate it
                                     // now).
                                     Put(/*with_annotations=*/false);
                                   });
  }

 private:
  void Annotate() {
    v1::AnnotateRequest request;
    request.set_text(document_.text());
    request.set_language(document_.language());
    ing_->downstream_->Annotate(
        std::move(request), author_,
        [this](absl::StatusOr<v1::AnnotateResponse> annotated) {
          if (!annotated.ok()) return Finish(annotated.status());
          annotated_ = *std::move(annotated);
          Put(/*with_annotations=*/true);
        });
  }

  void Put(bool with_annotations) {
    v1::PutDocumentRequest request;
    // The last use of the text is this put once it carries annotations.
    *request.mutable_document() =
        with_annotations ? std::move(document_) : document_;
    if (with_annotations) {
      v1::AnnotationSet* set = request.mutable_annotations();
      set->set_version(1);
      set->set_annotator_version(annotated_.annotator_version());
      set->set_note("machine annotation at ingest");
      annotation_count_ = static_cast<uint32_t>(annotated_.annotations_size());
      *set->mutable_annotations() =
          std::move(*annotated_.mutable_annotations());
    }
    ing_->downstream_->PutDocument(
        std::move(request), author_,
        [this, with_annotations](absl::StatusOr<v1::PutDocumentResponse> put) {
          if (!put.ok()) return Finish(put.status());
          if (!with_annotations && put->head_version() == 0) {
            return Annotate();
          }
          response_.set_outcome(put->created() ? v1::INGEST_OUTCOME_CREATED
                                               : v1::INGEST_OUTCOME_DUPLICATE);
          response_.set_doc_id(put->document().doc_id());
          response_.set_version(put->head_version());
          response_.set_revision(put->revision());
          response_.set_annotation_count(annotation_count_);
          Finish(absl::OkStatus());
        });
  }

  void Finish(const absl::Status& status) {
    if (!status.ok()) {
      ing_->counters_.failed.fetch_add(1, std::memory_order_relaxed);
      done_(status);
    } else {
      (response_.outcome() == v1::INGEST_OUTCOME_CREATED
           ? ing_->counters_.created
           : ing_->counters_.duplicate)
          .fetch_add(1, std::memory_order_relaxed);
      done_(std::move(response_));
    }
    delete this;
  }

  Ingester* const ing_;
  v1::Document document_;
  const std::string author_;
  const Done done_;
  v1::AnnotateResponse annotated_;
  uint32_t annotation_count_ = 0;
  v1::IngestResponse response_;
};

Ingester::Ingester(std::shared_ptr<grpc::ChannelInterface> annotate,
                   std::shared_ptr<grpc::ChannelInterface> store,
                   IngesterOptions options)
    : options_(std::move(options)),
      downstream_(NewGrpcDownstream(std::move(annotate), std::move(store),
                                    options_.downstream, &counters_.retries)) {}

Ingester::Ingester(std::unique_ptr<Downstream> downstream,
                   IngesterOptions options)
    : options_(std::move(options)), downstream_(std::move(downstream)) {}

void Ingester::Ingest(v1::IngestRequest request, std::string author,
                      Done done) {
  absl::StatusOr<v1::Document> document =
      ValidateAndNormalize(request, options_.validate);
  if (!document.ok()) {
    counters_.failed.fetch_add(1, std::memory_order_relaxed);
    done(document.status());
    return;
  }
  (new Job(this, *std::move(document), request.request_tag(), std::move(author),
           std::move(done)))
      ->Start();
}

}  // namespace docpipe::ingest
