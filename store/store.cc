#include "store/store.h"

#include <google/protobuf/util/time_util.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status.h"
#include "common/utf8.h"
#include "store/annotation_set.h"
#include "store/keys.h"

namespace docpipe::store {
namespace {

using google::protobuf::util::TimeUtil;

enum Cf {
  kDocuments,
  kVersions,
  kHeads,
  kExternalIds,
  kContentHashes,
  kChangelog,
  kMentions,
  kMeta,
  kEntityKeys,
  kNumCfs
};
constexpr const char* kCfNames[kNumCfs] = {
    "documents", "versions", "heads", "external_ids", "content_hashes",
    "changelog", "mentions", "meta",  "entity_keys"};

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
}

absl::Status NotFound(absl::string_view field, absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(field, ": ", what));
}

// doc_id derived from the idempotency key, so every replica and every retry
// computes the same id without coordination.
std::string DeriveDocId(const v1::Document& doc) {
  std::string key = doc.external_id().empty()
                        ? absl::StrCat("h:", doc.content_sha256())
                        : absl::StrCat("x:", doc.external_id());
  return absl::StrCat("d-", Sha256Hex(key).substr(0, 16));
}

bool Matches(const v1::SubscribeFilter& f, const v1::ChangeEvent& e) {
  auto has = [](const auto& list, const auto& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  return has(f.kinds(), static_cast<int>(e.kind())) &&
         has(f.doc_ids(), e.doc_id()) && has(f.authors(), e.author());
}

// Per-entity mention counts of a set, for the mentions index.
absl::flat_hash_map<std::string, int64_t> CountMentions(
    const google::protobuf::RepeatedPtrField<v1::Annotation>& annotations) {
  absl::flat_hash_map<std::string, int64_t> counts;
  for (const auto& a : annotations) {
    if (a.has_entity() && !a.entity().entity_id().empty()) {
      ++counts[a.entity().entity_id()];
    }
  }
  return counts;
}

}  // namespace

class SubscriptionImpl;

class Store::Impl {
 public:
  StoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  rocksdb::WriteOptions write_options;

  // Serializes writers: the compare step, revision assignment and the
  // WriteBatch happen together, so revision order = commit order.
  std::mutex write_mu;
  // Last revision written to the WAL (visible to reads, maybe not synced).
  std::atomic<uint64_t> last_revision{0};
  std::atomic<uint64_t> oldest_revision{1};

  // Group commit. A writer appends its batch to the WAL without syncing,
  // under write_mu, queues its events and acknowledgement in `pending`, and
  // lets go of write_mu. The sync thread takes everything pending, syncs the
  // WAL once for all of it, publishes the events in revision order and runs
  // the acknowledgements. One fsync covers every commit that arrived during
  // the previous one, no thread waits on the disk but the sync thread, and
  // nothing is acknowledged or delivered to a subscriber before it is
  // durable. Lock order: write_mu, then publish_mu.
  struct Pending {
    std::vector<v1::ChangeEvent> events;
    std::function<void(absl::StatusOr<uint64_t>)> done;
  };
  std::mutex publish_mu;
  std::condition_variable pending_cv;                        // publish_mu
  std::vector<Pending> pending;                              // publish_mu
  bool stopping = false;                                     // publish_mu
  absl::Status sync_error;                                   // publish_mu
  std::vector<std::weak_ptr<SubscriptionImpl>> subscribers;  // publish_mu
  // Last revision that is durable and published.
  std::atomic<uint64_t> durable_revision{0};
  std::thread sync_thread;

  ~Impl() {
    {
      std::lock_guard p(publish_mu);
      stopping = true;
    }
    pending_cv.notify_all();
    if (sync_thread.joinable()) sync_thread.join();
    for (auto* cf : cfs) db->DestroyColumnFamilyHandle(cf);
  }

