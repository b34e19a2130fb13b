// The docpipe subcommands' NATS JetStream side (docs/distributed.md): the
// --nats flags, serve's change-stream mirror and `watch --nats`.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_NATS_CMDS_H_
#define DOCPIPE_CLIENTS_DOCPIPE_NATS_CMDS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "clients/docpipe/stream_ingest.h"
#include "docpipe/v1/store.pb.h"
#include "nats/change_mirror.h"
#include "nats/flags.h"
#include "nats/ingest_queue.h"
#include "nats/jetstream.h"

ABSL_DECLARE_FLAG(std::string, durable);

namespace docpipe::cli {

using nats::NatsEnabled;

// serve: mirrors the change stream of the store at `store_address` into
// JetStream (null when --nats is not given), reading it with --token.
absl::StatusOr<std::unique_ptr<nats::ChangeMirror>> StartMirrorFromFlags(
    const std::string& store_address);

// `docpipe watch --nats`: reads the mirrored stream through the durable
// consumer --durable and prints each event with `print`, skipping any
// revision already printed (a redelivery), so the output is the one plain
// `watch` gives.
int RunWatchNats(const std::function<void(const v1::ChangeEvent&)>& print);

// Creates the ingest work-queue stream if missing (--nats_replicas).
[[nodiscard]] absl::Status EnsureIngestStream(nats::Client& client);

// `docpipe feed --nats`: publishes the requests `next` produces to the work
// queue, waiting while the workers are more than --max_pending behind, and
// reports how far behind they are at the end.
int RunFeedNats(const NextRequest& next);

// `docpipe ingest-worker` (ingest_worker.cc).
int RunIngestWorker(const std::vector<std::string>& args);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_NATS_CMDS_H_
