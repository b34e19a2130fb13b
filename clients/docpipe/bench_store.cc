// docpipe bench --suite=store: corrections and the change stream, each
// beside raw gRPC doing the same calls in the same run.
//   commit latency   Commit (durable, group-committed) over loopback gRPC,
//                    1 writer and 8 writers, p50/p99; baseline: the same
//                    Commit messages to a server that answers at once;
//   fan-out          100 subscribers on Subscribe while a writer commits at
//                    a steady rate: events/s delivered and commit-to-delivery
//                    p50/p99; baseline: raw server-streaming of the same
//                    events from an in-memory broadcaster at the same rate.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <thread>
#include <unordered_set>

#include "absl/base/thread_annotations.h"
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/docpipe/cli.h"
#include "common/server.h"
#include "store/service/store_service.h"
#include "store/store.h"

ABSL_DECLARE_FLAG(std::string, corpus);

ABSL_FLAG(int, commits, 300, "bench store: commits per writer");
ABSL_FLAG(int, subscribers, 100, "bench store: subscribers for fan-out");
ABSL_FLAG(int, rate, 200, "bench store: commits/s during fan-out");
ABSL_FLAG(absl::Duration, fanout_for, absl::Seconds(3),
          "bench store: length of the fan-out run");

namespace docpipe::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

struct Latencies {
  std::vector<double> us;
  double Pct(double p) {
    if (us.empty()) return 0;
    std::sort(us.begin(), us.end());
    return us[std::min(us.size() - 1, static_cast<size_t>(p * us.size()))];
  }
};

// Answers Commit at once, and broadcasts events to Subscribe streams: the
// raw gRPC cost of the same calls.
class RawStore final : public v1::StoreService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Commit(grpc::CallbackServerContext* ctx,
                                   const v1::CommitRequest* req,
                                   v1::CommitResponse* resp) override {
    resp->set_doc_id(req->doc_id());
    resp->set_version(req->expected_version() + 1);
    auto* r = ctx->DefaultReactor();
    r->Finish(grpc::Status::OK);
    return r;
  }

  class Stream : public grpc::ServerWriteReactor<v1::SubscribeResponse> {
   public:
    explicit Stream(RawStore* owner) : owner_(owner) {}
    void Offer(const v1::ChangeEvent& e) {
      absl::MutexLock lock(&mu_);
      if (done_) return;
      queue_.emplace_back();
      *queue_.back().mutable_event() = e;
      if (!writing_) WriteLocked();
    }
    void OnWriteDone(bool ok) override {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      queue_.pop_front();
      if (!ok) {
        done_ = true;
        Finish(grpc::Status::CANCELLED);
        return;
      }
      if (!queue_.empty()) WriteLocked();
    }
    void OnCancel() override {
      absl::MutexLock lock(&mu_);
      if (!done_) {
        done_ = true;
        if (!writing_) Finish(grpc::Status::OK);
      }
    }
    void OnDone() override {
      owner_->Remove(this);
      delete this;
    }

   private:
    void WriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      writing_ = true;
      StartWrite(&queue_.front());
    }
    RawStore* const owner_;
    absl::Mutex mu_;
    std::deque<v1::SubscribeResponse> queue_ ABSL_GUARDED_BY(mu_);
    bool writing_ ABSL_GUARDED_BY(mu_) = false;
    bool done_ ABSL_GUARDED_BY(mu_) = false;
  };

  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext*, const v1::SubscribeRequest*) override {
    auto* s = new Stream(this);
    absl::MutexLock lock(&mu_);
    streams_.insert(s);
    return s;
  }
  void Publish(const v1::ChangeEvent& e) {
    absl::MutexLock lock(&mu_);
    for (auto* s : streams_) s->Offer(e);
  }
  size_t streams() {
    absl::MutexLock lock(&mu_);
    return streams_.size();
  }
  void Remove(Stream* s) {
    absl::MutexLock lock(&mu_);
    streams_.erase(s);
  }

 private:
  absl::Mutex mu_;
  std::unordered_set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
};

v1::CommitRequest ChangeValue(const std::string& doc, uint64_t expected,
                              double value) {
  v1::CommitRequest c;
  c.set_doc_id(doc);
  c.set_expected_version(expected);
  c.set_note("bench");
  auto* ch = c.mutable_edits()->add_edits()->mutable_change();
  ch->set_id("n1");
  ch->mutable_annotation()->mutable_number()->set_value(value);
  ch->mutable_update_mask()->add_paths("number.value");
  return c;
}