  absl::StatusOr<std::string> Get(Cf cf, absl::string_view key) const {
    std::string value;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cfs[cf],
                                rocksdb::Slice(key.data(), key.size()), &value);
    if (s.IsNotFound()) return absl::NotFoundError("");
    if (!s.ok()) return FromRocks(s, kCfNames[cf]);
    return value;
  }

  template <typename Message>
  absl::StatusOr<Message> GetProto(Cf cf, absl::string_view key) const {
    DOCPIPE_ASSIGN_OR_RETURN(std::string bytes, Get(cf, key));
    Message m;
    if (!m.ParseFromString(bytes)) {
      return absl::DataLossError(
          absl::StrCat("corrupt ", kCfNames[cf], " record"));
    }
    return m;
  }

  absl::StatusOr<v1::Document> LoadDocument(absl::string_view doc_id) const {
    if (doc_id.empty()) return absl::InvalidArgumentError("doc_id: required");
    auto doc = GetProto<v1::Document>(kDocuments, doc_id);
    if (absl::IsNotFound(doc.status())) {
      return NotFound("doc_id", absl::StrCat("no document \"", doc_id, "\""));
    }
    return doc;
  }

  uint64_t Head(absl::string_view doc_id) const {
    auto v = Get(kHeads, doc_id);
    return v.ok() ? keys::FromBigEndian(*v) : 0;
  }

  absl::StatusOr<v1::AnnotationSet> LoadVersion(absl::string_view doc_id,
                                                uint64_t version,
                                                absl::string_view field) const {
    auto set =
        GetProto<v1::AnnotationSet>(kVersions, keys::Version(doc_id, version));
    if (absl::IsNotFound(set.status())) {
      return NotFound(field, absl::StrCat(doc_id, " has no version ", version,
                                          " (head is ", Head(doc_id), ")"));
    }
    return set;
  }

  // Appends `events` (revisions assigned here, in order) to `batch` with the
  // meta record and retention deletes, writes it and releases `lock` (on
  // write_mu). `done` gets the batch's last revision once it is durable and
  // its events are published, on the sync thread; or an error, maybe
  // inline.
  void Write(std::unique_lock<std::mutex>& lock, rocksdb::WriteBatch& batch,
             std::vector<v1::ChangeEvent> events,
             std::function<void(absl::StatusOr<uint64_t>)> done);

  // The sync thread's loop; see `pending`.
  void SyncLoop();
  // Offers `events` to subscribers. Caller holds publish_mu.
  void Publish(const std::vector<v1::ChangeEvent>& events);
};

// Backlog straight from the change log, then live events from a bounded
// queue the writers fill. See Store::Subscribe for the ordering argument.
class SubscriptionImpl final : public Subscription {
 public:
  SubscriptionImpl(Store::Impl* store, const v1::SubscribeRequest& request,
                   uint64_t start, uint64_t backlog_end,
                   std::function<void()> on_ready)
      : store_(store),
        filter_(request.filter()),
        payload_(request.include_annotations()),
        encoding_(request.offset_encoding()),
        start_(start),
        next_backlog_(start),
        backlog_end_(backlog_end),
        seen_(std::max(start - 1, backlog_end)),
        last_delivered_(start - 1),
        on_ready_(std::move(on_ready)) {}

  Poll Next(v1::ChangeEvent* event, absl::Status* status) override {
    std::lock_guard lock(mu_);
    if (!closed_.ok()) {
      *status = closed_;
      return Poll::kEnded;
    }
    while (next_backlog_ <= backlog_end_) {
      uint64_t rev = next_backlog_++;
      auto e =
          store_->GetProto<v1::ChangeEvent>(kChangelog, keys::BigEndian(rev));
      if (!e.ok()) {
        closed_ = absl::IsNotFound(e.status())
                      ? absl::OutOfRangeError(absl::StrCat(
                            "revision ", rev,
                            " was compacted while streaming; oldest is ",
                            store_->oldest_revision.load()))
                      : e.status();
        *status = closed_;
        return Poll::kEnded;
      }
      if (Matches(filter_, *e)) return Deliver(*std::move(e), event, status);
    }
    if (!queue_.empty()) {
      v1::ChangeEvent e = std::move(queue_.front());
      queue_.pop_front();
      return Deliver(std::move(e), event, status);
    }
    if (overflow_) {
      closed_ = absl::ResourceExhaustedError(absl::StrCat(
          "subscriber too slow: more than ", store_->options.subscriber_queue,
          " events queued; last delivered revision ", last_delivered_,
          "; resume from ", last_delivered_ + 1));
      *status = closed_;
      return Poll::kEnded;
    }
    return Poll::kEmpty;
  }

