// Reads: documents, versions, history, diffs and the mentions index. No
// lock: each reads RocksDB's latest state.
#include "store/annotation_set.h"
#include "store/claims_index.h"
#include "store/internal.pb.h"
#include "store/keys.h"
#include "store/store_impl.h"

namespace docpipe::store {

absl::StatusOr<v1::Document> Store::GetDocument(
    const v1::GetDocumentRequest& request) const {
  switch (request.key_case()) {
    case v1::GetDocumentRequest::kDocId:
      return impl_->LoadDocument(request.doc_id());
    case v1::GetDocumentRequest::kExternalId: {
      auto id = impl_->Get(kExternalIds, request.external_id());
      if (absl::IsNotFound(id.status())) {
        return NotFound(
            "external_id",
            absl::StrCat("no document \"", request.external_id(), "\""));
      }
      if (!id.ok()) return id.status();
      return impl_->LoadDocument(*id);
    }
    case v1::GetDocumentRequest::kContentSha256: {
      auto id = impl_->Get(kContentHashes, request.content_sha256());
      if (absl::IsNotFound(id.status())) {
        return NotFound("content_sha256", "no document with this hash");
      }
      if (!id.ok()) return id.status();
      return impl_->LoadDocument(*id);
    }
    default:
      return absl::InvalidArgumentError(
          "key: set one of doc_id, external_id, content_sha256");
  }
}

absl::StatusOr<v1::AnnotationSet> Store::GetAnnotations(
    const v1::GetAnnotationsRequest& request) const {
  DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                           impl_->LoadDocument(request.doc_id()));
  uint64_t version = request.version();
  if (version == 0) {
    DOCPIPE_ASSIGN_OR_RETURN(version, impl_->Head(doc.doc_id()));
    if (version == 0) {
      return NotFound("version",
                      absl::StrCat(doc.doc_id(), " has no annotations yet"));
    }
  }
  DOCPIPE_ASSIGN_OR_RETURN(
      v1::AnnotationSet set,
      impl_->LoadVersion(doc.doc_id(), version, "version"));
  DOCPIPE_RETURN_IF_ERROR(ConvertSpans(doc.text(), request.offset_encoding(),
                                       false, set.mutable_annotations()));
  return set;
}

absl::StatusOr<v1::ListVersionsResponse> Store::ListVersions(
    const v1::ListVersionsRequest& request) const {
  DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                           impl_->LoadDocument(request.doc_id()));
  v1::ListVersionsResponse response;
  response.set_doc_id(doc.doc_id());
  DOCPIPE_ASSIGN_OR_RETURN(uint64_t head, impl_->Head(doc.doc_id()));
  response.set_head_version(head);
  const std::string prefix = keys::VersionPrefix(doc.doc_id());
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db()->NewIterator(rocksdb::ReadOptions(), impl_->cf(kVersions)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    v1::AnnotationSet set;
    if (!set.ParseFromArray(it->value().data(), it->value().size())) {
      return absl::DataLossError("corrupt versions record");
    }
    auto* info = response.add_versions();
    info->set_version(set.version());
    info->set_parent_version(set.parent_version());
    info->set_author(set.author());
    *info->mutable_created_at() = set.created_at();
    info->set_note(set.note());
    info->set_annotation_count(set.annotations_size());
    info->set_edit_count(set.edits_size());
    info->set_revision(set.revision());
    // The change log may have pruned the event (retention); the kind then
    // follows from the version itself.
    auto event = impl_->GetProto<v1::ChangeEvent>(
        kChangelog, keys::BigEndian(set.revision()));
    if (!event.ok() && !absl::IsNotFound(event.status())) {
      return event.status();
    }
    info->set_kind(event.ok()             ? event->kind()
                   : set.edits_size() > 0 ? v1::CHANGE_KIND_CORRECTED
                                          : v1::CHANGE_KIND_ANNOTATED);
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "versions"));
  return response;
}

