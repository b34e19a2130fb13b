// The document listing: ListDocuments pages and the listing family behind
// them. A page scans the listing family (external id and title, ~100 bytes
// a document) beside the heads family, both keyed by doc_id, so a page of
// 100 reads a few KB whatever the texts' size.
#include "store/internal.pb.h"
#include "store/keys.h"
#include "store/store_impl.h"

namespace docpipe::store {
namespace {

// Documents per WriteBatch while backfilling.
constexpr int kBackfillBatch = 1024;

}  // namespace

std::string ListingRecordFor(const v1::Document& doc) {
  internal::ListingRecord record;
  record.set_external_id(doc.external_id());
  record.set_title(doc.title());
  return record.SerializeAsString();
}

absl::Status Store::Impl::BackfillListing() {
  absl::StatusOr<std::string> done = Get(kMeta, keys::kListingComplete);
  if (done.ok()) return absl::OkStatus();
  if (!absl::IsNotFound(done.status())) return done.status();
  // Idempotent: a crash midway leaves the marker unset, and the next open
  // rewrites the same records. New stores pass through with an empty scan.
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cfs_[kDocuments]));
  rocksdb::WriteBatch batch;
  int in_batch = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    v1::Document doc;
    if (!doc.ParseFromArray(it->value().data(), it->value().size())) {
      return absl::DataLossError("corrupt documents record");
    }
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(batch.Put(cfs_[kListing], it->key(), ListingRecordFor(doc)),
                  "listing"));
    if (++in_batch == kBackfillBatch) {
      DOCPIPE_RETURN_IF_ERROR(FromRocks(db_->Write(write_options_, &batch),
                                        "backfilling the listing"));
      batch.Clear();
      in_batch = 0;
    }
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "documents"));
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(batch.Put(cfs_[kMeta], keys::kListingComplete, ""), "meta"));
  rocksdb::WriteOptions synced = write_options_;
  synced.sync = true;
  return FromRocks(db_->Write(synced, &batch), "backfilling the listing");
}

absl::StatusOr<v1::ListDocumentsResponse> Store::ListDocuments(
    const v1::ListDocumentsRequest& request) const {
  uint32_t page = request.page_size() == 0
                      ? 100
                      : std::min<uint32_t>(request.page_size(), 1000);
  v1::ListDocumentsResponse response;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db()->NewIterator(rocksdb::ReadOptions(), impl_->cf(kListing)));
  // Heads are keyed by doc_id too, one per document: read them alongside
  // in one scan rather than a lookup per document.
  std::unique_ptr<rocksdb::Iterator> heads(
      impl_->db()->NewIterator(rocksdb::ReadOptions(), impl_->cf(kHeads)));
  it->Seek(request.page_token());
  if (it->Valid() && it->key().ToString() == request.page_token()) {
    it->Next();  // the token is the last id of the previous page
  }
  if (it->Valid()) heads->Seek(it->key());
  for (; it->Valid(); it->Next()) {
    if (response.documents_size() == static_cast<int>(page)) {
      response.set_next_page_token(
          response.documents(response.documents_size() - 1).doc_id());
      break;
    }
    internal::ListingRecord record;
    if (!record.ParseFromArray(it->value().data(), it->value().size())) {
      return absl::DataLossError("corrupt listing record");
    }
    auto* s = response.add_documents();
    s->set_doc_id(it->key().ToString());
    s->set_external_id(std::move(*record.mutable_external_id()));
    s->set_title(std::move(*record.mutable_title()));
    while (heads->Valid() && heads->key().compare(it->key()) < 0) {
      heads->Next();
    }
    if (heads->Valid() && heads->key() == it->key()) {
      s->set_head_version(keys::FromBigEndian(
          absl::string_view(heads->value().data(), heads->value().size())));
    } else {
      DOCPIPE_RETURN_IF_ERROR(FromRocks(heads->status(), "heads"));
      DOCPIPE_ASSIGN_OR_RETURN(uint64_t head, impl_->Head(s->doc_id()));
      s->set_head_version(head);
    }
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "listing"));
  return response;
}

}  // namespace docpipe::store
