// libnats calls behind nats/jetstream.h. Each libnats object is owned by
// exactly one C++ object and destroyed with it.
#include "nats/jetstream.h"

#include <nats/nats.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace docpipe::nats {
namespace {

int64_t Millis(absl::Duration d) {
  return std::max<int64_t>(1, absl::ToInt64Milliseconds(d));
}

// A libnats status (and JetStream error code, if any) as an absl::Status.
absl::Status ToStatus(natsStatus s, jsErrCode jerr, absl::string_view what) {
  if (s == NATS_OK) return absl::OkStatus();
  std::string msg = absl::StrCat("nats: ", what, ": ", natsStatus_GetText(s));
  if (const char* last = nats_GetLastError(nullptr);
      last != nullptr && *last != '\0') {
    absl::StrAppend(&msg, " (", last, ")");
  }
  if (jerr != 0) absl::StrAppend(&msg, " [jetstream error ", jerr, "]");
  switch (s) {
    case NATS_TIMEOUT:
      return absl::DeadlineExceededError(msg);
    case NATS_NOT_FOUND:
      return absl::NotFoundError(msg);
    case NATS_INVALID_ARG:
      return absl::InvalidArgumentError(msg);
    case NATS_NOT_PERMITTED:  // "Authorization Violation" and the like
      return absl::PermissionDeniedError(msg);
    case NATS_CONNECTION_CLOSED:
    case NATS_NO_SERVER:
    case NATS_NO_RESPONDERS:
    case NATS_CONNECTION_DISCONNECTED:
    case NATS_STALE_CONNECTION:
    case NATS_IO_ERROR:
      return absl::UnavailableError(msg);
    default:
      break;
  }
  if (jerr == JSStreamNotFoundErr || jerr == JSNoMessageFoundErr ||
      jerr == JSConsumerNotFoundErr) {
    return absl::NotFoundError(msg);
  }
  // A JetStream API error while a stream or its leader is moving; retrying
  // later can help.
  return absl::UnavailableError(msg);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseServers(absl::string_view list,
                                                      absl::string_view flag) {
  std::vector<std::string> out;
  for (absl::string_view url : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    url = absl::StripAsciiWhitespace(url);
    if (!url.empty()) out.emplace_back(url);
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": no NATS server URL given"));
  }
  return out;
}

// ---- Message -------------------------------------------------------------

Message::Message(natsMsg* msg) : msg_(msg) {}
Message::Message(Message&& other) noexcept
    : msg_(std::exchange(other.msg_, nullptr)) {}
Message::~Message() {
  if (msg_ != nullptr) natsMsg_Destroy(msg_);
}

absl::string_view Message::data() const {
  return absl::string_view(natsMsg_GetData(msg_), natsMsg_GetDataLength(msg_));
}

uint64_t Message::stream_sequence() const {
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg_) != NATS_OK) return 0;
  uint64_t seq = meta->Sequence.Stream;
  jsMsgMetaData_Destroy(meta);
  return seq;
}

uint64_t Message::num_delivered() const {
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg_) != NATS_OK) return 0;
  uint64_t n = meta->NumDelivered;
  jsMsgMetaData_Destroy(meta);
  return n;
}

absl::Status Message::Ack(absl::Duration timeout) {
  jsOptions o;
  jsOptions_Init(&o);
  o.Wait = Millis(timeout);
  jsErrCode jerr = static_cast<jsErrCode>(0);
  return ToStatus(natsMsg_AckSync(msg_, &o, &jerr), jerr, "ack");
}

absl::Status Message::AckNoWait() {
  return ToStatus(natsMsg_Ack(msg_, nullptr), static_cast<jsErrCode>(0), "ack");
}

absl::Status Message::Nak() {
  return ToStatus(natsMsg_Nak(msg_, nullptr), static_cast<jsErrCode>(0), "nak");
}

// ---- PullConsumer --------------------------------------------------------

PullConsumer::~PullConsumer() {
  // Leaves the durable consumer on the server (its position survives).
  natsSubscription_Destroy(sub_);
}

