#include "common/status.h"

#include <string>

#include "absl/strings/cord.h"

namespace docpipe {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

bool IsRetryable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded;
}

namespace {
constexpr absl::string_view kInUsePayload = "type.docpipe/in_use";
}  // namespace

absl::Status InUseError(absl::string_view message) {
  absl::Status status = absl::FailedPreconditionError(message);
  status.SetPayload(kInUsePayload, absl::Cord("1"));
  return status;
}

bool IsInUse(const absl::Status& status) {
  return status.GetPayload(kInUsePayload).has_value();
}

std::string ErrorText(const absl::Status& status) {
  return status.ToString(absl::StatusToStringMode::kWithNoExtraData);
}

int ExitCodeFor(const absl::Status& status) {
  return IsInUse(status) ? kExitInUse : 1;
}

}  // namespace docpipe
