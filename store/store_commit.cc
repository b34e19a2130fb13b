// Commit's staging: compare against the head, apply edits or take a full
// set, and move the head and the mentions index in the same batch.
#include <google/protobuf/util/time_util.h>

#include "store/annotation_set.h"
#include "store/claims_index.h"
#include "store/entity_links.h"
#include "store/keys.h"
#include "store/store_write.h"

namespace docpipe::store {
namespace {

using google::protobuf::util::TimeUtil;

// The next version's annotations from the request: the head with the edits
// applied, or the full set. Adds the ids the store assigned to `response`.
absl::StatusOr<v1::AnnotationSet> NextSet(const v1::CommitRequest& request,
                                          const v1::Document& doc,
                                          const v1::AnnotationSet& base,
                                          v1::CommitResponse* response) {
  v1::AnnotationSet next;
  if (request.has_edits()) {
    auto edits = request.edits().edits();
    DOCPIPE_RETURN_IF_ERROR(
        ConvertEditSpans(doc.text(), request.offset_encoding(), &edits));
    std::vector<std::string> added;
    DOCPIPE_ASSIGN_OR_RETURN(
        *next.mutable_annotations(),
        ApplyEdits(doc.text(), base.annotations(), edits, &added));
    *next.mutable_edits() = edits;
    for (auto& id : added) response->add_added_ids(id);
    next.set_annotator_version(base.annotator_version());
  } else {
    *next.mutable_annotations() = request.full_set().annotations();
    DOCPIPE_RETURN_IF_ERROR(ConvertSpans(doc.text(), request.offset_encoding(),
                                         true, next.mutable_annotations()));
    DOCPIPE_RETURN_IF_ERROR(ValidateAnnotations(doc.text(), next.annotations(),
                                                "full_set.annotations"));
    for (auto& id : AssignIds(next.mutable_annotations())) {
      response->add_added_ids(id);
    }
    next.set_annotator_version(request.full_set().annotator_version());
  }
  SortAnnotations(next.mutable_annotations());
  return next;
}

// Puts `next` as the head of `doc_id` and moves the mentions index from
// `base` (the old head) to it.
[[nodiscard]] absl::Status StageHead(Store::Impl* impl,
                                     const std::string& doc_id,
                                     const v1::AnnotationSet& base,
                                     const v1::AnnotationSet& next,
                                     rocksdb::WriteBatch& batch) {
  DOCPIPE_RETURN_IF_ERROR(FromRocks(
      batch.Put(impl->cf(kVersions), keys::Version(doc_id, next.version()),
                next.SerializeAsString()),
      "versions"));
  DOCPIPE_RETURN_IF_ERROR(FromRocks(
      batch.Put(impl->cf(kHeads), doc_id, keys::BigEndian(next.version())),
      "heads"));
  auto before = MentionRecords(base);
  auto after = MentionRecords(next);
  for (const auto& [entity, n] : before) {
    if (after.contains(entity)) continue;
    DOCPIPE_RETURN_IF_ERROR(FromRocks(
        batch.Delete(impl->cf(kMentions), keys::Mention(entity, doc_id)),
        "mentions"));
  }
  for (const auto& [entity, record] : after) {
    DOCPIPE_RETURN_IF_ERROR(FromRocks(
        batch.Put(impl->cf(kMentions), keys::Mention(entity, doc_id), record),
        "mentions"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ChangeKind> ValidateCommit(
    const v1::CommitRequest& request) {
  v1::ChangeKind kind = request.kind();
  if (kind == v1::CHANGE_KIND_UNSPECIFIED) kind = v1::CHANGE_KIND_CORRECTED;
  if (kind != v1::CHANGE_KIND_CORRECTED && kind != v1::CHANGE_KIND_ANNOTATED) {
    return absl::InvalidArgumentError(
        "kind: a commit is CORRECTED or ANNOTATED");
  }
  if (request.change_case() == v1::CommitRequest::CHANGE_NOT_SET) {
    return absl::InvalidArgumentError("change: set edits or full_set");
  }
  return kind;
}

absl::StatusOr<v1::CommitResponse> StageCommit(Store::Impl* impl,
                                               const v1::CommitRequest& request,
                                               v1::ChangeKind kind,
                                               absl::string_view author,
                                               Staging* staging) {
  DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                           impl->LoadDocument(request.doc_id()));
  const std::string& doc_id = doc.doc_id();
  DOCPIPE_ASSIGN_OR_RETURN(const uint64_t head, impl->Head(doc_id));
  if (request.expected_version() != head) {
    return absl::AbortedError(absl::StrCat(
        "expected_version: ", request.expected_version(), " is stale, head of ",
        doc_id, " is ", head, "; re-read and retry"));
  }
  v1::AnnotationSet base;
  if (head > 0) {
    DOCPIPE_ASSIGN_OR_RETURN(base, impl->LoadVersion(doc_id, head, "head"));
  }
  v1::CommitResponse response;
  DOCPIPE_ASSIGN_OR_RETURN(v1::AnnotationSet next,
                           NextSet(request, doc, base, &response));
  const uint64_t version = head + 1;
  next.set_doc_id(doc_id);
  next.set_version(version);
  next.set_parent_version(head);
  next.set_author(std::string(author));
  next.set_note(request.note());
  *next.mutable_created_at() = TimeUtil::GetCurrentTime();
  next.set_revision(impl->last_revision() + 1);
  // A machine's full set (re-annotation) is linked like a first put.
  if (request.has_full_set() && kind == v1::CHANGE_KIND_ANNOTATED) {
    DOCPIPE_RETURN_IF_ERROR(LinkEntities(impl, doc_id, &next, &staging->batch));
  }
  // A person's fix of a machine mention's type or id wins from then on.
  if (kind == v1::CHANGE_KIND_CORRECTED) {
    DOCPIPE_RETURN_IF_ERROR(
        RecordCorrections(impl, doc_id, base, next, author, &staging->batch));
  }
  DOCPIPE_RETURN_IF_ERROR(StageHead(impl, doc_id, base, next, staging->batch));
  v1::ChangeEvent& event = staging->events.emplace_back();
  DOCPIPE_RETURN_IF_ERROR(
      StageClaims(impl, doc, next, &staging->batch, &event));
  event.set_doc_id(doc_id);
  event.set_version(version);
  event.set_kind(kind);
  event.set_author(std::string(author));
  response.set_doc_id(doc_id);
  response.set_version(version);
  return response;
}

}  // namespace docpipe::store
