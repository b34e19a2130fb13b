// docpipe watch: follows the store's change stream. Resumable: it remembers
// the last revision it printed and, when the stream breaks (store restart,
// RESOURCE_EXHAUSTED for a slow reader), reconnects with exponential backoff
// from last + 1, so no event is missed or printed twice.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <iostream>
#include <random>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "clients/docpipe/nats_cmds.h"
#include "common/server.h"
#include "common/status.h"

ABSL_FLAG(std::string, from, "",
          "watch: first revision to show (0 or none = only new changes); "
          "restore: the backup directory");
ABSL_FLAG(int64_t, max_events, 0,
          "watch: exit after this many events (0 = follow forever)");
ABSL_FLAG(bool, payload, false, "watch: include each event's annotation set");
ABSL_FLAG(absl::Duration, max_backoff, absl::Seconds(5),
          "watch: longest wait between reconnect attempts");
ABSL_FLAG(std::vector<std::string>, claims, {},
          "watch: only changes that touched a claim group whose key starts "
          "with one of these comma-separated prefixes ('count:soldier'); "
          "'any' for every change that touched a claim");
ABSL_FLAG(
    int, max_reconnects, -1,
    "watch: give up after this many failed reconnects in a row (-1 = never)");

namespace docpipe::cli {
namespace {

std::string KindName(v1::ChangeKind k) {
  switch (k) {
    case v1::CHANGE_KIND_DOCUMENT_ADDED:
      return "DOCUMENT_ADDED";
    case v1::CHANGE_KIND_ANNOTATED:
      return "ANNOTATED";
    case v1::CHANGE_KIND_CORRECTED:
      return "CORRECTED";
    default:
      return "UNKNOWN";
  }
}

void PrintEvent(const v1::ChangeEvent& e, bool json) {
  if (json) {
    std::string out;
    google::protobuf::util::JsonPrintOptions opts;
    opts.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(e, &out, opts);
    std::cout << out << "\n";
  } else {
    absl::PrintF("rev %-6d %-15s %s v%d by %s", e.revision(),
                 KindName(e.kind()), e.doc_id(), e.version(), e.author());
    if (e.has_annotations()) {
      absl::PrintF(" (%d annotations)", e.annotations().annotations_size());
    }
    if (!e.claim_groups().empty()) {
      absl::PrintF(" claims %s", absl::StrJoin(e.claim_groups(), ","));
    }
    absl::PrintF("\n");
  }
  std::cout.flush();
}

}  // namespace

int RunWatch(const std::vector<std::string>&) {
  const bool json = absl::GetFlag(FLAGS_json);
  if (NatsEnabled()) {
    if (const std::string from = absl::GetFlag(FLAGS_from);
        !from.empty() && from != "0") {
      return UsageError("watch",
                        "--from is for the store's stream; with --nats the "
                        "durable consumer (--durable) keeps the position");
    }
    return RunWatchNats(
        [json](const v1::ChangeEvent& e) { PrintEvent(e, json); });
  }
  const int64_t max_events = absl::GetFlag(FLAGS_max_events);
  auto stub =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  uint64_t next = 0;  // 0 = live only, first time
  if (const std::string from = absl::GetFlag(FLAGS_from);
      !from.empty() && !absl::SimpleAtoi(from, &next)) {
    return UsageError("watch", "flag --from: expected a revision number");
  }
  int64_t seen = 0;
  int failures = 0;
  std::mt19937 rng(std::random_device{}());
  absl::Duration backoff = absl::Milliseconds(100);
  while (true) {
    v1::SubscribeRequest req;
    req.set_start_revision(next);
    req.set_include_annotations(absl::GetFlag(FLAGS_payload));
    for (const std::string& prefix : absl::GetFlag(FLAGS_claims)) {
      if (prefix == "any") {
        req.mutable_filter()->set_claims_only(true);
      } else {
        req.mutable_filter()->add_claim_groups(prefix);
      }
    }
    // A watch is long-lived; the deadline bounds a single connection, after
    // which it resumes like any other break.
    auto ctx = MakeContext(absl::Hours(24));
    CancelOnInterrupt cancel(ctx.get());
    auto reader = stub->Subscribe(ctx.get(), req);
    v1::SubscribeResponse resp;
    bool got_any = false;
    while (reader->Read(&resp)) {
      got_any = true;
      if (resp.has_progress()) {
        // Everything up to progress.revision has been delivered; a later
        // resume can start after it even if nothing matched.
        if (next == 0) next = resp.progress().revision() + 1;
        continue;
      }
      const v1::ChangeEvent& e = resp.event();
      PrintEvent(e, json);
      next = e.revision() + 1;
      if (max_events > 0 && ++seen >= max_events) {
        ctx->TryCancel();
        reader->Finish();
        return 0;
      }
    }
    grpc::Status st = reader->Finish();
    // Every event printed so far is a whole, flushed line.
    if (InterruptSignal() != 0) return InterruptExitCode();
    absl::Status status = FromGrpcStatus(st);
    if (status.code() == absl::StatusCode::kOutOfRange ||
        status.code() == absl::StatusCode::kInvalidArgument ||
        status.code() == absl::StatusCode::kPermissionDenied ||
        status.code() == absl::StatusCode::kUnauthenticated) {
      return Fail("watch", status);  // resuming cannot help
    }
    if (got_any) {
      failures = 0;
      backoff = absl::Milliseconds(100);
    }
    const int max_reconnects = absl::GetFlag(FLAGS_max_reconnects);
    if (max_reconnects >= 0 && ++failures > max_reconnects) {
      return Fail("watch", status);
    }
    std::cerr << "docpipe watch: stream ended (" << status.ToString()
              << "); resuming from revision " << next << " in "
              << absl::FormatDuration(backoff) << "\n";
    // Jittered exponential backoff between reconnects.
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    if (!SleepUnlessInterrupted(backoff * jitter(rng))) {
      return InterruptExitCode();
    }
    backoff = std::min(backoff * 2, absl::GetFlag(FLAGS_max_backoff));
  }
}

}  // namespace docpipe::cli
