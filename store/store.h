// The versioned annotation store over RocksDB.
//
// Documents are immutable; each commit makes a new immutable version of a
// document's annotation set. Every write (a new document, a version) takes
// the next store-wide revision, gap-free, and appends a ChangeEvent to the
// change log in the same atomic WriteBatch, synced to the WAL before the
// call returns when StoreOptions::sync_writes is set: an acknowledged write
// survives kill -9 and power loss, an unacknowledged one is absent entirely.
//
// Column families: documents (doc_id -> Document), versions (doc_id +
// big-endian version -> AnnotationSet), heads (doc_id -> head version),
// external_ids (external_id -> doc_id), content_hashes (sha256 -> doc_id),
// changelog (big-endian revision -> ChangeEvent), mentions (entity_id \0
// doc_id -> the head version's mentions of the entity), meta (last
// revision), entity_keys (link_key -> the key's first-seen record,
// store/internal.proto), claims (each head version's claims by group,
// store/claims_index.h).
//
// Entity linking: machine annotations (PutDocument's set, an ANNOTATED
// full-set Commit) are linked across documents by their link_key. A mention
// with a link_key is stored under an id derived from the key alone
// ("person:vasanlak"), or keeps its gazetteer id, so ids do not depend on
// the order documents are committed in; canonical_name and the evidence
// text are the first-seen document's. See store/entity_links.h.
//
// Thread-safety: a Store is safe for concurrent use from any number of
// threads. Writes serialize on one mutex (the revision order) only while
// they check what they depend on and append to the WAL; concurrent writers then
// share one WAL sync (group commit), so durable throughput grows with the
// number of writers in flight. Reads take no lock. A read may see a write a few
// microseconds before it is synced; acknowledgements and subscribers never do.
#ifndef DOCPIPE_STORE_STORE_H_
#define DOCPIPE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "docpipe/v1/store.pb.h"

