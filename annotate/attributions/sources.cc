// Sources: the subject phrase before a cue (past auxiliaries, asides
// between dashes, appositives and titles set off by commas), the phrase
// after it, the source a secondary verb shares, and the source's entity.
#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "annotate/attributions/attributions_internal.h"

namespace docpipe::annotate::attributions {
namespace {

// A person before an organisation before a place.
int Rank(const v1::Annotation& a) {
  switch (a.entity().type()) {
    case v1::ENTITY_TYPE_PERSON:
      return 0;
    case v1::ENTITY_TYPE_ORG:
      return 1;
    case v1::ENTITY_TYPE_GPE:
      return 2;
    case v1::ENTITY_TYPE_LOC:
      return 3;
    default:
      return 4;
  }
}

// The best-ranked entity inside bytes [b, e), the first of equals; null
// when there is none.
const v1::Annotation* BestEntity(
    const std::vector<const v1::Annotation*>& entities, uint32_t b,
    uint32_t e) {
  const v1::Annotation* best = nullptr;
  for (const v1::Annotation* a : entities) {
    if (a->span().begin() < b || a->span().end() > e) continue;
    // A nationality is no source: "the German foundation".
    if (a->entity().type() == v1::ENTITY_TYPE_NORP) continue;
    if (best == nullptr || Rank(*a) < Rank(*best)) best = a;
  }
  return best;
}

}  // namespace

Range Rules::SubjectBefore(uint32_t end, uint32_t sentence_begin) const {
  uint32_t e = end;
  while (e > sentence_begin && IsVerbSatellite(Lower(e - 1))) --e;
  // "Kall -- co-editor of Debating The Donald, a book ... -- said": an
  // aside between dashes is the subject's, and the subject is before it.
  uint32_t aside = e;
  if (e > sentence_begin && Dash(e - 1)) {
    uint32_t k = e - 1;
    while (k > sentence_begin && Dash(k - 1)) --k;  // "--"
    for (uint32_t j = k; j > sentence_begin && k - j < 25; --j) {
      if (Dash(j - 1) && !IsQuote(Word(j - 1))) {
        aside = j - 1;
        while (aside > sentence_begin && Dash(aside - 1)) --aside;
        break;
      }
      if (IsQuote(Word(j - 1))) break;
    }
  }
  uint32_t b = aside;
  while (b > sentence_begin) {
    const uint32_t k = b - 1;
    const absl::string_view w = Word(k);
    if (IsQuote(w) || w == "," || w == ";" || w == ":" || Dash(k) ||
        ClauseBreak(Lower(k))) {
      break;
    }
    b = k;
    if (aside - b > 20) break;
  }
  if (b == aside && aside < e) return {};  // nothing before the aside
  // "- and he says": the coordinator is not the subject's.
  if (b + 1 < e && OneOf(Lower(b), {"and", "but", "or", "yet"})) ++b;
  return Trim({b, e});
}

Range Rules::AppositiveSubject(uint32_t cue_b, uint32_t sb) const {
  if (cue_b < sb + 2 || !Comma(cue_b - 1) ||
      absl::EndsWith(Lower(cue_b), "ing")) {
    return {};
  }
  const uint32_t comma = cue_b - 1;
  auto boundary = [&](uint32_t k) {
    return Comma(k) || IsQuote(Word(k)) || Word(k) == ";" || Lower(k) == "that";
  };
  uint32_t b = comma;
  while (b > sb && !boundary(b - 1)) --b;
  // A relative clause may be longer than a title: "BT Openzone, which
  // operates a vast proportion of public hotspots in the UK, told".
  const bool relative = OneOf(Lower(b), {"who", "which", "whose"});
  if (b == comma || comma - b > (relative ? 16 : 6) || b <= sb + 1 ||
      !Comma(b - 1)) {
    return {};
  }
  // The head the second phrase stands beside, back over the comma before
  // it: without one ("Growth hit Germany, said ...") it is no appositive.
  uint32_t h = b - 1;
  while (h > sb && !boundary(h - 1)) --h;
  if (h == b - 1 || b - 1 - h > 12) return {};
  // "Prosecutors, who have indicted 19 people in Newark, New Jersey,
  // estimate": the relative clause's own commas; its head is before it.
  if (OneOf(Lower(h), {"who", "which", "whose"}) && h > sb + 1 &&
      Comma(h - 1)) {
    uint32_t g = h - 1;
    while (g > sb && !boundary(g - 1)) --g;
    if (g < h - 1 && h - 1 - g <= 6) h = g;
  }
  // A coordinator opening the sentence is not the subject's: "But
  // Graham Cluley, senior consultant at Sophos, told".
  if (OneOf(Lower(h), {"but", "and", "so", "yet", "or"})) ++h;
  // "Analysts, however, pointed to": an adverb set off, not a title.
  if (comma - b == 1 && absl::ascii_islower(static_cast<uint8_t>(Word(b)[0]))) {
    return Trim({h, b - 1});
  }
  // One of the two is a name: the second ends in one ("..., Matthew
  // Bryza,"), or the head is one ("Smith, the finance minister,").
  auto capital = [&](uint32_t k) {
    return absl::ascii_isupper(static_cast<uint8_t>(Word(k)[0]));
  };
  bool head_is_name = b - 1 - h <= 4;
  for (uint32_t k = h; k < b - 1 && head_is_name; ++k) {
    head_is_name = capital(k) || Word(k) == ".";
  }
  if (!capital(comma - 1) && !head_is_name) return {};
  return Trim({h, comma});
}

Range Rules::Subject(const CueSite& c) const {
  const Range r = SubjectBefore(c.cue.b, c.sb);
  return r.empty() ? c.appositive : r;
}

Range Rules::PhraseAfter(uint32_t begin, uint32_t sentence_end) const {
  uint32_t e = begin;
  while (e < sentence_end && !Comma(e) && Word(e) != ":" && !IsQuote(Word(e)) &&
         Word(e) != ";" && e - begin < 24) {
    ++e;
  }
  return Trim({begin, e});
}

void Rules::ShareSource(Frame* f, std::vector<Frame>& before) const {
  if (!f->source.empty() || before.empty()) return;
  Frame& p = before.back();
  if (p.sentence != f->sentence) return;
  f->source = p.source;
  f->entity = p.entity;
  if (p.content.b < f->cue.b && p.content.e > f->cue.b) {
    uint32_t e = f->cue.b;
    // "A, analysts said, adding ...": A, without its own frame.
    const uint32_t frame_b =
        p.source.empty() ? p.cue.b : std::min(p.source.b, p.cue.b);
    if (frame_b > p.content.b && frame_b < e) e = frame_b;
    while (e > p.content.b && (Punct(e - 1) || Lower(e - 1) == "and")) --e;
    p.content.e = e;
  }
}

void Rules::LinkSource(Frame* f, const std::vector<Frame>& before) const {
  if (!f->entity.empty()) return;
  if (f->source.empty()) {
    if (!before.empty()) f->entity = before.back().entity;
    return;
  }
  const auto [b, e] = Bytes(f->source);
  if (const v1::Annotation* best = BestEntity(entities_, b, e)) {
    f->entity = best->entity().entity_id();
    return;
  }
  if (std::string id = Describe(f->source); !id.empty()) {
    f->entity = std::move(id);
    return;
  }
  const absl::string_view first = Lower(f->source.b);
  const bool person = OneOf(first, {"he", "she", "him", "her", "his"});
  const bool refers =
      person || OneOf(first, {"they", "them", "their", "it", "its", "the",
                              "this", "these", "those"});
  if (!refers) return;
  for (auto it = before.rbegin(); it != before.rend(); ++it) {
    if (it->entity.empty()) continue;
    if (person && !IsPerson(it->entity)) continue;
    f->entity = it->entity;
    return;
  }
}

std::string Rules::Describe(Range source) const {
  if (source.empty() || source.e - source.b > 4) return "";
  // Works whose author is their source, organisations' head words, and
  // people's roles.
  static const auto* works = new absl::flat_hash_set<absl::string_view>{
      "report", "study", "analysis", "survey", "paper", "research",
      "assessment", "review", "document", "findings", "estimate", "estimates"};
  static const auto* outlets = new absl::flat_hash_set<absl::string_view>{
      "publication", "newspaper", "outlet", "broadcaster", "magazine",
      "channel", "agency", "daily"};
  static const auto* roles = new absl::flat_hash_set<absl::string_view>{
      "minister", "ambassador", "president", "spokesman", "spokeswoman",
      "official", "author", "analyst", "expert", "researcher", "leader",
      "secretary", "chairman", "director", "chief", "he", "she"};
  const absl::string_view first = Lower(source.b);
  const absl::string_view head = Lower(source.e - 1);
  const bool definite = OneOf(first, {"the", "this", "that"});
  const bool possessive = OneOf(first, {"her", "his"});
  if (!definite && !possessive && source.e - source.b > 1) return "";
  const uint32_t before = Bytes(source).first;
  // The last mention before the source that `pick` accepts.
  auto last = [&](auto pick) -> std::string {
    const v1::Annotation* found = nullptr;
    for (const v1::Annotation* a : entities_) {
      if (a->span().end() <= before && pick(*a)) found = a;
    }
    return found == nullptr ? "" : found->entity().entity_id();
  };
  auto typed = [](v1::EntityType type) {
    return [type](const v1::Annotation& a) { return a.entity().type() == type; };
  };
  if (possessive || roles->contains(head)) {
    return last(typed(v1::ENTITY_TYPE_PERSON));
  }
  if (!definite) return "";
  if (works->contains(head)) {
    // "a study by the German Friedrich Naumann Foundation": the entity
    // after the last "<work> by/from/of" before the source.
    const v1::Annotation* author = nullptr;
    for (uint32_t k = 0; k + 1 < source.b; ++k) {
      if (!works->contains(Lower(k)) ||
          !OneOf(Lower(k + 1), {"by", "from", "of"})) {
        continue;
      }
      const uint32_t from = Bytes({k + 1, k + 2}).second;
      for (const v1::Annotation* a : entities_) {
        const uint32_t gap = a->span().begin() - from;
        if (a->span().begin() >= from && gap <= 12 &&
            a->entity().type() != v1::ENTITY_TYPE_NORP &&
            a->entity().type() != v1::ENTITY_TYPE_GPE) {
          author = a;
          break;
        }
      }
    }
    return author == nullptr ? "" : author->entity().entity_id();
  }
  if (outlets->contains(head)) return last(typed(v1::ENTITY_TYPE_ORG));
  // "the foundation", "the ministry": the last organisation so named.
  return last([&](const v1::Annotation& a) {
    if (a.entity().type() != v1::ENTITY_TYPE_ORG) return false;
    const std::string name = absl::AsciiStrToLower(t_.text.substr(
        a.span().begin(), a.span().end() - a.span().begin()));
    return head.size() > 3 && absl::StrContains(name, head);
  });
}

bool Rules::IsPerson(const std::string& id) const {
  for (const v1::Annotation* a : entities_) {
    if (a->entity().entity_id() == id) {
      return a->entity().type() == v1::ENTITY_TYPE_PERSON;
    }
  }
  return false;
}

}  // namespace docpipe::annotate::attributions
