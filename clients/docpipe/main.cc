// docpipe: the command-line client. Thin: parses the command line, checks it
// against the command's table entry (commands.h), sets up signal handling
// and dispatches to the subcommands in this folder.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/commands.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "clients/docpipe/nats_cmds.h"
#include "common/security_flags.h"
#include "common/server.h"

namespace docpipe::cli {
namespace {

constexpr char kShortUsage[] =
    "usage: docpipe COMMAND [flags] [args] (docpipe --help lists them)\n";

using Runner = int (*)(const std::vector<std::string>&);

Runner FindRunner(const std::string& name) {
  static const std::pair<const char*, Runner> kRunners[] = {
      {"serve", RunServe},
      {"annotate", RunAnnotate},
      {"eval", RunEval},
      {"claims", RunClaims},
      {"feed", RunFeed},
      {"ingest-worker", RunIngestWorker},
      {"ls", RunList},
      {"stats", RunStats},
      {"backup", RunBackup},
      {"restore", RunRestore},
      {"show", RunShow},
      {"watch", RunWatch},
      {"bench", RunBench},
      {"history", RunHistory},
      {"diff", RunDiff},
      {"reannotate", RunReannotate},
      {"correct", RunCorrect},
      {"train", RunTrain},
      {"convert", RunConvert},
  };
  for (const auto& [n, run] : kRunners) {
    if (name == n) return run;
  }
  return nullptr;
}

// `docpipe help [COMMAND]`, `docpipe [COMMAND] --help`.
int Help(const std::string& topic) {
  if (topic.empty()) {
    std::cout << GlobalUsage();
    return kExitOk;
  }
  const Command* c = FindCommand(topic);
  if (c == nullptr) {
    std::cerr << "docpipe: unknown command '" << topic << "'\n" << kShortUsage;
    return kExitUsage;
  }
  std::cout << CommandUsage(*c);
  return kExitOk;
}

int Main(int argc, char** argv) {
  const int correct_ops = ExtractCorrectOps(&argc, argv);
  ParsedArgs parsed;
  absl::Status parse =
      ParseArgs(std::vector<std::string>(argv + 1, argv + argc), &parsed);
  const Command* command = FindCommand(parsed.command);
  if (!parse.ok()) {
    if (command != nullptr) return UsageError(command->name, parse.message());
    std::cerr << "docpipe: " << parse.message() << "\n" << kShortUsage;
    return kExitUsage;
  }
  if (parsed.command == "help") {
    return Help(parsed.args.empty() ? "" : parsed.args[0]);
  }
  if (parsed.command.empty()) {
    if (parsed.help) return Help("");
    std::cerr << GlobalUsage();
    return kExitUsage;
  }
  if (parsed.help || command == nullptr) return Help(parsed.command);
  if (absl::Status st = CheckArgs(*command, parsed); !st.ok()) {
    return UsageError(command->name, st.message());
  }
  if (correct_ops > 0 && std::string(command->name) != "correct") {
    return UsageError(command->name,
                      "--delete, --add and --set belong to docpipe correct");
  }
  // Before any thread starts, so the mask reaches every thread.
  if (command->signals == SignalMode::kServe) BlockShutdownSignals();
  if (command->signals == SignalMode::kCancel) StartInterruptWatcher();
  if (absl::GetFlag(FLAGS_user).empty()) {
    const char* u = std::getenv("USER");
    absl::SetFlag(&FLAGS_user, u && *u ? u : "local");
  }
  auto token = ClientSecurityFromFlags();
  if (!token.ok()) return UsageError(command->name, token.status().ToString());
  SetCallToken(*token);
  return FindRunner(command->name)(parsed.args);
}

}  // namespace
}  // namespace docpipe::cli

int main(int argc, char** argv) { return docpipe::cli::Main(argc, argv); }
