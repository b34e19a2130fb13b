// docpipe bench --suite=scale: grows one store to 10^4, 10^5, 10^6 documents
// (up to --scale_max) and reports, at each size, what operating it costs:
// bytes on disk per document, WAL bytes, restart time (close with its flush,
// then reopen), RSS, GetAnnotations / FindMentions / ListDocuments page
// latency, commit p99 as a ratio to an empty store's (same run) and the
// change stream's replay rate from revision 1. First (unless
// --scale_retention_docs 0), the change log's size under steady ingest with
// retention and without.
//
// Documents are written through the store library directly (Store::
// PutDocumentAsync with 256 in flight, WAL synced per group as in serve),
// which is faster than feeding `docpipe serve` and measures the store, not
// gRPC or the annotator. Each is a BBC article with a unique last line and
// the article's machine annotations (all layers, annotated once per
// article by the annotate library, so entity ids link across documents as
// in production).
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "annotate/engine.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "common/status.h"
#include "store/store.h"

ABSL_DECLARE_FLAG(std::string, corpus);
ABSL_FLAG(uint64_t, scale_max, 1000000,
          "bench scale: grow the store to this many documents (measured at "
          "each power of ten from 10^3, and at this size)");
ABSL_FLAG(uint64_t, scale_retention_docs, 100000,
          "bench scale: documents fed to the two stores of the retention "
          "phase (0 skips it)");
ABSL_FLAG(std::string, scale_dir, "",
          "bench scale: directory for the stores (default: a new temporary "
          "one, removed afterwards)");

namespace docpipe::cli {
namespace {

namespace fs = std::filesystem;

struct Article {
  std::string text;
  v1::AnnotationSet annotations;
};

absl::StatusOr<std::vector<Article>> LoadArticles(const std::string& dir) {
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  DOCPIPE_ASSIGN_OR_RETURN(auto engine, annotate::Engine::Create());
  std::vector<Article> articles;
  for (const fs::path& f : files) {
    DOCPIPE_ASSIGN_OR_RETURN(std::string text, ReadFile(f.string()));
    auto anns = engine->Annotate(text, annotate::LayerSet::All());
    if (!anns.ok()) continue;  // not UTF-8: skip
    Article& a = articles.emplace_back();
    a.text = std::move(text);
    for (auto& ann : *anns) *a.annotations.add_annotations() = std::move(ann);
    a.annotations.set_annotator_version(engine->version());
  }
  if (articles.empty()) {
    return absl::NotFoundError(absl::StrCat("--corpus ", dir, ": no articles"));
  }
  return articles;
}

v1::PutDocumentRequest MakePut(const std::vector<Article>& articles,
                               uint64_t i) {
  const Article& a = articles[i % articles.size()];
  v1::PutDocumentRequest put;
  put.mutable_document()->set_external_id(absl::StrCat("scale/", i));
  put.mutable_document()->set_text(
      absl::StrCat(a.text, "\nscale bench line ", i, "\n"));
  *put.mutable_annotations() = a.annotations;
  return put;
}

// Writes documents [from, to) with up to 256 puts in flight.
absl::Status Grow(store::Store& store, const std::vector<Article>& articles,
                  uint64_t from, uint64_t to) {
  absl::Mutex mu;
  int in_flight = 0;
  absl::Status first_error;
  for (uint64_t i = from; i < to; ++i) {
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(
          +[](int* n) { return *n < 256; }, &in_flight));
      if (!first_error.ok()) break;
      ++in_flight;
    }
    store.PutDocumentAsync(MakePut(articles, i), "bench",
                           [&](absl::StatusOr<v1::PutDocumentResponse> r) {
                             absl::MutexLock lock(&mu);
                             --in_flight;
                             if (!r.ok() && first_error.ok())
                               first_error = r.status();
                           });
  }
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](int* n) { return *n == 0; }, &in_flight));
  return first_error;
}

