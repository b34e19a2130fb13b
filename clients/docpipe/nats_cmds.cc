#include "clients/docpipe/nats_cmds.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
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
      if (auto st = m.Ack(); !st.ok()) {
        std::cerr << "docpipe watch: " << st << "\n";
      }
      if (max_events > 0 && seen >= max_events) return kExitOk;
    }
  }
  return InterruptExitCode();
}

}  // namespace docpipe::cli
