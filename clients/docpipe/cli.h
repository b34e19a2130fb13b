// The `docpipe` command-line client: one entry point per subcommand, and the
// small helpers they share. Each Run* returns the process exit code.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_CLI_H_
#define DOCPIPE_CLIENTS_DOCPIPE_CLI_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/status.h"
#include "docpipe/v1/store.grpc.pb.h"

namespace docpipe::cli {

// `args` are the positional arguments after the subcommand name, already
// counted against the command's range; flags are parsed and checked
// before dispatch (commands.h).
int RunAnnotate(const std::vector<std::string>& args);
int RunEval(const std::vector<std::string>& args);
int RunClaims(const std::vector<std::string>& args);
int RunFeed(const std::vector<std::string>& args);
int RunShow(const std::vector<std::string>& args);
int RunWatch(const std::vector<std::string>& args);
int RunServe(const std::vector<std::string>& args);
int RunBench(const std::vector<std::string>& args);
int RunBenchStore();
// The commit latency of a correction of `article` (annotated by the engine)
// with and without claim derivation, `n` commits each, printed as a table.
absl::Status PrintClaimDerivationCost(const std::string& article, int n);
int RunBenchScale();
int RunHistory(const std::vector<std::string>& args);
int RunDiff(const std::vector<std::string>& args);
int RunReannotate(const std::vector<std::string>& args);
int RunCorrect(const std::vector<std::string>& args);
int RunTrain(const std::vector<std::string>& args);
int RunConvert(const std::vector<std::string>& args);
int RunList(const std::vector<std::string>& args);
int RunStats(const std::vector<std::string>& args);
int RunBackup(const std::vector<std::string>& args);
int RunRestore(const std::vector<std::string>& args);

// The store's figures on one line ("documents N, revision R (oldest kept
// O), live SST B bytes (total T), WAL W bytes"), and as one JSON object.
std::string FormatStats(const v1::GetStatsResponse& stats);
std::string StatsJson(const v1::GetStatsResponse& stats);

// Takes `docpipe correct`'s repeatable multi-word options (--delete ID,
// --add LAYER BEGIN END f=v..., --set ID f=v...) out of argv before flag
// parsing; returns how many it took.
int ExtractCorrectOps(int* argc, char** argv);

// The bearer token every call carries (--token / $DOCPIPE_TOKEN); set once
// by main before any call.
void SetCallToken(std::string token);
const std::string& CallToken();

// A ClientContext with a deadline `timeout` from now and the caller's
// identity header (the --user flag).
std::unique_ptr<grpc::ClientContext> MakeContext(absl::Duration timeout);

// Resolves a document reference typed by a person: a doc_id ("d-..."), else
// an external id (the file name `docpipe feed` used).
absl::StatusOr<v1::Document> ResolveDocument(v1::StoreService::Stub& store,
                                             const std::string& ref);

// A document's annotations at `version` (0: the head).
absl::StatusOr<v1::AnnotationSet> GetAnnotationSet(
    v1::StoreService::Stub& store, const std::string& doc_id,
    uint64_t version = 0);

// The process exit codes (also listed by `docpipe --help`).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,   // the command failed; stderr says why
  kExitUsage = 2,     // unknown command or flag, bad or missing arguments
  kExitConflict = 3,  // correct: someone committed first, edits not rebased
  // serve: port or data directory held by another process
  kExitInUse = docpipe::kExitInUse,
  // 128 + signal number: interrupted (interrupt.h)
};

// Prints "docpipe <cmd>: <status>" to stderr and returns kExitFailure.
int Fail(const std::string& cmd, const absl::Status& status);

// Prints "docpipe <cmd>: <message>" and the command's usage line to stderr
// and returns kExitUsage.
int UsageError(const std::string& cmd, absl::string_view message);

// True when stdout (fd 1) or stderr (fd 2) is a terminal.
bool IsTerminal(int fd);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_CLI_H_
