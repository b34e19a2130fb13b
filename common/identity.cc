#include "common/identity.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace docpipe {
namespace {

std::string Header(const grpc::ServerContextBase& context,
                   absl::string_view name) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(grpc::string_ref(name.data(), name.size()));
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

// gRPC peers look like "ipv4:127.0.0.1:5000", "ipv6:[::1]:5000", or, for
// in-process channels, something without a network address at all.
bool IsLoopbackPeer(absl::string_view peer) {
  if (absl::StartsWith(peer, "ipv4:127.")) return true;
  if (absl::StartsWith(peer, "ipv6:[::1]")) return true;
  if (absl::StartsWith(peer, "ipv6:%5B::1%5D")) return true;
  if (absl::StartsWith(peer, "unix:")) return true;
  return !absl::StartsWith(peer, "ipv4:") && !absl::StartsWith(peer, "ipv6:");
}

bool Allows(Role role, Permission p) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kReader:
      return p == Permission::kRead;
    case Role::kFeeder:
      return p == Permission::kRead || p == Permission::kIngest;
    case Role::kAnnotator:
      return p == Permission::kRead || p == Permission::kCorrect;
  }
  return false;
}

const char* PermissionName(Permission p) {
  switch (p) {
    case Permission::kRead:
      return "read";
    case Permission::kIngest:
      return "ingest";
    case Permission::kCorrect:
      return "correct";
    case Permission::kAdminister:
      return "administer";
  }
  return "?";
}

}  // namespace

std::shared_ptr<const Authorizer> Authorizer::LoopbackOnly() {
  static const auto* policy =
      new std::shared_ptr<const Authorizer>(new Authorizer());
  return *policy;
}

absl::StatusOr<std::shared_ptr<const Authorizer>> Authorizer::FromTokenFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("--token_file ", path, ": cannot read"));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto policy = FromTokens(ss.str());
  if (!policy.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--token_file ", path, ": ", policy.status().message()));
  }
  return policy;
}

absl::StatusOr<std::shared_ptr<const Authorizer>> Authorizer::FromTokens(
    absl::string_view contents) {
  std::shared_ptr<Authorizer> a(new Authorizer());
  a->tokens_ = true;
  int n = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++n;
    line = line.substr(0, line.find('#'));
    std::vector<std::string> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (words.empty()) continue;
    if (words.size() != 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", n, ": expected TOKEN IDENTITY ROLE"));
    }
    Role role;
    if (words[2] == "reader") {
      role = Role::kReader;
    } else if (words[2] == "feeder") {
      role = Role::kFeeder;
    } else if (words[2] == "annotator") {
      role = Role::kAnnotator;
    } else if (words[2] == "admin") {
      role = Role::kAdmin;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", n, ": role \"", words[2],
                       "\" is not reader, feeder, annotator or admin"));
    }
    if (!a->by_token_.emplace(words[0], Principal{words[1], role}).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", n, ": token listed twice"));
    }
  }
  if (a->by_token_.empty()) {
    return absl::InvalidArgumentError("no tokens");
  }
  return std::shared_ptr<const Authorizer>(std::move(a));
}

absl::StatusOr<std::string> Authorizer::Authorize(
    const grpc::ServerContextBase& context, Permission p) const {
  const std::string claimed = Header(context, kUserHeader);
  if (!tokens_) {
    if (!IsLoopbackPeer(context.peer())) {
      return absl::UnauthenticatedError(absl::StrCat(
          "peer ", context.peer(),
          " refused: without --token_file only loopback clients are served"));
    }
    return AuthorizeCredentials(true, "", claimed, p);
  }
  std::string auth = Header(context, kAuthHeader);
  absl::string_view token = auth;
  if (!absl::ConsumePrefix(&token, "Bearer ") || token.empty()) {
    return absl::UnauthenticatedError(
        "authorization: missing; send \"authorization: Bearer TOKEN\" "
        "(docpipe --token or DOCPIPE_TOKEN)");
  }
  return AuthorizeCredentials(IsLoopbackPeer(context.peer()), token, claimed,
                              p);
}

absl::StatusOr<std::string> Authorizer::AuthorizeCredentials(
    bool loopback, absl::string_view token, absl::string_view claimed,
    Permission p) const {
  if (!tokens_) {
    if (!loopback) {
      return absl::UnauthenticatedError(
          "peer refused: without --token_file only loopback clients are "
          "served");
    }
    return claimed.empty() ? std::string("local") : std::string(claimed);
  }
  if (token.empty()) {
    return absl::UnauthenticatedError(
        "authorization: missing; sign in with a token");
  }
  auto it = by_token_.find(token);
  if (it == by_token_.end()) {
    return absl::UnauthenticatedError("authorization: unknown token");
  }
  const Principal& who = it->second;
  if (!Allows(who.role, p)) {
    return absl::PermissionDeniedError(
        absl::StrCat(who.identity, " may not ", PermissionName(p)));
  }
  if (who.role == Role::kAdmin && !claimed.empty()) return std::string(claimed);
  return who.identity;
}

absl::StatusOr<std::string> Authorizer::RoleOf(absl::string_view token) const {
  if (!tokens_) return std::string("local");
  auto it = by_token_.find(token);
  if (token.empty() || it == by_token_.end()) {
    return absl::UnauthenticatedError("authorization: unknown token");
  }
  switch (it->second.role) {
    case Role::kReader:
      return std::string("reader");
    case Role::kFeeder:
      return std::string("feeder");
    case Role::kAnnotator:
      return std::string("annotator");
    case Role::kAdmin:
      return std::string("admin");
  }
  return std::string("?");
}

absl::StatusOr<std::shared_ptr<const Authorizer>> AuthorizerFromFlag(
    const std::string& token_file) {
  if (token_file.empty()) return Authorizer::LoopbackOnly();
  return Authorizer::FromTokenFile(token_file);
}

void AddCallCredentials(grpc::ClientContext* context, const std::string& token,
                        const std::string& identity) {
  if (!token.empty()) {
    context->AddMetadata(kAuthHeader, absl::StrCat("Bearer ", token));
  }
  if (!identity.empty()) context->AddMetadata(kUserHeader, identity);
}

}  // namespace docpipe
