#include "common/identity.h"

namespace docpipe {

std::string CallerIdentity(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kUserHeader);
  if (it == metadata.end() || it->second.empty()) return "local";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace docpipe
