// Opening the store: RocksDB options, column families, recovery of the
// revision counters; the lock-free read helpers every part shares.
#include <rocksdb/options.h>

#include <iostream>

#include "absl/strings/match.h"
#include "store/internal.pb.h"
#include "store/keys.h"
#include "store/options.h"
#include "store/store_impl.h"

namespace docpipe::store {

[[nodiscard]] absl::Status FromRocks(const rocksdb::Status& s,
                                     absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

[[nodiscard]] absl::Status NotFound(absl::string_view field,
                                    absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(field, ": ", what));
}

absl::flat_hash_map<std::string, std::string> MentionRecords(
    const v1::AnnotationSet& set) {
  absl::flat_hash_map<std::string, internal::MentionIndexRecord> records;
  for (const auto& a : set.annotations()) {
    if (!a.has_entity() || a.entity().entity_id().empty()) continue;
    internal::MentionIndexRecord& r = records[a.entity().entity_id()];
    r.set_version(set.version());
    auto* m = r.add_mentions();
    m->set_annotation_id(a.id());
    m->set_begin(a.span().begin());
    m->set_end(a.span().end());
  }
  absl::flat_hash_map<std::string, std::string> out;
  for (auto& [entity, record] : records) {
    out[entity] = record.SerializeAsString();
  }
  return out;
}

Store::Impl::~Impl() {
  {
    absl::MutexLock lock(&publish_mu_);
    stopping_ = true;
  }
  pending_cv_.SignalAll();
  if (sync_thread_.joinable()) sync_thread_.join();
  if (!db_) return;
  // Flush every family so the next open replays no WAL and the log files
  // go. A failure loses nothing (the WAL still holds the data); say so.
  rocksdb::Status flushed = db_->Flush(rocksdb::FlushOptions(), cfs_);
  if (!flushed.ok()) {
    std::cerr << "docpipe store: flush on close failed, the next open "
                 "replays the WAL: "
              << flushed.ToString() << std::endl;
  }
  for (auto* handle : cfs_) {
    // Nothing to do about a failure while closing; RocksDB frees the handle
    // either way.
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
}

absl::Status Store::Impl::OpenDb(const StoreOptions& options) {
  options_ = options;
  // Writes go to the WAL unsynced; the sync thread syncs per group.
  write_options_.sync = false;
  rocksdb::DBOptions db_options = MakeDbOptions(options);
  std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(kBlockCacheBytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                           rocksdb::ColumnFamilyOptions());
  for (int cf = 0; cf < kNumCfs; ++cf) {
    descriptors.emplace_back(kCfNames[cf],
                             MakeCfOptions(static_cast<Cf>(cf), cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.data_dir,
                                        descriptors, &handles, &db);
  if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
    // RocksDB's LOCK file: another process has the store open.
    return InUseError(absl::StrCat("--data_dir ", options.data_dir,
                                   ": held by another docpipe process (",
                                   s.ToString(), ")"));
  }
  if (!s.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("data_dir ", options.data_dir, ": ", s.ToString()));
  }
  db_.reset(db);
  cfs_.assign(handles.begin() + 1, handles.end());
  // handles[0] is the default family, unused.
  return FromRocks(db->DestroyColumnFamilyHandle(handles[0]),
                   "closing the default column family");
}

absl::Status Store::Impl::Recover() {
  uint64_t last = 0;
  absl::StatusOr<std::string> stored = Get(kMeta, keys::kLastRevision);
  if (stored.ok()) {
    last = keys::FromBigEndian(*stored);
  } else if (!absl::IsNotFound(stored.status())) {
    return stored.status();
  }
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cfs_[kChangelog]));
  it->SeekToFirst();
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "changelog"));
  oldest_revision_ = it->Valid() ? keys::FromBigEndian(absl::string_view(
                                       it->key().data(), it->key().size()))
                                 : last + 1;
  durable_revision_ = last;
  absl::MutexLock lock(&write_mu);
  last_revision_ = last;
  return absl::OkStatus();
}

void Store::Impl::StartSyncThread() {
  sync_thread_ = std::thread([this] { SyncLoop(); });
}

absl::StatusOr<std::string> Store::Impl::Get(Cf cf,
                                             absl::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cfs_[cf],
                               rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return absl::NotFoundError("");
  if (!s.ok()) return FromRocks(s, kCfNames[cf]);
  return value;
}

absl::StatusOr<v1::Document> Store::Impl::LoadDocument(
    absl::string_view doc_id) const {
  if (doc_id.empty()) return absl::InvalidArgumentError("doc_id: required");
  auto doc = GetProto<v1::Document>(kDocuments, doc_id);
  if (absl::IsNotFound(doc.status())) {
    return NotFound("doc_id", absl::StrCat("no document \"", doc_id, "\""));
  }
  return doc;
}

absl::StatusOr<uint64_t> Store::Impl::Head(absl::string_view doc_id) const {
  absl::StatusOr<std::string> v = Get(kHeads, doc_id);
  if (absl::IsNotFound(v.status())) return 0;
  if (!v.ok()) return v.status();
  return keys::FromBigEndian(*v);
}

absl::StatusOr<v1::AnnotationSet> Store::Impl::LoadVersion(
    absl::string_view doc_id, uint64_t version, absl::string_view field) const {
  auto set =
      GetProto<v1::AnnotationSet>(kVersions, keys::Version(doc_id, version));
  if (absl::IsNotFound(set.status())) {
    DOCPIPE_ASSIGN_OR_RETURN(uint64_t head, Head(doc_id));
    return NotFound(field, absl::StrCat(doc_id, " has no version ", version,
                                        " (head is ", head, ")"));
  }
  return set;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() { impl_->CloseSubscribers(); }

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const StoreOptions& options) {
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("data_dir: required");
  }
  auto impl = std::make_unique<Impl>();
  DOCPIPE_RETURN_IF_ERROR(impl->OpenDb(options));
  DOCPIPE_RETURN_IF_ERROR(impl->Recover());
  DOCPIPE_RETURN_IF_ERROR(impl->BackfillListing());
  impl->StartSyncThread();
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

uint64_t Store::current_revision() const { return impl_->durable_revision(); }
uint64_t Store::oldest_revision() const { return impl_->oldest_revision(); }

}  // namespace docpipe::store
