// The numbers layer's vocabulary as data: qualifiers, number words, scales,
// currencies, units, rates, months. Looked up by lower-case token text.
#ifndef DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_
#define DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate::numbers {

// The hash of the lexicon's tables: words are short, so two 8-byte loads
// and one 128-bit multiply do; absl's general string hash was a twentieth
// of the layer's time. Transparent: looked up by string_view.
struct WordHash {
  using is_transparent = void;
  // The n < 8 bytes at p as one little-endian word, high bytes zero (what
  // memcpy(&a, p, n) gives), from two overlapping fixed-size loads: a
  // memcpy of a variable length is a library call per lookup.
  static uint64_t LoadShort(const char* p, size_t n) {
    if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return lo | (static_cast<uint64_t>(hi) >> (8 * (8 - n))) << 32;
    }
    if (n >= 2) {
      uint16_t lo, hi;
      std::memcpy(&lo, p, 2);
      std::memcpy(&hi, p + n - 2, 2);
      return lo | (static_cast<uint64_t>(hi) >> (8 * (4 - n))) << 16;
    }
    // An empty view's data() may be null.
    return n == 1 ? static_cast<unsigned char>(p[0]) : 0;
  }
  size_t operator()(absl::string_view w) const {
    // The first and the last (up to) eight bytes and the length: enough to
    // tell the lexicon's words apart; equal hashes are compared in full.
    uint64_t a = 0, b = 0;
    const size_t n = w.size();
    if (n >= 8) {
      std::memcpy(&a, w.data(), 8);
      std::memcpy(&b, w.data() + n - 8, 8);
    } else {
      a = LoadShort(w.data(), n);
    }
    const unsigned __int128 m =
        static_cast<unsigned __int128>(a ^ 0x9E3779B97F4A7C15ull) *
        (b ^ 0xC2B2AE3D27D4EB4Full ^ n);
    return static_cast<size_t>(static_cast<uint64_t>(m) ^
                               static_cast<uint64_t>(m >> 64));
  }
};
struct WordEq {
  using is_transparent = void;
  bool operator()(absl::string_view a, absl::string_view b) const {
    return a == b;
  }
};
template <typename V>
using WordMap = absl::flat_hash_map<std::string, V, WordHash, WordEq>;
using WordSet = absl::flat_hash_set<std::string, WordHash, WordEq>;

// A phrase of one or more tokens ("danish crowns", "pound-feet", "km/h"),
// found by its first token's lower-case text: the rest of its tokens, and
// for each whether it is glued to the one before ("-", "/") or spaced.
template <typename V>
struct Phrase {
  std::vector<std::string> rest;
  std::vector<bool> glued;
  V value;
};
// First token -> phrases starting with it, longest first.
template <typename V>
using PhraseMap = WordMap<std::vector<Phrase<V>>>;

// A unit of the registry (data/units.tsv): what it measures and how many
// of its dimension's base unit it is (0: no linear conversion).
struct UnitInfo {
  const char* unit;
  const char* dimension;
  double factor;
  const char* base;
};

// A currency sign before an amount (data/currencies.tsv): "hk$", "rm".
struct CurrencySign {
  const char* form;
  const char* code;
  bool spaced;  // may stand apart from the digits: "Rs 500"
};

struct Qualifier {
  std::vector<std::string> words;  // lower-case tokens, e.g. {"more", "than"}
  v1::Approx approx;
};

struct Lexicon {
  std::vector<Qualifier> qualifiers;  // longest first
  WordSet qualifier_starts;           // their first words
  // First word -> the qualifiers it starts, in the order of `qualifiers`.
  WordMap<std::vector<const Qualifier*>> qualifiers_by_start;
  WordMap<double> units_words;            // one..nineteen
  WordMap<double> tens_words;             // twenty..ninety
  WordMap<double> scales;                 // thousand, m, bn
  WordMap<double> ordinals;               // first, third, millionth
  WordMap<double> denominators;           // thirds -> 3, hundredths -> 100
  WordSet dozens;                         // dozen, dozens, dz, dzs, doz
  WordMap<std::string> currency_symbols;  // $ -> USD
  WordMap<std::string> currency_words;    // won -> KRW
  WordSet currency_codes;                 // usd: words that are codes
  WordMap<std::string> units;             // tonnes -> ton
  WordSet time_units;                     // year, decade (unit names)
  WordSet length_context;      // "508m tall": a glued "m" is metres there
  WordSet change_verbs;        // "fell from 9% to 8%": a change, no range
  WordSet time_zones;          // "0227 GMT": a time of day
  WordMap<std::string> rates;  // annually -> year
  WordMap<int> months;         // october -> 10
  WordSet name_words;          // Article 5, No. 3: not numbers
  WordSet label_words;  // "round four", "day 3": a label, no ratio's count
  WordSet not_counted;  // words that are no counted noun
  WordSet pronoun_one_followers;  // "one should": the pronoun, not a number
  // Generated from ISO 4217 and data/*.tsv (tables_data.inc):
  WordMap<std::string> iso_codes;         // dkk -> DKK (upper case in the text)
  PhraseMap<std::string> currency_names;  // "danish crowns" -> DKK
  PhraseMap<std::string> currency_subunits;  // "sen" -> MYR (a hundredth)
  WordMap<CurrencySign> currency_signs;      // "hk$" -> HKD, glued form
  PhraseMap<std::string> unit_phrases;       // "pound-feet" -> pound-foot
  WordMap<UnitInfo> unit_info;               // "mile" -> length, 1609.344 m
};

// Built once, immutable, thread-safe.
const Lexicon& GetLexicon();

}  // namespace docpipe::annotate::numbers

#endif  // DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_
