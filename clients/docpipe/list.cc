// docpipe ls (alias list): the stored documents, a page of
// StoreService.ListDocuments at a time (doc id order), each with its head
// version's author and annotation counts per layer (one GetAnnotations per
// document with annotations).
#include <algorithm>
#include <iostream>

#include "absl/flags/flag.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/render.h"
#include "common/server.h"
#include "common/status.h"

ABSL_FLAG(int64_t, limit, 0, "ls: list at most this many documents (0 = all)");
ABSL_FLAG(std::string, after, "",
          "ls: start after this doc id (the last one of a previous listing)");

namespace docpipe::cli {
namespace {

constexpr uint32_t kPageSize = 100;

absl::StatusOr<v1::ListDocumentsResponse> ListPage(
    v1::StoreService::Stub& store, const std::string& token, uint32_t size) {
  v1::ListDocumentsRequest req;
  req.set_page_size(size);
  req.set_page_token(token);
  v1::ListDocumentsResponse resp;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = store.ListDocuments(ctx.get(), req, &resp);
  if (!st.ok()) return FromGrpcStatus(st);
  return resp;
}

absl::StatusOr<DocumentRow> MakeRow(v1::StoreService::Stub& store,
                                    const v1::DocumentSummary& s) {
  DocumentRow row;
  row.external_id = s.external_id();
  row.doc_id = s.doc_id();
  row.title = s.title();
  row.head_version = s.head_version();
  if (s.head_version() == 0) return row;
  DOCPIPE_ASSIGN_OR_RETURN(
      v1::AnnotationSet head,
      GetAnnotationSet(store, s.doc_id(), s.head_version()));
  CountLayers(head, &row);
  return row;
}

}  // namespace

int RunList(const std::vector<std::string>&) {
  const bool json = absl::GetFlag(FLAGS_json);
  const int64_t limit = absl::GetFlag(FLAGS_limit);
  if (limit < 0) return UsageError("ls", "--limit must be 0 or more");
  auto store =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  std::string token = absl::GetFlag(FLAGS_after);
  int64_t listed = 0;
  if (!json) std::cout << DocumentRowHeader() << "\n";
  do {
    uint32_t size = kPageSize;
    if (limit > 0) size = std::min<int64_t>(size, limit - listed);
    auto page = ListPage(*store, token, size);
    if (!page.ok()) return Fail("ls", page.status());
    for (const v1::DocumentSummary& s : page->documents()) {
      auto row = MakeRow(*store, s);
      if (!row.ok()) return Fail("ls", row.status());
      std::cout << (json ? DocumentRowJson(*row) : FormatDocumentRow(*row))
                << "\n";
      ++listed;
    }
    token = page->next_page_token();
  } while (!token.empty() && (limit == 0 || listed < limit));
  std::cout.flush();
  return kExitOk;
}

}  // namespace docpipe::cli
