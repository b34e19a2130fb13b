// The change stream as Server-Sent Events: GET /api/v1/changes.
//
// Each store event is "id: REVISION\nevent: change\ndata: {ChangeEvent}";
// a browser that reconnects sends Last-Event-ID and resumes after it (or
// ?from=REVISION starts there). Idle streams get "event: heartbeat" with
// the progress revision every --http_heartbeat. A resume point older than
// the change log's retention is one "event: reload" (the page re-reads
// everything). A stream ends after WorkbenchOptions::stream_lifetime (the
// browser reconnects), on shutdown, or when the client goes; at most
// max_streams are open at once (429 beyond). A stream holds one pool
// thread, which waits on a condition, never on the client.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"
#include "workbench/internal.h"

namespace docpipe::workbench {

struct StreamState {
  absl::Mutex mu;
  bool ready ABSL_GUARDED_BY(mu) = false;
  bool stop ABSL_GUARDED_BY(mu) = false;
  std::shared_ptr<store::Subscription> subscription;
};

void StopStreams(Shared& shared) {
  absl::MutexLock lock(&shared.mu);
  shared.stopping = true;
  for (const auto& s : shared.streams) {
    absl::MutexLock l(&s->mu);
    s->stop = true;
  }
}

namespace {

bool Write(httplib::DataSink& sink, const std::string& s) {
  return sink.write(s.data(), s.size());
}

void Stream(Shared& shared, const std::shared_ptr<StreamState>& state,
            httplib::DataSink& sink) {
  const absl::Time end = absl::Now() + shared.options.stream_lifetime;
  store::Subscription& sub = *state->subscription;
  // Tell the browser how soon to reconnect after the stream ends.
  if (!Write(sink, "retry: 1000\n\n")) return;
  for (;;) {
    v1::ChangeEvent event;
    absl::Status status;
    switch (sub.Next(&event, &status)) {
      case store::Subscription::Poll::kEvent:
        if (!Write(sink, absl::StrCat("id: ", event.revision(),
                                      "\nevent: change\ndata: ", ToJson(event),
                                      "\n\n"))) {
          return;
        }
        continue;
      case store::Subscription::Poll::kEnded:
        Write(sink,
              absl::StrCat("event: error\ndata: {\"code\":",
                           JsonQuote(absl::StatusCodeToString(status.code())),
                           ",\"message\":", JsonQuote(status.message()), "}\n\n"));
        return;
      case store::Subscription::Poll::kEmpty:
        break;
    }
    const absl::Time now = absl::Now();
    if (now >= end) return;
    bool woke = false;
    {
      absl::MutexLock lock(&state->mu);
      auto wake = [&state]() ABSL_SHARED_LOCKS_REQUIRED(state->mu) {
        return state->ready || state->stop;
      };
      woke = state->mu.AwaitWithTimeout(
          absl::Condition(&wake),
          std::min(shared.options.heartbeat, end - now));
      if (state->stop) return;
      state->ready = false;
    }
    if (!woke && absl::Now() < end) {
      if (!Write(sink, absl::StrCat("event: heartbeat\ndata: {\"revision\":\"",
                                    sub.progress_revision(), "\"}\n\n"))) {
        return;
      }
    }
  }
}

}  // namespace

void AddChangeRoutes(httplib::Server& server, Shared& shared) {
  server.Get("/api/v1/changes", [&shared](const httplib::Request& req,
                                          httplib::Response& res) {
    auto who = Authorize(shared, req, Permission::kRead);
    if (!who.ok()) return ReplyError(res, who.status());
    uint64_t start = 0;
    std::string last = req.get_header_value("Last-Event-ID");
    if (!last.empty()) {
      uint64_t id = 0;
      if (!absl::SimpleAtoi(last, &id)) {
        return ReplyError(
            res, absl::InvalidArgumentError("Last-Event-ID: not a revision"));
      }
      start = id + 1;
    } else if (req.has_param("from")) {
      auto from = UintParam(req, "from");
      if (!from.ok()) return ReplyError(res, from.status());
      start = *from;
    }
    v1::SubscribeRequest sreq;
    sreq.set_start_revision(start);
    if (req.has_param("doc_id")) {
      sreq.mutable_filter()->add_doc_ids(req.get_param_value("doc_id"));
    }
    auto state = std::make_shared<StreamState>();
    {
      absl::MutexLock lock(&shared.mu);
      if (shared.stopping) {
        return ReplyError(res, absl::UnavailableError("shutting down"));
      }
      if (static_cast<int>(shared.streams.size()) >=
          shared.options.max_streams) {
        return ReplyError(res,
                          absl::ResourceExhaustedError(absl::StrCat(
                              "change streams: ", shared.options.max_streams,
                              " are open, the limit; retry later")));
      }
      shared.streams.insert(state);
    }
    std::weak_ptr<StreamState> weak = state;
    auto sub = shared.options.store->Subscribe(sreq, [weak] {
      if (auto s = weak.lock()) {
        absl::MutexLock lock(&s->mu);
        s->ready = true;
      }
    });
    auto forget = [&shared, state] {
      absl::MutexLock lock(&shared.mu);
      shared.streams.erase(state);
    };
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");
    if (absl::IsOutOfRange(sub.status())) {
      forget();
      // The resume point is gone: the page must re-read what it shows.
      res.set_content(absl::StrCat("event: reload\ndata: {\"message\":",
                                   JsonQuote(sub.status().message()), "}\n\n"),
                      "text/event-stream");
      return;
    }
    if (!sub.ok()) {
      forget();
      return ReplyError(res, sub.status());
    }
    state->subscription = *sub;
    res.set_chunked_content_provider(
        "text/event-stream",
        [&shared, state](size_t, httplib::DataSink& sink) {
          Stream(shared, state, sink);
          sink.done();
          return true;
        },
        [state, forget](bool) {
          state->subscription->Close(absl::CancelledError("stream ended"));
          forget();
        });
  });
}

}  // namespace docpipe::workbench
