// The store's internals, shared by store_*.cc and entity_links.cc; private
// to store/. Store::Impl holds the RocksDB handles, the writer lock and the
// group-commit state; the read helpers here are lock-free.
#ifndef DOCPIPE_STORE_STORE_IMPL_H_
#define DOCPIPE_STORE_STORE_IMPL_H_

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/status.h"
#include "store/store.h"

namespace docpipe::store {

// Column families, in the order Open creates them.
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
  kClaims,
  // doc_id -> internal.ListingRecord: what ListDocuments shows of a
  // document without reading its text.
  kListing,
  kNumCfs
};
inline constexpr const char* kCfNames[kNumCfs] = {
    "documents",      "versions",  "heads",    "external_ids",
    "content_hashes", "changelog", "mentions", "meta",
    "entity_keys",    "claims",    "listing"};

// INTERNAL naming `what` unless `s` is OK.
[[nodiscard]] absl::Status FromRocks(const rocksdb::Status& s,
                                     absl::string_view what);
// NOT_FOUND "field: what".
[[nodiscard]] absl::Status NotFound(absl::string_view field,
                                    absl::string_view what);

// The serialized internal.ListingRecord of `doc` (store_listing.cc).
std::string ListingRecordFor(const v1::Document& doc);

// The mentions index entries of a head version `set`: entity id -> the
// serialized MentionIndexRecord (store/internal.proto) of its mentions.
absl::flat_hash_map<std::string, std::string> MentionRecords(
    const v1::AnnotationSet& set);

// What a write puts in its one WriteBatch: the records, and the change
// events that Append numbers and logs.
struct Staging {
  rocksdb::WriteBatch batch;
  std::vector<v1::ChangeEvent> events;
};

class SubscriptionImpl;

class Store::Impl {
 public:
  using Ack = std::function<void(absl::StatusOr<uint64_t>)>;

  Impl() = default;
  // Stops the sync thread (after it acknowledges what is pending) and
  // releases the column families.
  ~Impl();

  const StoreOptions& options() const { return options_; }
  rocksdb::ColumnFamilyHandle* cf(Cf cf) const { return cfs_[cf]; }
  rocksdb::DB* db() const { return db_.get(); }

  // Opening (store_open.cc).
  [[nodiscard]] absl::Status OpenDb(const StoreOptions& options);
  [[nodiscard]] absl::Status Recover();
  // Fills the listing family from the documents family once, for a store
  // written before the family existed (store_listing.cc).
  [[nodiscard]] absl::Status BackfillListing();

  // Lock-free reads (store_open.cc). NOT_FOUND with an empty message when
  // the key is absent.
  absl::StatusOr<std::string> Get(Cf cf, absl::string_view key) const;
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
  // NOT_FOUND naming doc_id for an unknown document.
  absl::StatusOr<v1::Document> LoadDocument(absl::string_view doc_id) const;
  // The head version; 0 for a document without versions (or unknown).
  absl::StatusOr<uint64_t> Head(absl::string_view doc_id) const;
  // NOT_FOUND naming `field` for a missing version.
  absl::StatusOr<v1::AnnotationSet> LoadVersion(absl::string_view doc_id,
                                                uint64_t version,
                                                absl::string_view field) const;

  // Writing (store_write.cc). Serializes writers: the compare step,
  // revision assignment and the WAL append happen under it, so revision
  // order is commit order. Lock order: write_mu, then publish_mu_.
  absl::Mutex write_mu;
  // Last revision written to the WAL (maybe not synced yet).
  uint64_t last_revision() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu) {
    return last_revision_;
  }
  // Numbers staging->events from last_revision() + 1, logs them in the
  // change log (pruning by retention) and appends the batch to the WAL,
  // unsynced. Returns the last revision written.
  absl::StatusOr<uint64_t> Append(Staging* staging)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu);
  // Queues the acknowledgement of the batch Append just wrote: the sync
  // thread runs `ack` once the batch is durable and `events` published.
  // Under write_mu so the queue is in revision order.
  // Stages the deletion of change-log entries older than
  // options().retention_age, oldest first, at most kMaxPrunedPerCommit of
  // them and none at or after `first_new` (store_retention.cc). Returns the
  // new oldest revision (oldest_revision() when nothing is pruned).
  absl::StatusOr<uint64_t> StageAgePruning(rocksdb::WriteBatch* batch,
                                           uint64_t first_new, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu);
  void QueueAck(std::vector<v1::ChangeEvent> events, Ack ack)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu);
  void StartSyncThread();

  // Backups run one at a time (store_backup.cc).
  absl::Mutex backup_mu;

  // Subscriptions (store_subscribe.cc).
  uint64_t durable_revision() const { return durable_revision_.load(); }
  uint64_t oldest_revision() const { return oldest_revision_.load(); }
  absl::StatusOr<std::shared_ptr<Subscription>> Subscribe(
      const v1::SubscribeRequest& request, std::function<void()> on_ready);
  // Ends every subscription with UNAVAILABLE (the store is closing).
  void CloseSubscribers();

 private:
  // Group commit. A writer appends its batch to the WAL without syncing
  // under write_mu, queues its events and acknowledgement in pending_, and
  // lets go. The sync thread takes everything pending, syncs the WAL once
  // for all of it, publishes the events in revision order and runs the
  // acknowledgements. One fsync covers every commit that arrived during the
  // previous one, no thread waits on the disk but the sync thread, and
  // nothing is acknowledged or delivered to a subscriber before it is
  // durable.
  struct Pending {
    std::vector<v1::ChangeEvent> events;
    Ack ack;
  };
  void SyncLoop() ABSL_LOCKS_EXCLUDED(publish_mu_);
  // Syncs the WAL for `group` and publishes it; the status to answer with.
  [[nodiscard]] absl::Status SyncGroup(const std::vector<Pending>& group)
      ABSL_LOCKS_EXCLUDED(publish_mu_);
  // Offers `events` to the live subscribers (store_subscribe.cc).
  void Publish(const std::vector<v1::ChangeEvent>& events)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(publish_mu_);

  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs_;
  rocksdb::WriteOptions write_options_;

  uint64_t last_revision_ ABSL_GUARDED_BY(write_mu) = 0;
  // Creation time of the oldest change-log entry, once read (age
  // retention): no entry can expire before it does, so commits until then
  // read nothing.
  absl::Time oldest_entry_time_ ABSL_GUARDED_BY(write_mu) =
      absl::InfinitePast();
  // Lock-free for readers; written under write_mu (oldest) or publish_mu_.
  std::atomic<uint64_t> oldest_revision_{1};
  // Last revision that is durable and published.
  std::atomic<uint64_t> durable_revision_{0};

  absl::Mutex publish_mu_;
  absl::CondVar pending_cv_;
  std::vector<Pending> pending_ ABSL_GUARDED_BY(publish_mu_);
  bool stopping_ ABSL_GUARDED_BY(publish_mu_) = false;
  // Set once a WAL sync fails: every later write is refused.
  absl::Status sync_error_ ABSL_GUARDED_BY(publish_mu_);
  std::vector<std::weak_ptr<SubscriptionImpl>> subscribers_
      ABSL_GUARDED_BY(publish_mu_);
  std::thread sync_thread_;

  friend class SubscriptionImpl;
};

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_STORE_IMPL_H_
