#include "annotate/numbers/lexicon.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::numbers {

namespace {

struct CurrencyName {
  const char* form;
  const char* code;
};
struct UnitAlias {
  const char* alias;
  const char* unit;
};

#include "annotate/numbers/tables_data.inc"

// Adds `form` (lower-case text) to `map`, keyed by its first token.
template <typename V>
void AddPhrase(absl::string_view form, V value, PhraseMap<V>* map) {
  const TokenizedText t = Tokenize(form);
  if (t.tokens.empty()) return;
  Phrase<V> p;
  for (size_t i = 1; i < t.tokens.size(); ++i) {
    p.rest.emplace_back(t.Lower(t.tokens[i]));
    p.glued.push_back(!t.tokens[i].space_before);
  }
  p.value = std::move(value);
  auto& list = (*map)[t.Lower(t.tokens[0])];
  list.push_back(std::move(p));
  std::stable_sort(list.begin(), list.end(),
                   [](const Phrase<V>& a, const Phrase<V>& b) {
                     return a.rest.size() > b.rest.size();
                   });
}

void AddTables(Lexicon* l) {
  // Codes that are English words in capitals too ("TOP 40", "SOS").
  const WordSet words = {"all", "top", "cup", "mop", "sos", "bob", "pen",
                         "gel", "mad", "bam", "ern", "std", "ves"};
  for (const char* code : kIsoCodes) {
    std::string w = absl::AsciiStrToLower(code);
    if (!words.contains(w)) l->iso_codes[w] = code;
  }
  for (const auto& n : kCurrencyNames) {
    AddPhrase<std::string>(n.form, n.code, &l->currency_names);
  }
  for (const auto& n : kCurrencySubunits) {
    AddPhrase<std::string>(n.form, n.code, &l->currency_subunits);
  }
  for (const auto& s : kCurrencySigns) l->currency_signs[s.form] = s;
  for (const auto& u : kUnits) l->unit_info[u.unit] = u;
  for (const auto& a : kUnitAliases) {
    AddPhrase<std::string>(a.alias, a.unit, &l->unit_phrases);
    // One token, as the scanner reads most units; single letters ("m",
    // "g") are scales or names as often, read in context (units.cc).
    const absl::string_view w = a.alias;
    if (w.size() > 1 && Tokenize(w).tokens.size() == 1) {
      l->units[a.alias] = a.unit;
    }
  }
}

Lexicon* Build() {
  auto* l = new Lexicon;
  using v1::Approx;
  l->qualifiers = {
      {{"in", "excess", "of"}, v1::APPROX_AT_LEAST},
      {{"no", "less", "than"}, v1::APPROX_AT_LEAST},
      {{"no", "more", "than"}, v1::APPROX_AT_MOST},
      {{"more", "than"}, v1::APPROX_AT_LEAST},
      {{"at", "least"}, v1::APPROX_AT_LEAST},
      {{"at", "most"}, v1::APPROX_AT_MOST},
      {{"up", "to"}, v1::APPROX_AT_MOST},
      {{"as", "many", "as"}, v1::APPROX_AT_MOST},
      {{"as", "much", "as"}, v1::APPROX_AT_MOST},
      {{"less", "than"}, v1::APPROX_AT_MOST},
      {{"fewer", "than"}, v1::APPROX_AT_MOST},
      {{"an", "estimated"}, v1::APPROX_ABOUT},
      {{"about"}, v1::APPROX_ABOUT},
      {{"around"}, v1::APPROX_ABOUT},
      {{"approximately"}, v1::APPROX_ABOUT},
      {{"roughly"}, v1::APPROX_ABOUT},
      {{"some"}, v1::APPROX_ABOUT},
      {{"circa"}, v1::APPROX_ABOUT},
      {{"~"}, v1::APPROX_ABOUT},
      {{"over"}, v1::APPROX_AT_LEAST},
      {{"above"}, v1::APPROX_AT_LEAST},
      {{"under"}, v1::APPROX_AT_MOST},
      {{"below"}, v1::APPROX_AT_MOST},
      {{"nearly"}, v1::APPROX_AT_MOST},
      {{"almost"}, v1::APPROX_AT_MOST},
      {{"sub", "-"}, v1::APPROX_AT_MOST},  // "sub-$100"
      {{"just"}, v1::APPROX_EXACT},
      {{"only"}, v1::APPROX_EXACT},
      {{"exactly"}, v1::APPROX_EXACT},
  };
  // Comparatives: "greater than", "smaller or equal than", "equal to or
  // more than", "less than or equal to", ">=", "<".
  const std::pair<const char*, v1::Approx> comparatives[] = {
      {"greater", v1::APPROX_AT_LEAST}, {"larger", v1::APPROX_AT_LEAST},
      {"bigger", v1::APPROX_AT_LEAST},  {"higher", v1::APPROX_AT_LEAST},
      {"more", v1::APPROX_AT_LEAST},    {"less", v1::APPROX_AT_MOST},
      {"smaller", v1::APPROX_AT_MOST},  {"lower", v1::APPROX_AT_MOST},
      {"fewer", v1::APPROX_AT_MOST}};
  for (const auto& [c, approx] : comparatives) {
    const std::string w = c;
    if (w != "more" && w != "less" && w != "fewer") {
      l->qualifiers.push_back({{w, "than"}, approx});
    }
    l->qualifiers.push_back({{w, "than", "or", "equal", "to"}, approx});
    l->qualifiers.push_back({{w, "or", "equal", "than"}, approx});
    l->qualifiers.push_back({{w, "or", "equal", "to"}, approx});
    l->qualifiers.push_back({{"equal", "to", "or", w, "than"}, approx});
  }
  l->qualifiers.push_back(
      {{"at", "least", "or", "equal", "to"}, v1::APPROX_AT_LEAST});
  l->qualifiers.push_back(
      {{"at", "most", "or", "equal", "to"}, v1::APPROX_AT_MOST});
  // "equal to 5000 or less": the comparison is the trailing one's.
  for (const auto& eq : std::vector<std::vector<std::string>>{
           {"equal", "to"}, {"equals", "to"}, {"equaling", "to"}}) {
    l->qualifiers.push_back({eq, v1::APPROX_EXACT});
  }
  l->qualifiers.push_back({{">", "="}, v1::APPROX_AT_LEAST});
  l->qualifiers.push_back({{"<", "="}, v1::APPROX_AT_MOST});
  l->qualifiers.push_back({{">"}, v1::APPROX_AT_LEAST});
  l->qualifiers.push_back({{"<"}, v1::APPROX_AT_MOST});
  for (const auto& q : l->qualifiers) l->qualifier_starts.insert(q.words[0]);
  std::stable_sort(l->qualifiers.begin(), l->qualifiers.end(),
                   [](const Qualifier& a, const Qualifier& b) {
                     return a.words.size() > b.words.size();
                   });
  for (const auto& q : l->qualifiers) {
    l->qualifiers_by_start[q.words[0]].push_back(&q);
  }
  const char* units[] = {"zero",    "one",       "two",      "three",
                         "four",    "five",      "six",      "seven",
                         "eight",   "nine",      "ten",      "eleven",
                         "twelve",  "thirteen",  "fourteen", "fifteen",
                         "sixteen", "seventeen", "eighteen", "nineteen"};
  for (int i = 0; i < 20; ++i) l->units_words[units[i]] = i;
  l->units_words["nought"] = 0;
  l->units_words["naught"] = 0;
  const char* tens[] = {"twenty", "thirty",  "forty",  "fifty",
                        "sixty",  "seventy", "eighty", "ninety"};
  for (int i = 0; i < 8; ++i) l->tens_words[tens[i]] = 20 + 10 * i;
  l->scales = {{"hundred", 1e2},
               {"thousand", 1e3},
               {"k", 1e3},
               {"million", 1e6},
               {"millions", 1e6},
               {"m", 1e6},
               {"mn", 1e6},
               {"mln", 1e6},
               {"billion", 1e9},
               {"billions", 1e9},
               {"bn", 1e9},
               {"b", 1e9},
               {"trillion", 1e12},
               {"trillions", 1e12},
               {"tn", 1e12},
               {"thousands", 1e3},
               {"hundreds", 1e2},
               {"dozen", 12},
               {"bln", 1e9},
               {"tln", 1e12},
               {"mil", 1e6},
               // South Asian scales: "35 lakh rupees", "6 crore".
               {"lakh", 1e5},
               {"lakhs", 1e5},
               {"crore", 1e7},
               {"crores", 1e7}};
  const char* ord[] = {"first", "second", "third",    "fourth",
                       "fifth", "sixth",  "seventh",  "eighth",
                       "ninth", "tenth",  "eleventh", "twelfth"};
  for (int i = 0; i < 12; ++i) l->ordinals[ord[i]] = i + 1;
  const char* teens[] = {"thirteenth",  "fourteenth", "fifteenth", "sixteenth",
                         "seventeenth", "eighteenth", "nineteenth"};
  for (int i = 0; i < 7; ++i) l->ordinals[teens[i]] = 13 + i;
  const char* tens_ord[] = {"twentieth", "thirtieth", "fortieth",
                            "fiftieth",  "sixtieth",  "seventieth",
                            "eightieth", "ninetieth"};
  for (int i = 0; i < 8; ++i) l->ordinals[tens_ord[i]] = 20 + 10 * i;
  l->ordinals["hundredth"] = 100;
  l->ordinals["thousandth"] = 1e3;
  l->ordinals["millionth"] = 1e6;
  l->ordinals["billionth"] = 1e9;
  l->ordinals["trillionth"] = 1e12;
  l->ordinals["nineth"] = 9;  // a common misspelling
  // Denominators of spelled fractions ("two thirds", "a hundredth"); the
  // compound ones ("twenty-firsts") are read from tens + an ordinal.
  l->denominators = {
      {"half", 2},          {"halves", 2},        {"third", 3},
      {"thirds", 3},        {"quarter", 4},       {"quarters", 4},
      {"fourth", 4},        {"fourths", 4},       {"fifth", 5},
      {"fifths", 5},        {"sixth", 6},         {"sixths", 6},
      {"seventh", 7},       {"sevenths", 7},      {"eighth", 8},
      {"eighths", 8},       {"ninth", 9},         {"ninths", 9},
      {"tenth", 10},        {"tenths", 10},       {"twentieth", 20},
      {"twentieths", 20},   {"thirtieth", 30},    {"thirtieths", 30},
      {"fortieth", 40},     {"fortieths", 40},    {"fiftieth", 50},
      {"fiftieths", 50},    {"hundredth", 100},   {"hundredths", 100},
      {"thousandth", 1e3},  {"thousandths", 1e3}, {"millionth", 1e6},
      {"millionths", 1e6},  {"billionth", 1e9},   {"billionths", 1e9},
      {"trillionth", 1e12}, {"trillionths", 1e12}};
  // Dozens and their abbreviations in lists and orders ("3 dzs").
  l->dozens = {"dozen", "dozens", "dz", "dzs", "doz", "dozs"};
  l->currency_symbols = {
      {"$", "USD"},      {"us$", "USD"},    {"\u20AC", "EUR"},
      {"\u00A3", "GBP"}, {"\u20A9", "KRW"}, {"\u20BD", "RUB"},
      {"\u00A5", "JPY"}, {"usd", "USD"},    {"eur", "EUR"},
      {"gbp", "GBP"},    {"krw", "KRW"},    {"rub", "RUB"},
      {"jpy", "JPY"},    {"cny", "CNY"},    {"chf", "CHF"},
      {"a$", "AUD"},     {"c$", "CAD"},     {"\u20A1", "CRC"},
      {"\u20BE", "GEL"}, {"\u20AD", "LAK"}, {"\u20BF", "BTC"},
      {"\u20B9", "INR"}, {"\u20BA", "TRY"}, {"\u20B4", "UAH"},
      {"rmb", "CNY"}};
  l->currency_words = {{"dollar", "USD"},
                       {"dollars", "USD"},
                       {"euro", "EUR"},
                       {"euros", "EUR"},
                       {"pound", "GBP"},
                       {"pounds", "GBP"},
                       {"sterling", "GBP"},
                       {"won", "KRW"},
                       {"rouble", "RUB"},
                       {"roubles", "RUB"},
                       {"ruble", "RUB"},
                       {"rubles", "RUB"},
                       {"yen", "JPY"},
                       {"yuan", "CNY"},
                       {"renminbi", "CNY"},
                       {"usd", "USD"},
                       {"eur", "EUR"},
                       {"gbp", "GBP"},
                       {"krw", "KRW"},
                       {"rub", "RUB"},
                       {"francs", "CHF"},
                       {"franc", "CHF"},
                       {"rupee", "INR"},
                       {"rupees", "INR"},
                       {"lira", "TRY"},
                       {"rmb", "CNY"},
                       {"bitcoin", "BTC"},
                       {"bitcoins", "BTC"},
                       {"btc", "BTC"},
                       {"cny", "CNY"},
                       {"inr", "INR"},
                       {"try", "TRY"},
                       {"chf", "CHF"},
                       {"jpy", "JPY"},
                       {"aud", "AUD"},
                       {"cad", "CAD"},
                       {"hryvnia", "UAH"},
                       {"hryvnias", "UAH"},
                       {"\u5143", "CNY"},
                       // Currencies the euro replaced, in older business news.
                       {"markka", "FIM"},
                       {"markkaa", "FIM"},
                       {"peseta", "ESP"},
                       {"pesetas", "ESP"},
                       {"guilder", "NLG"},
                       {"guilders", "NLG"}};
  for (const auto& [word, code] : l->currency_words) {
    if (absl::AsciiStrToUpper(word) == code) l->currency_codes.insert(word);
  }
  // Units of time: a span of time ("three decades"), never glued on by a
  // hyphen ("a 10-year contract" is left as it was).
  l->time_units = {"year", "decade", "month",  "week",   "day",
                   "hour", "minute", "second", "century"};
  // Words after a glued "m" that make it metres, not millions: "a 508m
  // tall tower", "the 800m record", "a 60m title".
  l->length_context = {
      "tall",       "high",         "long",    "deep",   "wide",   "taller",
      "higher",     "longer",       "deeper",  "wider",  "track",  "above",
      "below",      "underground",  "race",    "record", "title",  "final",
      "hurdles",    "freestyle",    "relay",   "sprint", "runner", "man",
      "woman",      "champion",     "victory", "walk",   "run",    "butterfly",
      "backstroke", "breaststroke", "medley"};
  l->change_verbs = {
      "rose",      "rise",     "rises",     "risen",     "rising",
      "fell",      "fall",     "falls",     "fallen",    "falling",
      "increased", "increase", "increases", "decreased", "decrease",
      "decreases", "grew",     "grow",      "grown",     "growing",
      "dropped",   "drop",     "drops",     "jumped",    "jump",
      "climbed",   "climb",    "slipped",   "declined",  "decline",
      "cut",       "raised",   "raise",     "lowered",   "slowed",
      "soared",    "plunged",  "surged",    "slumped",   "eased",
      "up",        "down",     "changed",   "moved"};
  l->time_zones = {"gmt", "bst", "utc", "cet", "est", "edt",
                   "pst", "pdt", "cst", "ist", "jst"};
  l->rates = {{"annually", "year"},
              {"yearly", "year"},
              {"monthly", "month"},
              {"weekly", "week"},
              {"daily", "day"}};
  const char* months[] = {"january",   "february", "march",    "april",
                          "may",       "june",     "july",     "august",
                          "september", "october",  "november", "december"};
  for (int i = 0; i < 12; ++i) l->months[months[i]] = i + 1;
  l->months["jan"] = 1;
  l->months["feb"] = 2;
  l->months["aug"] = 8;
  l->months["sept"] = 9;
  l->months["oct"] = 10;
  l->months["nov"] = 11;
  l->months["dec"] = 12;
  l->name_words = {
      "article",  "no",    "chapter",  "section", "resolution", "paragraph",
      "part",     "room",  "flight",   "route",   "number",     "level",
      "phase",    "grade", "step",     "version", "season",     "episode",
      "page",     "vol",   "volume",   "item",    "rule",       "amendment",
      "protocol", "unit",  "division", "brigade", "regiment",   "battalion",
      "corps",    "army",  "squad",    "team",    "block",      "building",
      "highway",  "gate",  "line",     "row",     "seat",       "platform"};
  // Lower-case nouns a number labels ("beyond round four in eight
  // attempts"): the number is a name there, not a ratio's count.
  l->label_words = {"round", "stage", "day",   "game", "match",  "leg",
                    "hole",  "race",  "lap",   "set",  "week",   "heat",
                    "group", "pool",  "level", "page", "number", "no"};
  l->not_counted = {
      "of",     "to",   "and",    "or",    "in",      "on",      "at",
      "by",     "for",  "from",   "with",  "the",     "a",       "an",
      "per",    "than", "was",    "were",  "is",      "are",     "have",
      "has",    "had",  "who",    "that",  "which",   "percent", "more",
      "times",  "as",   "be",     "been",  "will",    "would",   "could",
      "can",    "may",  "might",  "must",  "should",  "shall",   "did",
      "do",     "does", "said",   "says",  "came",    "went",    "left",
      "stayed", "now",  "ago",    "later", "earlier", "before",  "after",
      "since",  "each", "apiece", "this",  "these",   "those",   "so",
      "but",    "if",   "when",   "while", "also",    "only",    "just",
      "still",  "then", "there",  "here",  "into",    "about",   "up",
      "down",   "out",  "over",   "under", "not",     "all",     "both",
      "last",   "next", "got",    "get",   "make",    "made"};
  l->pronoun_one_followers = {"should", "must",  "can",  "could", "would",
                              "may",    "might", "will", "shall", "cannot",
                              "does",   "doesn", "needs"};
  AddTables(l);
  return l;
}

}  // namespace

const Lexicon& GetLexicon() {
  static const Lexicon* lexicon = Build();
  return *lexicon;
}

}  // namespace docpipe::annotate::numbers
