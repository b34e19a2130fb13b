// docpipe-annotate: the annotation engine as a stateless service.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "annotate/engine.h"
#include "annotate/service/annotate_service.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/status.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "address to serve on");

int main(int argc, char** argv) {
  docpipe::BlockShutdownSignals();
  absl::ParseCommandLine(argc, argv);
  auto engine = docpipe::annotate::Engine::Create();
  if (!engine.ok()) {
    std::cerr << "docpipe-annotate: " << engine.status() << "\n";
    return 1;
  }
  auto security = docpipe::ServerSecurityFromFlags();
  if (!security.ok()) {
    std::cerr << "docpipe-annotate: " << security.status() << "\n";
    return 1;
  }
  docpipe::annotate::AnnotateServiceImpl service(
      engine->get(), docpipe::annotate::kDefaultMaxTextBytes, security->auth);
  auto running =
      docpipe::StartServer({.listen_address = absl::GetFlag(FLAGS_listen),
                            .services = {&service},
                            .credentials = security->credentials});
  if (!running.ok()) {
    std::cerr << "docpipe-annotate: " << docpipe::ErrorText(running.status())
              << "\n";
    return docpipe::ExitCodeFor(running.status());
  }
  std::cout << "docpipe-annotate listening on " << running->address << " ("
            << (*engine)->version() << ")" << std::endl;
  docpipe::WaitForShutdownSignal();
  docpipe::ShutdownServer(*running->server, nullptr);
  std::cout << "docpipe-annotate stopped" << std::endl;
  return 0;
}
