// The cost of claim derivation to a commit, for docpipe bench
// --suite=store: the same corrections of a BBC article (every layer, as
// the engine annotates it) committed to two stores in the same run, one
// deriving claims (the default) and one not. Store library calls with the
// WAL unsynced, so derivation's share is not hidden behind an fsync.
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "annotate/engine.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "store/store.h"

namespace docpipe::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Commit latencies (us) of `n` corrections of one number's value.
absl::StatusOr<std::vector<double>> CommitLatencies(
    const std::string& dir, bool derive, const std::string& text,
    const std::vector<v1::Annotation>& annotations, int n) {
  DOCPIPE_ASSIGN_OR_RETURN(
      auto store, store::Store::Open({.data_dir = dir,
                                      .sync_writes = false,
                                      .derive_claims = derive}));
  v1::PutDocumentRequest put;
  put.mutable_document()->set_external_id("bench/claims");
  put.mutable_document()->set_text(text);
  for (const auto& a : annotations) {
    *put.mutable_annotations()->add_annotations() = a;
  }
  DOCPIPE_ASSIGN_OR_RETURN(auto stored, store->PutDocument(put, "bench"));
  const std::string doc = stored.document().doc_id();
  v1::GetAnnotationsRequest get;
  get.set_doc_id(doc);
  DOCPIPE_ASSIGN_OR_RETURN(v1::AnnotationSet head, store->GetAnnotations(get));
  std::string number_id;
  for (const auto& a : head.annotations()) {
    if (a.has_number() && a.number().has_value() &&
        a.number().kind() != v1::NUMBER_KIND_DATE) {
      number_id = a.id();
      break;
    }
  }
  if (number_id.empty()) {
    return absl::FailedPreconditionError("bench: the article has no number");
  }
  std::vector<double> us;
  for (int i = 0; i < n; ++i) {
    v1::CommitRequest c;
    c.set_doc_id(doc);
    c.set_expected_version(i + 1);
    auto* ch = c.mutable_edits()->add_edits()->mutable_change();
    ch->set_id(number_id);
    ch->mutable_annotation()->mutable_number()->set_value(1000 + i);
    ch->mutable_update_mask()->add_paths("number.value");
    const auto start = Clock::now();
    DOCPIPE_RETURN_IF_ERROR(store->Commit(c, "bench").status());
    us.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - start)
            .count());
  }
  return us;
}

double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * v.size()))];
}

}  // namespace

absl::Status PrintClaimDerivationCost(const std::string& article, int n) {
  DOCPIPE_ASSIGN_OR_RETURN(std::string text, ReadFile(article));
  DOCPIPE_ASSIGN_OR_RETURN(auto engine, annotate::Engine::Create());
  DOCPIPE_ASSIGN_OR_RETURN(auto annotations,
                           engine->Annotate(text, annotate::LayerSet::All()));
  const fs::path root = fs::temp_directory_path() /
                        absl::StrFormat("docpipe-bench-claims-%d", getpid());
  std::error_code made;
  fs::create_directories(root, made);
  if (made) {
    return absl::InternalError(
        absl::StrCat("bench: cannot create ", root.string(), ": ",
                     made.message()));
  }
  std::vector<double> with, without;
  // Alternate the two in rounds so drift in the machine's load hits both.
  for (int round = 0; round < 4; ++round) {
    for (bool derive : {true, false}) {
      const fs::path dir =
          root / absl::StrFormat("%s-%d", derive ? "on" : "off", round);
      DOCPIPE_ASSIGN_OR_RETURN(
          auto us, CommitLatencies(dir.string(), derive, text, annotations,
                                   std::max(1, n / 4)));
      (derive ? with : without).insert((derive ? with : without).end(),
                                       us.begin(), us.end());
    }
  }
  std::error_code ignored;
  fs::remove_all(root, ignored);
  absl::PrintF("\n%-34s %10s %10s %12s\n",
               absl::StrFormat("claim derivation (%s)",
                               fs::path(article).filename().string()),
               "p50 us", "p99 us", "vs without");
  absl::PrintF("%-34s %10.0f %10.0f %11.2fx\n", "commit, claims derived",
               Pct(with, 0.5), Pct(with, 0.99),
               Pct(with, 0.5) / std::max(Pct(without, 0.5), 1e-9));
  absl::PrintF("%-34s %10.0f %10.0f %11.2fx\n", "commit, claims off",
               Pct(without, 0.5), Pct(without, 0.99), 1.0);
  return absl::OkStatus();
}

}  // namespace docpipe::cli
