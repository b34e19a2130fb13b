#include "clients/docpipe/flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50050",
          "Address of the docpipe server (`docpipe serve`, or the ingest / "
          "store service when they run apart)");
ABSL_FLAG(std::string, user, "",
          "Identity sent to a loopback server without auth (default: $USER)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30),
          "Deadline of each unary call");
ABSL_FLAG(bool, json, false, "Print JSON instead of text");
ABSL_FLAG(std::string, layers, "numbers,entities,attributions",
          "Comma-separated annotation layers");
