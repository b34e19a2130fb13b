#include "common/server.h"

#include <pthread.h>
#include <signal.h>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"

namespace docpipe {

absl::StatusOr<RunningServer> StartServer(const ServerConfig& config) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(
      config.listen_address,
      config.credentials ? config.credentials
                         : grpc::InsecureServerCredentials(),
      &port);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  for (grpc::Service* s : config.services) builder.RegisterService(s);
  RunningServer running;
  running.server = builder.BuildAndStart();
  if (!running.server || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address));
  }
  running.port = port;
  std::string host = config.listen_address.substr(
      0, config.listen_address.rfind(':'));
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

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   args);
}

}  // namespace docpipe