  void Close(absl::Status status) override {
    {
      std::lock_guard lock(mu_);
      if (closed_.ok()) closed_ = std::move(status);
    }
    if (on_ready_) on_ready_();
  }

  uint64_t last_delivered() const override {
    std::lock_guard lock(mu_);
    return last_delivered_;
  }

  uint64_t progress_revision() const override {
    std::lock_guard lock(mu_);
    return seen_;
  }

  // Called under publish_mu, in revision order, once durable.
  void Offer(const v1::ChangeEvent& e) {
    if (e.revision() <= backlog_end_) return;
    {
      std::lock_guard lock(mu_);
      if (!closed_.ok() || overflow_) return;
      if (e.revision() < start_ || !Matches(filter_, e)) {
        if (queue_.empty()) seen_ = e.revision();
        return;
      }
      if (queue_.size() >= store_->options.subscriber_queue) {
        overflow_ = true;
      } else {
        queue_.push_back(e);
      }
    }
    if (on_ready_) on_ready_();
  }

  bool closed() const {
    std::lock_guard lock(mu_);
    return !closed_.ok();
  }

 private:
  Poll Deliver(v1::ChangeEvent e, v1::ChangeEvent* out, absl::Status* status) {
    if (payload_ && e.version() > 0) {
      v1::GetAnnotationsRequest get;
      get.set_doc_id(e.doc_id());
      get.set_version(e.version());
      auto set = store_->LoadVersion(e.doc_id(), e.version(), "version");
      if (set.ok() && encoding_ > v1::OFFSET_ENCODING_UTF8) {
        auto doc = store_->LoadDocument(e.doc_id());
        if (doc.ok()) {
          (void)ConvertSpans(doc->text(), encoding_, false,
                             set->mutable_annotations());
        }
      }
      if (!set.ok()) {
        closed_ = set.status();
        *status = closed_;
        return Poll::kEnded;
      }
      *e.mutable_annotations() = *std::move(set);
    }
    last_delivered_ = e.revision();
    seen_ = std::max(seen_, e.revision());
    *out = std::move(e);
    return Poll::kEvent;
  }

  Store::Impl* const store_;
  const v1::SubscribeFilter filter_;
  const bool payload_;
  const v1::OffsetEncoding encoding_;
  mutable std::mutex mu_;
  const uint64_t start_;               // first revision wanted (may be future)
  uint64_t next_backlog_;              // mu_
  const uint64_t backlog_end_;         // last revision read from the change log
  uint64_t seen_;                      // mu_; see progress_revision()
  uint64_t last_delivered_;            // mu_
  std::deque<v1::ChangeEvent> queue_;  // mu_, live events > backlog_end_
  bool overflow_ = false;              // mu_
  absl::Status closed_;                // mu_; non-OK once ended
  const std::function<void()> on_ready_;
};

void Store::Impl::Write(std::unique_lock<std::mutex>& lock,
                        rocksdb::WriteBatch& batch,
                        std::vector<v1::ChangeEvent> events,
                        std::function<void(absl::StatusOr<uint64_t>)> done) {
  absl::Status broken;
  {
    std::lock_guard p(publish_mu);
    broken = sync_error;
  }
  if (!broken.ok()) {
    lock.unlock();
    done(broken);
    return;
  }
  uint64_t rev = last_revision.load();
  const google::protobuf::Timestamp now = TimeUtil::GetCurrentTime();
  for (v1::ChangeEvent& e : events) {
    e.set_revision(++rev);
    *e.mutable_created_at() = now;
    batch.Put(cfs[kChangelog], keys::BigEndian(rev), e.SerializeAsString());
    if (options.retention_revisions > 0 && rev > options.retention_revisions) {
      batch.Delete(cfs[kChangelog],
                   keys::BigEndian(rev - options.retention_revisions));
    }
  }
  batch.Put(cfs[kMeta], keys::kLastRevision, keys::BigEndian(rev));
  // Unsynced: the sync thread syncs the WAL for the whole group. The WAL is
  // sequential, so a sync that covers revision r covers all before it.
  absl::Status written = FromRocks(db->Write(write_options, &batch), "commit");
  if (!written.ok()) {
    lock.unlock();
    done(written);
    return;
  }
  last_revision.store(rev);
  if (options.retention_revisions > 0 && rev > options.retention_revisions) {
    oldest_revision.store(rev - options.retention_revisions + 1);
  }
  {
    std::lock_guard p(publish_mu);
    pending.push_back({std::move(events), std::move(done)});
  }
  lock.unlock();
  pending_cv.notify_one();
}

