#include "clients/docpipe/nats_cmds.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "common/sha256.h"
#include "nats/flags.h"
#include "nats/jetstream.h"

ABSL_DECLARE_FLAG(int64_t, max_events);  // watch.cc

ABSL_FLAG(int64_t, max_pending, 0,
          "feed --nats: wait while more than this many articles are queued "
          "for the workers (0 = no limit)");
ABSL_FLAG(std::string, durable, "docpipe-watch",
          "watch --nats: the durable consumer's name; a watch resumes where "
          "the last one of that name stopped");

namespace docpipe::cli {

absl::StatusOr<std::unique_ptr<nats::ChangeMirror>> StartMirrorFromFlags(
    const std::string& store_address) {
  return nats::StartMirrorFromFlags(store_address, CallToken());
}

int RunWatchNats(const std::function<void(const v1::ChangeEvent&)>& print) {
  const std::string durable = absl::GetFlag(FLAGS_durable);
  if (durable.empty()) {
    return Fail("watch", absl::InvalidArgumentError("--durable: empty name"));
  }
  const int64_t max_events = absl::GetFlag(FLAGS_max_events);
  auto options =
      nats::ClientOptionsFromFlags(absl::StrCat("docpipe-watch ", durable));
  if (!options.ok()) return Fail("watch", options.status());
  auto client = nats::Client::Connect(*options);
  if (!client.ok()) return Fail("watch", client.status());
  std::unique_ptr<nats::PullConsumer> consumer;
  uint64_t last = 0;
  int64_t seen = 0;
  while (InterruptSignal() == 0) {
    if (consumer == nullptr) {
      auto c = (*client)->PullSubscribe(nats::kChangesStream,
                                        nats::kChangesSubject, durable);
      if (!c.ok()) {
        if (absl::IsNotFound(c.status()) ||
            absl::IsInvalidArgument(c.status())) {
          return Fail("watch", c.status());
        }
        std::cerr << "docpipe watch: " << c.status() << "; retrying\n";
        if (!SleepUnlessInterrupted(absl::Milliseconds(200))) break;
        continue;
      }
      consumer = *std::move(c);
    }
    auto msgs = consumer->Fetch(256, absl::Milliseconds(500));
    if (!msgs.ok()) {
      std::cerr << "docpipe watch: " << msgs.status() << "; retrying\n";
      if (!SleepUnlessInterrupted(absl::Milliseconds(200))) break;
      continue;
    }
    for (nats::Message& m : *msgs) {
      v1::ChangeEvent e;
      if (!e.ParseFromArray(m.data().data(),
                            static_cast<int>(m.data().size()))) {
        std::cerr << "docpipe watch: stream message " << m.stream_sequence()
                  << " is not a ChangeEvent; skipped\n";
      } else if (e.revision() > last) {
        print(e);
        last = e.revision();
        ++seen;
      }
      // A lost ack only means a redelivery, which the check above drops.
      if (auto st = m.AckNoWait(); !st.ok()) {
        std::cerr << "docpipe watch: " << st << "\n";
      }
      if (max_events > 0 && seen >= max_events) return kExitOk;
    }
  }
  return InterruptExitCode();
}

absl::Status EnsureIngestStream(nats::Client& client) {
  DOCPIPE_ASSIGN_OR_RETURN(int replicas, nats::ReplicasFromFlag());
  return client.EnsureStream({.name = nats::kIngestStream,
                              .subjects = {nats::kIngestSubject},
                              .work_queue = true,
                              .replicas = replicas});
}

namespace {

// "N queued for the workers (A being worked on)", or why it is unknown.
std::string Backlog(nats::Client& client, uint64_t* queued) {
  auto st = client.GetConsumerState(nats::kIngestStream, nats::kIngestConsumer);
  if (absl::IsNotFound(st.status())) {
    *queued = 0;
    return "no ingest-worker has connected yet";
  }
  if (!st.ok()) return absl::StrCat("backlog unknown: ", st.status().message());
  *queued = st->pending + st->ack_pending;
  return absl::StrCat(st->pending, " queued for the workers, ", st->ack_pending,
                      " being worked on");
}

}  // namespace

int RunFeedNats(const NextRequest& next) {
  auto options = nats::ClientOptionsFromFlags("docpipe-feed");
  if (!options.ok()) return Fail("feed", options.status());
  auto client = nats::Client::Connect(*options);
  if (!client.ok()) return Fail("feed", client.status());
  if (auto st = EnsureIngestStream(**client); !st.ok()) return Fail("feed", st);
  const int64_t max_pending = absl::GetFlag(FLAGS_max_pending);
  size_t published = 0, duplicate = 0, failed = 0;
  uint64_t queued = 0;
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::IngestRequest> req;
  while (InterruptSignal() == 0 && next(&req)) {
    if (!req.ok()) {
      ++failed;
      std::cerr << "failed: " << req.status().message() << "\n";
      continue;
    }
    const v1::Document& doc = req->document();
    std::string id = doc.external_id();
    if (id.empty()) {
      id = absl::StrCat(
          "sha256:",
          Sha256Hex(req->raw_text().empty() ? doc.text() : req->raw_text()));
    }
    // Back-pressure: every 64 articles, wait while the workers are behind.
    if (max_pending > 0 && published % 64 == 0) {
      Backlog(**client, &queued);
      while (queued > static_cast<uint64_t>(max_pending) &&
             SleepUnlessInterrupted(absl::Milliseconds(100))) {
        Backlog(**client, &queued);
      }
    }
    absl::StatusOr<nats::PubAck> ack;
    for (int attempt = 0; attempt < 20; ++attempt) {
      ack = (*client)->Publish(nats::kIngestSubject, req->SerializeAsString(),
                               id);
      if (ack.ok() || !(absl::IsUnavailable(ack.status()) ||
                        absl::IsDeadlineExceeded(ack.status()))) {
        break;
      }
      if (!SleepUnlessInterrupted(
              absl::Milliseconds(100 << std::min(attempt, 4)))) {
        break;
      }
    }
    if (!ack.ok()) {
      ++failed;
      std::cerr << "failed: " << id << ": " << ack.status() << "\n";
      continue;
    }
    ++published;
    if (ack->duplicate) ++duplicate;
  }
  const double secs =
      std::max(absl::ToDoubleSeconds(absl::Now() - start), 1e-6);
  const std::string backlog = Backlog(**client, &queued);
  absl::PrintF(
      "published %zu articles to %s in %.2f s: %zu new, %zu duplicate, %zu "
      "failed; %.1f articles/s; %s\n",
      published + failed, nats::kIngestStream, secs, published - duplicate,
      duplicate, failed, published / secs, backlog);
  std::cout.flush();
  if (InterruptSignal() != 0) return InterruptExitCode();
  return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace docpipe::cli
