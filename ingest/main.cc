// docpipe-ingest: the ingest service on its own, calling annotate and store
// over the network.
#include <cstdio>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/status.h"
#include "ingest/ingester.h"
#include "ingest/service/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053", "address to serve on");
ABSL_FLAG(std::string, annotate, "127.0.0.1:50052", "annotate service address");
ABSL_FLAG(std::string, store, "127.0.0.1:50051", "store service address");
ABSL_FLAG(int, max_in_flight, 32, "articles in flight per IngestStream");
ABSL_FLAG(int64_t, max_text_bytes, 1 << 20, "largest accepted article text");

int main(int argc, char** argv) {
  docpipe::BlockShutdownSignals();
  absl::ParseCommandLine(argc, argv);

  auto security = docpipe::ServerSecurityFromFlags();
  auto token = docpipe::ClientSecurityFromFlags();
  if (!security.ok() || !token.ok()) {
    std::cerr << "docpipe-ingest: "
              << (security.ok() ? token.status() : security.status()) << "\n";
    return 1;
  }
  docpipe::ingest::IngesterOptions options;
  // Ingest calls annotate and store with its own token (an admin's, so the
  // store records the feeder it acts for as the author).
  options.downstream.token = *token;
  options.validate.max_text_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_text_bytes));
  docpipe::ingest::Ingester ingester(
      docpipe::MakeChannel(absl::GetFlag(FLAGS_annotate)),
      docpipe::MakeChannel(absl::GetFlag(FLAGS_store)), options);
  docpipe::ingest::IngestServiceImpl service(
      &ingester, {.max_in_flight_per_stream =
                      static_cast<size_t>(absl::GetFlag(FLAGS_max_in_flight)),
                  .auth = security->auth});

  auto running =
      docpipe::StartServer({.listen_address = absl::GetFlag(FLAGS_listen),
                            .services = {&service},
                            .credentials = security->credentials});
  if (!running.ok()) {
    std::cerr << "docpipe-ingest: " << docpipe::ErrorText(running.status())
              << "\n";
    return docpipe::ExitCodeFor(running.status());
  }
  std::cout << "docpipe-ingest listening on " << running->address << std::endl;
  docpipe::WaitForShutdownSignal();
  docpipe::ShutdownServer(*running->server, nullptr);
  std::cout << "docpipe-ingest stopped" << std::endl;
  return 0;
}
