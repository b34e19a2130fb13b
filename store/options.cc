#include "store/options.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

namespace docpipe::store {
namespace {

// Families read by key with Get (documents, their heads, the dedupe and
// entity indexes, single versions); the others are only scanned by prefix
// or range, where a whole-key bloom filter does not help.
bool IsPointLookup(Cf cf) {
  switch (cf) {
    case kChangelog:
    case kMentions:
    case kClaims:
    case kListing:
      return false;
    default:
      return true;
  }
}

}  // namespace

rocksdb::DBOptions MakeDbOptions(const StoreOptions& options) {
  rocksdb::DBOptions db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  // Default: false. Why: each commit is one WriteBatch; RocksDB writes it
  // to the WAL at once and the sync thread syncs the WAL per group.
  db.manual_wal_flush = false;
  // Default: 0, i.e. 4 x the total memtable size of all families (here
  // ~4.6 GB). Why: the WAL is one file for all families, and a file is kept
  // until every family with data in it has flushed; a family written rarely
  // (entity_keys) would keep the first log alive for ever. Past this total
  // RocksDB flushes the families that pin the oldest log so it can go.
  db.max_total_wal_size = options.max_total_wal_bytes;
  // Default: false. Why: a WAL switch then flushes every family with data
  // together, so all older logs are released at once, and the flush of
  // every family on close leaves no log to replay (with per-family flushes
  // the store's WAL test still found older logs after a clean close). Each
  // commit writes most families anyway, so this adds few flushes.
  db.atomic_flush = true;
  return db;
}

rocksdb::ColumnFamilyOptions MakeCfOptions(
    Cf cf, const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table;
  // Default: a private 8 MB cache per family. Why: one cache of
  // kBlockCacheBytes shared by all families goes to whichever is read.
  table.block_cache = cache;
  if (IsPointLookup(cf)) {
    // Default: no filter. Why: a Get for an absent key (a new article's
    // external id or content hash, the dedupe check of every ingest) is
    // answered from the filter without reading a block. 10 bits per key:
    // ~1% false positives.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  rocksdb::ColumnFamilyOptions options;
  // Default: Snappy (when built in). Chosen by measurement: the 34 SST files
  // (353 MB) of a 10^4..10^5-document store of `docpipe bench
  // --suite=scale`, rewritten with each codec: none 877 MB, Snappy 351 MB,
  // LZ4 358 MB, ZSTD 261 MB; writing them took 9.1 / 8.7 / 10.0 / 24.7 s
  // and reading them back 4.0 / 3.4 / 4.2 / 9.4 s. ZSTD would save a
  // quarter of the disk but costs ~2.8x the CPU in every flush, compaction
  // and block read, on a machine where compaction must keep up with ingest
  // and read p99 is the target; LZ4 is no better than Snappy here.
  options.compression = rocksdb::kSnappyCompression;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace docpipe::store
