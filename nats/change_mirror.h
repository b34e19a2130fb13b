// The store's change stream mirrored into a JetStream stream, so that any
// number of consumers, anywhere, read it through durable consumers at their
// own pace.
//
// A ChangeMirror follows one store's Subscribe stream (over gRPC, usually
// the store in the same process) and publishes each ChangeEvent, in
// revision order, as one message on kChangesSubject with Nats-Msg-Id = the
// revision: a publish retried after a lost acknowledgement is dropped by
// the stream's duplicate window, and after a restart the mirror resumes
// from the revision after the stream's last message. So every revision is
// in the stream once and in order.
//
// Usage:
//   DOCPIPE_ASSIGN_OR_RETURN(auto mirror, nats::ChangeMirror::Start(
//       {.nats = {.servers = urls}, .store_address = "127.0.0.1:50050"}));
//   ...
//   mirror->Stop();
//
// Thread safety: Start/Stop from one thread; published() from any.
#ifndef DOCPIPE_NATS_CHANGE_MIRROR_H_
#define DOCPIPE_NATS_CHANGE_MIRROR_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nats/jetstream.h"

namespace docpipe::nats {

inline constexpr char kChangesStream[] = "DOCPIPE_CHANGES";
inline constexpr char kChangesSubject[] = "docpipe.changes";

struct ChangeMirrorOptions {
  ClientOptions nats;         // the cluster; its name is the mirror's
  std::string store_address;  // StoreService to follow, through MakeChannel
  std::string store_token;    // for a store with a token file (else empty)
  int replicas = 1;           // of the stream, when it is created
};

class ChangeMirror {
 public:
  // Connects to NATS and creates the stream (errors here are returned),
  // then mirrors on a background thread until Stop, retrying every failure
  // (store or NATS unreachable) with backoff.
  static absl::StatusOr<std::unique_ptr<ChangeMirror>> Start(
      const ChangeMirrorOptions& options);
  ~ChangeMirror();
  // Idempotent.
  void Stop();
  // The last revision the stream acknowledged.
  uint64_t published() const { return published_.load(); }

  struct Impl;

 private:
  explicit ChangeMirror(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::atomic<uint64_t> published_{0};
  std::thread thread_;
};

}  // namespace docpipe::nats

#endif  // DOCPIPE_NATS_CHANGE_MIRROR_H_
