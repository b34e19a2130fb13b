#include "common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace docpipe {

namespace {
// Why `address` ("host:port", "[v6]:port") cannot be bound: the errno of a
// plain bind(2) to it, 0 when it can be bound or does not resolve.
int BindErrno(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) return 0;
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(),
                  address.substr(colon + 1).c_str(), &hints, &found) != 0) {
    return 0;
  }
  int err = 0;
  int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd >= 0) {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0) err = errno;
    close(fd);
  }
  freeaddrinfo(found);
  return err;
}

absl::Status ListenError(const std::string& address) {
  if (BindErrno(address) == EADDRINUSE) {
    return InUseError(absl::StrCat("--listen ", address,
                                   ": address in use (another server?)"));
  }
  return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
}
}  // namespace

absl::StatusOr<RunningServer> StartServer(const ServerConfig& config) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default: a second server on a port in use
  // would start and take half its connections. Refuse instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int port = 0;
  builder.AddListeningPort(config.listen_address,
                           config.credentials
                               ? config.credentials
                               : grpc::InsecureServerCredentials(),
                           &port);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  for (grpc::Service* s : config.services) builder.RegisterService(s);
  RunningServer running;
  running.server = builder.BuildAndStart();
  if (!running.server || port == 0) return ListenError(config.listen_address);
  running.port = port;
  std::string host =
      config.listen_address.substr(0, config.listen_address.rfind(':'));
  if (host.empty() || host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  running.address = absl::StrCat(host, ":", port);
  if (auto* health = running.server->GetHealthCheckService()) {
    health->SetServingStatus(true);
  }
  return running;
}

void BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForShutdownSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

void ShutdownServer(grpc::Server& server, const std::function<void()>& before,
                    absl::Duration grace) {
  if (auto* health = server.GetHealthCheckService()) {
    health->SetServingStatus(false);
  }
  if (before) before();
  server.Shutdown(DeadlineAfter(grace));
}

std::chrono::system_clock::time_point DeadlineAfter(absl::Duration timeout) {
  return std::chrono::system_clock::now() +
         std::chrono::microseconds(absl::ToInt64Microseconds(timeout));
}

namespace {
std::shared_ptr<grpc::ChannelCredentials>& DefaultChannelCredentials() {
  static auto* creds = new std::shared_ptr<grpc::ChannelCredentials>;
  return *creds;
}

absl::StatusOr<std::string> ReadPem(const std::string& flag,
                                    const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in || ss.str().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(flag, " ", path, ": cannot read"));
  }
  return ss.str();
}
}  // namespace

void SetDefaultChannelCredentials(
    std::shared_ptr<grpc::ChannelCredentials> creds) {
  DefaultChannelCredentials() = std::move(creds);
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  auto creds = DefaultChannelCredentials();
  return grpc::CreateCustomChannel(
      address, creds ? creds : grpc::InsecureChannelCredentials(), args);
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsFromFiles(
    const std::string& cert_file, const std::string& key_file) {
  if (cert_file.empty() && key_file.empty()) return nullptr;
  if (cert_file.empty() || key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key: give both or neither");
  }
  grpc::SslServerCredentialsOptions options;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  DOCPIPE_ASSIGN_OR_RETURN(pair.cert_chain, ReadPem("--tls_cert", cert_file));
  DOCPIPE_ASSIGN_OR_RETURN(pair.private_key, ReadPem("--tls_key", key_file));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(options);
}

absl::Status UseTlsForChannels(const std::string& ca_file) {
  if (ca_file.empty()) return absl::OkStatus();
  grpc::SslCredentialsOptions options;
  DOCPIPE_ASSIGN_OR_RETURN(options.pem_root_certs,
                           ReadPem("--tls_ca", ca_file));
  SetDefaultChannelCredentials(grpc::SslCredentials(options));
  return absl::OkStatus();
}

}  // namespace docpipe
