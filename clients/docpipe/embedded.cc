#include "clients/docpipe/embedded.h"

#include <filesystem>

#include "annotate/engine.h"
#include "annotate/service/annotate_service.h"
#include "common/server.h"
#include "common/status.h"
#include "ingest/ingester.h"
#include "ingest/service/ingest_service.h"
#include "store/service/store_service.h"
#include "store/store.h"

namespace docpipe::cli {

struct EmbeddedPipeline::Impl {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::StoreServiceImpl> store_service;
  std::unique_ptr<annotate::Engine> engine;
  std::unique_ptr<annotate::AnnotateServiceImpl> annotate_service;
  std::unique_ptr<ingest::Ingester> ingester;
  std::unique_ptr<ingest::IngestServiceImpl> ingest_service;
  RunningServer running;
  bool stopped = false;
};

absl::StatusOr<std::unique_ptr<EmbeddedPipeline>> EmbeddedPipeline::Start(
    const EmbeddedOptions& options) {
  auto impl = std::make_unique<Impl>();
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("--data_dir ", options.data_dir, ": ", ec.message()));
  }
  store::StoreOptions store_options;
  store_options.data_dir = options.data_dir;
  store_options.sync_writes = options.sync_writes;
  DOCPIPE_ASSIGN_OR_RETURN(impl->store, store::Store::Open(store_options));
  impl->store_service =
      std::make_unique<store::StoreServiceImpl>(impl->store.get());
  DOCPIPE_ASSIGN_OR_RETURN(impl->engine, annotate::Engine::Create());
  impl->annotate_service =
      std::make_unique<annotate::AnnotateServiceImpl>(impl->engine.get());
  impl->ingester =
      std::make_unique<ingest::Ingester>(ingest::IngesterOptions{});
  impl->ingest_service =
      std::make_unique<ingest::IngestServiceImpl>(impl->ingester.get());

  ServerConfig config;
  config.listen_address = options.listen_address;
  config.services = {impl->store_service.get(), impl->annotate_service.get(),
                     impl->ingest_service.get()};
  DOCPIPE_ASSIGN_OR_RETURN(impl->running, StartServer(config));
  // Ingest reaches annotate and store in-process: same code path as across
  // the network, without the TCP and HTTP/2 framing.
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  auto channel = impl->running.server->InProcessChannel(args);
  impl->ingester->Connect(channel, channel);
  return std::unique_ptr<EmbeddedPipeline>(
      new EmbeddedPipeline(std::move(impl)));
}

EmbeddedPipeline::EmbeddedPipeline(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

EmbeddedPipeline::~EmbeddedPipeline() { Shutdown(); }

const std::string& EmbeddedPipeline::address() const {
  return impl_->running.address;
}

void EmbeddedPipeline::Shutdown() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  ShutdownServer(*impl_->running.server,
                 [this] { impl_->store_service->Shutdown(); });
  impl_->running.server->Wait();
}

}  // namespace docpipe::cli
