// The docpipe subcommands as data: each one's synopsis, positional argument
// count, the flags it accepts and how it treats SIGINT/SIGTERM; the command
// line parser that fills the (process-wide) Abseil flags; and the usage
// texts printed by `docpipe help`, `docpipe --help` and `docpipe CMD --help`.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_COMMANDS_H_
#define DOCPIPE_CLIENTS_DOCPIPE_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace docpipe::cli {

// What SIGINT / SIGTERM do while a command runs.
enum class SignalMode {
  kDefault,  // the default disposition: the process ends at once
  kServe,    // blocked in every thread; the command sigwaits and shuts down
  kCancel,   // received by a watcher thread that cancels the in-flight call;
             // the command winds down and exits 128 + the signal number
};

struct Command {
  const char* name;
  const char* synopsis;  // after "docpipe "
  const char* summary;   // one line
  int min_args;
  int max_args;                    // -1: no limit
  std::vector<const char*> flags;  // accepted flags, without "--"
  SignalMode signals = SignalMode::kDefault;
  const char* details = "";  // extra usage paragraph, may be empty
};

// Every command, in the order the global usage lists them.
const std::vector<Command>& Commands();

// The command called `name` or one of its aliases ("list" for "ls");
// null when there is none.
const Command* FindCommand(absl::string_view name);

// A command line split into the command, its positional arguments and the
// flags it set (their values are already stored in the Abseil flags).
struct ParsedArgs {
  std::string command;  // empty when none was given
  std::vector<std::string> args;
  std::vector<std::string> flags;  // names set, in order
  bool help = false;               // --help, -help or -h was given
};

// Parses `argv` (without the program name) into `out`. Flags may come
// before or after the command and its arguments: --name=value, --name
// value, -name value, --flag / --noflag for booleans; "--" ends the flags
// and "-" is an argument. INVALID_ARGUMENT names an unknown flag, a missing
// value or a value the flag does not accept; `out->command` is then still
// the command word, when one can be told.
[[nodiscard]] absl::Status ParseArgs(const std::vector<std::string>& argv,
                                     ParsedArgs* out);

// INVALID_ARGUMENT naming the first flag in `parsed` that `command` does
// not take, or a positional argument count outside its range.
[[nodiscard]] absl::Status CheckArgs(const Command& command,
                                     const ParsedArgs& parsed);

// `docpipe --help`: every command with its synopsis, and the exit codes.
std::string GlobalUsage();

// `docpipe CMD --help`: synopsis, summary, details and one entry per flag
// with its meaning and default.
std::string CommandUsage(const Command& command);

// "usage: docpipe SYNOPSIS" and a pointer to --help, for error messages.
std::string UsageLine(const Command& command);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_COMMANDS_H_
