// A narrow C++ front for NATS JetStream over the C client (libnats): a
// connection with its JetStream context, stream creation, publishing with a
// de-duplication ID, and pull consumers with explicit acknowledgement.
// Every call has a deadline; every error is an absl::Status naming what
// failed ("nats: publish docpipe.changes: timeout").
//
// Usage:
//   DOCPIPE_ASSIGN_OR_RETURN(auto client, nats::Client::Connect(
//       {.servers = {"nats://127.0.0.1:4222"}}));
//   DOCPIPE_RETURN_IF_ERROR(client->EnsureStream(
//       {.name = "S", .subjects = {"s"}, .replicas = 3}));
//   DOCPIPE_ASSIGN_OR_RETURN(auto ack, client->Publish("s", data, "id-1"));
//   DOCPIPE_ASSIGN_OR_RETURN(auto consumer,
//                            client->PullSubscribe("S", "s", "worker"));
//   DOCPIPE_ASSIGN_OR_RETURN(auto msgs, consumer->Fetch(64, absl::Seconds(1)));
//   for (auto& m : msgs) { ...; DOCPIPE_RETURN_IF_ERROR(m.Ack()); }
//
// Thread safety: a Client may be used from several threads at once (libnats
// connections are thread-safe). A PullConsumer and its Messages belong to
// one thread at a time.
#ifndef DOCPIPE_NATS_JETSTREAM_H_
#define DOCPIPE_NATS_JETSTREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct __natsMsg;
struct __natsSubscription;

namespace docpipe::nats {

// "URL[,URL...]" -> the URLs; INVALID_ARGUMENT naming `flag` when empty.
absl::StatusOr<std::vector<std::string>> ParseServers(absl::string_view list,
                                                      absl::string_view flag);

struct ClientOptions {
  std::vector<std::string> servers;  // tried in order, then reconnected
  std::string name = "docpipe";      // shown by the server's monitoring
  // Deadline for connecting and for each JetStream API call, publish and
  // acknowledgement unless a call takes its own.
  absl::Duration timeout = absl::Seconds(5);
  // What the cluster asks of a client; each is optional. A server that
  // requires one refuses the connection without it (PERMISSION_DENIED).
  std::string token;             // the server's `authorization.token`
  std::string credentials_file;  // a .creds file: user JWT + NKey seed
  // PEM CA bundle that signed the servers' certificates: the connection is
  // TLS, the server's name checked against its certificate. tls:// URLs
  // use TLS too, trusting the system's CAs unless this is set.
  std::string tls_ca_file;
};

struct StreamConfig {
  std::string name;
  std::vector<std::string> subjects;
  // Work queue: a message is removed once a consumer acknowledged it;
  // otherwise kept (limits retention).
  bool work_queue = false;
  int replicas = 1;
  // Window in which a repeated Nats-Msg-Id is dropped as a duplicate.
  absl::Duration duplicate_window = absl::Minutes(2);
};

struct PubAck {
  uint64_t sequence = 0;   // stream sequence of the stored message
  bool duplicate = false;  // the ID was seen within the window; not stored
};

// A message fetched from a pull consumer. Owns the libnats message.
class Message {
 public:
  explicit Message(__natsMsg* msg);
  Message(Message&& other) noexcept;
  Message& operator=(Message&&) = delete;
  ~Message();

  absl::string_view data() const;
  uint64_t stream_sequence() const;
  uint64_t num_delivered() const;
  // Waits for the server to confirm (a lost ack means redelivery).
  [[nodiscard]] absl::Status Ack(absl::Duration timeout = absl::Seconds(5));
  // Sends the acknowledgement without waiting for the server's
  // confirmation: faster, at the price of a redelivery if it is lost.
  [[nodiscard]] absl::Status AckNoWait();
  // Asks for redelivery now.
  [[nodiscard]] absl::Status Nak();

 private:
  __natsMsg* msg_;
};

struct ConsumerState {
  uint64_t pending = 0;      // messages not yet delivered to this consumer
  uint64_t ack_pending = 0;  // delivered, not yet acknowledged
  uint64_t redelivered = 0;
};

class Client;

// A durable pull consumer bound to one stream.
class PullConsumer {
 public:
  ~PullConsumer();
  // Up to `batch` messages; an empty vector when none came within
  // `timeout` (not an error). UNAVAILABLE when the connection is down.
  absl::StatusOr<std::vector<Message>> Fetch(int batch, absl::Duration timeout);

 private:
  friend class Client;
  explicit PullConsumer(__natsSubscription* sub) : sub_(sub) {}
  __natsSubscription* sub_;
};

class Client {
 public:
  // Connects to the first reachable server; later breaks are reconnected
  // in the background forever (calls made meanwhile fail UNAVAILABLE or
  // DEADLINE_EXCEEDED and may be retried).
  static absl::StatusOr<std::unique_ptr<Client>> Connect(
      const ClientOptions& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Creates the stream, or checks an existing one is usable (its retention
  // as asked; FAILED_PRECONDITION otherwise). Retries UNAVAILABLE and
  // DEADLINE_EXCEEDED (a leader election) for up to 4 timeouts.
  [[nodiscard]] absl::Status EnsureStream(const StreamConfig& config);

  // Publishes and waits for the stream's acknowledgement. `msg_id` (may be
  // empty) is the Nats-Msg-Id header the stream de-duplicates on.
  absl::StatusOr<PubAck> Publish(absl::string_view subject,
                                 absl::string_view data,
                                 absl::string_view msg_id);

  // The data of the newest message on `subject` in `stream`; NOT_FOUND when
  // there is none.
  absl::StatusOr<std::string> LastMessage(absl::string_view stream,
                                          absl::string_view subject);

  // Binds to (creating if missing) the durable pull consumer `durable` of
  // `stream`, filtered on `subject`, acknowledging explicitly; messages not
  // acknowledged within `ack_wait` are delivered again.
  absl::StatusOr<std::unique_ptr<PullConsumer>> PullSubscribe(
      absl::string_view stream, absl::string_view subject,
      absl::string_view durable, absl::Duration ack_wait = absl::Seconds(30));

  absl::StatusOr<ConsumerState> GetConsumerState(absl::string_view stream,
                                                 absl::string_view durable);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  absl::Status EnsureStreamOnce(const StreamConfig& config);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docpipe::nats

#endif  // DOCPIPE_NATS_JETSTREAM_H_
