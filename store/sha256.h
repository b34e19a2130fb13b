// SHA-256 (OpenSSL) as lower-case hex: content hashes and doc ids.
#ifndef DOCPIPE_STORE_SHA256_H_
#define DOCPIPE_STORE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace docpipe::store {

// Thread-safe.
std::string Sha256Hex(absl::string_view data);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_SHA256_H_