void Store::Impl::SyncLoop() {
  std::vector<Pending> group;
  std::unique_lock p(publish_mu);
  for (;;) {
    pending_cv.wait(p, [&] { return stopping || !pending.empty(); });
    if (pending.empty()) return;  // stopping, and nothing left to ack
    group.swap(pending);
    p.unlock();
    // Everything in `group` is in the WAL already.
    absl::Status synced = absl::OkStatus();
    if (options.sync_writes) {
      synced = FromRocks(db->SyncWAL(), "commit: syncing the WAL");
    }
    p.lock();
    // Written but not known durable: refuse every later write rather than
    // acknowledge something a power cut could take back.
    if (!synced.ok() && sync_error.ok()) sync_error = synced;
    if (sync_error.ok()) {
      for (const Pending& g : group) Publish(g.events);
      durable_revision.store(group.back().events.back().revision());
    }
    const absl::Status status = sync_error;
    p.unlock();
    for (Pending& g : group) {
      if (status.ok()) {
        g.done(g.events.back().revision());
      } else {
        g.done(status);
      }
    }
    group.clear();
    p.lock();
  }
}

void Store::Impl::Publish(const std::vector<v1::ChangeEvent>& events) {
  size_t live = 0;
  for (auto& weak : subscribers) {
    auto sub = weak.lock();
    if (!sub || sub->closed()) continue;
    for (const auto& e : events) sub->Offer(e);
    subscribers[live++] = weak;
  }
  subscribers.resize(live);
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() {
  std::lock_guard lock(impl_->publish_mu);
  for (auto& weak : impl_->subscribers) {
    if (auto sub = weak.lock())
      sub->Close(absl::UnavailableError("store closed"));
  }
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(
    const StoreOptions& options) {
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("data_dir: required");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  // Writes go to the WAL unsynced; Impl::AwaitDurable syncs per group.
  impl->write_options.sync = false;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // Each commit is one WriteBatch; the WAL makes it atomic and durable.
  db_options.manual_wal_flush = false;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                           rocksdb::ColumnFamilyOptions());
  for (const char* name : kCfNames) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.data_dir,
                                        descriptors, &handles, &db);
  if (!s.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("data_dir ", options.data_dir, ": ", s.ToString()));
  }
  impl->db.reset(db);
  // handles[0] is the default family, unused.
  db->DestroyColumnFamilyHandle(handles[0]);
  impl->cfs.assign(handles.begin() + 1, handles.end());

  if (auto last = impl->Get(kMeta, keys::kLastRevision); last.ok()) {
    impl->last_revision = keys::FromBigEndian(*last);
    impl->durable_revision = impl->last_revision.load();
  }
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), impl->cfs[kChangelog]));
  it->SeekToFirst();
  impl->oldest_revision = it->Valid() ? keys::FromBigEndian(absl::string_view(
                                            it->key().data(), it->key().size()))
                                      : impl->last_revision + 1;
  Impl* raw = impl.get();
  impl->sync_thread = std::thread([raw] { raw->SyncLoop(); });
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

uint64_t Store::current_revision() const { return impl_->durable_revision; }
uint64_t Store::oldest_revision() const { return impl_->oldest_revision; }

