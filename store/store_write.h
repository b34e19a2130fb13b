// Staging of the store's two writes, private to store/. Each write is
// checked without the writer lock first (Prepare*/Validate*), then staged
// under it (Stage*): read what it depends on, fill one WriteBatch and the
// change events. No events staged means nothing to write.
#ifndef DOCPIPE_STORE_STORE_WRITE_H_
#define DOCPIPE_STORE_STORE_WRITE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/store_impl.h"

namespace docpipe::store {

// A PutDocumentRequest checked and completed: hash and doc_id derived.
struct PreparedPut {
  v1::Document doc;
  bool has_annotations = false;
  v1::AnnotationSet set;
  bool create_only = false;
};

// INVALID_ARGUMENT naming the bad field. Takes the request's document and
// annotations by move.
absl::StatusOr<PreparedPut> PreparePut(v1::PutDocumentRequest request);

// PutDocument, idempotent: see Store::PutDocument.
absl::StatusOr<v1::PutDocumentResponse> StagePut(Store::Impl* impl,
                                                 PreparedPut& put,
                                                 absl::string_view author,
                                                 Staging* staging)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->write_mu);

// The change kind a commit records (CORRECTED when unspecified), or
// INVALID_ARGUMENT.
absl::StatusOr<v1::ChangeKind> ValidateCommit(const v1::CommitRequest& request);

// Compare-and-commit: see Store::Commit.
absl::StatusOr<v1::CommitResponse> StageCommit(Store::Impl* impl,
                                               const v1::CommitRequest& request,
                                               v1::ChangeKind kind,
                                               absl::string_view author,
                                               Staging* staging)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->write_mu);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_STORE_WRITE_H_
