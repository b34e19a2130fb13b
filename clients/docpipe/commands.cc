#include "clients/docpipe/commands.h"

#include <algorithm>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace docpipe::cli {
namespace {

// Flags every gRPC client command takes.
std::vector<const char*> Client(std::vector<const char*> own) {
  std::vector<const char*> all = {"server", "user", "timeout", "token",
                                  "tls_ca"};
  all.insert(all.end(), own.begin(), own.end());
  return all;
}

std::vector<Command> MakeCommands() {
  return {
      {"serve",
       "serve [flags]",
       "run ingest, annotate and store in one process (SIGINT/SIGTERM stop "
       "it cleanly)",
       0,
       0,
       {"listen", "data_dir", "sync", "retention_revisions", "retention_age",
        "token_file", "tls_cert", "tls_key", "http_listen", "http_heartbeat",
        "nats", "nats_replicas", "token", "tls_ca", "nats_token_file", "nats_creds", "nats_tls_ca"},
       SignalMode::kServe},
      {"annotate",
       "annotate [--layers L] FILE...",
       "annotate files offline, one gold-format JSON line each",
       1,
       -1,
       {"layers"}},
      {"eval",
       "eval (--gold GOLD --docs DIR | --polnear SPLIT_DIR | --conll FILE | "
       "--layers claims --claims_gold GOLD --docs DIR)",
       "annotate offline and score against gold annotations",
       0,
       0,
       {"gold", "docs", "conll", "polnear", "layers", "json", "claims_gold"}},
      {"claims",
       "claims [--server A] [--json] [--all_groups] [--measure P] [--entity ID] "
       "[--source ID] [--disagree] [FILE...]",
       "the figures of the stored articles (or of FILEs, offline) grouped by "
       "what they measure, each with its source and article",
       0,
       -1,
       Client({"json", "all_groups", "measure", "entity", "source", "disagree"}),
       SignalMode::kDefault,
       "A group is the claims with one measure (counted noun, currency or "
       "unit), predicate class and rate period; DISAGREE marks a group whose "
       "figures' intervals have no value in common (docs/claims.md). --json "
       "prints one ClaimGroup (proto/docpipe/v1/claims.proto) per line."},
      {"feed", "feed [--server A] PATH...",
       "stream articles (files, directories, - for JSON lines on stdin) into "
       "ingest",
       1, -1, Client({"feed_timeout", "nats", "nats_replicas", "max_pending",
                      "nats_token_file", "nats_creds", "nats_tls_ca"}),
       SignalMode::kCancel,
       "On SIGINT/SIGTERM it stops sending, reports the articles "
       "acknowledged so far and exits 130/143. With --nats URL[,URL...] the "
       "articles go to the JetStream work queue DOCPIPE_INGEST for "
       "`docpipe ingest-worker`s instead (docs/distributed.md)."},
      {"ingest-worker", "ingest-worker --nats URL[,URL...] [--server STORE]",
       "pull articles from the JetStream work queue, annotate them here and "
       "store them on --server (any number, on any machine)",
       0, 0, Client({"nats", "nats_replicas", "threads", "batch", "ack_wait",
                     "nats_token_file", "nats_creds", "nats_tls_ca"}),
       SignalMode::kCancel,
       "An article is acknowledged only after the store committed it; one a "
       "worker died holding is delivered again after --ack_wait. "
       "SIGINT/SIGTERM stop it after the batch in progress (exit 130/143)."},
      {"ls", "ls [--server A] [--limit N] [--after DOC_ID] [--json]",
       "stored documents: external id, doc id, head version, its author and "
       "annotation counts per layer (alias: list)",
       0, 0, Client({"limit", "after", "json"}), SignalMode::kDefault,
       "Documents are listed in doc id order. --json prints one object per "
       "line: {\"external_id\", \"doc_id\", \"title\", \"head_version\", "
       "\"author\", \"numbers\", \"entities\", \"attributions\"} (author and "
       "counts are empty/0 for a document without annotations)."},
      {"stats", "stats [--server A] [--json]",
       "the store's document count, revisions and disk use (SST, WAL)", 0, 0,
       Client({"json"}), SignalMode::kDefault,
       "--json prints one object: {\"document_count\", "
       "\"current_revision\", \"oldest_revision\", \"live_sst_bytes\", "
       "\"total_sst_bytes\", \"wal_bytes\"}."},
      {"backup", "backup [--server A] [--keep N] [--verify] [--json] DIR",
       "back the running store up into DIR on the server's machine (admin "
       "role)", 1, 1, Client({"keep", "verify", "json"}), SignalMode::kDefault,
       "Backups in DIR share their common files, so each copies only what "
       "changed; --keep N deletes all but the newest N. The server keeps "
       "serving meanwhile. --timeout bounds the whole copy."},
      {"restore", "restore --from DIR [--backup_id ID] --data_dir D",
       "a backup (the newest, or ID) into a new data directory for serve", 0,
       0, {"from", "backup_id", "data_dir"}, SignalMode::kDefault,
       "D must be empty or missing. Exit 4 when a server holds D. The "
       "restored store serves every version the backup holds and its change "
       "stream resumes at the backup's revision."},
      {"show", "show [--server A] [--version N] [--json] DOC",
       "a document with its annotations highlighted", 1, 1,
       Client({"version", "json"})},
      {"watch", "watch [--server A] [--from REV] [--claims P] [--nats URL]",
       "follow the change stream (resumable)", 0, 0,
       Client({"from", "max_events", "payload", "max_backoff", "max_reconnects",
               "json", "nats", "durable", "claims",
               "nats_token_file", "nats_creds", "nats_tls_ca"}),
       SignalMode::kCancel,
       "Each event is one whole line, flushed as it arrives. SIGINT/SIGTERM "
       "end it at once with exit code 130/143."},
      {"history", "history [--server A] DOC",
       "a document's versions: author, kind, note, edits", 1, 1, Client({})},
      {"diff", "diff [--server A] DOC A B",
       "annotations added, removed and changed from version A to B", 3, 3,
       Client({})},
      {"correct",
       "correct [--server A] DOC [--delete ID] [--add LAYER BEGIN END f=v...] "
       "[--set ID f=v...]",
       "fix annotations in $EDITOR, or with --delete/--add/--set", 1, 1,
       Client({"note", "yes", "json"}), SignalMode::kDefault,
       "Without --delete/--add/--set the head opens in $VISUAL/$EDITOR; the "
       "edits are listed and committed after a y/N question on the terminal. "
       "Without a terminal nothing is committed (exit 1) unless --yes is "
       "given. Exit 3: someone committed first and the edits were not "
       "rebased."},
      {"reannotate", "reannotate [--server A] (DOC... | --all)",
       "run the current annotator again, carrying people's corrections", 0, -1,
       Client({"annotate", "all", "force", "json"}), SignalMode::kCancel,
       "SIGINT/SIGTERM stop it after the document in progress (exit "
       "130/143)."},
      {"bench",
       "bench [--suite S] [--corpus DIR]",
       "throughput of the pipeline, the layers or the store",
       0,
       0,
       {"corpus", "articles", "suite", "rounds", "pipeline_only", "threads",
        "layers", "commits", "subscribers", "rate", "fanout_for", "scale_max",
        "scale_retention_docs",
        "scale_dir"}},
      {"train",
       "train entities|attributions",
       "learn the entities tagger (CoNLL-2003) or the cue tagger (PolNeAR)",
       1,
       1,
       {"train", "valid", "model_out", "epochs", "seed"}},
      {"convert",
       "convert polnear SPLIT_DIR",
       "a PolNeAR split as gold JSONL in our guidelines",
       2,
       2,
       {}},
      {"help", "help [COMMAND]", "this text, or a command's usage", 0, 1, {}},
  };
}

// "watch: first revision" -> "first revision": the command prefix the flag
// definitions carry is implied in a command's usage.
std::string StripCommandPrefix(const std::string& help) {
  size_t colon = help.find(": ");
  if (colon == std::string::npos || colon > 14) return help;
  for (size_t i = 0; i < colon; ++i) {
    if (!absl::ascii_islower(help[i]) && help[i] != ' ') return help;
  }
  std::string rest = help.substr(colon + 2);
  if (!rest.empty()) rest[0] = absl::ascii_toupper(rest[0]);
  return rest;
}

// `text` wrapped at 76 columns, each line after `indent` spaces.
std::string Wrap(absl::string_view text, int indent) {
  std::string out, line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && line.size() + 1 + word.size() + indent > 76) {
      absl::StrAppend(&out, std::string(indent, ' '), line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  if (!line.empty())
    absl::StrAppend(&out, std::string(indent, ' '), line, "\n");
  return out;
}

// Resolves one flag word ("name", "noname") to its flag and, for booleans
// without "=value", the value it means.
absl::StatusOr<absl::CommandLineFlag*> LookUp(absl::string_view name,
                                              bool has_value,
                                              std::string* implied) {
  if (absl::CommandLineFlag* f = absl::FindCommandLineFlag(name)) {
    if (f->IsOfType<bool>() && !has_value) *implied = "true";
    return f;
  }
  absl::string_view base = name;
  if (absl::ConsumePrefix(&base, "no") && !has_value) {
    absl::CommandLineFlag* f = absl::FindCommandLineFlag(base);
    if (f != nullptr && f->IsOfType<bool>()) {
      *implied = "false";
      return f;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
}

// The parse proper; see ParseArgs.
[[nodiscard]] absl::Status ParseWords(const std::vector<std::string>& argv,
                                      ParsedArgs* out) {
  bool only_args = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    absl::string_view word = argv[i];
    if (only_args || word == "-" || !absl::StartsWith(word, "-")) {
      if (out->command.empty()) {
        out->command = std::string(word);
      } else {
        out->args.emplace_back(word);
      }
      continue;
    }
    if (word == "--") {
      only_args = true;
      continue;
    }
    if (!absl::ConsumePrefix(&word, "--")) absl::ConsumePrefix(&word, "-");
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(word, absl::MaxSplits('=', 1));
    const bool has_value = word.find('=') != absl::string_view::npos;
    if (!has_value && (kv.first == "help" || kv.first == "h")) {
      out->help = true;
      continue;
    }
    std::string value(kv.second);
    absl::StatusOr<absl::CommandLineFlag*> flag =
        LookUp(kv.first, has_value, &value);
    if (!flag.ok()) return flag.status();
    if (!has_value && !(*flag)->IsOfType<bool>()) {
      if (i + 1 >= argv.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", kv.first, " needs a value"));
      }
      value = argv[++i];
    }
    std::string error;
    if (!(*flag)->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", (*flag)->Name(), ": ", error));
    }
    out->flags.push_back(std::string((*flag)->Name()));
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>(MakeCommands());
  return *commands;
}

const Command* FindCommand(absl::string_view name) {
  if (name == "list") name = "ls";
  for (const Command& c : Commands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

absl::Status ParseArgs(const std::vector<std::string>& argv, ParsedArgs* out) {
  *out = ParsedArgs();
  absl::Status status = ParseWords(argv, out);
  if (!status.ok() && out->command.empty()) {
    // For the usage line only: the first word that is not a flag.
    for (const std::string& word : argv) {
      if (!absl::StartsWith(word, "-")) {
        out->command = word;
        break;
      }
    }
  }
  return status;
}

absl::Status CheckArgs(const Command& command, const ParsedArgs& parsed) {
  for (const std::string& flag : parsed.flags) {
    if (std::find(command.flags.begin(), command.flags.end(), flag) ==
        command.flags.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "flag --", flag, " does not apply to docpipe ", command.name));
    }
  }
  const int n = static_cast<int>(parsed.args.size());
  if (n < command.min_args) {
    return absl::InvalidArgumentError(
        command.min_args == 1 ? "missing argument"
                              : absl::StrCat("expected ", command.min_args,
                                             " arguments, got ", n));
  }
  if (command.max_args >= 0 && n > command.max_args) {
    return absl::InvalidArgumentError(
        command.max_args == 0
            ? absl::StrCat("unexpected argument '", parsed.args[0], "'")
            : absl::StrCat("too many arguments (at most ", command.max_args,
                           ")"));
  }
  return absl::OkStatus();
}

std::string GlobalUsage() {
  std::string out =
      "docpipe: turn news articles into versioned, queryable annotations.\n\n"
      "usage: docpipe COMMAND [flags] [args]\n\ncommands:\n";
  for (const Command& c : Commands()) {
    if (absl::string_view(c.name) == "help") continue;
    std::string entry = Wrap(c.summary, 15);  // the name goes in the indent
    absl::StrAppend(&out, absl::StrFormat("  %-12s ", c.name),
                    absl::string_view(entry).substr(15));
  }
  absl::StrAppend(
      &out,
      "\n`docpipe COMMAND --help` shows a command's arguments and flags.\n"
      "\nexit codes:\n"
      "  0    success\n"
      "  1    the command failed; stderr says why\n"
      "  2    usage error: unknown command or flag, a flag the command does\n"
      "       not take, bad or missing arguments\n"
      "  3    correct: someone committed first and the edits were not "
      "rebased\n"
      "  4    serve: the port or the data directory is held by another\n"
      "       process\n"
      "  130  interrupted by SIGINT (feed, watch, reannotate)\n"
      "  143  terminated by SIGTERM (feed, watch, reannotate)\n");
  return out;
}

std::string CommandUsage(const Command& command) {
  std::string out = absl::StrCat("usage: docpipe ", command.synopsis, "\n\n",
                                 Wrap(command.summary, 0));
  if (*command.details != '\0') {
    absl::StrAppend(&out, "\n", Wrap(command.details, 0));
  }
  if (command.flags.empty()) return out;
  absl::StrAppend(&out, "\nflags:\n");
  for (const char* name : command.flags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) continue;  // not linked into this binary
    std::string def = flag->DefaultValue();
    absl::StrAppendFormat(&out, "  --%s (default: %s)\n%s", name,
                          def.empty() ? "\"\"" : def,
                          Wrap(StripCommandPrefix(flag->Help()), 6));
  }
  return out;
}

std::string UsageLine(const Command& command) {
  return absl::StrCat("usage: docpipe ", command.synopsis, "\n(docpipe ",
                      command.name, " --help for details)");
}

}  // namespace docpipe::cli
