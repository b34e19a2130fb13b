// Store::GetStats: figures from RocksDB's properties and its WAL listing.
#include <rocksdb/transaction_log.h>

#include "store/store_impl.h"

namespace docpipe::store {
namespace {

// `property` (an integer RocksDB property) of one family; 0 when RocksDB
// does not report it.
uint64_t Property(const Store::Impl& impl, Cf cf, const std::string& property) {
  uint64_t value = 0;
  return impl.db()->GetIntProperty(impl.cf(cf), property, &value) ? value : 0;
}

// `property` summed over every family.
uint64_t SumProperty(const Store::Impl& impl, const std::string& property) {
  uint64_t total = 0;
  for (int cf = 0; cf < kNumCfs; ++cf) {
    total += Property(impl, static_cast<Cf>(cf), property);
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
  stats.set_document_count(
      Property(*impl_, kDocuments, rocksdb::DB::Properties::kEstimateNumKeys));
  stats.set_current_revision(current_revision());
  stats.set_oldest_revision(oldest_revision());
  stats.set_live_sst_bytes(
      SumProperty(*impl_, rocksdb::DB::Properties::kLiveSstFilesSize));
  stats.set_total_sst_bytes(
      SumProperty(*impl_, rocksdb::DB::Properties::kTotalSstFilesSize));
  stats.set_changelog_bytes(
      Property(*impl_, kChangelog, rocksdb::DB::Properties::kLiveSstFilesSize) +
      Property(*impl_, kChangelog,
               rocksdb::DB::Properties::kCurSizeAllMemTables));
  DOCPIPE_ASSIGN_OR_RETURN(uint64_t wal, WalBytes(impl_->db()));
  stats.set_wal_bytes(wal);
  return stats;
}

}  // namespace docpipe::store
