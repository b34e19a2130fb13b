#include "annotate/entities/entities.h"

#include "absl/strings/ascii.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/linker.h"
#include "annotate/entities/tagger.h"

extern "C" {
// annotate/entities/model.S: the model file, embedded by the assembler.
extern const char docpipe_entities_model_begin[];
extern const char docpipe_entities_model_end[];
}

namespace docpipe::annotate {
namespace {

using entities::Gazetteer;
using entities::GazetteerEntry;
using entities::Mention;

bool StartsCapital(absl::string_view w) {
  return !w.empty() && (absl::ascii_isupper(static_cast<unsigned char>(w[0])) ||
                        static_cast<unsigned char>(w[0]) >= 0x80);
}

class EntitiesRecognizer final : public Recognizer {
 public:
  explicit EntitiesRecognizer(std::unique_ptr<entities::Tagger> tagger)
      : tagger_(std::move(tagger)), gazetteer_(Gazetteer::Default()) {}

  std::string name() const override { return "entities/1"; }

  void Recognize(const TokenizedText& t,
                 std::vector<v1::Annotation>* out) const override {
    std::vector<Mention> mentions;
    entities::Sentence s{&t, {}, {}};
    std::vector<uint8_t> tags;
    entities::DocHistory history;
    for (uint32_t k = 0; k <= t.tokens.size(); ++k) {
      if (k == t.tokens.size() || (t.tokens[k].sentence_start && k > 0)) {
        if (!s.tokens.empty()) {
          gazetteer_.Label(t, s.tokens, &s.gazetteer);
          tagger_->Tag(s, &history, &tags);
          TagSentence(s, tags, &mentions);
        }
        s.tokens.clear();
      }
      if (k < t.tokens.size()) s.tokens.push_back(k);
    }
    entities::LinkMentions(t, &mentions);
    for (const Mention& m : mentions) {
      v1::Annotation& a = out->emplace_back();
      a.mutable_span()->set_begin(t.tokens[m.begin].begin);
      a.mutable_span()->set_end(t.tokens[m.end - 1].end);
      auto* e = a.mutable_entity();
      e->set_type(m.type);
      e->set_entity_id(m.id);
      e->set_canonical_name(m.canonical);
      e->set_link_key(m.link_key);
      e->set_evidence(m.evidence);
    }
  }

 private:
  // Turns one sentence's tags into mentions of our types, and adds the
  // gazetteer's names the tagger left out.
  void TagSentence(const entities::Sentence& s,
                   const std::vector<uint8_t>& tags,
                std::vector<Mention>* out) const {
    const TokenizedText& t = *s.text;
    const size_t first = out->size();
    for (size_t i = 0; i < tags.size();) {
      if (tags[i] == entities::kO) {
        ++i;
        continue;
      }
      const int begin_tag = (tags[i] - 1) / 2 * 2 + 1;
      size_t j = i + 1;
      while (j < tags.size() && tags[j] == begin_tag + 1) ++j;
      AddSpan(t, s.tokens[i], s.tokens[j - 1] + 1, begin_tag, out);
      i = j;
    }
    // Gazetteer names no tagged span touches.
    const uint32_t end = s.tokens.back() + 1;
    for (uint32_t k = s.tokens.front(); k < end;) {
      size_t len = 0;
      const GazetteerEntry* e = gazetteer_.Match(t, k, end, &len);
      if (e == nullptr) {
        ++k;
        continue;
      }
      bool overlaps = false;
      for (size_t m = first; m < out->size(); ++m) {
        overlaps |= (*out)[m].begin < k + len && k < (*out)[m].end;
      }
      if (!overlaps) {
        out->push_back({k, static_cast<uint32_t>(k + len), e->type, e});
      }
      k += len;
    }
    std::sort(out->begin() + first, out->end(),
              [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  }

  // One tagged span [b, e) of CoNLL type begin_tag, after the boundary
  // rules: no leading titles or determiners, a nationality before an
  // organisation split off, the type mapped onto ours.
  void AddSpan(const TokenizedText& t, uint32_t b, uint32_t e, int begin_tag,
               std::vector<Mention>* out) const {
    size_t len = 0;
    // "The" stays only where it is part of a known name ("The Korea Herald").
    while (e - b > 1) {
      const absl::string_view lw = t.Lower(t.tokens[b]);
      const GazetteerEntry* whole = gazetteer_.Match(t, b, e, &len);
      if ((lw == "the" && !(whole && len == e - b)) || gazetteer_.IsTitle(lw)) {
        ++b;
        continue;
      }
      break;
    }
    // A possessive the tagger took in: "Korea's" -> "Korea".
    if (e - b > 2 && t.Lower(t.tokens[e - 1]) == "s" &&
        t.tokens[e - 2].kind == TokenKind::kPunct) {
      e -= 2;
    }
    if (!StartsCapital(t.Text(t.tokens[b]))) return;
    // "German Friedrich Naumann Foundation" -> NORP + ORG.
    if (begin_tag == entities::kBOrg) {
      const GazetteerEntry* lead = gazetteer_.Match(t, b, e, &len);
      if (lead && lead->type == v1::ENTITY_TYPE_NORP && len < e - b &&
          StartsCapital(t.Text(t.tokens[b + len]))) {
        out->push_back({b, static_cast<uint32_t>(b + len), lead->type, lead});
        b += len;
      }
    }
    const GazetteerEntry* known = gazetteer_.Match(t, b, e, &len);
    if (known && len != e - b) known = nullptr;
    v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
    if (known) {
      type = known->type;
    } else if (begin_tag == entities::kBPer) {
      type = v1::ENTITY_TYPE_PERSON;
    } else if (begin_tag == entities::kBOrg) {
      type = v1::ENTITY_TYPE_ORG;
    } else if (begin_tag == entities::kBLoc) {
      type = gazetteer_.IsLocHead(t.Lower(t.tokens[e - 1]))
                 ? v1::ENTITY_TYPE_LOC
                 : v1::ENTITY_TYPE_GPE;
    } else {
      return;  // MISC that is no known nationality or group
    }
    out->push_back({b, e, type, known});
  }

  std::unique_ptr<entities::Tagger> tagger_;
  const Gazetteer& gazetteer_;
};

}  // namespace

absl::string_view EmbeddedEntitiesModel() {
  return absl::string_view(
      docpipe_entities_model_begin,
      docpipe_entities_model_end - docpipe_entities_model_begin);
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewEntitiesRecognizer(
    absl::string_view model) {
  auto tagger = entities::Tagger::Load(model);
  if (!tagger.ok()) return tagger.status();
  return std::make_unique<EntitiesRecognizer>(*std::move(tagger));
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewEntitiesRecognizer() {
  return NewEntitiesRecognizer(EmbeddedEntitiesModel());
}

}  // namespace docpipe::annotate
