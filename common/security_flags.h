// The security flags every docpipe binary shares, and what they mean:
//   servers:  --token_file (tokens -> identity, role; without it, loopback
//             clients only), --tls_cert / --tls_key (serve TLS);
//   clients:  --token (or $DOCPIPE_TOKEN), --tls_ca (connect with TLS).
// Link the `docpipe_security_flags` library to get them.
#ifndef DOCPIPE_COMMON_SECURITY_FLAGS_H_
#define DOCPIPE_COMMON_SECURITY_FLAGS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/identity.h"

namespace docpipe {

struct ServerSecurity {
  std::shared_ptr<const Authorizer> auth;
  std::shared_ptr<grpc::ServerCredentials> credentials;  // null: insecure
};

// From --token_file, --tls_cert, --tls_key. Errors name the flag.
absl::StatusOr<ServerSecurity> ServerSecurityFromFlags();

// Applies --tls_ca to MakeChannel and returns the token for outgoing calls
// (--token, else $DOCPIPE_TOKEN, else empty).
absl::StatusOr<std::string> ClientSecurityFromFlags();

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_SECURITY_FLAGS_H_
