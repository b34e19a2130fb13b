// SHA-256 (OpenSSL) as lower-case hex: content hashes and doc ids.
#ifndef DOCPIPE_COMMON_SHA256_H_
#define DOCPIPE_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace docpipe {

// Thread-safe.
std::string Sha256Hex(absl::string_view data);

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_SHA256_H_
