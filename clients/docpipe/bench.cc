// docpipe bench: end-to-end throughput of the pipeline on the BBC corpus,
// each figure beside a baseline measured in the same run (machines are
// noisy; ratios travel, absolute numbers don't):
//   engine     the annotation engine alone on the same texts, in-process,
//              with as many threads as the pipeline gets cores;
//   raw gRPC   IngestStream of the same bytes to a server that answers at
//              once (no validation, annotation or storage);
//   pipeline   `docpipe serve` (validation, NFC, dedupe, annotation,
//              durable RocksDB commits), fed over loopback TCP.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "annotate/engine.h"
#include "annotate/tokenizer.h"
#include "clients/docpipe/cli.h"
#include "server/pipeline.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/stream_ingest.h"
#include "common/server.h"

ABSL_FLAG(std::string, corpus, DOCPIPE_SHARED_DIR "/corpus/bbc",
          "bench: directory of articles");
ABSL_FLAG(int, articles, 0, "bench: at most this many articles (0 = all)");
ABSL_FLAG(std::string, suite, "pipeline",
          "bench: pipeline (ingest end to end), numbers (the numbers layer "
          "against byte scans), layers (every layer against byte scans) or "
          "store (commit latency, change-stream fan-out)");
ABSL_FLAG(int, rounds, 3,
          "bench: passes over the corpus (each article a new document), for "
          "runs long enough to measure");
ABSL_FLAG(bool, pipeline_only, false,
          "bench: run only the pipeline stage (for profiling it)");
ABSL_FLAG(int, threads, 0,
          "bench: engine threads for the baseline (0 = hardware threads)");

namespace docpipe::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> LoadCorpus(const std::string& dir, int limit) {
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (limit > 0 && files.size() > static_cast<size_t>(limit))
    files.resize(limit);
  std::vector<std::string> texts;
  for (auto& f : files) {
    if (auto text = ReadFile(f.string()); text.ok()) {
      texts.push_back(*std::move(text));
    }
  }
  return texts;
}

// Answers every article at once: the cost of gRPC streaming alone.
class NullIngest final : public v1::IngestService::CallbackService {
  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>* IngestStream(
      grpc::CallbackServerContext*) override {
    class Reactor : public grpc::ServerBidiReactor<v1::IngestRequest,
                                                   v1::IngestResponse> {
     public:
      Reactor() { StartRead(&req_); }
      void OnReadDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status::OK);
          return;
        }
        resp_.set_request_tag(req_.request_tag());
        resp_.set_outcome(v1::INGEST_OUTCOME_CREATED);
        StartWrite(&resp_);
      }
      void OnWriteDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status::CANCELLED);
          return;
        }
        StartRead(&req_);
      }
      void OnDone() override { delete this; }

     private:
      v1::IngestRequest req_;
      v1::IngestResponse resp_;
    };
    return new Reactor;
  }
};

struct Figure {
  std::string name;
  absl::Duration elapsed;
};

IngestTally Feed(const std::string& address,
                 const std::vector<std::string>& texts) {
  auto stub = v1::IngestService::NewStub(MakeChannel(address));
  return StreamIngest(
      *stub, texts.size(),
      [&](size_t i) -> absl::StatusOr<v1::IngestRequest> {
        v1::IngestRequest req;
        req.mutable_document()->set_external_id(absl::StrFormat("bench/%d", i));
        req.set_raw_text(texts[i]);
        return req;
      },
      absl::Minutes(30));
}

}  // namespace

