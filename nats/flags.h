// The NATS flags docpipe's binaries share (`docpipe`, `docpipe-store`):
//   --nats URL[,URL...]   the cluster (empty: no NATS at all)
//   --nats_replicas N     replicas of a stream docpipe creates
//   --nats_token_file F   the cluster's authorization token, read from F
//   --nats_creds F        a .creds file (user JWT + NKey seed)
//   --nats_tls_ca F       CA bundle the servers' certificates are signed by
// Link the `docpipe_nats_flags` library to get them.
//
// Usage:
//   DOCPIPE_ASSIGN_OR_RETURN(nats::ClientOptions o,
//                            nats::ClientOptionsFromFlags("docpipe-feed"));
//   DOCPIPE_ASSIGN_OR_RETURN(auto client, nats::Client::Connect(o));
#ifndef DOCPIPE_NATS_FLAGS_H_
#define DOCPIPE_NATS_FLAGS_H_

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "nats/change_mirror.h"
#include "nats/jetstream.h"

ABSL_DECLARE_FLAG(std::string, nats);
ABSL_DECLARE_FLAG(int, nats_replicas);

namespace docpipe::nats {

// True when --nats was given.
bool NatsEnabled();

// The servers of --nats and the credentials of --nats_token_file,
// --nats_creds and --nats_tls_ca, for a client shown as `name`.
// INVALID_ARGUMENT names the flag (no servers, an unreadable or empty token
// file, a missing creds or CA file).
absl::StatusOr<ClientOptions> ClientOptionsFromFlags(std::string name);

// --nats_replicas, checked (1 to 5).
absl::StatusOr<int> ReplicasFromFlag();

// Mirrors the change stream of the store at `store_address` into JetStream
// (null when --nats is not given). The mirror reads the store as a client
// does: through MakeChannel (TLS when --tls_ca ran UseTlsForChannels) with
// `store_token`. A store that requires a token (--token_file) needs one
// here, and a TLS store (--tls_cert) needs --tls_ca; INVALID_ARGUMENT
// names the missing flag.
absl::StatusOr<std::unique_ptr<ChangeMirror>> StartMirrorFromFlags(
    const std::string& store_address, const std::string& store_token);

}  // namespace docpipe::nats

#endif  // DOCPIPE_NATS_FLAGS_H_