absl::StatusOr<v1::DiffResponse> Store::Diff(
    const v1::DiffRequest& request) const {
  DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                           impl_->LoadDocument(request.doc_id()));
  DOCPIPE_ASSIGN_OR_RETURN(const uint64_t head, impl_->Head(doc.doc_id()));
  uint64_t from = request.from_version();
  uint64_t to = request.to_version() == 0 ? head : request.to_version();
  v1::AnnotationSet a, b;
  if (from > 0) {
    DOCPIPE_ASSIGN_OR_RETURN(
        a, impl_->LoadVersion(doc.doc_id(), from, "from_version"));
  }
  DOCPIPE_ASSIGN_OR_RETURN(b,
                           impl_->LoadVersion(doc.doc_id(), to, "to_version"));
  DOCPIPE_RETURN_IF_ERROR(ConvertSpans(doc.text(), request.offset_encoding(),
                                       false, a.mutable_annotations()));
  DOCPIPE_RETURN_IF_ERROR(ConvertSpans(doc.text(), request.offset_encoding(),
                                       false, b.mutable_annotations()));
  return DiffSets(a, b);
}

absl::StatusOr<v1::FindClaimsResponse> Store::FindClaims(
    const v1::FindClaimsRequest& request) const {
  return FindClaimsIn(*impl_, request);
}

absl::StatusOr<v1::FindMentionsResponse> Store::FindMentions(
    const v1::FindMentionsRequest& request) const {
  if (request.entity_id().empty()) {
    return absl::InvalidArgumentError("entity_id: required");
  }
  const uint32_t page = request.page_size() == 0
                            ? 100
                            : std::min<uint32_t>(request.page_size(), 1000);
  v1::FindMentionsResponse response;
  // The index is keyed entity \0 doc_id: a page is one range scan from the
  // token (the previous page's last doc_id), reading at most `page` + 1
  // index entries and `page` versions.
  const std::string prefix = keys::MentionPrefix(request.entity_id());
  const std::string upper = keys::MentionPrefixEnd(request.entity_id());
  rocksdb::ReadOptions options;
  const rocksdb::Slice bound(upper);
  options.iterate_upper_bound = &bound;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db()->NewIterator(options, impl_->cf(kMentions)));
  const std::string start =
      keys::Mention(request.entity_id(), request.page_token());
  it->Seek(start);
  if (!request.page_token().empty() && it->Valid() && it->key() == start) {
    it->Next();  // the token's document was on the previous page
  }
  uint32_t docs = 0;
  std::string last_doc;
  for (; it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string doc_id(it->key().data() + prefix.size(),
                       it->key().size() - prefix.size());
    if (docs == page) {
      response.set_next_page_token(last_doc);
      break;
    }
    ++docs;
    last_doc = doc_id;
    const rocksdb::Slice value = it->value();
    if (!value.empty() && value[0] != '\0') {
      internal::MentionIndexRecord record;
      if (!record.ParseFromArray(value.data(), value.size())) {
        return absl::DataLossError("corrupt mentions record");
      }
      for (const auto& r : record.mentions()) {
        auto* m = response.add_mentions();
        m->set_doc_id(doc_id);
        m->set_version(record.version());
        m->set_annotation_id(r.annotation_id());
        m->mutable_span()->set_begin(r.begin());
        m->mutable_span()->set_end(r.end());
      }
      continue;
    }
    // An entry of an older store (a count): read the head version.
    DOCPIPE_ASSIGN_OR_RETURN(uint64_t head, impl_->Head(doc_id));
    auto set = impl_->LoadVersion(doc_id, head, "head");
    // Versions are never deleted and the index moves with the head in one
    // batch; a record without its version is skipped, not fatal.
    if (absl::IsNotFound(set.status())) continue;
    if (!set.ok()) return set.status();
    for (const auto& a : set->annotations()) {
      if (a.has_entity() && a.entity().entity_id() == request.entity_id()) {
        auto* m = response.add_mentions();
        m->set_doc_id(doc_id);
        m->set_version(head);
        m->set_annotation_id(a.id());
        *m->mutable_span() = a.span();
      }
    }
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "mentions"));
  return response;
}

}  // namespace docpipe::store