namespace {

// Cross-document linking of the machine's entity mentions, under the
// writer lock so two documents introducing one new entity agree. Each
// mention's link_key (a spelling-insensitive name key the annotator set)
// is looked up in entity_keys: when another document already holds the key
// under another id, the mention takes that id and says so in `evidence`;
// an unknown key is recorded with this mention's id. People's corrections
// are not relinked: a person's entity_id wins.
absl::Status LinkEntities(Store::Impl* impl, absl::string_view doc_id,
                          v1::AnnotationSet* set, rocksdb::WriteBatch& batch) {
  // Node-based: `moved` keeps pointers into it.
  std::unordered_map<std::string, v1::EntityRecord> staged;
  // Local id -> the id it links to, so all of a document's mentions of one
  // entity move together even when only some carry the key.
  absl::flat_hash_map<std::string, const v1::EntityRecord*> moved;
  for (auto& a : *set->mutable_annotations()) {
    if (!a.has_entity() || a.entity().link_key().empty()) continue;
    auto* e = a.mutable_entity();
    const v1::EntityRecord* record = nullptr;
    if (auto it = staged.find(e->link_key()); it != staged.end()) {
      record = &it->second;
    } else {
      auto got = impl->GetProto<v1::EntityRecord>(kEntityKeys, e->link_key());
      if (!got.ok() && !absl::IsNotFound(got.status())) return got.status();
      v1::EntityRecord r;
      if (got.ok()) {
        r = *std::move(got);
      } else {
        r.set_entity_id(e->entity_id());
        r.set_canonical_name(e->canonical_name());
        r.set_first_doc_id(std::string(doc_id));
        batch.Put(impl->cfs[kEntityKeys], e->link_key(), r.SerializeAsString());
      }
      record = &staged.emplace(e->link_key(), std::move(r)).first->second;
    }
    if (record->entity_id() != e->entity_id()) {
      moved.emplace(e->entity_id(), record);
    }
  }
  for (auto& a : *set->mutable_annotations()) {
    // An attribution's source entity follows the mentions it names.
    if (a.has_attribution()) {
      auto it = moved.find(a.attribution().source_entity_id());
      if (it != moved.end()) {
        a.mutable_attribution()->set_source_entity_id(it->second->entity_id());
      }
      continue;
    }
    if (!a.has_entity()) continue;
    auto it = moved.find(a.entity().entity_id());
    if (it == moved.end()) continue;
    auto* e = a.mutable_entity();
    e->set_evidence(absl::StrCat(
        e->evidence(), e->evidence().empty() ? "" : "; ", "store: key ",
        e->link_key(), " is ", it->second->entity_id(), ", first seen in ",
        it->second->first_doc_id(), " as \"", it->second->canonical_name(),
        "\""));
    e->set_entity_id(it->second->entity_id());
    e->set_canonical_name(it->second->canonical_name());
  }
  return absl::OkStatus();
}

// PutDocument up to the write: validates, and under `lock` (taken here)
// fills `batch` and `events`; no events means nothing to write.
absl::StatusOr<v1::PutDocumentResponse> StagePut(
    Store::Impl* impl, v1::PutDocumentRequest& request,
    absl::string_view author, std::unique_lock<std::mutex>& lock,
    rocksdb::WriteBatch& batch, std::vector<v1::ChangeEvent>& events) {
  // Moved, not copied: the request is ours (see PutDocumentAsync).
  v1::Document doc = std::move(*request.mutable_document());
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
  v1::AnnotationSet set;
  if (request.has_annotations()) {
    set = std::move(*request.mutable_annotations());
    DOCPIPE_RETURN_IF_ERROR(ValidateAnnotations(doc.text(), set.annotations(),
                                                "annotations.annotations"));
  }

  lock.lock();
  // Known already? By external id, else by content.
  absl::StatusOr<std::string> known =
      doc.external_id().empty() ? impl->Get(kContentHashes, sha)
                                : impl->Get(kExternalIds, doc.external_id());
  if (!known.ok() && !absl::IsNotFound(known.status())) return known.status();
  v1::PutDocumentResponse response;
  std::string id = doc_id;
  if (known.ok()) {
    if (request.create_only()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "document: already stored as ", *known,
          doc.external_id().empty() ? " (same text)" : " (same external_id)"));
    }
    id = *known;
    DOCPIPE_ASSIGN_OR_RETURN(*response.mutable_document(),
                             impl->LoadDocument(id));
    response.set_head_version(impl->Head(id));
    if (response.head_version() > 0 || !request.has_annotations()) {
      return response;  // idempotent: nothing written
    }
  } else {
    *doc.mutable_ingested_at() = TimeUtil::GetCurrentTime();
    batch.Put(impl->cfs[kDocuments], doc_id, doc.SerializeAsString());
    if (!doc.external_id().empty()) {
      batch.Put(impl->cfs[kExternalIds], doc.external_id(), doc_id);
    }
    if (absl::IsNotFound(impl->Get(kContentHashes, sha).status())) {
      batch.Put(impl->cfs[kContentHashes], sha, doc_id);
    }
    batch.Put(impl->cfs[kHeads], doc_id, keys::BigEndian(0));
    v1::ChangeEvent added;
    added.set_doc_id(doc_id);
    added.set_kind(v1::CHANGE_KIND_DOCUMENT_ADDED);
    added.set_author(std::string(author));
    events.push_back(added);
    *response.mutable_document() = doc;
    response.set_created(true);
  }
  if (request.has_annotations()) {
    AssignIds(set.mutable_annotations());
    SortAnnotations(set.mutable_annotations());
    set.set_doc_id(id);
    set.set_version(1);
    set.set_parent_version(0);
    set.set_author(std::string(author));
    *set.mutable_created_at() = TimeUtil::GetCurrentTime();
    set.set_revision(impl->last_revision + events.size() + 1);
    DOCPIPE_RETURN_IF_ERROR(LinkEntities(impl, id, &set, batch));
    batch.Put(impl->cfs[kVersions], keys::Version(id, 1),
              set.SerializeAsString());
    batch.Put(impl->cfs[kHeads], id, keys::BigEndian(1));
    for (const auto& [entity, n] : CountMentions(set.annotations())) {
      batch.Put(impl->cfs[kMentions], keys::Mention(entity, id),
                keys::BigEndian(n));
    }
    v1::ChangeEvent annotated;
    annotated.set_doc_id(id);
    annotated.set_version(1);
    annotated.set_kind(v1::CHANGE_KIND_ANNOTATED);
    annotated.set_author(std::string(author));
    events.push_back(annotated);
    response.set_head_version(1);
  }
  return response;
}

