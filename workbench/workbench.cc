// The workbench's server: binding, the thread pool, shutdown, the session
// (sign-in) routes and the authorization every route goes through.
#include "workbench/workbench.h"

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/json.h"
#include "common/status.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "workbench/internal.h"

namespace docpipe::workbench {

struct Workbench::Impl {
  Shared shared;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::string url;
  int port = 0;
  bool stopped = false;
};

namespace {

bool IsLoopbackAddr(const std::string& addr) {
  return absl::StartsWith(addr, "127.") || addr == "::1" ||
         addr == "::ffff:127.0.0.1";
}

// Without tokens the page is served to this machine only; a Host header
// naming another name would be a DNS-rebinding page talking to us.
bool IsLoopbackHost(absl::string_view host) {
  if (absl::StartsWith(host, "[::1]")) return true;
  absl::string_view name = host.substr(0, host.find(':'));
  return name == "localhost" || absl::StartsWith(name, "127.");
}

std::string Cookie(const httplib::Request& req, absl::string_view name) {
  std::string header = req.get_header_value("Cookie");
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

// The token the request presents: "Authorization: Bearer T" (scripts) or
// the session cookie (the page).
std::string Token(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  absl::string_view t = auth;
  if (absl::ConsumePrefix(&t, "Bearer ")) return std::string(t);
  return Cookie(req, kSessionCookie);
}

bool IsWrite(const httplib::Request& req) {
  return req.method != "GET" && req.method != "HEAD";
}

void AddSessionRoutes(httplib::Server& server, Shared& shared) {
  // Who am I: {"identity","role","tokens"}; 401 when signed out with tokens.
  server.Get("/api/v1/session", [&shared](const httplib::Request& req,
                                          httplib::Response& res) {
    auto who = Authorize(shared, req, Permission::kRead);
    if (!who.ok()) return ReplyError(res, who.status());
    auto role = shared.options.auth->RoleOf(Token(req));
    ReplyJson(res,
              absl::StrCat(
                  "{\"identity\":", JsonQuote(*who),
                  ",\"role\":", JsonQuote(role.value_or("")), ",\"tokens\":",
                  shared.options.auth->uses_tokens() ? "true" : "false", "}"));
  });
  // Sign in: body {"token":"..."}; sets the HttpOnly cookie.
  server.Post("/api/v1/session", [&shared](const httplib::Request& req,
                                           httplib::Response& res) {
    if (req.get_header_value(kCsrfHeader).empty()) {
      return ReplyError(res, absl::PermissionDeniedError(absl::StrCat(
                                 "writes need the ", kCsrfHeader, " header")));
    }
    google::protobuf::Struct body;
    if (!google::protobuf::util::JsonStringToMessage(req.body, &body).ok() ||
        !body.fields().contains("token") ||
        body.fields().at("token").string_value().empty()) {
      return ReplyError(res, absl::InvalidArgumentError(
                                 "token: expected {\"token\": \"...\"}"));
    }
    const std::string token = body.fields().at("token").string_value();
    if (!shared.options.auth->uses_tokens()) {
      return ReplyError(res, absl::FailedPreconditionError(
                                 "token: the server has no --token_file; "
                                 "no sign-in needed"));
    }
    auto role = shared.options.auth->RoleOf(token);
    if (!role.ok()) return ReplyError(res, role.status());
    auto who = shared.options.auth->AuthorizeCredentials(false, token, "",
                                                         Permission::kRead);
    if (!who.ok()) return ReplyError(res, who.status());
    std::string cookie = absl::StrCat(kSessionCookie, "=", token,
                                      "; Path=/; HttpOnly; SameSite=Strict");
    if (!shared.options.tls_cert.empty()) absl::StrAppend(&cookie, "; Secure");
    res.set_header("Set-Cookie", cookie);
    ReplyJson(res, absl::StrCat("{\"identity\":", JsonQuote(*who), ",\"role\":",
                                JsonQuote(*role), ",\"tokens\":true}"));
  });
  server.Delete(
      "/api/v1/session", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Set-Cookie",
                       absl::StrCat(kSessionCookie,
                                    "=; Path=/; HttpOnly; SameSite=Strict; "
                                    "Max-Age=0"));
        ReplyJson(res, "{}");
      });
}

}  // namespace

absl::StatusOr<std::string> Authorize(const Shared& shared,
                                      const httplib::Request& req,
                                      Permission p) {
  const Authorizer& auth = *shared.options.auth;
  const bool loopback = IsLoopbackAddr(req.remote_addr);
  if (!auth.uses_tokens() && !IsLoopbackHost(req.get_header_value("Host"))) {
    return absl::UnauthenticatedError(
        "Host refused: without --token_file the workbench answers only "
        "for localhost / 127.0.0.1");
  }
  if (IsWrite(req)) {
    // A custom header cannot be sent cross-site without a CORS preflight,
    // which this server never grants: a forged form post is refused.
    if (req.get_header_value(kCsrfHeader).empty()) {
      return absl::PermissionDeniedError(
          absl::StrCat("writes need the ", kCsrfHeader, " header"));
    }
  }
  return auth.AuthorizeCredentials(loopback, Token(req),
                                   req.get_header_value(kUserHttpHeader), p);
}

