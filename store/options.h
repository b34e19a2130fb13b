// The RocksDB configuration of the store, each option set in one place
// (options.cc) with the reason for it.
#ifndef DOCPIPE_STORE_OPTIONS_H_
#define DOCPIPE_STORE_OPTIONS_H_

#include <rocksdb/cache.h>
#include <rocksdb/options.h>

#include <memory>

#include "store/store.h"
#include "store/store_impl.h"

namespace docpipe::store {

// Size of the block cache all column families share. Default: 8 MB per
// family. Why 64 MB: the working set of reads is the index and filter
// blocks plus the hot documents' versions; at 10^6 documents (4.5 GB on
// disk) the process's RSS is 359 MB with it (docs/performance.md#scale),
// and the OS page cache holds the rest of the SST files. Not yet swept by
// measurement (32/64/256 MB).
inline constexpr size_t kBlockCacheBytes = size_t{64} << 20;

rocksdb::DBOptions MakeDbOptions(const StoreOptions& options);
// Options of column family `cf`; every family reads through `cache`.
rocksdb::ColumnFamilyOptions MakeCfOptions(
    Cf cf, const std::shared_ptr<rocksdb::Cache>& cache);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_OPTIONS_H_
