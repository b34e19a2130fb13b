// docpipe: the command-line client. Thin: parses flags and dispatches to the
// subcommands in this folder.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "common/security_flags.h"
#include "common/server.h"

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

namespace {

constexpr char kUsage[] =
    R"(docpipe: turn news articles into versioned, queryable annotations.

usage: docpipe COMMAND [flags] [args]

commands:
  serve                       run ingest, annotate and store in one process
  annotate [--layers L] FILE...  annotate files offline, one gold-format JSON line each
  eval --gold GOLD --docs DIR annotate DIR and score it against GOLD
  feed [--server A] PATH...   stream articles (files, directories, -) into ingest
  show [--server A] DOC       a document with its annotations highlighted
  watch [--server A] [--from REV]  follow the change stream (resumable)
  history [--server A] DOC    a document's versions: author, kind, note, edits
  diff [--server A] DOC A B   annotations added, removed and changed from A to B
  correct [--server A] DOC    fix annotations in $EDITOR (or --delete ID,
                              --add LAYER BEGIN END f=v..., --set ID f=v...)
  reannotate [--server A] (DOC...|--all)  run the current annotator again,
                              carrying people's corrections (conflicts reported)
  bench                       end-to-end throughput against the engine alone
  train entities              learn the entities tagger from CoNLL-2003
  train attributions          learn the attribution cue tagger from PolNeAR
  convert polnear DIR         a PolNeAR split as gold JSONL in our guidelines

`docpipe --helpfull` lists every flag.)";

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts, so `docpipe serve` can sigwait for SIGTERM.
  docpipe::BlockShutdownSignals();
  absl::SetProgramUsageMessage(kUsage);
  docpipe::cli::ExtractCorrectOps(&argc, argv);
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() < 2) {
    std::cerr << kUsage << "\n";
    return 2;
  }
  if (absl::GetFlag(FLAGS_user).empty()) {
    const char* u = std::getenv("USER");
    absl::SetFlag(&FLAGS_user, u && *u ? u : "local");
  }
  if (auto token = docpipe::ClientSecurityFromFlags(); token.ok()) {
    docpipe::cli::SetCallToken(*token);
  } else {
    std::cerr << "docpipe: " << token.status() << "\n";
    return 2;
  }
  std::string cmd = rest[1];
  std::vector<std::string> args(rest.begin() + 2, rest.end());
  using namespace docpipe::cli;
  if (cmd == "serve") return RunServe(args);
  if (cmd == "annotate") return RunAnnotate(args);
  if (cmd == "eval") return RunEval(args);
  if (cmd == "feed") return RunFeed(args);
  if (cmd == "show") return RunShow(args);
  if (cmd == "watch") return RunWatch(args);
  if (cmd == "bench") return RunBench(args);
  if (cmd == "history") return RunHistory(args);
  if (cmd == "diff") return RunDiff(args);
  if (cmd == "reannotate") return RunReannotate(args);
  if (cmd == "correct") return RunCorrect(args);
  if (cmd == "train") return RunTrain(args);
  if (cmd == "convert") return RunConvert(args);
  std::cerr << "docpipe: unknown command '" << cmd << "'\n\n" << kUsage << "\n";
  return 2;
}
