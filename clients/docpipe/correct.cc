// docpipe correct: a person fixes the machine's annotations.
//
// Interactive: the head version opens in $EDITOR as a standoff file (see
// standoff.h); what comes back is validated, shown as edits, and committed
// against the version it started from. If someone committed meanwhile
// (ABORTED), it shows what they changed and offers to rebase: our edits are
// carried onto the new head the way re-annotation carries corrections
// (store/carry.h), conflicts shown, then committed against the new head.
//
// For scripts: --delete ID, --add LAYER BEGIN END [field=value...],
// --set ID field=value [field=value...] (each repeatable), committed in one
// correction; ABORTED exits 3 so a script can re-run.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/standoff.h"
#include "common/server.h"
#include "common/status.h"
#include "store/carry.h"

ABSL_FLAG(std::string, note, "", "correct: the commit note");
ABSL_FLAG(bool, yes, false, "correct: commit (and rebase) without asking");

namespace docpipe::cli {
namespace {

std::vector<std::vector<std::string>>& Ops() {
  static auto* ops = new std::vector<std::vector<std::string>>;
  return *ops;
}

bool Ask(const std::string& question) {
  if (absl::GetFlag(FLAGS_yes)) return true;
  if (!IsTerminal(0)) return false;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

std::string DescribeEdit(const std::string& text, const v1::AnnotationSet& base,
                         const v1::Edit& e) {
  auto find = [&](const std::string& id) -> const v1::Annotation* {
    for (const auto& a : base.annotations()) {
      if (a.id() == id) return &a;
    }
    return nullptr;
  };
  switch (e.op_case()) {
    case v1::Edit::kAdd:
      return "+ " + FormatStandoffLine(text, e.add());
    case v1::Edit::kDeleteId: {
      const auto* a = find(e.delete_id());
      return "- " + (a ? FormatStandoffLine(text, *a) : e.delete_id());
    }
    case v1::Edit::kChange: {
      const auto* a = find(e.change().id());
      std::string out = "~ " + (a ? FormatStandoffLine(text, *a) : "?");
      v1::Annotation after = a ? *a : v1::Annotation();
      std::vector<std::string> paths(e.change().update_mask().paths().begin(),
                                     e.change().update_mask().paths().end());
      absl::StrAppend(&out, "\n  -> ",
                      FormatStandoffLine(text, e.change().annotation()), "   [",
                      absl::StrJoin(paths, ","), "]");
      return out;
    }
    default:
      return "?";
  }
}

absl::StatusOr<v1::CommitResponse> CommitEdits(
    v1::StoreService::Stub& store, const std::string& doc_id, uint64_t base,
    const google::protobuf::RepeatedPtrField<v1::Edit>& edits) {
  v1::CommitRequest req;
  req.set_doc_id(doc_id);
  req.set_expected_version(base);
  req.set_note(absl::GetFlag(FLAGS_note));
  *req.mutable_edits()->mutable_edits() = edits;
  v1::CommitResponse resp;
  auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
  grpc::Status st = store.Commit(ctx.get(), req, &resp);
  if (!st.ok()) return FromGrpcStatus(st);
  return resp;
}

// Edits from --delete / --add / --set against `base`.
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Edit>> EditsFromOps(
    const v1::AnnotationSet& base) {
  google::protobuf::RepeatedPtrField<v1::Edit> edits;
  for (const auto& op : Ops()) {
    const std::string& name = op[0];
    std::vector<std::string> args(op.begin() + 1, op.end());
    if (name == "--delete") {
      if (args.size() != 1) {
        return absl::InvalidArgumentError("--delete: expected one ID");
      }
      edits.Add()->set_delete_id(args[0]);
    } else if (name == "--add") {
      args.insert(args.begin(), "+");
      auto a = ParseStandoffWords(args);
      if (!a.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--add: ", a.status().message()));
      }
      *edits.Add()->mutable_add() = *std::move(a);
    } else {  // --set
      if (args.size() < 2) {
        return absl::InvalidArgumentError(
            "--set: expected ID field=value [field=value ...]");
      }
      const v1::Annotation* target = nullptr;
      for (const auto& a : base.annotations()) {
        if (a.id() == args[0]) target = &a;
      }
      if (target == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("--set: no annotation \"", args[0], "\" in version ",
                         base.version()));
      }
      v1::Annotation changed = *target;
      std::vector<std::string> paths;
      std::vector<std::string> kvs(args.begin() + 1, args.end());
      if (absl::Status s = ApplyAssignments(kvs, &changed, &paths); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("--set: ", s.message()));
      }
      auto* c = edits.Add()->mutable_change();
      c->set_id(args[0]);
      *c->mutable_annotation() = std::move(changed);
      for (auto& p : paths) c->mutable_update_mask()->add_paths(p);
    }
  }
  return edits;
}

absl::StatusOr<std::string> EditInEditor(const std::string& content) {
  std::string path = (std::filesystem::temp_directory_path() /
                      absl::StrFormat("docpipe-correct-%d.standoff", getpid()))
                         .string();
  {
    std::ofstream out(path);
    out << content;
    if (!out) return absl::InternalError("cannot write " + path);
  }
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  if (!editor || !*editor) editor = "vi";
  std::string cmd = absl::StrCat(editor, " '", path, "'");
  if (int rc = std::system(cmd.c_str()); rc != 0) {
    std::filesystem::remove(path);
    return absl::AbortedError(
        absl::StrCat("editor \"", editor, "\" exited with ", rc));
  }
  auto edited = ReadFile(path);
  std::filesystem::remove(path);
  return edited;
}

}  // namespace

