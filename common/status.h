// Error plumbing shared by every docpipe component.
//
// Errors are values: library code returns absl::Status / absl::StatusOr and
// never throws. The mapping between absl::Status and grpc::Status lives here
// and only here, so a code means the same thing on every side of every RPC.
// The HTTP mapping of the workbench (workbench/) lives here too.
#ifndef DOCPIPE_COMMON_STATUS_H_
#define DOCPIPE_COMMON_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace docpipe {

// absl and gRPC share the canonical code space; this copies code and
// message. Thread-safe (pure functions).
grpc::Status ToGrpcStatus(const absl::Status& status);
[[nodiscard]] absl::Status FromGrpcStatus(const grpc::Status& status);

// The HTTP status code the workbench answers with for `status` (its body
// carries the same message): 200 OK; 400 INVALID_ARGUMENT, OUT_OF_RANGE,
// FAILED_PRECONDITION; 401 UNAUTHENTICATED; 403 PERMISSION_DENIED; 404
// NOT_FOUND; 409 ABORTED, ALREADY_EXISTS; 429 RESOURCE_EXHAUSTED; 499
// CANCELLED; 503 UNAVAILABLE; 504 DEADLINE_EXCEEDED; 501 UNIMPLEMENTED;
// 500 otherwise. Thread-safe.
int ToHttpStatus(const absl::Status& status);

// True for codes a caller may retry with backoff (UNAVAILABLE, and
// DEADLINE_EXCEEDED for idempotent calls).
bool IsRetryable(const absl::Status& status);

// Exit code of a server (and `docpipe serve`) that cannot start because its
// port or data directory is held by another process.
inline constexpr int kExitInUse = 4;

// FAILED_PRECONDITION carrying `message`, marked as "held by another
// process" so ExitCodeFor maps it to kExitInUse. Local only: the mark does
// not cross an RPC.
[[nodiscard]] absl::Status InUseError(absl::string_view message);
bool IsInUse(const absl::Status& status);
// kExitInUse for an InUseError, else 1.
int ExitCodeFor(const absl::Status& status);
// "CODE: message", without the marks (payloads) ToString() appends: what
// a person reads.
std::string ErrorText(const absl::Status& status);

}  // namespace docpipe

// Debian's Abseil 20220623 has no RETURN_IF_ERROR / ASSIGN_OR_RETURN.
#define DOCPIPE_RETURN_IF_ERROR(expr)                           \
  do {                                                          \
    if (::absl::Status docpipe_st_ = (expr); !docpipe_st_.ok()) \
      return docpipe_st_;                                       \
  } while (0)

#define DOCPIPE_CONCAT_INNER_(a, b) a##b
#define DOCPIPE_CONCAT_(a, b) DOCPIPE_CONCAT_INNER_(a, b)
#define DOCPIPE_ASSIGN_OR_RETURN(lhs, expr)                                    \
  DOCPIPE_ASSIGN_OR_RETURN_IMPL_(DOCPIPE_CONCAT_(docpipe_sor_, __LINE__), lhs, \
                                 expr)
#define DOCPIPE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()

#endif  // DOCPIPE_COMMON_STATUS_H_