struct Latency {
  std::vector<double> us;
  void Add(absl::Duration d) { us.push_back(absl::ToDoubleMicroseconds(d)); }
  double Pct(double p) {
    if (us.empty()) return 0;
    std::sort(us.begin(), us.end());
    return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))];
  }
};

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

double RssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;
    }
  }
  return 0;
}

std::string DocId(store::Store& store, uint64_t i) {
  v1::GetDocumentRequest get;
  get.set_external_id(absl::StrCat("scale/", i));
  auto doc = store.GetDocument(get);
  return doc.ok() ? doc->doc_id() : "";
}

// Adds the latency of `n` correction commits (an empty edit list: a new
// version of the same annotations) on random documents of [0, docs) to
// `lat`.
absl::Status Commits(store::Store& store, uint64_t docs, int n,
                     std::mt19937_64& rng, Latency& lat) {
  for (int k = 0; k < n; ++k) {
    const std::string id = DocId(store, rng() % docs);
    v1::ListVersionsRequest lv;
    lv.set_doc_id(id);
    DOCPIPE_ASSIGN_OR_RETURN(auto versions, store.ListVersions(lv));
    v1::CommitRequest commit;
    commit.set_doc_id(id);
    commit.set_expected_version(versions.head_version());
    commit.mutable_edits();
    commit.set_note("bench");
    const absl::Time t0 = absl::Now();
    DOCPIPE_RETURN_IF_ERROR(store.Commit(commit, "annotator").status());
    lat.Add(absl::Now() - t0);
  }
  return absl::OkStatus();
}

// Entity ids mentioned in the most articles: FindMentions' worst cases.
std::vector<std::string> PopularEntities(const std::vector<Article>& articles,
                                         size_t n) {
  absl::flat_hash_map<std::string, int> docs;
  for (const Article& a : articles) {
    absl::flat_hash_set<std::string> seen;
    for (const auto& ann : a.annotations.annotations()) {
      if (ann.has_entity() && !ann.entity().entity_id().empty()) {
        seen.insert(ann.entity().entity_id());
      }
    }
    for (const auto& e : seen) ++docs[e];
  }
  std::vector<std::pair<int, std::string>> by_count;
  for (auto& [e, c] : docs) by_count.emplace_back(c, e);
  std::sort(by_count.rbegin(), by_count.rend());
  std::vector<std::string> out;
  for (size_t i = 0; i < by_count.size() && i < n; ++i) {
    out.push_back(by_count[i].second);
  }
  return out;
}

absl::StatusOr<std::unique_ptr<store::Store>> OpenStore(
    const std::string& dir, uint64_t retention_revisions = 0) {
  store::StoreOptions options;
  options.data_dir = dir;
  options.retention_revisions = retention_revisions;
  return store::Store::Open(options);
}

// Steady ingest into a store that keeps the last kKeep revisions and into
// one that keeps all, the change log's bytes (SST + memtable) sampled as
// they grow: flat with retention, linear without.
absl::Status Retention(const std::vector<Article>& articles,
                       const std::string& root, uint64_t docs) {
  constexpr uint64_t kKeep = 10000;
  DOCPIPE_ASSIGN_OR_RETURN(auto kept, OpenStore(root + "/retention", kKeep));
  DOCPIPE_ASSIGN_OR_RETURN(auto all, OpenStore(root + "/no-retention"));
  std::cout << absl::StrFormat(
      "change log under steady ingest (retention_revisions %d vs none):\n"
      "     docs revisions  oldest kept  log MB kept  log MB all\n",
      kKeep);
  const uint64_t step = std::max<uint64_t>(docs / 8, 1);
  for (uint64_t have = 0; have < docs;) {
    const uint64_t next = std::min(have + step, docs);
    DOCPIPE_RETURN_IF_ERROR(Grow(*kept, articles, have, next));
    DOCPIPE_RETURN_IF_ERROR(Grow(*all, articles, have, next));
    have = next;
    DOCPIPE_ASSIGN_OR_RETURN(v1::GetStatsResponse k, kept->GetStats());
    DOCPIPE_ASSIGN_OR_RETURN(v1::GetStatsResponse a, all->GetStats());
    std::cout << absl::StrFormat("%9d %9d %12d %12.2f %11.2f\n", have,
                                 k.current_revision(), k.oldest_revision(),
                                 k.changelog_bytes() / 1048576.0,
                                 a.changelog_bytes() / 1048576.0);
  }
  return absl::OkStatus();
}