namespace docpipe::store {

struct StoreOptions {
  // RocksDB directory; created if missing.
  std::string data_dir;
  // fsync the WAL on every commit (durable across power loss). Without it a
  // commit still survives a process crash, not an OS crash.
  bool sync_writes = true;
  // Change-log entries kept; 0 keeps all. Older revisions are deleted in
  // the commit that pushes them out, and subscribing from them is
  // OUT_OF_RANGE.
  uint64_t retention_revisions = 0;
  // Live events buffered per subscriber before it is cut off with
  // RESOURCE_EXHAUSTED (it resumes from its last revision + 1).
  size_t subscriber_queue = 1024;
  // Total size of the write-ahead log files kept before RocksDB flushes the
  // column families that hold the oldest one (RocksDB's
  // max_total_wal_size).
  uint64_t max_total_wal_bytes = uint64_t{256} << 20;
  // Derive each head version's claims (docs/claims.md) in its commit and
  // keep them in the claims index for FindClaims. Off only to measure what
  // derivation costs a commit: FindClaims then misses what was written.
  bool derive_claims = true;
  // Change-log entries older than this are pruned, at most
  // kMaxPrunedPerCommit per commit so no commit stalls on a backlog; zero
  // keeps them. Applies together with retention_revisions.
  absl::Duration retention_age = absl::ZeroDuration();
  // The time change events are stamped with and aged by; absl::Now when
  // empty. For tests of retention by age.
  std::function<absl::Time()> clock;
};

// Change-log entries a commit deletes by age at most.
inline constexpr int kMaxPrunedPerCommit = 1024;

// "30d", "12h", "90m" (absl durations, plus whole days with "d") as a
// retention age; INVALID_ARGUMENT naming `flag` for anything else or a
// negative age.
absl::StatusOr<absl::Duration> ParseRetentionAge(absl::string_view text,
                                                 absl::string_view flag);

// Restores the backup `backup_id` (0: the newest) of `backup_dir` into
// `data_dir`, which must be empty or missing. InUseError when a process
// holds data_dir; FAILED_PRECONDITION when it holds another store;
// NOT_FOUND for an unknown backup. Returns the backup's
// BackupResponse.revision.
absl::StatusOr<uint64_t> RestoreBackup(const std::string& backup_dir,
                                       uint32_t backup_id,
                                       const std::string& data_dir);

class Subscription;

class Store {
 public:
  // Opens (or creates) the store in options.data_dir.
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Stores a document, idempotently: a known external_id (or, without one, a
  // known content hash) returns the stored document with created = false
  // and writes nothing (ALREADY_EXISTS when request.create_only). With
  // `annotations`, a new document (or one without versions) gets them as
  // version 1 in the same WriteBatch. `author` is the caller's identity.
  absl::StatusOr<v1::PutDocumentResponse> PutDocument(
      const v1::PutDocumentRequest& request, absl::string_view author);
  // The same without blocking on the disk: `done` runs exactly once, inline
  // for errors and no-op puts, else on the store's sync thread once the
  // write is durable. `done` must not block (it delays other writers'
  // acknowledgements) nor call a synchronous write of this store. Takes the
  // request by value so a caller that is done with it can move it in and
  // spare a copy of the whole annotation set.
  using PutDone = std::function<void(absl::StatusOr<v1::PutDocumentResponse>)>;
  void PutDocumentAsync(v1::PutDocumentRequest request,
                        absl::string_view author, PutDone done);

  absl::StatusOr<v1::Document> GetDocument(
      const v1::GetDocumentRequest& request) const;
  absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(
      const v1::ListDocumentsRequest& request) const;
  // Version 0 means the head. NOT_FOUND for unknown documents or versions.
  absl::StatusOr<v1::AnnotationSet> GetAnnotations(
      const v1::GetAnnotationsRequest& request) const;
  absl::StatusOr<v1::ListVersionsResponse> ListVersions(
      const v1::ListVersionsRequest& request) const;

  // Compare-and-commit: ABORTED (nothing written) unless
  // request.expected_version is the head. Edits are applied to the head;
  // a full set replaces it. INVALID_ARGUMENT names the bad edit or
  // annotation.
  absl::StatusOr<v1::CommitResponse> Commit(const v1::CommitRequest& request,
                                            absl::string_view author);
  // Commit without blocking; `done` as for PutDocumentAsync.
  using CommitDone = std::function<void(absl::StatusOr<v1::CommitResponse>)>;
  void CommitAsync(v1::CommitRequest request, absl::string_view author,
                   CommitDone done);

  absl::StatusOr<v1::DiffResponse> Diff(const v1::DiffRequest& request) const;
  // Mentions of an entity in the head versions of all documents.
  absl::StatusOr<v1::FindMentionsResponse> FindMentions(
      const v1::FindMentionsRequest& request) const;
  // Claim groups of the head versions, in key order, a page at a time;
  // INVALID_ARGUMENT names a bad page_size or page_token.
  absl::StatusOr<v1::FindClaimsResponse> FindClaims(
      const v1::FindClaimsRequest& request) const;

  // Events from request.start_revision (0: from the next one; a future one
  // waits for it, like etcd), backlog then
  // live, in revision order, filtered. `on_ready` is called (from a writer's
  // thread; it must not block or call back into the store) whenever
  // Subscription::Next may have something new. OUT_OF_RANGE when
  // start_revision was pruned by retention, naming the oldest available.
  absl::StatusOr<std::shared_ptr<Subscription>> Subscribe(
      const v1::SubscribeRequest& request, std::function<void()> on_ready);

  // Document count, revisions and disk use (RocksDB properties and the
  // live WAL files); INTERNAL when RocksDB cannot list its WAL.
  absl::StatusOr<v1::GetStatsResponse> GetStats() const;

  // A backup of the store in request.backup_dir (store_backup.cc), taken
  // while it serves; see StoreService.Backup. Blocks for the whole copy:
  // call it from a thread of its own. Backups serialize on a mutex.
  absl::StatusOr<v1::BackupResponse> Backup(const v1::BackupRequest& request);

  // Last committed revision (0 for an empty store).
  uint64_t current_revision() const;
  // Oldest revision still in the change log (current + 1 when empty).
  uint64_t oldest_revision() const;

  class Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One subscriber's view of the change stream. Pull-based so a gRPC reactor
// can write one event, wait for the write to finish, then pull the next:
// nothing blocks and nothing buffers beyond the bounded live queue.
// Thread-safe. Must not outlive its Store.
class Subscription {
 public:
  enum class Poll { kEvent, kEmpty, kEnded };

  virtual ~Subscription() = default;
  // kEvent: *event is the next one. kEmpty: nothing now; on_ready will be
  // called when there is. kEnded: *status says why (RESOURCE_EXHAUSTED for
  // an overflowing subscriber, UNAVAILABLE on shutdown); final.
  virtual Poll Next(v1::ChangeEvent* event, absl::Status* status) = 0;
  // Ends the subscription with `status` (e.g. UNAVAILABLE at shutdown).
  virtual void Close(absl::Status status) = 0;
  // Revision of the last event returned by Next (start_revision - 1 before
  // the first).
  virtual uint64_t last_delivered() const = 0;
  // When Next last returned kEmpty: every matching event up to this
  // revision has been delivered. For progress heartbeats on idle streams.
  virtual uint64_t progress_revision() const = 0;
};

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_STORE_H_
