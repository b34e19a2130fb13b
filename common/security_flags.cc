#include "common/security_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"
#include "common/server.h"
#include "common/status.h"

ABSL_FLAG(std::string, token_file, "",
          "server: file of \"TOKEN IDENTITY ROLE\" lines (roles: reader, "
          "feeder, annotator, admin); without it only loopback clients are "
          "served");
ABSL_FLAG(std::string, tls_cert, "", "server: PEM certificate chain for TLS");
ABSL_FLAG(std::string, tls_key, "", "server: PEM private key for TLS");
ABSL_FLAG(std::string, token, "",
          "client: bearer token for outgoing calls (default $DOCPIPE_TOKEN)");
ABSL_FLAG(std::string, tls_ca, "",
          "client: PEM CA certificate; connect with TLS when set");

namespace docpipe {

absl::StatusOr<ServerSecurity> ServerSecurityFromFlags() {
  ServerSecurity s;
  DOCPIPE_ASSIGN_OR_RETURN(s.auth,
                           AuthorizerFromFlag(absl::GetFlag(FLAGS_token_file)));
  DOCPIPE_ASSIGN_OR_RETURN(s.credentials,
                           ServerTlsFromFiles(absl::GetFlag(FLAGS_tls_cert),
                                              absl::GetFlag(FLAGS_tls_key)));
  return s;
}

absl::StatusOr<std::string> ClientSecurityFromFlags() {
  DOCPIPE_RETURN_IF_ERROR(UseTlsForChannels(absl::GetFlag(FLAGS_tls_ca)));
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty()) {
    if (const char* env = std::getenv("DOCPIPE_TOKEN")) token = env;
  }
  return token;
}

}  // namespace docpipe
