#include <unistd.h>

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/commands.h"
#include "clients/docpipe/flags.h"
#include "common/identity.h"
#include "common/server.h"
#include "common/status.h"

namespace docpipe::cli {
namespace {
std::string& Token() {
  static auto* token = new std::string;
  return *token;
}
}  // namespace

void SetCallToken(std::string token) { Token() = std::move(token); }
const std::string& CallToken() { return Token(); }

std::unique_ptr<grpc::ClientContext> MakeContext(absl::Duration timeout) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(DeadlineAfter(timeout));
  AddCallCredentials(ctx.get(), CallToken(), absl::GetFlag(FLAGS_user));
  return ctx;
}

absl::StatusOr<v1::Document> ResolveDocument(v1::StoreService::Stub& store,
                                             const std::string& ref) {
  v1::GetDocumentRequest req;
  if (absl::StartsWith(ref, "d-")) {
    req.set_doc_id(ref);
  } else {
    req.set_external_id(ref);
  }
  v1::Document doc;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = store.GetDocument(ctx.get(), req, &doc);
  if (!st.ok()) return FromGrpcStatus(st);
  return doc;
}

absl::StatusOr<v1::AnnotationSet> GetAnnotationSet(
    v1::StoreService::Stub& store, const std::string& doc_id,
    uint64_t version) {
  v1::GetAnnotationsRequest req;
  req.set_doc_id(doc_id);
  req.set_version(version);
  v1::AnnotationSet set;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = store.GetAnnotations(ctx.get(), req, &set);
  if (!st.ok()) return FromGrpcStatus(st);
  return set;
}

int Fail(const std::string& cmd, const absl::Status& status) {
  std::cerr << "docpipe " << cmd << ": " << ErrorText(status) << "\n";
  return kExitFailure;
}

int UsageError(const std::string& cmd, absl::string_view message) {
  std::cerr << "docpipe " << cmd << ": " << message << "\n";
  if (const Command* c = FindCommand(cmd)) std::cerr << UsageLine(*c) << "\n";
  return kExitUsage;
}

bool IsTerminal(int fd) { return isatty(fd) == 1; }

}  // namespace docpipe::cli
