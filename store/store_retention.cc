// Change-log retention by age: each commit deletes, in its own WriteBatch,
// the entries older than StoreOptions::retention_age, oldest first and at
// most kMaxPrunedPerCommit of them, so a store that was down for a while
// (or just got a shorter age) catches up over a few commits instead of
// stalling one. Retention by count is in Store::Impl::Append.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "store/keys.h"
#include "store/store_impl.h"

namespace docpipe::store {

absl::StatusOr<absl::Duration> ParseRetentionAge(absl::string_view text,
                                                 absl::string_view flag) {
  absl::Duration age;
  int64_t days = 0;
  absl::string_view number = text;
  if (absl::ConsumeSuffix(&number, "d") && absl::SimpleAtoi(number, &days)) {
    age = absl::Hours(24) * days;
  } else if (!absl::ParseDuration(text, &age)) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, ": \"", text, "\" is not an age (e.g. 30d, 12h, 90m, 0 = keep)"));
  }
  if (age < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": \"", text, "\" is negative"));
  }
  return age;
}

absl::StatusOr<uint64_t> Store::Impl::StageAgePruning(
    rocksdb::WriteBatch* batch, uint64_t first_new, absl::Time now) {
  uint64_t oldest = oldest_revision_.load();
  const absl::Time cutoff = now - options_.retention_age;
  if (oldest_entry_time_ >= cutoff) return oldest;  // nothing expired yet
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cfs_[kChangelog]));
  const std::string start = keys::BigEndian(oldest);
  int pruned = 0;
  // Every entry older than this commit's pruned: its own are the oldest.
  oldest_entry_time_ = now;
  for (it->Seek(start); it->Valid(); it->Next()) {
    const uint64_t rev = keys::FromBigEndian(
        absl::string_view(it->key().data(), it->key().size()));
    if (rev >= first_new) break;
    v1::ChangeEvent event;
    if (!event.ParseFromArray(it->value().data(), it->value().size())) {
      return absl::DataLossError("corrupt changelog record");
    }
    const absl::Time created =
        absl::FromUnixSeconds(event.created_at().seconds()) +
        absl::Nanoseconds(event.created_at().nanos());
    if (created >= cutoff || pruned == kMaxPrunedPerCommit) {
      oldest_entry_time_ = created;
      oldest = rev;
      break;
    }
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(batch->Delete(cfs_[kChangelog], it->key()),
                  "commit: staging retention by age"));
    ++pruned;
    oldest = rev + 1;
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "changelog"));
  return oldest;
}

}  // namespace docpipe::store