// --suite=numbers (or layers): each layer alone and all three together, one
// thread, beside byte scans of the same text: memchr over the whole buffer
// (the floor for touching every byte) and a table-driven digit scan (the
// least a number finder must do). Words/s is over the tokenizer's words.
int RunBenchNumbers(const std::vector<std::string>& texts, uint64_t bytes) {
  const absl::Time load_start = absl::Now();
  auto engine = annotate::Engine::Create(annotate::EngineOptions{});
  const absl::Duration load = absl::Now() - load_start;
  if (!engine.ok()) return Fail("bench", engine.status());
  std::atomic<size_t> sink{0};
  auto time = [&](auto&& body) {
    body();  // warm-up
    absl::Time t0 = absl::Now();
    body();
    return absl::Now() - t0;
  };
  auto memchr_scan = time([&] {
    for (const auto& t : texts) {
      sink += memchr(t.data(), '\0', t.size()) == nullptr;
    }
  });
  auto digit_scan = time([&] {
    static bool digit[256] = {};
    for (int c = '0'; c <= '9'; ++c) digit[c] = true;
    for (const auto& t : texts) {
      size_t n = 0;
      for (unsigned char c : t) n += digit[c];
      sink += n;
    }
  });
  size_t words = 0;
  auto tokenize = time([&] {
    words = 0;
    for (const auto& t : texts) {
      for (const auto& tok : annotate::Tokenize(t).tokens) {
        words += tok.kind == annotate::TokenKind::kWord;
      }
    }
    sink += words;
  });
  auto layer_time = [&](const char* layers) {
    auto set = annotate::LayerSet::Parse(layers);
    return time([&] {
      for (const auto& t : texts) {
        auto anns = (*engine)->Annotate(t, *set);
        sink += anns.ok() ? anns->size() : 0;
      }
    });
  };
  // `--suite=numbers` stops at the numbers layer (quick, and a clean
  // profile of it); `--suite=layers` times every layer.
  const bool only_numbers = absl::GetFlag(FLAGS_suite) == "numbers";
  const auto numbers = layer_time("numbers");
  const auto entities =
      only_numbers ? absl::ZeroDuration() : layer_time("entities");
  const auto attributions =
      only_numbers ? absl::ZeroDuration() : layer_time("attributions");
  const auto all = only_numbers ? absl::ZeroDuration() : layer_time("all");
  const double mb = bytes / 1e6;
  absl::PrintF(
      "docpipe bench --suite=%s: %d articles, %.2f MB, %d words, 1 thread\n"
      "engine start (model and gazetteer load): %.0f ms\n\n",
      absl::GetFlag(FLAGS_suite), texts.size(), mb, words,
      absl::ToDoubleMilliseconds(load));
  absl::PrintF("%-46s %10s %12s %12s\n", "stage", "MB/s", "words/s",
               "vs memchr");
  const double base = mb / absl::ToDoubleSeconds(memchr_scan);
  for (auto& [name, d] : std::vector<std::pair<std::string, absl::Duration>>{
           {"memchr over every byte", memchr_scan},
           {"digit scan (256-entry table)", digit_scan},
           {"tokenizer alone", tokenize},
           {"numbers layer (tokenizer + recognizer)", numbers},
           {"entities layer (tokenizer + tagger)", entities},
           {"attributions layer (+ entities, for sources)", attributions},
           {"all layers", all}}) {
    if (d == absl::ZeroDuration()) continue;  // not run
    const double secs = std::max(absl::ToDoubleSeconds(d), 1e-9);
    absl::PrintF("%-46s %10.1f %12.0f %11.2f%%\n", name, mb / secs,
                 words / secs, 100.0 * mb / secs / base);
  }
  return sink.load() == 0 ? 1 : 0;
}