absl::StatusOr<std::vector<Message>> PullConsumer::Fetch(
    int batch, absl::Duration timeout) {
  natsMsgList list{};
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s =
      natsSubscription_Fetch(&list, sub_, batch, Millis(timeout), &jerr);
  std::vector<Message> out;
  if (s == NATS_TIMEOUT) return out;  // nothing within the timeout
  if (s != NATS_OK) return ToStatus(s, jerr, "fetch");
  out.reserve(list.Count);
  for (int i = 0; i < list.Count; ++i) {
    out.emplace_back(list.Msgs[i]);
    list.Msgs[i] = nullptr;  // owned by `out` now
  }
  natsMsgList_Destroy(&list);
  return out;
}

// ---- Client --------------------------------------------------------------

struct Client::Impl {
  natsConnection* conn = nullptr;
  jsCtx* js = nullptr;
  absl::Duration timeout;

  ~Impl() {
    if (js != nullptr) jsCtx_Destroy(js);
    if (conn != nullptr) {
      natsConnection_Close(conn);
      natsConnection_Destroy(conn);
    }
  }

  jsOptions Options() const {
    jsOptions o;
    jsOptions_Init(&o);
    o.Wait = Millis(timeout);
    return o;
  }
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(
    const ClientOptions& options) {
  if (options.servers.empty()) {
    return absl::InvalidArgumentError("nats: no server URL given");
  }
  natsOptions* opts = nullptr;
  const jsErrCode none = static_cast<jsErrCode>(0);
  if (natsStatus s = natsOptions_Create(&opts); s != NATS_OK) {
    return ToStatus(s, none, "options");
  }
  std::vector<const char*> urls;
  for (const auto& u : options.servers) urls.push_back(u.c_str());
  natsStatus s =
      natsOptions_SetServers(opts, urls.data(), static_cast<int>(urls.size()));
  if (s == NATS_OK) s = natsOptions_SetName(opts, options.name.c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(opts, Millis(options.timeout));
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 100);
  // Keep going through a whole-cluster outage: buffered publishes are
  // retried by the caller anyway.
  if (s == NATS_OK) s = natsOptions_SetReconnectBufSize(opts, 8 << 20);
  if (s == NATS_OK && !options.token.empty()) {
    s = natsOptions_SetToken(opts, options.token.c_str());
  }
  if (s == NATS_OK && !options.credentials_file.empty()) {
    s = natsOptions_SetUserCredentialsFromFiles(
        opts, options.credentials_file.c_str(), nullptr);
  }
  if (s == NATS_OK && !options.tls_ca_file.empty()) {
    s = natsOptions_SetSecure(opts, true);
    if (s == NATS_OK) {
      s = natsOptions_LoadCATrustedCertificates(opts,
                                                options.tls_ca_file.c_str());
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->timeout = options.timeout;
  if (s == NATS_OK) s = natsConnection_Connect(&impl->conn, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) {
    return ToStatus(
        s, none, absl::StrCat("connect ", absl::StrJoin(options.servers, ",")));
  }
  jsOptions jo = impl->Options();
  if (s = natsConnection_JetStream(&impl->js, impl->conn, &jo); s != NATS_OK) {
    return ToStatus(s, none, "jetstream context");
  }
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

absl::Status Client::EnsureStream(const StreamConfig& config) {
  // A cluster that just lost a node may need seconds to elect a new
  // JetStream meta leader; API calls time out meanwhile.
  const absl::Time give_up = absl::Now() + 4 * impl_->timeout;
  while (true) {
    absl::Status st = EnsureStreamOnce(config);
    if (!(absl::IsUnavailable(st) || absl::IsDeadlineExceeded(st)) ||
        absl::Now() > give_up) {
      return st;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
}

absl::Status Client::EnsureStreamOnce(const StreamConfig& config) {
  jsStreamConfig sc;
  jsStreamConfig_Init(&sc);
  sc.Name = config.name.c_str();
  std::vector<const char*> subjects;
  for (const auto& s : config.subjects) subjects.push_back(s.c_str());
  sc.Subjects = subjects.data();
  sc.SubjectsLen = static_cast<int>(subjects.size());
  sc.Retention = config.work_queue ? js_WorkQueuePolicy : js_LimitsPolicy;
  sc.Storage = js_FileStorage;
  sc.Replicas = config.replicas;
  sc.Duplicates = absl::ToInt64Nanoseconds(config.duplicate_window);
  jsOptions o = impl_->Options();
  jsStreamInfo* si = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_AddStream(&si, impl_->js, &sc, &o, &jerr);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(si);
    return absl::OkStatus();
  }
  if (jerr != JSStreamNameExistErr) {
    return ToStatus(s, jerr, absl::StrCat("create stream ", config.name));
  }
  // It exists with another configuration: check what matters.
  si = nullptr;
  jerr = static_cast<jsErrCode>(0);
  s = js_GetStreamInfo(&si, impl_->js, config.name.c_str(), &o, &jerr);
  if (s != NATS_OK) {
    return ToStatus(s, jerr, absl::StrCat("stream info ", config.name));
  }
  const bool same_retention = si->Config->Retention == sc.Retention;
  jsStreamInfo_Destroy(si);
  if (!same_retention) {
    return absl::FailedPreconditionError(absl::StrCat(
        "nats: stream ", config.name,
        " exists with another retention policy; delete it or use another "
        "name"));
  }
  return absl::OkStatus();
}

absl::StatusOr<PubAck> Client::Publish(absl::string_view subject,
                                       absl::string_view data,
                                       absl::string_view msg_id) {
  std::string subj(subject), id(msg_id);
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = Millis(impl_->timeout);
  if (!id.empty()) po.MsgId = id.c_str();
  jsPubAck* ack = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_Publish(&ack, impl_->js, subj.c_str(), data.data(),
                            static_cast<int>(data.size()), &po, &jerr);
  if (s != NATS_OK) return ToStatus(s, jerr, absl::StrCat("publish ", subj));
  PubAck out{ack->Sequence, ack->Duplicate};
  jsPubAck_Destroy(ack);
  return out;
}

absl::StatusOr<std::string> Client::LastMessage(absl::string_view stream,
                                                absl::string_view subject) {
  std::string st(stream), subj(subject);
  jsOptions o = impl_->Options();
  natsMsg* msg = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s =
      js_GetLastMsg(&msg, impl_->js, st.c_str(), subj.c_str(), &o, &jerr);
  if (s != NATS_OK) {
    return ToStatus(s, jerr, absl::StrCat("last message of ", st));
  }
  std::string out(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
  natsMsg_Destroy(msg);
  return out;
}

absl::StatusOr<std::unique_ptr<PullConsumer>> Client::PullSubscribe(
    absl::string_view stream, absl::string_view subject,
    absl::string_view durable, absl::Duration ack_wait) {
  std::string st(stream), subj(subject), dur(durable);
  jsOptions o = impl_->Options();
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = st.c_str();
  so.Config.AckPolicy = js_AckExplicit;
  so.Config.AckWait = absl::ToInt64Nanoseconds(ack_wait);
  so.Config.DeliverPolicy = js_DeliverAll;
  natsSubscription* sub = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&sub, impl_->js, subj.c_str(), dur.c_str(),
                                  &o, &so, &jerr);
  if (s != NATS_OK) {
    return ToStatus(s, jerr, absl::StrCat("pull consumer ", dur, " on ", st));
  }
  return std::unique_ptr<PullConsumer>(new PullConsumer(sub));
}

absl::StatusOr<ConsumerState> Client::GetConsumerState(
    absl::string_view stream, absl::string_view durable) {
  std::string st(stream), dur(durable);
  jsOptions o = impl_->Options();
  jsConsumerInfo* ci = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  natsStatus s =
      js_GetConsumerInfo(&ci, impl_->js, st.c_str(), dur.c_str(), &o, &jerr);
  if (s != NATS_OK) {
    return ToStatus(s, jerr, absl::StrCat("consumer info ", dur));
  }
  ConsumerState out{ci->NumPending, static_cast<uint64_t>(ci->NumAckPending),
                    static_cast<uint64_t>(ci->NumRedelivered)};
  jsConsumerInfo_Destroy(ci);
  return out;
}

}  // namespace docpipe::nats
