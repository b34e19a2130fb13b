#include "server/pipeline.h"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "annotate/engine.h"
#include "annotate/service/annotate_service.h"
#include "common/server.h"
#include "common/status.h"
#include "ingest/ingester.h"
#include "ingest/service/ingest_service.h"
#include "server/local_downstream.h"
#include "store/service/store_service.h"
#include "store/store.h"

namespace docpipe::server {

struct Pipeline::Impl {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::StoreServiceImpl> store_service;
  std::unique_ptr<annotate::Engine> engine;
  std::unique_ptr<annotate::AnnotateServiceImpl> annotate_service;
  std::unique_ptr<ingest::Ingester> ingester;
  std::unique_ptr<ingest::IngestServiceImpl> ingest_service;
  RunningServer running;
  bool stopped = false;
};

absl::StatusOr<std::unique_ptr<Pipeline>> Pipeline::Start(
    const PipelineOptions& options) {
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
  store_options.retention_revisions = options.retention_revisions;
  store_options.retention_age = options.retention_age;
  DOCPIPE_ASSIGN_OR_RETURN(impl->store, store::Store::Open(store_options));
  impl->store_service = std::make_unique<store::StoreServiceImpl>(
      impl->store.get(), store::StoreServiceOptions{.auth = options.auth});
  DOCPIPE_ASSIGN_OR_RETURN(impl->engine, annotate::Engine::Create());
  impl->annotate_service = std::make_unique<annotate::AnnotateServiceImpl>(
      impl->engine.get(), annotate::kDefaultMaxTextBytes, options.auth);
  DOCPIPE_ASSIGN_OR_RETURN(annotate::LayerSet layers,
                           annotate::LayerSet::Parse(options.layers));
  const int threads = options.annotate_threads > 0
                          ? options.annotate_threads
                          : std::max(1u, std::thread::hardware_concurrency());
  impl->ingester = std::make_unique<ingest::Ingester>(
      std::make_unique<LocalDownstream>(impl->engine.get(), impl->store.get(),
                                        layers, threads),
      ingest::IngesterOptions{});
  impl->ingest_service = std::make_unique<ingest::IngestServiceImpl>(
      impl->ingester.get(), ingest::IngestServiceOptions{.auth = options.auth});

  ServerConfig config;
  config.listen_address = options.listen_address;
  config.credentials = options.credentials;
  config.services = {impl->store_service.get(), impl->annotate_service.get(),
                     impl->ingest_service.get()};
  DOCPIPE_ASSIGN_OR_RETURN(impl->running, StartServer(config));
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Pipeline::~Pipeline() { Shutdown(); }

const std::string& Pipeline::address() const { return impl_->running.address; }

store::Store* Pipeline::store() const { return impl_->store.get(); }

absl::StatusOr<v1::GetStatsResponse> Pipeline::Stats() const {
  return impl_->store->GetStats();
}

void Pipeline::Shutdown() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  ShutdownServer(*impl_->running.server,
                 [this] { impl_->store_service->Shutdown(); });
  impl_->running.server->Wait();
}

}  // namespace docpipe::server
