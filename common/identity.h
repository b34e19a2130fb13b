// Who is calling, and may they: the identity every service records as
// `author`, and the role checks of every RPC.
//
// Two policies:
//   * Without a token file (the default): only loopback peers are served;
//     the identity is the "docpipe-user" request header ("local" when
//     absent) and every call is allowed. For one machine and tests.
//   * With a token file: each call carries "authorization: Bearer TOKEN";
//     the token maps to an identity and a role. Unknown or missing token:
//     UNAUTHENTICATED. A role without the permission: PERMISSION_DENIED.
//     Roles: reader (read, subscribe), feeder (+ ingest), annotator
//     (+ correct), admin (everything: also backups, and may act for the
//     identity in "docpipe-user": how ingest forwards the feeder it serves).
// Token file: one "TOKEN IDENTITY ROLE" per line; '#' starts a comment.
#ifndef DOCPIPE_COMMON_IDENTITY_H_
#define DOCPIPE_COMMON_IDENTITY_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace docpipe {

inline constexpr char kUserHeader[] = "docpipe-user";
inline constexpr char kAuthHeader[] = "authorization";

enum class Permission { kRead, kIngest, kCorrect, kAdminister };
enum class Role { kReader, kFeeder, kAnnotator, kAdmin };

// Immutable after construction; thread-safe.
class Authorizer {
 public:
  // The default policy: loopback peers only, identity from the header.
  static std::shared_ptr<const Authorizer> LoopbackOnly();
  // Token policy from a file / its contents. INVALID_ARGUMENT names the
  // line at fault.
  static absl::StatusOr<std::shared_ptr<const Authorizer>> FromTokenFile(
      const std::string& path);
  static absl::StatusOr<std::shared_ptr<const Authorizer>> FromTokens(
      absl::string_view contents);

  // The caller's identity if it may do `p`; else UNAUTHENTICATED or
  // PERMISSION_DENIED with a message saying why.
  absl::StatusOr<std::string> Authorize(const grpc::ServerContextBase& context,
                                        Permission p) const;
  // The same decision for any transport (the workbench's HTTP front):
  // `loopback` says whether the peer is on this machine, `token` is the
  // bearer token presented (empty: none), `claimed` the identity the caller
  // asks to act as (empty: none).
  absl::StatusOr<std::string> AuthorizeCredentials(bool loopback,
                                                   absl::string_view token,
                                                   absl::string_view claimed,
                                                   Permission p) const;
  // True with a token file: callers must present a token.
  bool uses_tokens() const { return tokens_; }
  // "reader", "feeder", "annotator", "admin" for a known token; "local"
  // without a token file (everything allowed); UNAUTHENTICATED otherwise.
  absl::StatusOr<std::string> RoleOf(absl::string_view token) const;

 private:
  struct Principal {
    std::string identity;
    Role role;
  };
  Authorizer() = default;
  bool tokens_ = false;
  absl::flat_hash_map<std::string, Principal> by_token_;
};

// The policy a binary's --token_file flag asks for (LoopbackOnly when
// empty).
absl::StatusOr<std::shared_ptr<const Authorizer>> AuthorizerFromFlag(
    const std::string& token_file);

// Adds the caller's credentials to an outgoing call: "authorization:
// Bearer token" when `token` is set, and the identity header when
// `identity` is set.
void AddCallCredentials(grpc::ClientContext* context, const std::string& token,
                        const std::string& identity);

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_IDENTITY_H_
