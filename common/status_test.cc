#include "common/status.h"

#include <gtest/gtest.h>

namespace docpipe {
namespace {

TEST(StatusTest, HttpStatusFollowsTheCode) {
  EXPECT_EQ(ToHttpStatus(absl::OkStatus()), 200);
  EXPECT_EQ(ToHttpStatus(absl::InvalidArgumentError("doc_id")), 400);
  EXPECT_EQ(ToHttpStatus(absl::OutOfRangeError("start_revision")), 400);
  EXPECT_EQ(ToHttpStatus(absl::UnauthenticatedError("token")), 401);
  EXPECT_EQ(ToHttpStatus(absl::PermissionDeniedError("reader")), 403);
  EXPECT_EQ(ToHttpStatus(absl::NotFoundError("doc_id")), 404);
  EXPECT_EQ(ToHttpStatus(absl::AbortedError("stale")), 409);
  EXPECT_EQ(ToHttpStatus(absl::ResourceExhaustedError("streams")), 429);
  EXPECT_EQ(ToHttpStatus(absl::UnavailableError("shutdown")), 503);
  EXPECT_EQ(ToHttpStatus(absl::InternalError("rocksdb")), 500);
  EXPECT_EQ(ToHttpStatus(absl::DataLossError("record")), 500);
}

TEST(StatusTest, GrpcMappingKeepsCodeAndMessage) {
  absl::Status s = absl::AbortedError("expected_version: 1 is stale");
  absl::Status back = FromGrpcStatus(ToGrpcStatus(s));
  EXPECT_EQ(back, s);
}

}  // namespace
}  // namespace docpipe
