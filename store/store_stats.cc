// Store::GetStats: figures from RocksDB's properties and its WAL listing.
#include <rocksdb/transaction_log.h>

#include "store/store_impl.h"

namespace docpipe::store {
namespace {

// `property` (an integer RocksDB property) summed over every family.
uint64_t SumProperty(const Store::Impl& impl, const std::string& property) {
  uint64_t total = 0;
  for (int cf = 0; cf < kNumCfs; ++cf) {
    uint64_t value = 0;
    if (impl.db()->GetIntProperty(impl.cf(static_cast<Cf>(cf)), property,
                                  &value)) {
      total += value;
    }
  }
  return total;
}

absl::StatusOr<uint64_t> WalBytes(rocksdb::DB* db) {
  rocksdb::VectorLogPtr files;
  DOCPIPE_RETURN_IF_ERROR(
      FromRocks(db->GetSortedWalFiles(files), "listing the WAL"));
  uint64_t total = 0;
  for (const auto& file : files) total += file->SizeFileBytes();
  return total;
}

}  // namespace

absl::StatusOr<v1::GetStatsResponse> Store::GetStats() const {
  v1::GetStatsResponse stats;
  uint64_t documents = 0;
  if (impl_->db()->GetIntProperty(impl_->cf(kDocuments),
                                  rocksdb::DB::Properties::kEstimateNumKeys,
                                  &documents)) {
    stats.set_document_count(documents);
  }
  stats.set_current_revision(current_revision());
  stats.set_oldest_revision(oldest_revision());
  stats.set_live_sst_bytes(
      SumProperty(*impl_, rocksdb::DB::Properties::kLiveSstFilesSize));
  stats.set_total_sst_bytes(
      SumProperty(*impl_, rocksdb::DB::Properties::kTotalSstFilesSize));
  uint64_t log_sst = 0, log_mem = 0;
  impl_->db()->GetIntProperty(impl_->cf(kChangelog),
                              rocksdb::DB::Properties::kLiveSstFilesSize,
                              &log_sst);
  impl_->db()->GetIntProperty(impl_->cf(kChangelog),
                              rocksdb::DB::Properties::kCurSizeAllMemTables,
                              &log_mem);
  stats.set_changelog_bytes(log_sst + log_mem);
  DOCPIPE_ASSIGN_OR_RETURN(uint64_t wal, WalBytes(impl_->db()));
  stats.set_wal_bytes(wal);
  return stats;
}

}  // namespace docpipe::store