// Commit up to the write, as StagePut.
absl::StatusOr<v1::CommitResponse> StageCommit(
    Store::Impl* impl, v1::CommitRequest& request, absl::string_view author,
    std::unique_lock<std::mutex>& lock, rocksdb::WriteBatch& batch,
    std::vector<v1::ChangeEvent>& events) {
  v1::ChangeKind kind = request.kind();
  if (kind == v1::CHANGE_KIND_UNSPECIFIED) kind = v1::CHANGE_KIND_CORRECTED;
  if (kind != v1::CHANGE_KIND_CORRECTED && kind != v1::CHANGE_KIND_ANNOTATED) {
    return absl::InvalidArgumentError(
        "kind: a commit is CORRECTED or ANNOTATED");
  }
  if (request.change_case() == v1::CommitRequest::CHANGE_NOT_SET) {
    return absl::InvalidArgumentError("change: set edits or full_set");
  }
  lock.lock();
  DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                           impl->LoadDocument(request.doc_id()));
  const uint64_t head = impl->Head(doc.doc_id());
  if (request.expected_version() != head) {
    return absl::AbortedError(absl::StrCat(
        "expected_version: ", request.expected_version(), " is stale, head of ",
        doc.doc_id(), " is ", head, "; re-read and retry"));
  }
  v1::AnnotationSet base;
  if (head > 0) {
    DOCPIPE_ASSIGN_OR_RETURN(base,
                             impl->LoadVersion(doc.doc_id(), head, "head"));
  }
  v1::AnnotationSet next;
  v1::CommitResponse response;
  if (request.has_edits()) {
    auto edits = request.edits().edits();
    DOCPIPE_RETURN_IF_ERROR(
        ConvertEditSpans(doc.text(), request.offset_encoding(), &edits));
    std::vector<std::string> added;
    DOCPIPE_ASSIGN_OR_RETURN(
        *next.mutable_annotations(),
        ApplyEdits(doc.text(), base.annotations(), edits, &added));
    *next.mutable_edits() = edits;
    for (auto& id : added) response.add_added_ids(id);
    next.set_annotator_version(base.annotator_version());
  } else {
    *next.mutable_annotations() = request.full_set().annotations();
    DOCPIPE_RETURN_IF_ERROR(ConvertSpans(doc.text(), request.offset_encoding(),
                                         true, next.mutable_annotations()));
    DOCPIPE_RETURN_IF_ERROR(ValidateAnnotations(doc.text(), next.annotations(),
                                                "full_set.annotations"));
    for (auto& id : AssignIds(next.mutable_annotations())) {
      response.add_added_ids(id);
    }
    next.set_annotator_version(request.full_set().annotator_version());
  }
  SortAnnotations(next.mutable_annotations());
  const uint64_t version = head + 1;
  next.set_doc_id(doc.doc_id());
  next.set_version(version);
  next.set_parent_version(head);
  next.set_author(std::string(author));
  next.set_note(request.note());
  *next.mutable_created_at() = TimeUtil::GetCurrentTime();
  next.set_revision(impl->last_revision + 1);

  // A machine's full set (re-annotation) is linked like a first put.
  if (request.has_full_set() && kind == v1::CHANGE_KIND_ANNOTATED) {
    DOCPIPE_RETURN_IF_ERROR(LinkEntities(impl, doc.doc_id(), &next, batch));
  }
  batch.Put(impl->cfs[kVersions], keys::Version(doc.doc_id(), version),
            next.SerializeAsString());
  batch.Put(impl->cfs[kHeads], doc.doc_id(), keys::BigEndian(version));
  // The mentions index follows the head, in the same batch.
  auto before = CountMentions(base.annotations());
  auto after = CountMentions(next.annotations());
  for (const auto& [entity, n] : before) {
    if (!after.contains(entity)) {
      batch.Delete(impl->cfs[kMentions], keys::Mention(entity, doc.doc_id()));
    }
  }
  for (const auto& [entity, n] : after) {
    batch.Put(impl->cfs[kMentions], keys::Mention(entity, doc.doc_id()),
              keys::BigEndian(n));
  }
  events.resize(1);
  events[0].set_doc_id(doc.doc_id());
  events[0].set_version(version);
  events[0].set_kind(kind);
  events[0].set_author(std::string(author));
  response.set_doc_id(doc.doc_id());
  response.set_version(version);
  return response;
}

