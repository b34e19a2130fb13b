#include "annotate/engine.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "annotate/attributions/attributions.h"
#include "annotate/entities/entities.h"
#include "annotate/numbers/numbers.h"
#include "common/utf8.h"
#include "docpipe/v1/annotate.pb.h"

namespace docpipe::annotate {

LayerSet LayerSet::All() {
  LayerSet s;
  s.Add(Layer::kNumbers);
  s.Add(Layer::kEntities);
  s.Add(Layer::kAttributions);
  return s;
}

absl::StatusOr<LayerSet> LayerSet::Parse(absl::string_view csv) {
  csv = absl::StripAsciiWhitespace(csv);
  if (csv.empty() || csv == "all") return All();
  LayerSet s;
  for (absl::string_view name : absl::StrSplit(csv, ',', absl::SkipEmpty())) {
    name = absl::StripAsciiWhitespace(name);
    if (name == "numbers") {
      s.Add(Layer::kNumbers);
    } else if (name == "entities") {
      s.Add(Layer::kEntities);
    } else if (name == "attributions") {
      s.Add(Layer::kAttributions);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("layers: unknown layer \"", name,
                       "\" (numbers, entities, attributions or all)"));
    }
  }
  return s;
}

absl::StatusOr<LayerSet> LayerSet::FromProto(
    const google::protobuf::RepeatedField<int>& layers) {
  if (layers.empty()) return All();
  LayerSet s;
  for (int i = 0; i < layers.size(); ++i) {
    switch (layers[i]) {
      case v1::LAYER_NUMBERS:
        s.Add(Layer::kNumbers);
        break;
      case v1::LAYER_ENTITIES:
        s.Add(Layer::kEntities);
        break;
      case v1::LAYER_ATTRIBUTIONS:
        s.Add(Layer::kAttributions);
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat("layers[", i, "]: unknown layer ", layers[i]));
    }
  }
  return s;
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(const EngineOptions&) {
  std::unique_ptr<Engine> e(new Engine());
  e->recognizers_.emplace_back(Layer::kNumbers, NewNumbersRecognizer());
  auto entities = NewEntitiesRecognizer();
  if (!entities.ok()) return entities.status();
  e->recognizers_.emplace_back(Layer::kEntities, *std::move(entities));
  auto attributions = NewAttributionsRecognizer();
  if (!attributions.ok()) return attributions.status();
  e->recognizers_.emplace_back(Layer::kAttributions, *std::move(attributions));
  e->version_ = "docpipe/0.1";
  for (const auto& [layer, r] : e->recognizers_) {
    absl::StrAppend(&e->version_, " ", r->name());
  }
  return e;
}

absl::StatusOr<std::vector<v1::Annotation>> Engine::Annotate(
    absl::string_view text, const LayerSet& layers) const {
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    return absl::InvalidArgumentError(
        absl::StrCat("text: not valid UTF-8 at byte ", bad));
  }
  // One token buffer per thread, reused: a fresh one per text was two
  // large allocations an article and the page faults of touching them.
  thread_local TokenizedText scratch;
  Tokenize(text, &scratch);
  const TokenizedText& tokens = scratch;
  std::vector<v1::Annotation> out;
  // Attributions name their source's entity, so they need the entities
  // layer run before them even when the caller did not ask for it.
  LayerSet run = layers;
  if (layers.Has(Layer::kAttributions)) run.Add(Layer::kEntities);
  for (const auto& [layer, recognizer] : recognizers_) {
    if (!run.Has(layer)) continue;
    size_t first = out.size();
    recognizer->Recognize(tokens, &out);
    for (size_t i = first; i < out.size(); ++i) {
      auto* p = out[i].mutable_provenance();
      p->set_annotator(recognizer->name());
      p->set_annotator_version(version_);
    }
  }
  if (!layers.Has(Layer::kEntities)) {
    std::erase_if(out, [](const v1::Annotation& a) { return a.has_entity(); });
  }
  auto by_span = [](const v1::Annotation& a, const v1::Annotation& b) {
    return std::make_tuple(a.span().begin(), a.span().end(),
                           static_cast<int>(a.body_case())) <
           std::make_tuple(b.span().begin(), b.span().end(),
                           static_cast<int>(b.body_case()));
  };
  // One layer's output is in order already (the numbers layer's always):
  // then the sort's buffer and moves are skipped.
  if (!std::is_sorted(out.begin(), out.end(), by_span)) {
    std::stable_sort(out.begin(), out.end(), by_span);
  }
  int n = 0, e = 0, a = 0;
  for (auto& ann : out) {
    if (ann.has_entity()) {
      ann.set_id(absl::StrCat("e", ++e));
    } else if (ann.has_attribution()) {
      ann.set_id(absl::StrCat("a", ++a));
    } else {
      ann.set_id(absl::StrCat("n", ++n));
    }
  }
  return out;
}

}  // namespace docpipe::annotate
