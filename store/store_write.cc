// Writes: the WAL append under the writer lock and the group commit on the
// sync thread. What PutDocument and Commit stage is in store_put.cc and
// store_commit.cc.
#include "store/store_write.h"

#include <google/protobuf/util/time_util.h>

#include <future>
#include <optional>

#include "store/keys.h"
#include "store/store_impl.h"

namespace docpipe::store {

absl::StatusOr<uint64_t> Store::Impl::Append(Staging* staging) {
  {
    absl::MutexLock lock(&publish_mu_);
    if (!sync_error_.ok()) return sync_error_;
  }
  const uint64_t retention = options_.retention_revisions;
  uint64_t rev = last_revision_;
  const absl::Time time = options_.clock ? options_.clock() : absl::Now();
  google::protobuf::Timestamp now;
  now.set_seconds(absl::ToUnixSeconds(time));
  now.set_nanos(static_cast<int32_t>(
      (time - absl::FromUnixSeconds(now.seconds())) / absl::Nanoseconds(1)));
  for (v1::ChangeEvent& e : staging->events) {
    e.set_revision(++rev);
    *e.mutable_created_at() = now;
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(staging->batch.Put(cfs_[kChangelog], keys::BigEndian(rev),
                                     e.SerializeAsString()),
                  "commit: staging the change log"));
    if (retention > 0 && rev > retention) {
      DOCPIPE_RETURN_IF_ERROR(
          FromRocks(staging->batch.Delete(cfs_[kChangelog],
                                          keys::BigEndian(rev - retention)),
                    "commit: staging retention"));
    }
  }
  uint64_t oldest = oldest_revision_.load();
  if (retention > 0 && rev > retention) {
    oldest = std::max(oldest, rev - retention + 1);
  }
  if (options_.retention_age > absl::ZeroDuration()) {
    DOCPIPE_ASSIGN_OR_RETURN(
        uint64_t by_age,
        StageAgePruning(&staging->batch, last_revision_ + 1, time));
    oldest = std::max(oldest, by_age);
  }
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(staging->batch.Put(cfs_[kMeta], keys::kLastRevision,
                                   keys::BigEndian(rev)),
                "commit: staging the revision"));
  // Unsynced: the sync thread syncs the WAL for the whole group. The WAL is
  // sequential, so a sync that covers revision r covers all before it.
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(db_->Write(write_options_, &staging->batch), "commit"));
  last_revision_ = rev;
  oldest_revision_.store(oldest);
  return rev;
}

void Store::Impl::QueueAck(std::vector<v1::ChangeEvent> events, Ack ack) {
  absl::MutexLock lock(&publish_mu_);
  pending_.push_back({std::move(events), std::move(ack)});
  pending_cv_.Signal();
}

void Store::Impl::SyncLoop() {
  std::vector<Pending> group;
  for (;;) {
    {
      absl::MutexLock lock(&publish_mu_);
      while (!stopping_ && pending_.empty()) pending_cv_.Wait(&publish_mu_);
      if (pending_.empty()) return;  // stopping, and nothing left to ack
      group.swap(pending_);
    }
    const absl::Status status = SyncGroup(group);
    for (Pending& g : group) {
      if (status.ok()) {
        g.ack(g.events.back().revision());
      } else {
        g.ack(status);
      }
    }
    group.clear();
  }
}

absl::Status Store::Impl::SyncGroup(const std::vector<Pending>& group) {
  // Everything in `group` is in the WAL already.
  absl::Status synced = absl::OkStatus();
  if (options_.sync_writes) {
    synced = FromRocks(db_->SyncWAL(), "commit: syncing the WAL");
  }
  absl::MutexLock lock(&publish_mu_);
  // Written but not known durable: refuse every later write rather than
  // acknowledge something a power cut could take back.
  if (!synced.ok() && sync_error_.ok()) sync_error_ = synced;
  if (sync_error_.ok()) {
    for (const Pending& g : group) Publish(g.events);
    durable_revision_.store(group.back().events.back().revision());
  }
  return sync_error_;
}

namespace {

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

// Under write_mu: writes what a Stage* function staged and queues the
// acknowledgement that answers `*done` with the response and its revision.
// Returns the answer to give inline instead (errors, no-op puts), or
// nullopt once `*done` is queued.
template <typename Response>
std::optional<absl::StatusOr<Response>> WriteStaged(
    Store::Impl* impl, absl::StatusOr<Response> staged, Staging* staging,
    std::function<void(absl::StatusOr<Response>)>* done)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->write_mu) {
  if (!staged.ok() || staging->events.empty()) return staged;
  absl::StatusOr<uint64_t> rev = impl->Append(staging);
  if (!rev.ok()) return rev.status();
  impl->QueueAck(std::move(staging->events),
                 [response = *std::move(staged), done = std::move(*done)](
                     absl::StatusOr<uint64_t> rev) mutable {
                   if (!rev.ok()) return done(rev.status());
                   response.set_revision(*rev);
                   done(std::move(response));
                 });
  return std::nullopt;
}

}  // namespace

void Store::PutDocumentAsync(v1::PutDocumentRequest request,
                             absl::string_view author, PutDone done) {
  absl::StatusOr<PreparedPut> prepared = PreparePut(std::move(request));
  if (!prepared.ok()) return done(prepared.status());
  Impl* impl = impl_.get();
  Staging staging;
  std::optional<absl::StatusOr<v1::PutDocumentResponse>> answer;
  {
    absl::MutexLock lock(&impl->write_mu);
    answer = WriteStaged(impl, StagePut(impl, *prepared, author, &staging),
                         &staging, &done);
  }
  if (answer) done(*std::move(answer));
}

absl::StatusOr<v1::PutDocumentResponse> Store::PutDocument(
    const v1::PutDocumentRequest& request, absl::string_view author) {
  return Await<v1::PutDocumentResponse>([&](PutDone done) {
    PutDocumentAsync(request, author, std::move(done));
  });
}

void Store::CommitAsync(v1::CommitRequest request, absl::string_view author,
                        CommitDone done) {
  absl::StatusOr<v1::ChangeKind> kind = ValidateCommit(request);
  if (!kind.ok()) return done(kind.status());
  Impl* impl = impl_.get();
  Staging staging;
  std::optional<absl::StatusOr<v1::CommitResponse>> answer;
  {
    absl::MutexLock lock(&impl->write_mu);
    answer =
        WriteStaged(impl, StageCommit(impl, request, *kind, author, &staging),
                    &staging, &done);
  }
  if (answer) done(*std::move(answer));
}

absl::StatusOr<v1::CommitResponse> Store::Commit(
    const v1::CommitRequest& request, absl::string_view author) {
  return Await<v1::CommitResponse>(
      [&](CommitDone done) { CommitAsync(request, author, std::move(done)); });
}

}  // namespace docpipe::store
