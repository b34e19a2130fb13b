#include "annotate/attributions/attributions_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/engine.h"

namespace docpipe::annotate::attributions {

std::string Cut(absl::string_view text, const v1::Span& s) {
  return std::string(text.substr(s.begin(), s.end() - s.begin()));
}

std::vector<Found> Attributions(absl::string_view text,
                                std::vector<v1::Annotation>* all) {
  static auto* engine = Engine::Create()->release();
  LayerSet layers;
  layers.Add(Layer::kAttributions);
  auto anns = engine->Annotate(text, layers);
  EXPECT_TRUE(anns.ok()) << anns.status();
  std::vector<Found> out;
  for (const auto& a : *anns) {
    if (!a.has_attribution()) continue;
    const auto& at = a.attribution();
    out.push_back({Cut(text, a.span()),
                   at.has_source() ? Cut(text, at.source()) : "",
                   Cut(text, at.content()), at.source_entity_id()});
  }
  if (all != nullptr) *all = *std::move(anns);
  return out;
}

const Found* WithCue(const std::vector<Found>& all, absl::string_view cue) {
  for (const Found& f : all) {
    if (f.cue == cue) return &f;
  }
  return nullptr;
}

Found Get(const std::vector<Found>& all, absl::string_view cue) {
  const Found* f = WithCue(all, cue);
  EXPECT_NE(f, nullptr) << cue;
  return f == nullptr ? Found{} : *f;
}

void ExpectOnly(absl::string_view body, absl::string_view cue,
                absl::string_view source, absl::string_view content) {
  const auto found = Attributions(absl::StrCat(kHead, body));
  ASSERT_EQ(found.size(), 1u) << body;
  EXPECT_EQ(found[0].cue, cue);
  EXPECT_EQ(found[0].source, source);
  EXPECT_EQ(found[0].content, content);
}

Found Of(absl::string_view body, absl::string_view cue) {
  return Get(Attributions(absl::StrCat(kHead, body)), cue);
}

std::string ContentOf(absl::string_view body, absl::string_view cue) {
  return Of(body, cue).content;
}

void ExpectNone(absl::string_view body) {
  EXPECT_THAT(Attributions(absl::StrCat(kHead, body)), ::testing::IsEmpty())
      << body;
}

RulesOver::RulesOver(absl::string_view text)
    : t_(Tokenize(text)), d_(t_), rules_(d_, entities_) {}

uint32_t RulesOver::At(absl::string_view word, int nth) const {
  for (uint32_t k = 0; k < t_.tokens.size(); ++k) {
    if (t_.Text(t_.tokens[k]) == word && nth-- == 0) return k;
  }
  ADD_FAILURE() << "no token " << word;
  return 0;
}

std::string RulesOver::Text(Range r) const {
  if (r.empty()) return "";
  const auto [b, e] = rules_.Bytes(r);
  return std::string(t_.text.substr(b, e - b));
}

}  // namespace docpipe::annotate::attributions
