// docpipe feed: streams articles into IngestService.IngestStream with a
// progress bar and a summary. Inputs are files, directories (every regular
// file below, sorted) or "-" (JSON lines of docpipe.v1.Document on stdin).
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/stream_ingest.h"
#include "common/server.h"
#include "common/status.h"
#include "docpipe/v1/ingest.grpc.pb.h"

ABSL_FLAG(absl::Duration, feed_timeout, absl::Hours(1),
          "Deadline for a whole `docpipe feed` stream");

namespace docpipe::cli {
namespace {

namespace fs = std::filesystem;

// One article to send: either a file to read lazily or a parsed document.
struct Input {
  fs::path path;  // empty for stdin documents
  std::string external_id;
  v1::Document document;  // set for stdin documents
};

absl::Status CollectInputs(const std::vector<std::string>& args,
                           std::vector<Input>* out) {
  for (const std::string& arg : args) {
    if (arg == "-") {
      std::string line;
      int n = 0;
      while (std::getline(std::cin, line)) {
        ++n;
        if (line.empty()) continue;
        Input in;
        auto st =
            google::protobuf::util::JsonStringToMessage(line, &in.document);
        if (!st.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("stdin line ", n,
                           ": not a docpipe.v1.Document: ", st.ToString()));
        }
        out->push_back(std::move(in));
      }
      continue;
    }
    fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(p, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file()) files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
      for (auto& f : files) {
        out->push_back({f, fs::relative(f, p).generic_string(), {}});
      }
    } else if (fs::is_regular_file(p, ec)) {
      out->push_back({p, p.filename().string(), {}});
    } else {
      return absl::NotFoundError(
          absl::StrCat(arg, ": no such file or directory"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::IngestRequest> MakeRequest(const Input& in, size_t) {
  v1::IngestRequest req;
  if (in.path.empty()) {
    *req.mutable_document() = in.document;
    return req;
  }
  DOCPIPE_ASSIGN_OR_RETURN(std::string bytes, ReadFile(in.path.string()));
  req.set_raw_text(std::move(bytes));
  req.mutable_document()->set_external_id(in.external_id);
  return req;
}

std::string Name(const std::vector<Input>& inputs, const std::string& tag) {
  size_t i = std::stoul(tag);
  if (i >= inputs.size()) return tag;
  const Input& in = inputs[i];
  if (!in.external_id.empty()) return in.external_id;
  return in.document.external_id().empty() ? absl::StrCat("stdin #", i + 1)
                                           : in.document.external_id();
}

void DrawProgress(size_t done, size_t total, size_t created, size_t dup,
                  size_t failed, absl::Duration elapsed) {
  constexpr int kWidth = 30;
  int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
  double secs = std::max(absl::ToDoubleSeconds(elapsed), 1e-6);
  std::string bar(filled, '=');
  if (filled < kWidth) bar += '>';
  bar.resize(kWidth, ' ');
  absl::FPrintF(stderr,
                "\r[%s] %zu/%zu  %.0f art/s  new %zu  dup %zu  failed %zu ",
                bar, done, total, done / secs, created, dup, failed);
}

}  // namespace

int RunFeed(const std::vector<std::string>& args) {
  if (args.empty()) {
    return Fail("feed", absl::InvalidArgumentError(
                            "usage: docpipe feed --server ADDR PATH... (files, "
                            "directories, or - for JSON lines on stdin)"));
  }
  std::vector<Input> inputs;
  if (auto st = CollectInputs(args, &inputs); !st.ok()) return Fail("feed", st);

  auto stub =
      v1::IngestService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  const bool tty = IsTerminal(2);
  absl::Time last_draw = absl::InfinitePast();
  auto draw = [&](const IngestTally& t) {
    DrawProgress(t.done, inputs.size(), t.created, t.duplicate, t.failed,
                 t.elapsed);
  };
  IngestTally t = StreamIngest(
      *stub, inputs.size(), [&](size_t i) { return MakeRequest(inputs[i], i); },
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
  for (const auto& f : t.failures) {
    std::cerr << "failed: " << Name(inputs, f.request_tag()) << ": "
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
  if (!t.stream_status.ok()) return Fail("feed", t.stream_status);
  return failed == 0 ? 0 : 1;
}

}  // namespace docpipe::cli