// Everything measured at one size; `store` is reopened (restart time).
absl::Status Measure(std::unique_ptr<store::Store>& store,
                     const std::string& dir, uint64_t docs,
                     const std::vector<std::string>& entities,
                     store::Store& empty, std::mt19937_64& rng) {
  DOCPIPE_ASSIGN_OR_RETURN(v1::GetStatsResponse stats, store->GetStats());
  const uint64_t wal = stats.wal_bytes();
  const absl::Time t0 = absl::Now();
  store.reset();  // flushes the memtables
  DOCPIPE_ASSIGN_OR_RETURN(store, OpenStore(dir));
  const absl::Duration restart = absl::Now() - t0;
  const uint64_t disk = DirBytes(dir);
  const int samples = 1000;
  Latency get, find, list;
  for (int k = 0; k < samples; ++k) {
    v1::GetAnnotationsRequest r;
    r.set_doc_id(DocId(*store, rng() % docs));
    const absl::Time t = absl::Now();
    DOCPIPE_RETURN_IF_ERROR(store->GetAnnotations(r).status());
    get.Add(absl::Now() - t);
  }
  for (int k = 0; k < samples / 5; ++k) {
    v1::FindMentionsRequest r;
    r.set_entity_id(entities[k % entities.size()]);
    // A random page: the one after a random document.
    if (k % 2 == 1) r.set_page_token(DocId(*store, rng() % docs));
    const absl::Time t = absl::Now();
    DOCPIPE_RETURN_IF_ERROR(store->FindMentions(r).status());
    find.Add(absl::Now() - t);
  }
  for (int k = 0; k < samples / 5; ++k) {
    v1::ListDocumentsRequest r;
    r.set_page_size(100);
    r.set_page_token(DocId(*store, rng() % docs));
    const absl::Time t = absl::Now();
    DOCPIPE_RETURN_IF_ERROR(store->ListDocuments(r).status());
    list.Add(absl::Now() - t);
  }
  // Commits on this store and on the empty one, interleaved in rounds of
  // 25 so both see the same background load (compactions, other work on
  // the machine): the ratio of their p99 is the cost of the size.
  Latency commit, empty_commit;
  for (int round = 0; round < 20; ++round) {
    DOCPIPE_RETURN_IF_ERROR(Commits(*store, docs, 25, rng, commit));
    DOCPIPE_RETURN_IF_ERROR(Commits(empty, 100, 25, rng, empty_commit));
  }
  const double empty_commit_p99 = empty_commit.Pct(0.99);
  // Replay from revision 1 (at most 2 million events).
  v1::SubscribeRequest sub_request;
  sub_request.set_start_revision(1);
  DOCPIPE_ASSIGN_OR_RETURN(auto sub, store->Subscribe(sub_request, [] {}));
  const uint64_t last = std::min<uint64_t>(store->current_revision(), 2000000);
  v1::ChangeEvent event;
  absl::Status status;
  uint64_t replayed = 0;
  const absl::Time r0 = absl::Now();
  while (replayed < last &&
         sub->Next(&event, &status) == store::Subscription::Poll::kEvent) {
    ++replayed;
  }
  const double replay_s = absl::ToDoubleSeconds(absl::Now() - r0);
  sub->Close(absl::CancelledError("bench done"));
  const double commit_p99 = commit.Pct(0.99);
  std::cout << absl::StrFormat(
                   "%9d %9.0f %7.1f %8.0f %7.0f %7.0f %7.0f %7.0f %7.0f %7.0f "
                   "%7.0f %7.0f %7.0f %7.0f %6.2f %9.0f",
                   docs, static_cast<double>(disk) / docs, wal / 1048576.0,
                   absl::ToDoubleMilliseconds(restart), RssMb(), get.Pct(0.5),
                   get.Pct(0.99), find.Pct(0.5), find.Pct(0.99), list.Pct(0.5),
                   list.Pct(0.99), commit.Pct(0.5), commit_p99,
                   empty_commit_p99, commit_p99 / empty_commit_p99,
                   replayed / replay_s)
            << std::endl;
  return absl::OkStatus();
}

