// The recognizer: per line, a layout frame (attributions_internal.h,
// Rules::LineFrame) or the tagger's cues in each sentence and their
// frames; then the frames as annotations.
#include "annotate/attributions/attributions.h"

#include <string>
#include <vector>

#include "annotate/attributions/attributions_internal.h"
#include "annotate/attributions/cues.h"

extern "C" const char docpipe_cue_model_begin[];
extern "C" const char docpipe_cue_model_end[];

namespace docpipe::annotate {
namespace {

using attributions::CueTagger;
using attributions::Discourse;
using attributions::Frame;
using attributions::Range;
using attributions::Rules;

// Each frame with content as an attribution annotation into `out`.
void WriteFrames(const Rules& rules, const std::vector<Frame>& frames,
                 std::vector<v1::Annotation>* out) {
  for (const Frame& f : frames) {
    // A later secondary verb may have cut this content to nothing.
    if (f.content.empty()) continue;
    v1::Annotation& a = out->emplace_back();
    const auto [cb, ce] = rules.Bytes(f.cue);
    a.mutable_span()->set_begin(cb);
    a.mutable_span()->set_end(ce);
    auto* at = a.mutable_attribution();
    if (!f.source.empty()) {
      const auto [sb, se] = rules.Bytes(f.source);
      at->mutable_source()->set_begin(sb);
      at->mutable_source()->set_end(se);
    }
    at->set_source_entity_id(f.entity);
    const auto [tb, te] = rules.Bytes(f.content);
    at->mutable_content()->set_begin(tb);
    at->mutable_content()->set_end(te);
  }
}

class AttributionsRecognizer final : public Recognizer {
 public:
  explicit AttributionsRecognizer(std::unique_ptr<CueTagger> tagger)
      : tagger_(std::move(tagger)) {}
  std::string name() const override { return "attributions/1"; }

  void Recognize(const TokenizedText& t,
                 std::vector<v1::Annotation>* out) const override {
    const Discourse d(t);
    // Into *out: valid until the frames are written below.
    std::vector<const v1::Annotation*> entities;
    for (const v1::Annotation& a : *out) {
      if (a.has_entity()) entities.push_back(&a);
    }
    const Rules rules(d, entities);
    std::vector<Frame> frames;
    std::vector<uint8_t> tags;
    for (size_t li = 0; li < d.lines.size(); ++li) {
      const auto [first, end] = d.lines[li];
      // The document's first line is its headline.
      Frame line_frame;
      if (li > 0 &&
          rules.LineFrame(d.sentences[first].first, d.sentences[end - 1].second,
                          first, &line_frame)) {
        rules.LinkSource(&line_frame, frames);
        frames.push_back(std::move(line_frame));
        continue;
      }
      for (uint32_t si = first; si < end; ++si) {
        Sentence(rules, d, si, &tags, &frames);
      }
    }
    WriteFrames(rules, frames, out);
  }

 private:
  // The tagger's cues in sentence `si` and their frames, into `frames`.
  void Sentence(const Rules& rules, const Discourse& d, uint32_t si,
                std::vector<uint8_t>* tags, std::vector<Frame>* frames) const {
    if (d.headline[si]) return;
    const auto [sb, se] = d.sentences[si];
    tagger_->Tag(d, si, tags);
    attributions::AddCuesOnForm(rules, d, sb, se, tags);
    for (auto [b, e] : attributions::CueRuns(sb, *tags)) {
      Range cue = attributions::CueWords(rules, {b, e}, sb, se);
      // One attribution per cue: runs trimmed to the same words merge.
      if (cue.empty() || (!frames->empty() && frames->back().cue.e > cue.b)) {
        continue;
      }
      Frame f = rules.Build(cue, si, *frames);
      rules.KeepInsideQuotation(&f, sb);
      if (f.content.empty() || attributions::Imperative(rules, f, sb)) continue;
      rules.LinkSource(&f, *frames);
      frames->push_back(std::move(f));
    }
  }

  std::unique_ptr<CueTagger> tagger_;
};

}  // namespace

absl::string_view EmbeddedCueModel() {
  return absl::string_view(docpipe_cue_model_begin,
                           docpipe_cue_model_end - docpipe_cue_model_begin);
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewAttributionsRecognizer(
    absl::string_view cue_model) {
  auto tagger = CueTagger::Load(cue_model);
  if (!tagger.ok()) return tagger.status();
  return std::make_unique<AttributionsRecognizer>(*std::move(tagger));
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewAttributionsRecognizer() {
  return NewAttributionsRecognizer(EmbeddedCueModel());
}

}  // namespace docpipe::annotate