// Runs an async store call and waits for its answer.
template <typename Response, typename Call>
absl::StatusOr<Response> Await(Call call) {
  std::promise<absl::StatusOr<Response>> promise;
  auto answer = promise.get_future();
  call([&promise](absl::StatusOr<Response> r) {
    promise.set_value(std::move(r));
  });
  return answer.get();
}

// Runs a Stage* function (StagePut, StageCommit) and writes what it staged,
// answering `done` once durable: inline on errors and no-ops.
template <typename Response, typename Request>
void StageAndWrite(Store::Impl* impl, Request request, absl::string_view author,
                   absl::StatusOr<Response> (*stage)(
                       Store::Impl*, Request&, absl::string_view,
                       std::unique_lock<std::mutex>&, rocksdb::WriteBatch&,
                       std::vector<v1::ChangeEvent>&),
                   std::function<void(absl::StatusOr<Response>)> done) {
  std::unique_lock<std::mutex> lock(impl->write_mu, std::defer_lock);
  rocksdb::WriteBatch batch;
  std::vector<v1::ChangeEvent> events;
  absl::StatusOr<Response> staged =
      stage(impl, request, author, lock, batch, events);
  if (!staged.ok() || events.empty()) {
    if (lock.owns_lock()) lock.unlock();
    done(std::move(staged));
    return;
  }
  impl->Write(lock, batch, std::move(events),
              [response = *std::move(staged),
               done = std::move(done)](absl::StatusOr<uint64_t> rev) mutable {
                if (!rev.ok()) return done(rev.status());
                response.set_revision(*rev);
                done(std::move(response));
              });
}

}  // namespace

void Store::PutDocumentAsync(v1::PutDocumentRequest request,
                             absl::string_view author, PutDone done) {
  StageAndWrite(impl_.get(), std::move(request), author, &StagePut,
                std::move(done));
}

absl::StatusOr<v1::PutDocumentResponse> Store::PutDocument(
    const v1::PutDocumentRequest& request, absl::string_view author) {
  return Await<v1::PutDocumentResponse>([&](PutDone done) {
    PutDocumentAsync(request, author, std::move(done));
  });
}

void Store::CommitAsync(v1::CommitRequest request, absl::string_view author,
                        CommitDone done) {
  StageAndWrite(impl_.get(), std::move(request), author, &StageCommit,
                std::move(done));
}