int ExtractCorrectOps(int* argc, char** argv) {
  int out = 0, taken = 0;
  for (int i = 0; i < *argc;) {
    std::string arg = argv[i];
    if (arg == "--delete" || arg == "--add" || arg == "--set") {
      std::vector<std::string> op = {arg};
      for (++i; i < *argc && !absl::StartsWith(argv[i], "--"); ++i) {
        op.push_back(argv[i]);
      }
      Ops().push_back(std::move(op));
      ++taken;
      continue;
    }
    argv[out++] = argv[i++];
  }
  *argc = out;
  return taken;
}

int RunCorrect(const std::vector<std::string>& args) {
  auto store =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  auto doc = ResolveDocument(*store, args[0]);
  if (!doc.ok()) return Fail("correct", doc.status());
  auto base = GetAnnotationSet(*store, doc->doc_id());
  if (!base.ok()) return Fail("correct", base.status());

  google::protobuf::RepeatedPtrField<v1::Edit> edits;
  if (!Ops().empty()) {
    auto from_ops = EditsFromOps(*base);
    if (!from_ops.ok()) return Fail("correct", from_ops.status());
    edits = *std::move(from_ops);
  } else {
    std::string content = FormatStandoff(
        doc->text(), *base,
        absl::StrCat(doc->doc_id(), " (", doc->external_id(), ")"));
    for (;;) {
      auto edited = EditInEditor(content);
      if (!edited.ok()) return Fail("correct", edited.status());
      auto parsed = EditsFromStandoff(*base, *edited);
      if (parsed.ok()) {
        edits = *std::move(parsed);
        break;
      }
      // With --yes nobody is there to fix the file: stop, do not loop.
      if (absl::GetFlag(FLAGS_yes)) return Fail("correct", parsed.status());
      std::cerr << "docpipe correct: " << parsed.status().message() << "\n";
      if (!Ask("Edit again?")) return kExitFailure;
      content = *edited;
    }
  }
  if (edits.empty()) {
    std::cerr << "docpipe correct: no changes\n";
    return 0;
  }
  std::cerr << "Edits against version " << base->version() << ":\n";
  for (const auto& e : edits) {
    std::cerr << "  " << DescribeEdit(doc->text(), *base, e) << "\n";
  }
  if (Ops().empty() && !Ask("Commit?")) {
    if (!IsTerminal(0)) {
      std::cerr << "docpipe correct: not a terminal, nothing committed; "
                   "pass --yes to commit these edits without asking\n";
    }
    return kExitFailure;
  }

  auto committed = CommitEdits(*store, doc->doc_id(), base->version(), edits);
  if (absl::IsAborted(committed.status())) {
    // Someone else committed first: show what they did, offer to rebase.
    auto head = GetAnnotationSet(*store, doc->doc_id());
    if (!head.ok()) return Fail("correct", head.status());
    v1::DiffRequest dreq;
    dreq.set_doc_id(doc->doc_id());
    dreq.set_from_version(base->version());
    dreq.set_to_version(head->version());
    v1::DiffResponse diff;
    auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
    if (store->Diff(ctx.get(), dreq, &diff).ok()) {
      std::cerr << "Version " << head->version() << " was committed meanwhile ("
                << diff.added_size() << " added, " << diff.removed_size()
                << " removed, " << diff.changed_size() << " changed since "
                << base->version() << ").\n";
    }
    if (!Ops().empty() && !absl::GetFlag(FLAGS_yes)) {
      std::cerr << "docpipe correct: " << committed.status().message() << "\n";
      return kExitConflict;
    }
    if (!Ask("Rebase your edits onto version " +
             std::to_string(head->version()) + "?")) {
      return kExitConflict;
    }
    v1::AnnotationSet ours;
    ours.set_version(base->version() + 1);
    *ours.mutable_edits() = edits;
    auto carried = store::CarryCorrections(doc->text(), head->annotations(),
                                           {{*base, ours}});
    if (!carried.ok()) return Fail("correct", carried.status());
    for (const auto& c : carried->conflicts) {
      std::cerr << "  conflict: " << c << "\n";
    }
    if (carried->edits.empty()) {
      std::cerr << "docpipe correct: nothing left to commit after rebase\n";
      return carried->conflicts.empty() ? kExitOk : kExitConflict;
    }
    committed =
        CommitEdits(*store, doc->doc_id(), head->version(), carried->edits);
  }
  if (!committed.ok()) return Fail("correct", committed.status());
  if (absl::GetFlag(FLAGS_json)) {
    absl::PrintF("{\"doc_id\":\"%s\",\"version\":%d,\"revision\":%d}\n",
                 committed->doc_id(), committed->version(),
                 committed->revision());
  } else {
    absl::PrintF("%s: committed version %d (revision %d)\n",
                 committed->doc_id(), committed->version(),
                 committed->revision());
  }
  return 0;
}

}  // namespace docpipe::cli
