#include "clients/docpipe/files.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace docpipe::cli {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace docpipe::cli