absl::StatusOr<v1::CommitResponse> Store::Commit(
    const v1::CommitRequest& request, absl::string_view author) {
  return Await<v1::CommitResponse>(
      [&](CommitDone done) { CommitAsync(request, author, std::move(done)); });
}

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

absl::StatusOr<v1::ListDocumentsResponse> Store::ListDocuments(
    const v1::ListDocumentsRequest& request) const {
  uint32_t page = request.page_size() == 0
                      ? 100
                      : std::min<uint32_t>(request.page_size(), 1000);
  v1::ListDocumentsResponse response;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cfs[kDocuments]));
  it->Seek(request.page_token());
  if (it->Valid() && it->key().ToString() == request.page_token()) {
    it->Next();  // the token is the last id of the previous page
  }
  for (; it->Valid(); it->Next()) {
    if (response.documents_size() == static_cast<int>(page)) {
      response.set_next_page_token(
          response.documents(response.documents_size() - 1).doc_id());
      break;
    }
    v1::Document doc;
    if (!doc.ParseFromArray(it->value().data(), it->value().size())) {
      return absl::DataLossError("corrupt documents record");
    }
    auto* s = response.add_documents();
    s->set_doc_id(doc.doc_id());
    s->set_external_id(doc.external_id());
    s->set_title(doc.title());
    s->set_head_version(impl_->Head(doc.doc_id()));
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "documents"));
  return response;
}

absl::StatusOr<v1::AnnotationSet> Store::GetAnnotations(
    const v1::GetAnnotationsRequest& request) const {
  DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                           impl_->LoadDocument(request.doc_id()));
  uint64_t version = request.version();
  if (version == 0) {
    version = impl_->Head(doc.doc_id());
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
  response.set_head_version(impl_->Head(doc.doc_id()));
  const std::string prefix = keys::VersionPrefix(doc.doc_id());
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cfs[kVersions]));
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
    auto event = impl_->GetProto<v1::ChangeEvent>(
        kChangelog, keys::BigEndian(set.revision()));
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
  const uint64_t head = impl_->Head(doc.doc_id());
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

absl::StatusOr<v1::FindMentionsResponse> Store::FindMentions(
    const v1::FindMentionsRequest& request) const {
  if (request.entity_id().empty()) {
    return absl::InvalidArgumentError("entity_id: required");
  }
  v1::FindMentionsResponse response;
  const std::string prefix = keys::MentionPrefix(request.entity_id());
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cfs[kMentions]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    std::string doc_id(it->key().data() + prefix.size(),
                       it->key().size() - prefix.size());
    uint64_t head = impl_->Head(doc_id);
    auto set = impl_->LoadVersion(doc_id, head, "head");
    if (!set.ok()) continue;
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

absl::StatusOr<std::shared_ptr<Subscription>> Store::Subscribe(
    const v1::SubscribeRequest& request, std::function<void()> on_ready) {
  for (int i = 0; i < request.filter().kinds_size(); ++i) {
    int k = request.filter().kinds(i);
    if (k == v1::CHANGE_KIND_UNSPECIFIED || !v1::ChangeKind_IsValid(k)) {
      return absl::InvalidArgumentError(
          absl::StrCat("filter.kinds[", i, "]: unknown kind ", k));
    }
  }
  // Registering and fixing the backlog's end under the publishers' mutex is
  // what makes the switch from backlog to live exact: every revision up to
  // backlog_end is durable in the change log already, every later one is
  // offered to this subscriber by the group commit that makes it durable.
  std::lock_guard lock(impl_->publish_mu);
  const uint64_t last = impl_->durable_revision;
  uint64_t start =
      request.start_revision() == 0 ? last + 1 : request.start_revision();
  if (start < impl_->oldest_revision) {
    return absl::OutOfRangeError(
        absl::StrCat("start_revision: ", start,
                     " is older than the change log's retention;"
                     " oldest available revision is ",
                     impl_->oldest_revision.load()));
  }
  auto sub = std::make_shared<SubscriptionImpl>(impl_.get(), request, start,
                                                last, std::move(on_ready));
  impl_->subscribers.push_back(sub);
  return std::shared_ptr<Subscription>(sub);
}

}  // namespace docpipe::store
