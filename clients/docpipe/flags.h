// Flags shared by several docpipe subcommands (defined in main.cc).
#ifndef DOCPIPE_CLIENTS_DOCPIPE_FLAGS_H_
#define DOCPIPE_CLIENTS_DOCPIPE_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, server);
ABSL_DECLARE_FLAG(std::string, user);
ABSL_DECLARE_FLAG(absl::Duration, timeout);
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, layers);

#endif  // DOCPIPE_CLIENTS_DOCPIPE_FLAGS_H_
