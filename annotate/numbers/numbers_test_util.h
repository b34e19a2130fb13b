// Helpers shared by the numbers layer's tests: the layer's matches in a
// text through the engine, and a scanner over a text for its steps.
#ifndef DOCPIPE_ANNOTATE_NUMBERS_NUMBERS_TEST_UTIL_H_
#define DOCPIPE_ANNOTATE_NUMBERS_NUMBERS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "annotate/engine.h"
#include "annotate/eval/gold.h"
#include "annotate/numbers/scanner.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::numbers {

// One match: its text, kind name and number.
struct Found {
  std::string text, kind;
  v1::NumberAnnotation n;
};

// The numbers layer's matches in `text`, in order.
inline std::vector<Found> Numbers(absl::string_view text) {
  static auto* engine = Engine::Create()->release();
  LayerSet numbers;
  numbers.Add(Layer::kNumbers);
  auto anns = engine->Annotate(text, numbers);
  EXPECT_TRUE(anns.ok());
  std::vector<Found> out;
  for (auto& a : *anns) {
    out.push_back({std::string(text.substr(a.span().begin(),
                                           a.span().end() - a.span().begin())),
                   KindName(a.number().kind()), a.number()});
  }
  return out;
}

// The one match in `text` (a failure if there are more or none).
inline Found One(absl::string_view text) {
  auto all = Numbers(text);
  EXPECT_EQ(all.size(), 1u) << text;
  return all.empty() ? Found{} : all[0];
}

// A scanner over `text`, which must outlive it; for tests of its steps.
struct Scanned {
  explicit Scanned(absl::string_view text)
      : tokens(Tokenize(text)), scanner(tokens) {}
  Scanned(const Scanned&) = delete;
  Scanned& operator=(const Scanned&) = delete;
  TokenizedText tokens;
  Scanner scanner;
};

}  // namespace docpipe::annotate::numbers

#endif  // DOCPIPE_ANNOTATE_NUMBERS_NUMBERS_TEST_UTIL_H_
