#include "nats/flags.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"

ABSL_FLAG(std::string, nats, "",
          "NATS servers (nats://HOST:PORT[,...]; tls:// for TLS): serve and "
          "docpipe-store mirror their change stream into JetStream, feed "
          "publishes to the ingest work queue, ingest-worker pulls from it, "
          "watch reads the mirror (docs/distributed.md)");
ABSL_FLAG(int, nats_replicas, 1,
          "replicas of a JetStream stream docpipe creates (3 on a "
          "three-node cluster)");
ABSL_FLAG(std::string, nats_token_file, "",
          "file holding the NATS cluster's authorization token");
ABSL_FLAG(std::string, nats_creds, "",
          "NATS credentials file (.creds: user JWT and NKey seed)");
ABSL_FLAG(std::string, nats_tls_ca, "",
          "PEM CA bundle the NATS servers' certificates are signed by "
          "(connect with TLS)");
ABSL_DECLARE_FLAG(std::string, token_file);  // common/security_flags.cc
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_ca);

namespace docpipe::nats {
namespace {

absl::Status ReadableFile(const std::string& path, absl::string_view flag) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": ", path, ": no such file"));
  }
  return absl::OkStatus();
}

}  // namespace

bool NatsEnabled() { return !absl::GetFlag(FLAGS_nats).empty(); }

absl::StatusOr<ClientOptions> ClientOptionsFromFlags(std::string name) {
  ClientOptions o;
  DOCPIPE_ASSIGN_OR_RETURN(o.servers,
                           ParseServers(absl::GetFlag(FLAGS_nats), "nats"));
  o.name = std::move(name);
  if (std::string f = absl::GetFlag(FLAGS_nats_token_file); !f.empty()) {
    std::ifstream in(f);
    if (!in) {
      return absl::InvalidArgumentError(
          absl::StrCat("--nats_token_file: ", f, ": cannot be read"));
    }
    std::stringstream text;
    text << in.rdbuf();
    o.token = std::string(absl::StripAsciiWhitespace(text.str()));
    if (o.token.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--nats_token_file: ", f, ": empty"));
    }
  }
  o.credentials_file = absl::GetFlag(FLAGS_nats_creds);
  if (!o.credentials_file.empty()) {
    DOCPIPE_RETURN_IF_ERROR(ReadableFile(o.credentials_file, "nats_creds"));
  }
  o.tls_ca_file = absl::GetFlag(FLAGS_nats_tls_ca);
  if (!o.tls_ca_file.empty()) {
    DOCPIPE_RETURN_IF_ERROR(ReadableFile(o.tls_ca_file, "nats_tls_ca"));
  }
  return o;
}

absl::StatusOr<int> ReplicasFromFlag() {
  const int replicas = absl::GetFlag(FLAGS_nats_replicas);
  if (replicas < 1 || replicas > 5) {
    return absl::InvalidArgumentError("--nats_replicas: must be 1 to 5");
  }
  return replicas;
}

absl::StatusOr<std::unique_ptr<ChangeMirror>> StartMirrorFromFlags(
    const std::string& store_address, const std::string& store_token) {
  if (!NatsEnabled()) return nullptr;
  if (!absl::GetFlag(FLAGS_token_file).empty() && store_token.empty()) {
    return absl::InvalidArgumentError(
        "--nats with --token_file: give --token, a token of the token file "
        "that the change mirror reads the store with");
  }
  if (!absl::GetFlag(FLAGS_tls_cert).empty() &&
      absl::GetFlag(FLAGS_tls_ca).empty()) {
    return absl::InvalidArgumentError(
        "--nats with --tls_cert: give --tls_ca, the CA the change mirror "
        "checks the store's certificate with");
  }
  DOCPIPE_ASSIGN_OR_RETURN(ClientOptions client,
                           ClientOptionsFromFlags("docpipe-change-mirror"));
  DOCPIPE_ASSIGN_OR_RETURN(int replicas, ReplicasFromFlag());
  return ChangeMirror::Start({.nats = std::move(client),
                              .store_address = store_address,
                              .store_token = store_token,
                              .replicas = replicas});
}

}  // namespace docpipe::nats
