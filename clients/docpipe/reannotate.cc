// docpipe reannotate: runs the current annotator over stored documents and
// carries people's corrections onto its output.
//
// Per document, two commits, so history keeps machine output and human
// edits apart (and the next re-annotation can carry them again):
//   v(n+1)  ANNOTATED  the fresh machine output, against head n;
//   v(n+2)  CORRECTED  the corrections made since the previous machine
//                      output, translated to v(n+1)'s ids (store/carry.h).
// Edits whose target the new annotator no longer marks are reported as
// conflicts, on stdout and in the commit note, never dropped silently.
// If the head moves while we work, the first commit is ABORTED and we start
// the document over.
#include <iostream>
#include <map>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "common/server.h"
#include "common/status.h"
#include "docpipe/v1/annotate.grpc.pb.h"
#include "store/carry.h"

ABSL_FLAG(std::string, annotate, "",
          "reannotate: annotate service address (default: --server, as with "
          "docpipe serve)");
ABSL_FLAG(bool, all, false, "reannotate: every stored document");
ABSL_FLAG(bool, force, false,
          "reannotate: also documents whose machine output is already from "
          "the current annotator version");

namespace docpipe::cli {
namespace {

struct Outcome {
  std::string doc_id;
  std::string status;  // "reannotated", "up to date"
  uint64_t machine_version = 0, carried_version = 0;
  int carried = 0, already_present = 0;
  std::vector<std::string> conflicts;
};

template <typename Req, typename Resp, typename Method>
absl::StatusOr<Resp> Call(Method method, const Req& req) {
  Resp resp;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = method(ctx.get(), req, &resp);
  if (!st.ok()) return FromGrpcStatus(st);
  return resp;
}

// One attempt; ABORTED means the head moved under us.
absl::StatusOr<Outcome> Attempt(v1::StoreService::Stub& store,
                                v1::AnnotateService::Stub& annotate,
                                const v1::Document& doc) {
  Outcome out;
  out.doc_id = doc.doc_id();
  v1::ListVersionsRequest lv;
  lv.set_doc_id(doc.doc_id());
  DOCPIPE_ASSIGN_OR_RETURN(
      auto versions, (Call<v1::ListVersionsRequest, v1::ListVersionsResponse>(
                         [&](auto* c, auto& q, auto* r) {
                           return store.ListVersions(c, q, r);
                         },
                         lv)));
  const uint64_t head = versions.head_version();
  // The machine output corrections were made against: the last version
  // that is a whole set rather than edits.
  int base = -1;
  for (int i = 0; i < versions.versions_size(); ++i) {
    if (versions.versions(i).edit_count() == 0) base = i;
  }
  std::map<uint64_t, v1::AnnotationSet> sets;
  std::vector<store::CorrectionStep> steps;
  for (int i = std::max(base, 0); i < versions.versions_size(); ++i) {
    const auto& v = versions.versions(i);
    DOCPIPE_ASSIGN_OR_RETURN(
        sets[v.version()], GetAnnotationSet(store, doc.doc_id(), v.version()));
    if (i > base && v.edit_count() > 0 && sets.contains(v.parent_version())) {
      steps.push_back({sets[v.parent_version()], sets[v.version()]});
    }
  }

  v1::AnnotateRequest areq;
  areq.set_text(doc.text());
  areq.set_language(doc.language());
  DOCPIPE_ASSIGN_OR_RETURN(
      auto fresh,
      (Call<v1::AnnotateRequest, v1::AnnotateResponse>(
          [&](auto* c, auto& q, auto* r) { return annotate.Annotate(c, q, r); },
          areq)));
  if (base >= 0 && !absl::GetFlag(FLAGS_force) &&
      sets[versions.versions(base).version()].annotator_version() ==
          fresh.annotator_version()) {
    out.status = "up to date";
    return out;
  }

  v1::CommitRequest machine;
  machine.set_doc_id(doc.doc_id());
  machine.set_expected_version(head);
  machine.set_kind(v1::CHANGE_KIND_ANNOTATED);
  machine.set_note(
      absl::StrCat("re-annotation by ", fresh.annotator_version()));
  machine.mutable_full_set()->set_annotator_version(fresh.annotator_version());
  *machine.mutable_full_set()->mutable_annotations() = fresh.annotations();
  DOCPIPE_ASSIGN_OR_RETURN(
      auto committed,
      (Call<v1::CommitRequest, v1::CommitResponse>(
          [&](auto* c, auto& q, auto* r) { return store.Commit(c, q, r); },
          machine)));
  out.machine_version = committed.version();
  out.status = "reannotated";
  if (steps.empty()) return out;

  DOCPIPE_ASSIGN_OR_RETURN(
      auto stored, GetAnnotationSet(store, doc.doc_id(), committed.version()));
  DOCPIPE_ASSIGN_OR_RETURN(
      auto carried,
      store::CarryCorrections(doc.text(), stored.annotations(), steps));
  out.carried = carried.edits.size();
  out.already_present = carried.already_present;
  out.conflicts = carried.conflicts;
  if (carried.edits.empty()) return out;
  v1::CommitRequest human;
  human.set_doc_id(doc.doc_id());
  human.set_expected_version(committed.version());
  human.set_kind(v1::CHANGE_KIND_CORRECTED);
  human.set_note(absl::StrFormat(
      "corrections carried from versions %d..%d (%d edits, %d conflicts)",
      steps.front().corrected.version(), steps.back().corrected.version(),
      out.carried, out.conflicts.size()));
  *human.mutable_edits()->mutable_edits() = carried.edits;
  auto done = Call<v1::CommitRequest, v1::CommitResponse>(
      [&](auto* c, auto& q, auto* r) { return store.Commit(c, q, r); }, human);
  if (!done.ok()) {
    // The fresh output is in; the corrections are not. Say so plainly.
    return absl::Status(
        done.status().code(),
        absl::StrCat("version ", committed.version(),
                     " (machine) committed, carrying corrections failed: ",
                     done.status().message()));
  }
  out.carried_version = done->version();
  return out;
}

void Print(const Outcome& o) {
  if (absl::GetFlag(FLAGS_json)) {
    std::string conflicts;
    for (const auto& c : o.conflicts) {
      absl::StrAppend(&conflicts, conflicts.empty() ? "" : ",", "\"",
                      absl::StrReplaceAll(c, {{"\\", "\\\\"}, {"\"", "\\\""}}),
                      "\"");
    }
    absl::PrintF(
        "{\"doc_id\":\"%s\",\"status\":\"%s\",\"machine_version\":%d,"
        "\"carried_version\":%d,\"carried\":%d,\"already_present\":%d,"
        "\"conflicts\":[%s]}\n",
        o.doc_id, o.status, o.machine_version, o.carried_version, o.carried,
        o.already_present, conflicts);
    return;
  }
  if (o.status == "up to date") {
    absl::PrintF("%s  up to date\n", o.doc_id);
    return;
  }
  absl::PrintF("%s  machine v%d", o.doc_id, o.machine_version);
  if (o.carried_version > 0) {
    absl::PrintF(", corrections v%d (%d carried", o.carried_version, o.carried);
    if (o.already_present > 0) {
      absl::PrintF(", %d already there", o.already_present);
    }
    absl::PrintF(")");
  }
  absl::PrintF("%s\n",
               o.conflicts.empty()
                   ? ""
                   : absl::StrFormat(", %d CONFLICTS:", o.conflicts.size()));
  for (const auto& c : o.conflicts) absl::PrintF("    %s\n", c);
}

}  // namespace

int RunReannotate(const std::vector<std::string>& args) {
  if (args.empty() == !absl::GetFlag(FLAGS_all)) {
    return UsageError("reannotate", "give documents or --all, not both");
  }
  const std::string server = absl::GetFlag(FLAGS_server);
  std::string annotate_addr = absl::GetFlag(FLAGS_annotate);
  if (annotate_addr.empty()) annotate_addr = server;
  auto store = v1::StoreService::NewStub(MakeChannel(server));
  auto annotate = v1::AnnotateService::NewStub(MakeChannel(annotate_addr));

  std::vector<std::string> refs = args;
  if (absl::GetFlag(FLAGS_all)) {
    v1::ListDocumentsRequest req;
    req.set_page_size(1000);
    do {
      auto page = Call<v1::ListDocumentsRequest, v1::ListDocumentsResponse>(
          [&](auto* c, auto& q, auto* r) {
            return store->ListDocuments(c, q, r);
          },
          req);
      if (!page.ok()) return Fail("reannotate", page.status());
      for (const auto& d : page->documents()) refs.push_back(d.doc_id());
      req.set_page_token(page->next_page_token());
    } while (!req.page_token().empty());
  }
  int failed = 0, conflicted = 0;
  for (const std::string& ref : refs) {
    // A signal stops between documents, never between a document's commits.
    if (InterruptSignal() != 0) break;
    absl::StatusOr<Outcome> outcome = absl::AbortedError("not tried");
    for (int attempt = 0; attempt < 3 && absl::IsAborted(outcome.status());
         ++attempt) {
      auto doc = ResolveDocument(*store, ref);
      if (!doc.ok()) {
        outcome = doc.status();
        break;
      }
      outcome = Attempt(*store, *annotate, *doc);
    }
    if (!outcome.ok()) {
      std::cerr << "docpipe reannotate: " << ref << ": " << outcome.status()
                << "\n";
      ++failed;
      continue;
    }
    if (!outcome->conflicts.empty()) ++conflicted;
    Print(*outcome);
  }
  if (!absl::GetFlag(FLAGS_json)) {
    absl::FPrintF(stderr,
                  "docpipe reannotate: %d documents, %d with conflicts, %d "
                  "failed\n",
                  refs.size(), conflicted, failed);
  }
  if (InterruptSignal() != 0) {
    std::cerr << "docpipe reannotate: interrupted by " << InterruptName()
              << "\n";
    return InterruptExitCode();
  }
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace docpipe::cli
