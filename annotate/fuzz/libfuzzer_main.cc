// libFuzzer entry point: scripts/fuzz builds it with clang and runs it.
#include <cstdio>
#include <cstdlib>

#include "annotate/fuzz/annotate_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* engine = docpipe::annotate::Engine::Create()->release();
  static const auto layers = docpipe::annotate::LayerSet::All();
  std::string bad = docpipe::annotate::CheckAnnotate(
      *engine, layers,
      absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!bad.empty()) {
    std::fprintf(stderr, "bad annotation: %s\n", bad.c_str());
    std::abort();
  }
  return 0;
}
