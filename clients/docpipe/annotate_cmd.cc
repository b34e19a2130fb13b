// docpipe annotate: the engine offline, no server. One gold-format JSON line
// per file (guidelines sec. 4), `doc` = the file's name.
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "annotate/engine.h"
#include "annotate/eval/gold.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"

namespace docpipe::cli {

int RunAnnotate(const std::vector<std::string>& args) {
  auto layers = annotate::LayerSet::Parse(absl::GetFlag(FLAGS_layers));
  if (!layers.ok()) return Fail("annotate", layers.status());
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("annotate", engine.status());
  int failures = 0;
  for (const std::string& path : args) {
    auto text = ReadFile(path);
    absl::StatusOr<std::vector<v1::Annotation>> annotations =
        text.ok() ? (*engine)->Annotate(*text, *layers)
                  : absl::StatusOr<std::vector<v1::Annotation>>(text.status());
    if (!annotations.ok()) {
      std::cerr << "docpipe annotate: " << path << ": " << annotations.status()
                << "\n";
      ++failures;
      continue;
    }
    std::cout << annotate::ToGoldJson(
                     std::filesystem::path(path).filename().string(), *text,
                     *annotations)
              << "\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace docpipe::cli