// `writers` threads, each committing `n` corrections to its own document.
struct CommitFigure {
  Latencies lat;
  double per_second = 0;
};
CommitFigure RunCommits(const std::string& address,
                        const std::vector<std::string>& docs, int n) {
  CommitFigure fig;
  absl::Mutex mu;
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (const std::string& doc : docs) {
    threads.emplace_back([&, doc] {
      auto stub = v1::StoreService::NewStub(MakeChannel(address));
      std::vector<double> mine;
      for (int i = 0; i < n; ++i) {
        grpc::ClientContext ctx;
        ctx.set_deadline(DeadlineAfter(absl::Seconds(30)));
        v1::CommitResponse resp;
        auto start = Clock::now();
        grpc::Status st = stub->Commit(&ctx, ChangeValue(doc, i + 1, i), &resp);
        mine.push_back(Micros(Clock::now() - start));
        if (!st.ok()) {
          absl::FPrintF(stderr, "commit: %s\n", st.error_message());
          break;
        }
      }
      absl::MutexLock lock(&mu);
      fig.lat.us.insert(fig.lat.us.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  fig.per_second = fig.lat.us.size() / (Micros(Clock::now() - t0) / 1e6);
  return fig;
}

struct FanoutFigure {
  double events_per_second = 0;
  Latencies lat;
  size_t delivered = 0;
};

// Subscribers read `events` events each; `publish(i)` makes event i and
// returns its revision; latency is from just before publish to receipt.
template <typename Publish>
FanoutFigure RunFanout(const std::string& address, int subscribers, int events,
                       int rate, uint64_t start_revision, Publish publish,
                       const std::function<bool()>& all_subscribed) {
  FanoutFigure fig;
  std::vector<Clock::time_point> sent(events + 1);
  absl::Mutex mu;
  std::vector<std::thread> readers;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts(subscribers);
  auto channel = MakeChannel(address);
  std::atomic<int> ready{0};
  std::vector<std::vector<std::pair<uint64_t, Clock::time_point>>> got(
      subscribers);
  for (int k = 0; k < subscribers; ++k) {
    readers.emplace_back([&, k] {
      auto stub = v1::StoreService::NewStub(channel);
      contexts[k] = std::make_unique<grpc::ClientContext>();
      v1::SubscribeRequest req;
      req.set_start_revision(start_revision);
      auto reader = stub->Subscribe(contexts[k].get(), req);
      ++ready;
      v1::SubscribeResponse r;
      int n = 0;
      while (n < events && reader->Read(&r)) {
        if (!r.has_event()) continue;
        got[k].push_back({r.event().revision(), Clock::now()});
        ++n;
      }
      contexts[k]->TryCancel();
      while (reader->Read(&r)) {
      }
      reader->Finish();
    });
  }
  while (ready.load() < subscribers || !all_subscribed()) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  auto t0 = Clock::now();
  const auto period = std::chrono::microseconds(1000000 / std::max(1, rate));
  for (int i = 0; i < events; ++i) {
    std::this_thread::sleep_until(t0 + i * period);
    auto at = Clock::now();
    uint64_t rev = publish(i);
    absl::MutexLock lock(&mu);
    if (rev - start_revision < sent.size()) sent[rev - start_revision] = at;
  }
  for (auto& t : readers) t.join();
  auto t1 = Clock::now();
  for (auto& g : got) {
    for (auto& [rev, when] : g) {
      fig.lat.us.push_back(Micros(when - sent[rev - start_revision]));
    }
    fig.delivered += g.size();
  }
  fig.events_per_second = fig.delivered / (Micros(t1 - t0) / 1e6);
  return fig;
}

}  // namespace

int RunBenchStore() {
  const int n = absl::GetFlag(FLAGS_commits);
  const int subs = absl::GetFlag(FLAGS_subscribers);
  const int rate = absl::GetFlag(FLAGS_rate);
  const int events = static_cast<int>(
      rate * absl::ToDoubleSeconds(absl::GetFlag(FLAGS_fanout_for)));
  std::string dir = (fs::temp_directory_path() /
                     absl::StrFormat("docpipe-bench-store-%d", getpid()))
                        .string();
  auto store = store::Store::Open({.data_dir = dir, .sync_writes = true});
  if (!store.ok()) return Fail("bench", store.status());
  store::StoreServiceImpl service(store->get());
  RawStore raw;
  auto real_server = StartServer({.services = {&service}});
  auto raw_server = StartServer({.services = {&raw}});
  if (!real_server.ok()) return Fail("bench", real_server.status());
  if (!raw_server.ok()) return Fail("bench", raw_server.status());

  std::vector<std::string> docs;
  for (int i = 0; i < 8; ++i) {
    v1::PutDocumentRequest put;
    put.mutable_document()->set_external_id(absl::StrFormat("bench/%d", i));
    put.mutable_document()->set_text("Some 12 words.");
    auto* a = put.mutable_annotations()->add_annotations();
    a->mutable_span()->set_begin(5);
    a->mutable_span()->set_end(7);
    a->mutable_number()->set_kind(v1::NUMBER_KIND_CARDINAL);
    a->mutable_number()->set_value(12);
    auto r = (*store)->PutDocument(put, "bench");
    if (!r.ok()) return Fail("bench", r.status());
    docs.push_back(r->document().doc_id());
  }
  std::vector<std::string> one = {docs[0]};
  std::vector<std::string> eight(docs.begin(), docs.end());
  auto real1 = RunCommits(real_server->address, one, n);
  auto raw1 = RunCommits(raw_server->address, one, n);
  // Continue the 8 documents' versions after the 1-writer run on docs[0].
  std::vector<std::string> rest(docs.begin() + 1, docs.end());
  auto real8 = RunCommits(real_server->address, rest, n);
  auto raw8 = RunCommits(raw_server->address, rest, n);

  absl::PrintF(
      "docpipe bench --suite=store (durable commits, loopback gRPC)\n\n");
  absl::PrintF("%-34s %10s %10s %12s %10s\n", "commit latency", "p50 us",
               "p99 us", "commits/s", "vs raw");
  auto row = [](const char* name, CommitFigure& f, CommitFigure& base) {
    absl::PrintF("%-34s %10.0f %10.0f %12.0f %9.0f%%\n", name, f.lat.Pct(0.5),
                 f.lat.Pct(0.99), f.per_second,
                 100.0 * f.per_second / std::max(base.per_second, 1e-9));
  };
  row("store, 1 writer", real1, raw1);
  row("raw gRPC unary, 1 writer", raw1, raw1);
  row("store, 7 writers (group commit)", real8, raw8);
  row("raw gRPC unary, 7 writers", raw8, raw8);

  // Fan-out.
  const uint64_t from = (*store)->current_revision() + 1;
  uint64_t version = n + 1;
  auto stub = v1::StoreService::NewStub(MakeChannel(real_server->address));
  auto real_fan = RunFanout(
      real_server->address, subs, events, rate, from,
      [&](int i) -> uint64_t {
        grpc::ClientContext ctx;
        ctx.set_deadline(DeadlineAfter(absl::Seconds(30)));
        v1::CommitResponse resp;
        grpc::Status st =
            stub->Commit(&ctx, ChangeValue(docs[0], version, i), &resp);
        ++version;
        return st.ok() ? resp.revision() : from;
      },
      [] { return true; });
  auto raw_fan = RunFanout(
      raw_server->address, subs, events, rate, 1,
      [&](int i) -> uint64_t {
        v1::ChangeEvent e;
        e.set_revision(i + 1);
        e.set_doc_id(docs[0]);
        e.set_kind(v1::CHANGE_KIND_CORRECTED);
        e.set_author("bench");
        raw.Publish(e);
        return i + 1;
      },
      [&] { return raw.streams() >= static_cast<size_t>(subs); });
  absl::PrintF("\n%-34s %12s %10s %10s %10s\n",
               absl::StrFormat("fan-out: %d subscribers, %d/s", subs, rate),
               "events/s", "p50 us", "p99 us", "vs raw");
  absl::PrintF("%-34s %12.0f %10.0f %10.0f %9.0f%%\n", "store Subscribe",
               real_fan.events_per_second, real_fan.lat.Pct(0.5),
               real_fan.lat.Pct(0.99),
               100.0 * real_fan.events_per_second /
                   std::max(raw_fan.events_per_second, 1e-9));
  absl::PrintF("%-34s %12.0f %10.0f %10.0f %9.0f%%\n",
               "raw gRPC server-streaming", raw_fan.events_per_second,
               raw_fan.lat.Pct(0.5), raw_fan.lat.Pct(0.99), 100.0);
  absl::PrintF("(delivered %d of %d events to store subscribers, %d raw)\n",
               real_fan.delivered, size_t(events) * subs, raw_fan.delivered);
  if (absl::Status st = PrintClaimDerivationCost(
          absl::GetFlag(FLAGS_corpus) + "/business/001.txt", n);
      !st.ok()) {
    return Fail("bench", st);
  }

  service.Shutdown();
  real_server->server->Shutdown(DeadlineAfter(absl::Seconds(5)));
  raw_server->server->Shutdown(DeadlineAfter(absl::Seconds(5)));
  store->reset();
  fs::remove_all(dir);
  return 0;
}

}  // namespace docpipe::cli