void ReplyError(httplib::Response& res, const absl::Status& status) {
  res.status = ToHttpStatus(status);
  res.set_content(absl::StrCat("{\"error\":{\"code\":",
                               JsonQuote(absl::StatusCodeToString(status.code())),
                               ",\"message\":", JsonQuote(status.message()), "}}"),
                  "application/json");
}

void ReplyJson(httplib::Response& res, const std::string& json) {
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  // With the charset named, cpp-httplib leaves the body uncompressed: it
  // compresses "application/json" with Brotli at quality 11, which costs
  // a browser ~150 ms for a 120 KB answer (50 claim groups, a long
  // article's annotations) against ~1 ms to send it over loopback or LAN.
  res.set_content(json, "application/json; charset=utf-8");
}

std::string ToJson(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(m, &out, options).ok()) {
    return "{}";
  }
  return out;
}

absl::StatusOr<uint64_t> UintParam(const httplib::Request& req,
                                   const std::string& name) {
  if (!req.has_param(name.c_str())) return 0;
  uint64_t v = 0;
  if (!absl::SimpleAtoi(req.get_param_value(name.c_str()), &v)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": \"", req.get_param_value(name.c_str()),
                     "\" is not a non-negative integer"));
  }
  return v;
}

absl::StatusOr<std::unique_ptr<Workbench>> Workbench::Start(
    const WorkbenchOptions& options) {
  if (options.store == nullptr) {
    return absl::InvalidArgumentError("workbench: no store");
  }
  auto impl = std::make_unique<Impl>();
  impl->shared.options = options;
  // "[::1]:8080" or "host:port"; the last ':' separates the port.
  const size_t colon = options.listen_address.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--http_listen ", options.listen_address, ": expected HOST:PORT"));
  }
  std::string host = options.listen_address.substr(0, colon);
  int port = 0;
  if (!absl::SimpleAtoi(options.listen_address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http_listen ", options.listen_address, ": bad port"));
  }
  if (absl::StartsWith(host, "[")) host = host.substr(1, host.size() - 2);
  const bool tls = !options.tls_cert.empty() && !options.tls_key.empty();
  if (tls) {
    impl->server = std::make_unique<httplib::SSLServer>(
        options.tls_cert.c_str(), options.tls_key.c_str());
  } else {
    impl->server = std::make_unique<httplib::Server>();
  }
  if (!impl->server->is_valid()) {
    return absl::InvalidArgumentError(
        "--tls_cert/--tls_key: the workbench cannot load them");
  }
  httplib::Server& server = *impl->server;
  // Room for every change stream plus requests beside them.
  const size_t threads = options.max_streams + 8;
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  server.set_payload_max_length(16 << 20);
  server.set_read_timeout(10, 0);
  server.set_write_timeout(10, 0);
  server.set_keep_alive_timeout(5);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"}});
  Shared& shared = impl->shared;
  AddSessionRoutes(server, shared);
  AddApiRoutes(server, shared);
  AddChangeRoutes(server, shared);
  AddClaimRoutes(server, shared);
  AddStaticRoutes(server);
  server.Get("/favicon.ico", [](const httplib::Request&,
                                httplib::Response& res) { res.status = 204; });
  server.set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) {
        if (res.status == 404 && res.body.empty()) {
          ReplyError(res, absl::NotFoundError(absl::StrCat(
                              "no route ", req.method, " ", req.path)));
        }
      });

  if (port == 0) {
    impl->port = server.bind_to_any_port(host);
  } else {
    impl->port = server.bind_to_port(host, port) ? port : -1;
  }
  if (impl->port <= 0) {
    return InUseError(absl::StrCat("--http_listen ", options.listen_address,
                                   ": cannot bind (in use?)"));
  }
  const std::string url_host = host == "0.0.0.0" || host.empty() ? "127.0.0.1"
                               : absl::StrContains(host, ':')
                                   ? absl::StrCat("[", host, "]")
                                   : host;
  impl->url = absl::StrCat(tls ? "https" : "http", "://", url_host, ":",
                           impl->port, "/");
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->server->listen_after_bind(); });
  return std::unique_ptr<Workbench>(new Workbench(std::move(impl)));
}

Workbench::Workbench(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Workbench::~Workbench() { Shutdown(); }

const std::string& Workbench::url() const { return impl_->url; }
int Workbench::port() const { return impl_->port; }

void Workbench::Shutdown() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  StopStreams(impl_->shared);
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace docpipe::workbench
