// docpipe eval: annotate the documents a gold file names and score them
// exactly as the guidelines (sec. 5) say, a table per layer and kind.
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "annotate/engine.h"
#include "annotate/eval.h"
#include "annotate/gold.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"

ABSL_FLAG(std::string, gold, "", "eval: gold JSONL file");
ABSL_FLAG(std::string, docs, "",
          "eval: directory holding the gold's documents");

namespace docpipe::cli {

int RunEval(const std::vector<std::string>& args) {
  const std::string gold_path = absl::GetFlag(FLAGS_gold);
  const std::string docs = absl::GetFlag(FLAGS_docs);
  if (!args.empty() || gold_path.empty() || docs.empty()) {
    return Fail("eval", absl::InvalidArgumentError(
                            "usage: docpipe eval --gold GOLD.jsonl --docs DIR "
                            "[--layers L] [--json]"));
  }
  auto layers = annotate::LayerSet::Parse(absl::GetFlag(FLAGS_layers));
  if (!layers.ok()) return Fail("eval", layers.status());
  auto gold = annotate::ReadGoldFile(gold_path);
  if (!gold.ok()) return Fail("eval", gold.status());
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("eval", engine.status());

  std::vector<annotate::GoldDoc> predicted;
  for (const annotate::GoldDoc& g : *gold) {
    auto text = ReadFile((std::filesystem::path(docs) / g.doc).string());
    if (!text.ok()) return Fail("eval", text.status());
    auto annotations = (*engine)->Annotate(*text, *layers);
    if (!annotations.ok()) return Fail("eval", annotations.status());
    annotate::GoldDoc p;
    p.doc = g.doc;
    p.text = *std::move(text);
    p.annotations = *std::move(annotations);
    predicted.push_back(std::move(p));
  }
  annotate::EvalReport report = annotate::Evaluate(*gold, predicted, *layers);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << annotate::ReportJson(report) << "\n";
  } else {
    std::cout << "docpipe eval: " << predicted.size() << " documents, engine "
              << (*engine)->version() << "\n\n"
              << annotate::FormatReport(report);
  }
  return 0;
}

}  // namespace docpipe::cli