absl::Status Run() {
  const uint64_t max_docs = absl::GetFlag(FLAGS_scale_max);
  if (max_docs < 10) {
    return absl::InvalidArgumentError("--scale_max: at least 10");
  }
  std::string root = absl::GetFlag(FLAGS_scale_dir);
  const bool temporary = root.empty();
  if (temporary) {
    std::string tmpl =
        (fs::temp_directory_path() / "docpipe-scale-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      return absl::InternalError("cannot make a temporary directory");
    }
    root = tmpl;
  }
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("--scale_dir ", root, ": ", ec.message()));
  }
  const absl::Time a0 = absl::Now();
  DOCPIPE_ASSIGN_OR_RETURN(std::vector<Article> articles,
                           LoadArticles(absl::GetFlag(FLAGS_corpus)));
  uint64_t annotations = 0;
  for (const Article& a : articles) {
    annotations += a.annotations.annotations_size();
  }
  std::cout << absl::StrFormat(
      "docpipe bench --suite=scale: %d articles annotated in "
      "%.1f s (%.1f annotations each); writing through the store "
      "library, fsync per group, in %s\n",
      articles.size(), absl::ToDoubleSeconds(absl::Now() - a0),
      static_cast<double>(annotations) / articles.size(), root);
  if (const uint64_t r = absl::GetFlag(FLAGS_scale_retention_docs); r > 0) {
    DOCPIPE_RETURN_IF_ERROR(Retention(articles, root, r));
  }
  std::mt19937_64 rng(42);
  // The baseline: a store with 100 documents.
  DOCPIPE_ASSIGN_OR_RETURN(auto empty, OpenStore(root + "/empty"));
  DOCPIPE_RETURN_IF_ERROR(Grow(*empty, articles, 0, 100));
  std::cout << "     docs bytes/doc  WAL MB restartms  RSS MB  get50us "
               " get99us find50us find99us list50us list99us com50us "
               "com99us empty99  ratio  replay/s\n";
  const std::string dir = root + "/scale";
  DOCPIPE_ASSIGN_OR_RETURN(auto store, OpenStore(dir));
  const std::vector<std::string> entities = PopularEntities(articles, 20);
  uint64_t have = 0;
  for (uint64_t size = 1000;; size *= 10) {
    const uint64_t target = std::min(size, max_docs);
    const absl::Time g0 = absl::Now();
    DOCPIPE_RETURN_IF_ERROR(Grow(*store, articles, have, target));
    std::cerr << absl::StrFormat("grew to %d documents in %.1f s\n", target,
                                 absl::ToDoubleSeconds(absl::Now() - g0));
    have = target;
    if (target >= 10000 || target == max_docs) {
      DOCPIPE_RETURN_IF_ERROR(Measure(store, dir, have, entities, *empty, rng));
    }
    if (target == max_docs) break;
  }
  store.reset();
  empty.reset();
  if (temporary) fs::remove_all(root);
  return absl::OkStatus();
}

}  // namespace

int RunBenchScale() {
  absl::Status status = Run();
  if (!status.ok()) return Fail("bench", status);
  return kExitOk;
}

}  // namespace docpipe::cli
