// The claims index: every claim of every document's head version, kept in
// the column family "claims" and replaced in the batch that moves the head,
// so a person's correction of any layer (or a regrouping through
// NumberAnnotation.claim_group) shows in the next FindClaims. The claims
// themselves come from claims::DeriveClaims (docs/claims.md).
//
// Keys (bytewise order groups the claims of one group together):
//   "g" group_key \0 doc_id \0 annotation_id  -> docpipe.v1.Claim
//   "d" doc_id                                -> internal.DocClaims
//
// Private to store/; called with the store's write lock held (StageClaims)
// or lock-free (FindClaimsIn).
#ifndef DOCPIPE_STORE_CLAIMS_INDEX_H_
#define DOCPIPE_STORE_CLAIMS_INDEX_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/store_impl.h"

namespace docpipe::store {

// Stages in `batch` the claims of `doc` as of its new head `head`, in place
// of those its previous head made. Adds to `event.claim_groups` the keys
// (sorted, unique) of the groups in which a claim was added, removed or
// altered. Does nothing when StoreOptions::derive_claims is off.
[[nodiscard]] absl::Status StageClaims(Store::Impl* impl,
                                       const v1::Document& doc,
                                       const v1::AnnotationSet& head,
                                       rocksdb::WriteBatch* batch,
                                       v1::ChangeEvent* event);

// Store::FindClaims (see store.h and FindClaimsRequest in store.proto).
absl::StatusOr<v1::FindClaimsResponse> FindClaimsIn(
    const Store::Impl& impl, const v1::FindClaimsRequest& request);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_CLAIMS_INDEX_H_
