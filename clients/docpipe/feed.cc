// docpipe feed: streams articles into IngestService.IngestStream with a
// progress bar and a summary. Inputs are files, directories (every regular
// file below, sorted) or "-" (JSON lines of docpipe.v1.Document on stdin).
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/interrupt.h"
#include "clients/docpipe/nats_cmds.h"
#include "clients/docpipe/stream_ingest.h"
#include "common/server.h"
#include "common/status.h"
#include "docpipe/v1/ingest.grpc.pb.h"

ABSL_FLAG(absl::Duration, feed_timeout, absl::Hours(1),
          "Deadline for a whole `docpipe feed` stream");

namespace docpipe::cli {
namespace {

namespace fs = std::filesystem;

// One input argument: a file to read lazily, or stdin's JSON lines.
struct Input {
  fs::path path;  // empty for stdin
  std::string external_id;
};

// The directory external ids are relative to: the deepest common ancestor
// of the arguments' bases, a directory being its own base and a file's its
// parent. One directory gives ids relative to it and one file its name, as
// before; `feed bbc/business bbc/tech` gives business/001.txt and
// tech/001.txt rather than two 001.txt that would collide in the store.
fs::path IdRoot(const std::vector<fs::path>& bases) {
  std::optional<fs::path> root;
  for (const fs::path& base : bases) {
    fs::path norm = fs::absolute(base).lexically_normal();
    if (!norm.has_filename() && norm != norm.root_path()) {
      norm = norm.parent_path();  // "dir/" names dir
    }
    if (!root) {
      root = norm;
      continue;
    }
    fs::path shared;
    for (auto a = root->begin(), b = norm.begin();
         a != root->end() && b != norm.end() && *a == *b; ++a, ++b) {
      shared /= *a;
    }
    root = shared;
  }
  return root.value_or(fs::path());
}

std::string IdOf(const fs::path& file, const fs::path& root) {
  return fs::absolute(file)
      .lexically_normal()
      .lexically_relative(root)
      .generic_string();
}

[[nodiscard]] absl::Status CollectInputs(const std::vector<std::string>& args,
                                         std::vector<Input>* out) {
  std::vector<fs::path> bases;
  for (const std::string& arg : args) {
    if (arg == "-") continue;
    fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      bases.push_back(p);
    } else if (fs::is_regular_file(p, ec)) {
      bases.push_back(fs::absolute(p).parent_path());
    } else {
      return absl::NotFoundError(
          absl::StrCat(arg, ": no such file or directory"));
    }
  }
  const fs::path root = IdRoot(bases);
  for (const std::string& arg : args) {
    if (arg == "-") {
      out->push_back({});
      continue;
    }
    fs::path p(arg);
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out->push_back({p, IdOf(p, root)});
      continue;
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(p, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (auto& f : files) out->push_back({f, IdOf(f, root)});
  }
  return absl::OkStatus();
}

// Produces the requests for `inputs` in order, reading stdin's lines as
// they come (a signal ends the wait, see interrupt.h), and records each
// request's name for the failure report.
class Requests {
 public:
  explicit Requests(const std::vector<Input>& inputs) : inputs_(inputs) {}

  bool Next(absl::StatusOr<v1::IngestRequest>* req) {
    while (pos_ < inputs_.size()) {
      const Input& in = inputs_[pos_];
      if (!in.path.empty()) {
        ++pos_;
        names_.push_back(in.external_id);
        *req = FromFile(in);
        return true;
      }
      std::string line;
      if (!stdin_.Next(&line)) {
        ++pos_;
        continue;
      }
      ++stdin_lines_;
      if (line.empty()) continue;
      *req = FromJsonLine(line);
      names_.push_back(req->ok() && !(*req)->document().external_id().empty()
                           ? (*req)->document().external_id()
                           : absl::StrCat("stdin line ", stdin_lines_));
      return true;
    }
    return false;
  }

  // The name of the request tagged `tag`; read after the stream ended.
  std::string Name(const std::string& tag) const {
    size_t i = std::stoul(tag);
    return i < names_.size() ? names_[i] : tag;
  }

 private:
  static absl::StatusOr<v1::IngestRequest> FromFile(const Input& in) {
    v1::IngestRequest req;
    DOCPIPE_ASSIGN_OR_RETURN(std::string bytes, ReadFile(in.path.string()));
    req.set_raw_text(std::move(bytes));
    req.mutable_document()->set_external_id(in.external_id);
    return req;
  }

