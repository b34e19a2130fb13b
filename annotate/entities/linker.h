// Entity linking inside one document: every mention gets a canonical id, a
// canonical name, the evidence for the decision, and a cross-document key
// the store resolves against the entities it already holds (see
// store/entity_index.h). Pure functions; thread-safe.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_LINKER_H_
#define DOCPIPE_ANNOTATE_ENTITIES_LINKER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/tokenizer.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate::entities {

struct Mention {
  uint32_t begin = 0, end = 0;  // token range [begin, end)
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  const GazetteerEntry* known = nullptr;  // the gazetteer's entry, if any
  // Filled by LinkMentions.
  std::string id, canonical, link_key, evidence;
};

// Links `mentions` (in text order) to each other and to the gazetteer:
// gazetteer names and aliases (DPRK = North Korea), an abbreviation in
// brackets after a name ("... for Freedom (FNF)"), initials of an earlier
// organisation, a short form of an earlier name (Guseinova after Olena
// Guseinova; "Foundation" after a foundation's full name), a prefix or
// extension of an earlier organisation's name. Anything else is a new
// entity whose id is its name's slug.
void LinkMentions(const TokenizedText& text, std::vector<Mention>* mentions);

// A spelling-insensitive key for a name, so transliteration variants meet:
// accents folded, then letters that transliterations swap merged (g/h/kh,
// c/k/q, v/w, every vowel and y), "ng" -> "n", repeats collapsed, spaces
// dropped. "Olena Guseinova" and "Elena Huseynova" -> "alanahasanava";
// "Wi Song Lak", "Wi Son Lak" and "Wi Sunglac" -> "vasanlak".
std::string NameKey(absl::string_view name);

// "Friedrich Naumann Foundation" -> "friedrich_naumann_foundation".
std::string Slug(absl::string_view name);

}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_ENTITIES_LINKER_H_
