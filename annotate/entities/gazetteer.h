// Names known in advance: countries and subdivisions (from Debian's
// iso-codes), cities, regions, organisations and nationalities (from
// data/gazetteer.tsv), and the word lists the entity rules read (titles,
// organisation and place head words). Matched over the token stream,
// case-insensitively, longest first.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_GAZETTEER_H_
#define DOCPIPE_ANNOTATE_ENTITIES_GAZETTEER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/tokenizer.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate::entities {

struct GazetteerEntry {
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  std::string id;         // "north_korea"
  std::string canonical;  // the first name listed: "North Korea"
  bool country = false;   // an ISO 3166-1 country (or listed as COUNTRY)
};

// Per-token labels the tagger reads as features: 0 = none, otherwise
// 2 * type + (1 if inside a match, 0 if it begins one), with type a
// v1::EntityType for entries and kTitle.. for word lists.
enum GazetteerWord : uint8_t { kTitle = 6, kOrgHead = 7, kLocHead = 8 };

// Immutable after construction; all methods const and thread-safe.
class Gazetteer {
 public:
  // The embedded data. Built once on first use.
  static const Gazetteer& Default();
  // INVALID_ARGUMENT naming the line on a malformed line.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Parse(
      absl::string_view tsv);

  // The longest entry whose name equals tokens [i, i + *len) with i < end,
  // or nullptr. The first token must start with a capital letter (or any
  // non-ASCII letter), so "turkey" the bird is no country.
  const GazetteerEntry* Match(const TokenizedText& t, size_t i, size_t end,
                              size_t* len) const;
  // The entry named by one word ("Saab"), case-insensitively, or nullptr.
  const GazetteerEntry* MatchWord(absl::string_view word) const;
  // By id; nullptr when unknown.
  const GazetteerEntry* Find(absl::string_view id) const;

  bool IsTitle(absl::string_view lower) const {
    return titles_.contains(lower);
  }
  bool IsOrgHead(absl::string_view lower) const {
    return org_heads_.contains(lower);
  }
  bool IsLocHead(absl::string_view lower) const {
    return loc_heads_.contains(lower);
  }
  // An English word the dictionary spells only in lower case ("since").
  bool IsCommon(absl::string_view lower) const {
    return common_.contains(lower);
  }

  // A one-word club name that is also a place or a word ("Portsmouth",
  // "Arsenal"): the club only in a document about sport.
  bool IsClubPlace(absl::string_view lower) const {
    return club_places_.contains(lower);
  }
  // A musical group's name (lower case, as NormalizedName writes it) that
  // is also a word or a person's ("Muse", "Iron Maiden"): the group only
  // where the tagger saw a name, in a document about music.
  bool IsBand(absl::string_view name) const { return bands_.contains(name); }
  // A brand's or a company's name of the same kind ("Jaguar", "Opel"): the
  // company only where the tagger saw a person or a place.
  bool IsBrand(absl::string_view name) const { return brands_.contains(name); }
  // The last word of an event's or an award's name ("Awards", "Festival"):
  // not one of the five types.
  bool IsEventHead(absl::string_view lower) const {
    return event_heads_.contains(lower);
  }
  // The last word of a facility's name ("Stadium", "Square", "Hotel"):
  // buildings, roads and grounds are none of the five types (OntoNotes
  // FAC).
  bool IsFacilityHead(absl::string_view lower) const {
    return facility_heads_.contains(lower);
  }
  // Capitalized words that are no names: genres, festivals, common
  // acronyms ("R&B", "Christmas", "TV").
  bool IsNotName(absl::string_view lower) const {
    return not_names_.contains(lower);
  }

  // Labels tokens [begin, end) of `t` (see GazetteerWord) into out.
  void Label(const TokenizedText& t, const std::vector<uint32_t>& tokens,
             std::vector<uint8_t>* out) const;

  size_t size() const { return entries_.size(); }

 private:
  Gazetteer() = default;
  std::vector<GazetteerEntry> entries_;
  absl::flat_hash_map<std::string, size_t> by_id_;
  // Normalized name ("north korea", "indo-pacific") -> entry index.
  absl::flat_hash_map<std::string, size_t> names_;
  // A name's first word -> the most tokens of a name starting with it.
  absl::flat_hash_map<std::string, size_t> first_words_;
  absl::flat_hash_set<std::string> titles_, org_heads_, loc_heads_, common_,
      club_places_, event_heads_, not_names_, facility_heads_, bands_, brands_;
};

// A capital first letter, or a non-ASCII first letter (scripts without
// case, accented capitals): how a name starts.
bool StartsCapital(absl::string_view text);

// Tokens [i, i + n) of t as the gazetteer keys them: lower-case, one space
// where the text has any, nothing where tokens touch ("indo-pacific").
std::string NormalizedName(const TokenizedText& t, size_t i, size_t n);
// Same for arbitrary text.
std::string NormalizedName(absl::string_view text);

}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_ENTITIES_GAZETTEER_H_
