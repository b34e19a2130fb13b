// docpipe ingest-worker: one of any number of annotation workers sharing the
// JetStream work queue DOCPIPE_INGEST (filled by `docpipe feed --nats`).
// Each worker pulls a batch through the shared durable consumer, validates
// and annotates the articles here (the engine in this process, one thread
// per --threads) and stores them with PutDocument on --server, the single
// store writer; a message is acknowledged only after the store's durable
// commit answered CREATED or DUPLICATE (or the article was rejected as
// invalid, which no retry can fix). Anything else is handed back for
// redelivery, and a worker killed mid-batch leaves its unacknowledged
// messages to be delivered again after the ack wait: ingest is idempotent
// on external_id, so nothing is lost and nothing stored twice.
#include <atomic>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "annotate/engine.h"
#include "annotate/service/annotate_service.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "clients/docpipe/nats_cmds.h"
#include "common/server.h"
#include "common/thread_pool.h"
#include "ingest/downstream.h"
#include "ingest/ingester.h"
#include "nats/jetstream.h"

ABSL_DECLARE_FLAG(int, threads);  // bench.cc
ABSL_FLAG(int, batch, 16, "ingest-worker: messages pulled per fetch");
ABSL_FLAG(absl::Duration, ack_wait, absl::Seconds(30),
          "ingest-worker: an unacknowledged article is delivered again "
          "after this long (a worker that died holding it)");

namespace docpipe::cli {
namespace {

// Annotation here, the store over gRPC.
class WorkerDownstream final : public ingest::Downstream {
 public:
  WorkerDownstream(const annotate::Engine* engine,
                   std::unique_ptr<ingest::Downstream> store, int threads)
      : engine_(engine), store_(std::move(store)), pool_(threads) {}

  void Annotate(v1::AnnotateRequest request, const std::string&,
                Done<v1::AnnotateResponse> done) override {
    request.add_layers(v1::LAYER_NUMBERS);
    request.add_layers(v1::LAYER_ENTITIES);
    request.add_layers(v1::LAYER_ATTRIBUTIONS);
    pool_.Post([this, request = std::move(request), done = std::move(done)] {
      done(annotate::AnnotateRequest(*engine_, request));
    });
  }
  void GetDocument(v1::GetDocumentRequest request, const std::string& author,
                   Done<v1::Document> done) override {
    store_->GetDocument(std::move(request), author, std::move(done));
  }
  void PutDocument(v1::PutDocumentRequest request, const std::string& author,
                   Done<v1::PutDocumentResponse> done) override {
    store_->PutDocument(std::move(request), author, std::move(done));
  }

 private:
  const annotate::Engine* const engine_;
  std::unique_ptr<ingest::Downstream> store_;
  ThreadPool pool_;
};

}  // namespace

int RunIngestWorker(const std::vector<std::string>&) {
  if (!NatsEnabled()) {
    return UsageError("ingest-worker", "--nats URL[,URL...] is required");
  }
  auto options = nats::ClientOptionsFromFlags("docpipe-ingest-worker");
  if (!options.ok()) return Fail("ingest-worker", options.status());
  const int threads = std::max(1, absl::GetFlag(FLAGS_threads));
  const int batch = std::max(1, absl::GetFlag(FLAGS_batch));
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("ingest-worker", engine.status());
  auto client = nats::Client::Connect(*options);
  if (!client.ok()) return Fail("ingest-worker", client.status());
  if (auto st = EnsureIngestStream(**client); !st.ok()) {
    return Fail("ingest-worker", st);
  }
  auto consumer = (*client)->PullSubscribe(
      nats::kIngestStream, nats::kIngestSubject, nats::kIngestConsumer,
      absl::GetFlag(FLAGS_ack_wait));
  if (!consumer.ok()) return Fail("ingest-worker", consumer.status());

  std::atomic<uint64_t> retries{0};
  ingest::GrpcDownstreamOptions gopts;
  gopts.token = CallToken();
  auto store_channel = MakeChannel(absl::GetFlag(FLAGS_server));
  ingest::Ingester ingester(
      std::make_unique<WorkerDownstream>(
          engine->get(),
          ingest::NewGrpcDownstream(store_channel, store_channel, gopts,
                                    &retries),
          threads),
      {});
  const std::string author = absl::GetFlag(FLAGS_user);
  std::cout << "docpipe ingest-worker: pulling from " << nats::kIngestStream
            << " (consumer " << nats::kIngestConsumer << "), storing on "
            << absl::GetFlag(FLAGS_server) << std::endl;
  uint64_t created = 0, duplicate = 0, failed = 0, redeliver = 0;
  while (InterruptSignal() == 0) {
    auto msgs = (*consumer)->Fetch(batch, absl::Seconds(1));
    if (!msgs.ok()) {
      std::cerr << "docpipe ingest-worker: " << msgs.status() << "\n";
      if (!SleepUnlessInterrupted(absl::Milliseconds(200))) break;
      continue;
    }
    if (msgs->empty()) continue;
    std::vector<absl::StatusOr<v1::IngestResponse>> results(
        msgs->size(), absl::UnknownError("not run"));
    absl::BlockingCounter pending(static_cast<int>(msgs->size()));
    for (size_t i = 0; i < msgs->size(); ++i) {
      v1::IngestRequest req;
      const absl::string_view data = (*msgs)[i].data();
      if (!req.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
        results[i] = absl::InvalidArgumentError(
            "message is not a docpipe.v1.IngestRequest");
        pending.DecrementCount();
        continue;
      }
      ingester.Ingest(std::move(req), author, [&results, &pending, i](auto r) {
        results[i] = std::move(r);
        pending.DecrementCount();
      });
    }
    pending.Wait();
    for (size_t i = 0; i < msgs->size(); ++i) {
      nats::Message& m = (*msgs)[i];
      const auto& r = results[i];
      absl::Status ack;
      if (r.ok() || absl::IsInvalidArgument(r.status())) {
        if (!r.ok()) {
          ++failed;
          std::cerr << "docpipe ingest-worker: message " << m.stream_sequence()
                    << ": " << r.status() << "\n";
        } else if (r->outcome() == v1::INGEST_OUTCOME_CREATED) {
          ++created;
        } else {
          ++duplicate;
        }
        ack = m.AckNoWait();
      } else {
        ++redeliver;
        std::cerr << "docpipe ingest-worker: message " << m.stream_sequence()
                  << ": " << r.status() << "; delivered again later\n";
        ack = m.Nak();
      }
      // A lost ack means a redelivery, which ingest's dedup absorbs.
      if (!ack.ok()) std::cerr << "docpipe ingest-worker: " << ack << "\n";
    }
  }
  std::cout << "docpipe ingest-worker: " << created << " created, " << duplicate
            << " duplicate, " << failed << " invalid, " << redeliver
            << " handed back" << std::endl;
  return InterruptExitCode();
}

}  // namespace docpipe::cli
