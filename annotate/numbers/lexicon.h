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
  size_t operator()(absl::string_view w) const {
    // The first and the last (up to) eight bytes and the length: enough to
    // tell the lexicon's words apart; equal hashes are compared in full.
    uint64_t a = 0, b = 0;
    const size_t n = w.size();
    if (n >= 8) {
      std::memcpy(&a, w.data(), 8);
      std::memcpy(&b, w.data() + n - 8, 8);
    } else if (n > 0) {  // an empty view's data() may be null
      std::memcpy(&a, w.data(), n);
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

struct Qualifier {
  std::vector<std::string> words;  // lower-case tokens, e.g. {"more", "than"}
  v1::Approx approx;
};

struct Lexicon {
  std::vector<Qualifier> qualifiers;      // longest first
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
};

// Built once, immutable, thread-safe.
const Lexicon& GetLexicon();

}  // namespace docpipe::annotate::numbers

#endif  // DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_