int RunBench(const std::vector<std::string>&) {
  if (absl::GetFlag(FLAGS_suite) == "store") return RunBenchStore();
  if (absl::GetFlag(FLAGS_suite) == "scale") return RunBenchScale();
  const std::string suite = absl::GetFlag(FLAGS_suite);
  if (suite != "pipeline" && suite != "numbers" && suite != "layers") {
    return Fail("bench",
                absl::InvalidArgumentError(
                    "--suite: expected pipeline, layers, numbers, store or scale"));
  }
  const auto corpus =
      LoadCorpus(absl::GetFlag(FLAGS_corpus), absl::GetFlag(FLAGS_articles));
  if (corpus.empty())
    return Fail("bench", absl::NotFoundError("no articles in --corpus"));
  std::vector<std::string> texts;
  for (int r = 0; r < std::max(1, absl::GetFlag(FLAGS_rounds)); ++r) {
    texts.insert(texts.end(), corpus.begin(), corpus.end());
  }
  uint64_t bytes = 0;
  for (auto& t : texts) bytes += t.size();
  if (suite == "numbers" || suite == "layers") {
    return RunBenchNumbers(texts, bytes);
  }
  int threads = absl::GetFlag(FLAGS_threads);
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());

  auto engine = annotate::Engine::Create(annotate::EngineOptions{});
  if (!engine.ok()) return Fail("bench", engine.status());
  auto layers = annotate::LayerSet::Parse(absl::GetFlag(FLAGS_layers));
  if (!layers.ok()) return Fail("bench", layers.status());

  std::vector<Figure> figures;
  std::atomic<size_t> sink{0};
  auto run_engine = [&](int n) {
    std::atomic<size_t> next{0};
    absl::Time t0 = absl::Now();
    std::vector<std::thread> pool;
    for (int k = 0; k < n; ++k) {
      pool.emplace_back([&] {
        for (size_t i; (i = next++) < texts.size();) {
          auto anns = (*engine)->Annotate(texts[i], *layers);
          // Keeps the work observable so the optimizer cannot drop it.
          sink.fetch_add(anns.ok() ? anns->size() : 0,
                         std::memory_order_relaxed);
        }
      });
    }
    for (auto& th : pool) th.join();
    return absl::Now() - t0;
  };
  const bool all = !absl::GetFlag(FLAGS_pipeline_only);
  if (all) run_engine(threads);  // warm-up
  figures.push_back(
      {"engine, 1 thread", all ? run_engine(1) : absl::Seconds(1)});
  figures.push_back({absl::StrFormat("engine, %d threads", threads),
                     all ? run_engine(threads) : absl::Seconds(1)});

  if (all) {
    NullIngest null_service;
    ServerConfig cfg;
    cfg.services = {&null_service};
    auto server = StartServer(cfg);
    if (!server.ok()) return Fail("bench", server.status());
    auto t = Feed(server->address, texts);
    figures.push_back({"raw gRPC stream", t.elapsed});
    server->server->Shutdown();
  }

  auto run_pipeline = [&](bool durable) -> absl::Status {
    std::string dir =
        (fs::temp_directory_path() /
         absl::StrFormat("docpipe-bench-%d-%d", getpid(), durable))
            .string();
    server::PipelineOptions opts;
    opts.listen_address = "127.0.0.1:0";
    opts.data_dir = dir;
    opts.sync_writes = durable;
    opts.layers = absl::GetFlag(FLAGS_layers);
    auto pipeline = server::Pipeline::Start(opts);
    if (!pipeline.ok()) return pipeline.status();
    auto t = Feed((*pipeline)->address(), texts);
    (*pipeline)->Shutdown();
    pipeline->reset();
    fs::remove_all(dir);
    if (!t.stream_status.ok()) return t.stream_status;
    if (t.created != texts.size()) {
      return absl::InternalError(
          absl::StrFormat("pipeline created %d of %d articles (%d failed)",
                          t.created, texts.size(), t.failed));
    }
    figures.push_back({durable ? "pipeline (docpipe serve, durable)"
                               : "pipeline (docpipe serve, --sync=false)",
                       t.elapsed});
    return absl::OkStatus();
  };
  if (auto s = run_pipeline(/*durable=*/true); !s.ok()) return Fail("bench", s);
  if (all) {
    if (auto s = run_pipeline(false); !s.ok()) return Fail("bench", s);
  }

  const double mb = bytes / 1e6;
  const double engine_n = absl::ToDoubleSeconds(figures[1].elapsed);
  absl::PrintF(
      "docpipe bench: %d articles (%d x %d), %.2f MB, layers %s, %d cores\n\n",
      texts.size(), absl::GetFlag(FLAGS_rounds), corpus.size(), mb,
      absl::GetFlag(FLAGS_layers), std::thread::hardware_concurrency());
  const double engine_1 = absl::ToDoubleSeconds(figures[0].elapsed);
  absl::PrintF("%-40s %11s %9s %15s %15s\n", "stage", "articles/s", "MB/s",
               "vs engine (1t)", "vs engine (Nt)");
  for (const auto& f : figures) {
    double s = std::max(absl::ToDoubleSeconds(f.elapsed), 1e-9);
    absl::PrintF("%-40s %11.1f %9.2f %14.0f%% %14.0f%%\n", f.name,
                 texts.size() / s, mb / s, 100.0 * engine_1 / s,
                 100.0 * engine_n / s);
  }
  return 0;
}

}  // namespace docpipe::cli