  absl::StatusOr<v1::IngestRequest> FromJsonLine(const std::string& line) {
    v1::IngestRequest req;
    auto st = google::protobuf::util::JsonStringToMessage(
        line, req.mutable_document());
    if (!st.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("stdin line ", stdin_lines_,
                       ": not a docpipe.v1.Document: ", st.ToString()));
    }
    return req;
  }

  const std::vector<Input>& inputs_;
  size_t pos_ = 0;
  LineReader stdin_{0};
  int stdin_lines_ = 0;
  std::vector<std::string> names_;
};

void DrawProgress(size_t done, size_t total, size_t created, size_t dup,
                  size_t failed, absl::Duration elapsed) {
  constexpr int kWidth = 30;
  // total 0: unknown (stdin); the bar then stays empty.
  int filled = total ? static_cast<int>(kWidth * done / total) : 0;
  double secs = std::max(absl::ToDoubleSeconds(elapsed), 1e-6);
  std::string bar(filled, '=');
  if (filled < kWidth) bar += '>';
  bar.resize(kWidth, ' ');
  absl::FPrintF(stderr,
                "\r[%s] %zu/%s  %.0f art/s  new %zu  dup %zu  failed %zu ", bar,
                done, total ? absl::StrCat(total) : "?", done / secs, created,
                dup, failed);
}

// The summary line on stdout; failures and an interruption on stderr.
int Report(const IngestTally& t, const Requests& requests) {
  for (const auto& f : t.failures) {
    std::cerr << "failed: " << requests.Name(f.request_tag()) << ": "
              << absl::StatusCodeToString(
                     static_cast<absl::StatusCode>(f.error_code()))
              << ": " << f.error_message() << "\n";
  }
  for (const auto& e : t.input_errors) std::cerr << "failed: " << e << "\n";
  const size_t failed = t.failed + t.input_errors.size();
  const double secs = std::max(absl::ToDoubleSeconds(t.elapsed), 1e-6);
  absl::PrintF(
      "fed %zu articles (%.2f MB) in %.2f s: %zu new, %zu duplicate, %zu "
      "failed; %.1f articles/s, %.2f MB/s\n",
      t.done + t.input_errors.size(), t.bytes / 1e6, secs, t.created,
      t.duplicate, failed, t.done / secs, t.bytes / 1e6 / secs);
  std::cout.flush();
  if (InterruptSignal() != 0) {
    absl::FPrintF(stderr,
                  "docpipe feed: interrupted by %s: %zu articles "
                  "acknowledged, %zu sent without an answer (they may still "
                  "be stored)\n",
                  InterruptName(), t.done, t.sent - std::min(t.sent, t.done));
    return InterruptExitCode();
  }
  if (!t.stream_status.ok()) return Fail("feed", t.stream_status);
  return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace

int RunFeed(const std::vector<std::string>& args) {
  std::vector<Input> inputs;
  if (auto st = CollectInputs(args, &inputs); !st.ok()) return Fail("feed", st);
  const bool from_stdin =
      std::any_of(inputs.begin(), inputs.end(),
                  [](const Input& in) { return in.path.empty(); });
  const size_t total = from_stdin ? 0 : inputs.size();
  if (NatsEnabled()) {
    Requests requests(inputs);
    return RunFeedNats([&](absl::StatusOr<v1::IngestRequest>* req) {
      return requests.Next(req);
    });
  }

  auto stub =
      v1::IngestService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  const bool tty = IsTerminal(2);
  absl::Time last_draw = absl::InfinitePast();
  auto draw = [&](const IngestTally& t) {
    DrawProgress(t.done, total, t.created, t.duplicate, t.failed, t.elapsed);
  };
  Requests requests(inputs);
  IngestTally t = StreamIngest(
      *stub,
      [&](absl::StatusOr<v1::IngestRequest>* req) {
        return requests.Next(req);
      },
      absl::GetFlag(FLAGS_feed_timeout),
      [&](const IngestTally& t) {
        if (tty && absl::Now() - last_draw > absl::Milliseconds(100)) {
          draw(t);
          last_draw = absl::Now();
        }
      });
  if (tty) {
    draw(t);
    std::cerr << "\n";
  }
  return Report(t, requests);
}

}  // namespace docpipe::cli
