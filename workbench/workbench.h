// The annotators' workbench: an HTTP/JSON API under /api/v1 and the page
// that uses it, served by `docpipe serve` in the same process as the gRPC
// services, on its own port.
//
// The API mirrors the store's protos in protobuf's JSON mapping, with spans
// in UTF-16 code units (what browsers count) both ways. It calls the store
// library directly (the same Store the gRPC front serves), authorizes every
// route with the gRPC side's Authorizer (common/identity.h), and maps errors
// with ToHttpStatus (common/status.h). See docs/workbench.md for the routes.
//
// Usage:
//   WorkbenchOptions o{.listen_address = "127.0.0.1:0", .store = store,
//                      .auth = auth};
//   DOCPIPE_ASSIGN_OR_RETURN(auto wb, Workbench::Start(o));
//   std::cout << wb->url();
//   ...
//   wb->Shutdown();  // ends change streams, stops serving; never blocks on
//                    // a client
//
// Thread-safety: Start, url and Shutdown may be called from any thread;
// requests are served on the workbench's own thread pool.
#ifndef DOCPIPE_WORKBENCH_WORKBENCH_H_
#define DOCPIPE_WORKBENCH_WORKBENCH_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/identity.h"
#include "store/store.h"

namespace docpipe::workbench {

struct WorkbenchOptions {
  // "HOST:PORT"; port 0 picks a free one.
  std::string listen_address = "127.0.0.1:0";
  // Not owned; must outlive the workbench.
  store::Store* store = nullptr;
  // The same policy as the gRPC services.
  std::shared_ptr<const Authorizer> auth = Authorizer::LoopbackOnly();
  // Serve HTTPS with these PEM files when both are set.
  std::string tls_cert;
  std::string tls_key;
  // Idle change streams get a heartbeat this often.
  absl::Duration heartbeat = absl::Seconds(15);
  // A change stream ends after this long (the browser reconnects and
  // resumes with Last-Event-ID), so none pins a thread forever.
  absl::Duration stream_lifetime = absl::Minutes(10);
  // Change streams open at once; one more is 429.
  int max_streams = 16;
};

class Workbench {
 public:
  // Binds and starts serving. INVALID_ARGUMENT for a bad address,
  // InUseError when the port is taken.
  static absl::StatusOr<std::unique_ptr<Workbench>> Start(
      const WorkbenchOptions& options);
  ~Workbench();

  // "http://127.0.0.1:PORT/" (https with TLS).
  const std::string& url() const;
  int port() const;
  // Ends every change stream and stops serving. Idempotent.
  void Shutdown();

  struct Impl;

 private:
  explicit Workbench(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docpipe::workbench

#endif  // DOCPIPE_WORKBENCH_WORKBENCH_H_
