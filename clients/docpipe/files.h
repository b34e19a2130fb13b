// Reading articles from disk for the CLI.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_FILES_H_
#define DOCPIPE_CLIENTS_DOCPIPE_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace docpipe::cli {

// The whole file as bytes; NOT_FOUND naming the path when unreadable.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_FILES_H_
