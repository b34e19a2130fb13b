#include "clients/docpipe/nats_cmds.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "common/sha256.h"
#include "nats/jetstream.h"

ABSL_DECLARE_FLAG(int64_t, max_events);      // watch.cc
ABSL_DECLARE_FLAG(std::string, token_file);  // common/security_flags.cc
ABSL_DECLARE_FLAG(std::string, tls_cert);

ABSL_FLAG(std::string, nats, "",
          "NATS servers (nats://HOST:PORT[,...]): serve mirrors its change "
          "stream into JetStream; watch reads it from there "
          "(docs/distributed.md)");
ABSL_FLAG(int, nats_replicas, 1,
          "serve: replicas of the JetStream stream when it is created (3 on "
          "a three-node cluster)");
ABSL_FLAG(int64_t, max_pending, 0,
          "feed --nats: wait while more than this many articles are queued "
          "for the workers (0 = no limit)");
ABSL_FLAG(std::string, durable, "docpipe-watch",
          "watch --nats: the durable consumer's name; a watch resumes where "
          "the last one of that name stopped");

namespace docpipe::cli {

bool NatsEnabled() { return !absl::GetFlag(FLAGS_nats).empty(); }

absl::StatusOr<std::unique_ptr<nats::ChangeMirror>> StartMirrorFromFlags(
    const std::string& store_address) {
  if (!NatsEnabled()) return nullptr;
  if (!absl::GetFlag(FLAGS_token_file).empty() ||
      !absl::GetFlag(FLAGS_tls_cert).empty()) {
    // The mirror follows the store over a plain, unauthenticated channel.
    return absl::InvalidArgumentError(
        "--nats: not supported with --token_file or --tls_cert yet");
  }
  DOCPIPE_ASSIGN_OR_RETURN(
      auto servers, nats::ParseServers(absl::GetFlag(FLAGS_nats), "nats"));
  const int replicas = absl::GetFlag(FLAGS_nats_replicas);
  if (replicas < 1 || replicas > 5) {
    return absl::InvalidArgumentError("--nats_replicas: must be 1 to 5");
  }
  return nats::ChangeMirror::Start({.servers = servers,
                                    .store_address = store_address,
                                    .replicas = replicas});
}

int RunWatchNats(const std::function<void(const v1::ChangeEvent&)>& print) {
  auto servers = nats::ParseServers(absl::GetFlag(FLAGS_nats), "nats");
  if (!servers.ok()) return Fail("watch", servers.status());
  const std::string durable = absl::GetFlag(FLAGS_durable);
  if (durable.empty()) {
    return Fail("watch", absl::InvalidArgumentError("--durable: empty name"));
  }
  const int64_t max_events = absl::GetFlag(FLAGS_max_events);
  auto client = nats::Client::Connect(
      {.servers = *servers, .name = absl::StrCat("docpipe-watch ", durable)});
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
  const int replicas = absl::GetFlag(FLAGS_nats_replicas);
  if (replicas < 1 || replicas > 5) {
    return absl::InvalidArgumentError("--nats_replicas: must be 1 to 5");
  }
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
  auto servers = nats::ParseServers(absl::GetFlag(FLAGS_nats), "nats");
  if (!servers.ok()) return Fail("feed", servers.status());
  auto client =
      nats::Client::Connect({.servers = *servers, .name = "docpipe-feed"});
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
