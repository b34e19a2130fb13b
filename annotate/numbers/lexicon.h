// The numbers layer's vocabulary as data: qualifiers, number words, scales,
// currencies, units, rates, months. Looked up by lower-case token text.
#ifndef DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_
#define DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate::numbers {

struct Qualifier {
  std::vector<std::string> words;  // lower-case tokens, e.g. {"more", "than"}
  v1::Approx approx;
};

struct Lexicon {
  std::vector<Qualifier> qualifiers;                     // longest first
  absl::flat_hash_map<std::string, double> units_words;  // one..nineteen
  absl::flat_hash_map<std::string, double> tens_words;   // twenty..ninety
  absl::flat_hash_map<std::string, double> scales;       // thousand, m, bn
  absl::flat_hash_map<std::string, int> ordinals;        // first, third
  absl::flat_hash_map<std::string, std::string> currency_symbols;  // $ -> USD
  absl::flat_hash_map<std::string, std::string> currency_words;    // won -> KRW
  absl::flat_hash_set<std::string> currency_codes;  // usd: words that are codes
  absl::flat_hash_map<std::string, std::string> units;  // tonnes -> ton
  absl::flat_hash_map<std::string, std::string> rates;  // annually -> year
  absl::flat_hash_map<std::string, int> months;         // october -> 10
  absl::flat_hash_set<std::string> name_words;  // Article 5, No. 3: not numbers
  absl::flat_hash_set<std::string>
      not_counted;  // words that are no counted noun
  absl::flat_hash_set<std::string>
      pronoun_one_followers;  // "one should": the pronoun, not a number
};

// Built once, immutable, thread-safe.
const Lexicon& GetLexicon();

}  // namespace docpipe::annotate::numbers

#endif  // DOCPIPE_ANNOTATE_NUMBERS_LEXICON_H_
