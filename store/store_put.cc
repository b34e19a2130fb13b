// PutDocument's staging: idempotency by external id or content hash, the
// document's records, and its first version.
#include <google/protobuf/util/time_util.h>

#include "common/sha256.h"
#include "common/utf8.h"
#include "store/annotation_set.h"
#include "store/claims_index.h"
#include "store/entity_links.h"
#include "store/keys.h"
#include "store/store_write.h"

namespace docpipe::store {
namespace {

using google::protobuf::util::TimeUtil;

// doc_id derived from the idempotency key, so every replica and every retry
// computes the same id without coordination.
std::string DeriveDocId(const v1::Document& doc) {
  std::string key = doc.external_id().empty()
                        ? absl::StrCat("h:", doc.content_sha256())
                        : absl::StrCat("x:", doc.external_id());
  return absl::StrCat("d-", Sha256Hex(key).substr(0, 16));
}

// Stages a document not stored before and its DOCUMENT_ADDED event.
[[nodiscard]] absl::Status StageNewDocument(Store::Impl* impl,
                                            v1::Document& doc,
                                            absl::string_view author,
                                            Staging* staging) {
  rocksdb::WriteBatch& batch = staging->batch;
  const std::string& id = doc.doc_id();
  *doc.mutable_ingested_at() = TimeUtil::GetCurrentTime();
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(batch.Put(impl->cf(kDocuments), id, doc.SerializeAsString()),
                "documents"));
  DOCPIPE_RETURN_IF_ERROR(FromRocks(
      batch.Put(impl->cf(kListing), id, ListingRecordFor(doc)), "listing"));
  if (!doc.external_id().empty()) {
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(batch.Put(impl->cf(kExternalIds), doc.external_id(), id),
                  "external_ids"));
  }
  // A text stored before under another external id keeps its first owner.
  absl::StatusOr<std::string> same_text =
      impl->Get(kContentHashes, doc.content_sha256());
  if (absl::IsNotFound(same_text.status())) {
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(batch.Put(impl->cf(kContentHashes), doc.content_sha256(), id),
                  "content_hashes"));
  } else if (!same_text.ok()) {
    return same_text.status();
  }
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(batch.Put(impl->cf(kHeads), id, keys::BigEndian(0)), "heads"));
  v1::ChangeEvent& added = staging->events.emplace_back();
  added.set_doc_id(id);
  added.set_kind(v1::CHANGE_KIND_DOCUMENT_ADDED);
  added.set_author(std::string(author));
  return absl::OkStatus();
}

// Stages `set` as version 1 of `doc`, linked, with its mentions and claims
// indexes and ANNOTATED event.
[[nodiscard]] absl::Status StageFirstVersion(Store::Impl* impl,
                                             const v1::Document& doc,
                                             v1::AnnotationSet& set,
                                             absl::string_view author,
                                             Staging* staging)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->write_mu) {
  rocksdb::WriteBatch& batch = staging->batch;
  const std::string& doc_id = doc.doc_id();
  AssignIds(set.mutable_annotations());
  SortAnnotations(set.mutable_annotations());
  set.set_doc_id(std::string(doc_id));
  set.set_version(1);
  set.set_parent_version(0);
  set.set_author(std::string(author));
  *set.mutable_created_at() = TimeUtil::GetCurrentTime();
  set.set_revision(impl->last_revision() + staging->events.size() + 1);
  DOCPIPE_RETURN_IF_ERROR(LinkEntities(impl, doc_id, &set, &batch));
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(batch.Put(impl->cf(kVersions), keys::Version(doc_id, 1),
                          set.SerializeAsString()),
                "versions"));
  DOCPIPE_RETURN_IF_ERROR(FromRocks(
      batch.Put(impl->cf(kHeads), doc_id, keys::BigEndian(1)), "heads"));
  for (const auto& [entity, record] : MentionRecords(set)) {
    DOCPIPE_RETURN_IF_ERROR(FromRocks(
        batch.Put(impl->cf(kMentions), keys::Mention(entity, doc_id), record),
        "mentions"));
  }
  v1::ChangeEvent& annotated = staging->events.emplace_back();
  annotated.set_doc_id(std::string(doc_id));
  annotated.set_version(1);
  annotated.set_kind(v1::CHANGE_KIND_ANNOTATED);
  annotated.set_author(std::string(author));
  return StageClaims(impl, doc, set, &batch, &annotated);
}

}  // namespace

absl::StatusOr<PreparedPut> PreparePut(v1::PutDocumentRequest request) {
  PreparedPut put;
  // Moved, not copied: the request is ours (see PutDocumentAsync).
  put.doc = std::move(*request.mutable_document());
  v1::Document& doc = put.doc;
  size_t bad = 0;
  if (doc.text().empty()) {
    return absl::InvalidArgumentError("document.text: required");
  }
  if (!IsValidUtf8(doc.text(), &bad)) {
    return absl::InvalidArgumentError(
        absl::StrCat("document.text: not valid UTF-8 at byte ", bad));
  }
  const std::string sha = Sha256Hex(doc.text());
  if (!doc.content_sha256().empty() && doc.content_sha256() != sha) {
    return absl::InvalidArgumentError(
        "document.content_sha256: does not match the text");
  }
  doc.set_content_sha256(sha);
  const std::string doc_id = DeriveDocId(doc);
  if (!doc.doc_id().empty() && doc.doc_id() != doc_id) {
    return absl::InvalidArgumentError(
        "document.doc_id: must be empty (the store derives it)");
  }
  doc.set_doc_id(doc_id);
  put.create_only = request.create_only();
  put.has_annotations = request.has_annotations();
  if (put.has_annotations) {
    put.set = std::move(*request.mutable_annotations());
    DOCPIPE_RETURN_IF_ERROR(ValidateAnnotations(
        doc.text(), put.set.annotations(), "annotations.annotations"));
  }
  return put;
}

absl::StatusOr<v1::PutDocumentResponse> StagePut(Store::Impl* impl,
                                                 PreparedPut& put,
                                                 absl::string_view author,
                                                 Staging* staging) {
  const v1::Document& doc = put.doc;
  // Known already? By external id, else by content.
  absl::StatusOr<std::string> known =
      doc.external_id().empty()
          ? impl->Get(kContentHashes, doc.content_sha256())
          : impl->Get(kExternalIds, doc.external_id());
  if (!known.ok() && !absl::IsNotFound(known.status())) return known.status();
  v1::PutDocumentResponse response;
  std::string id = doc.doc_id();
  if (known.ok()) {
    if (put.create_only) {
      return absl::AlreadyExistsError(absl::StrCat(
          "document: already stored as ", *known,
          doc.external_id().empty() ? " (same text)" : " (same external_id)"));
    }
    id = *known;
    DOCPIPE_ASSIGN_OR_RETURN(*response.mutable_document(),
                             impl->LoadDocument(id));
    DOCPIPE_ASSIGN_OR_RETURN(uint64_t head, impl->Head(id));
    response.set_head_version(head);
    if (head > 0 || !put.has_annotations) {
      return response;  // idempotent: nothing written
    }
  } else {
    DOCPIPE_RETURN_IF_ERROR(StageNewDocument(impl, put.doc, author, staging));
    *response.mutable_document() = put.doc;
    response.set_created(true);
  }
  if (put.has_annotations) {
    DOCPIPE_RETURN_IF_ERROR(
        StageFirstVersion(impl, known.ok() ? response.document() : put.doc,
                          put.set, author, staging));
    response.set_head_version(1);
  }
  return response;
}

}  // namespace docpipe::store
