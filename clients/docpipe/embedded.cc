#include "clients/docpipe/embedded.h"

#include <algorithm>
#include <filesystem>
#include <thread>

#include "annotate/engine.h"
#include "annotate/service/annotate_service.h"
#include "common/server.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "ingest/ingester.h"
#include "ingest/service/ingest_service.h"
#include "store/service/store_service.h"
#include "store/store.h"

namespace docpipe::cli {
namespace {

// Ingest's downstream in `docpipe serve`: the engine on a worker pool (one
// thread per core; gRPC's threads only hand work over) and the store
// library directly, whose group commit acknowledges from its sync thread.
// No serialization or RPC between the stages; the store services on the
// same server remain for every other client.
class LocalDownstream final : public ingest::Downstream {
 public:
  LocalDownstream(const annotate::Engine* engine, store::Store* store,
                  annotate::LayerSet layers, int threads)
      : engine_(engine), store_(store), layers_(layers), pool_(threads) {}

  void Annotate(v1::AnnotateRequest request, const std::string&,
                Done<v1::AnnotateResponse> done) override {
    using annotate::Layer;
    if (layers_.Has(Layer::kNumbers)) request.add_layers(v1::LAYER_NUMBERS);
    if (layers_.Has(Layer::kEntities)) request.add_layers(v1::LAYER_ENTITIES);
    if (layers_.Has(Layer::kAttributions)) {
      request.add_layers(v1::LAYER_ATTRIBUTIONS);
    }
    pool_.Post([this, request = std::move(request), done = std::move(done)] {
      done(annotate::AnnotateRequest(*engine_, request));
    });
  }
  void GetDocument(v1::GetDocumentRequest request, const std::string&,
                   Done<v1::Document> done) override {
    done(store_->GetDocument(request));
  }
  void PutDocument(v1::PutDocumentRequest request, const std::string& author,
                   Done<v1::PutDocumentResponse> done) override {
    store_->PutDocumentAsync(std::move(request), author, std::move(done));
  }

 private:
  const annotate::Engine* const engine_;
  store::Store* const store_;
  const annotate::LayerSet layers_;
  ThreadPool pool_;
};

}  // namespace

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
