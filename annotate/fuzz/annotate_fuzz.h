// The fuzz property of the annotation engine, shared by the libFuzzer target
// (clang, -DDOCPIPE_FUZZ=ON) and a deterministic random-input test that runs
// under any compiler in CI.
#ifndef DOCPIPE_ANNOTATE_FUZZ_ANNOTATE_FUZZ_H_
#define DOCPIPE_ANNOTATE_FUZZ_ANNOTATE_FUZZ_H_

#include <string>

#include "absl/strings/string_view.h"
#include "annotate/engine.h"

namespace docpipe::annotate {

// Runs `layers` of `engine` over arbitrary bytes. Returns "" when every
// annotation is well-formed (spans non-empty and inside the text; on valid
// UTF-8, on character boundaries; attribution source/content likewise),
// else a description of the first violation. Crashes and hangs are the
// fuzzer's to find.
std::string CheckAnnotate(const Engine& engine, const LayerSet& layers,
                          absl::string_view bytes);

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_FUZZ_ANNOTATE_FUZZ_H_
