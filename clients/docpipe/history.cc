// docpipe history DOC and docpipe diff DOC A B: a document's versions, and
// what changed between two of them.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/render.h"
#include "common/server.h"
#include "common/status.h"

namespace docpipe::cli {
namespace {

std::string SpanText(const std::string& text, const v1::Annotation& a) {
  if (a.span().end() > text.size() || a.span().begin() >= a.span().end()) {
    return "";
  }
  return text.substr(a.span().begin(), a.span().end() - a.span().begin());
}

}  // namespace

int RunHistory(const std::vector<std::string>& args) {
  auto stub =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  auto doc = ResolveDocument(*stub, args[0]);
  if (!doc.ok()) return Fail("history", doc.status());
  v1::ListVersionsRequest req;
  req.set_doc_id(doc->doc_id());
  v1::ListVersionsResponse resp;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = stub->ListVersions(ctx.get(), req, &resp);
  if (!st.ok()) return Fail("history", FromGrpcStatus(st));
  absl::PrintF("%s  (%s)  head version %d\n", doc->doc_id(), doc->external_id(),
               resp.head_version());
  absl::PrintF("%-8s %-7s %-9s %-10s %-16s %6s %6s  %s\n", "version", "parent",
               "revision", "kind", "author", "anns", "edits", "note");
  for (const auto& v : resp.versions()) {
    std::string kind = v1::ChangeKind_Name(v.kind()).substr(12);
    absl::PrintF("%-8d %-7d %-9d %-10s %-16s %6d %6d  %s\n", v.version(),
                 v.parent_version(), v.revision(), kind, v.author(),
                 v.annotation_count(), v.edit_count(), v.note());
  }
  return 0;
}

int RunDiff(const std::vector<std::string>& args) {
  uint64_t a = 0, b = 0;
  if (!absl::SimpleAtoi(args[1], &a) || !absl::SimpleAtoi(args[2], &b)) {
    return UsageError("diff", "versions A and B must be numbers");
  }
  auto stub =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  auto doc = ResolveDocument(*stub, args[0]);
  if (!doc.ok()) return Fail("diff", doc.status());
  v1::DiffRequest req;
  req.set_doc_id(doc->doc_id());
  req.set_from_version(a);
  req.set_to_version(b);
  v1::DiffResponse resp;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = stub->Diff(ctx.get(), req, &resp);
  if (!st.ok()) return Fail("diff", FromGrpcStatus(st));
  const std::string& text = doc->text();
  auto line = [&](char sign, const v1::Annotation& x) {
    absl::PrintF("%c %-5s [%d,%d) \"%s\"  %s\n", sign, x.id(), x.span().begin(),
                 x.span().end(), SpanText(text, x), DescribeBody(x));
  };
  absl::PrintF("%s: version %d -> %d: %d added, %d removed, %d changed\n",
               doc->doc_id(), a, b, resp.added_size(), resp.removed_size(),
               resp.changed_size());
  for (const auto& x : resp.removed()) line('-', x);
  for (const auto& x : resp.added()) line('+', x);
  for (const auto& d : resp.changed()) {
    line('<', d.before());
    line('>', d.after());
  }
  return 0;
}

}  // namespace docpipe::cli
