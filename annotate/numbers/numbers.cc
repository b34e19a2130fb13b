// A left-to-right scanner over the token stream. At each token it tries,
// in order: a date, then [qualifier] amount [unit|currency|percent]
// [range] [rate] [counted noun]. Small composable matchers, each reading the
// vocabulary of lexicon.cc; the first match wins and the scan resumes after
// it.
#include "annotate/numbers/numbers.h"

#include <array>
#include <bitset>
#include <cmath>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "annotate/numbers/lexicon.h"

namespace docpipe::annotate {
namespace {

using numbers::GetLexicon;
using numbers::Lexicon;
using numbers::WordMap;
using numbers::WordSet;

// Letters before "$" that name the dollar: "US$", "C$", "HK$", "MXN$".
const WordMap<std::string>& DollarPrefixes() {
  static const auto* prefixes = new WordMap<std::string>{
      {"us", "USD"},  {"u.s", "USD"}, {"c", "CAD"},  {"hk", "HKD"},
      {"nz", "NZD"},  {"a", "AUD"},   {"s", "SGD"},  {"usd", "USD"},
      {"mxn", "MXN"}, {"mex", "MXN"}, {"mx", "MXN"}, {"aud", "AUD"},
      {"au", "AUD"},  {"cad", "CAD"}, {"ca", "CAD"}, {"nzd", "NZD"},
      {"sgd", "SGD"}, {"hkd", "HKD"}};
  return *prefixes;
}

// How an amount's value changes with what follows it: subunits scale it
// ("50 cents" = 0.50 USD) or add to it ("3 dollars 50 cents").
struct Subunits {
  double factor = 1;
  double plus = 0;
};

// An amount: [currency symbol] core [scale...], tokens [begin, end).
struct Amount {
  size_t begin = 0, end = 0;
  double value = 0;
  bool scaled = false;    // a scale word applied
  double last_scale = 1;  // the last scale word's value ("million": 1e6)
  bool vague = false;     // "hundreds of"
  bool words = false;     // spelled out ("two")
  std::string currency;
  bool is_half = false;
  bool ordinal = false;  // a spelled ordinal: "twenty-first"
};

class Scanner {
 public:
  explicit Scanner(const TokenizedText& t)
      : t_(t),
        lx_(GetLexicon()),
        // Most texts have no URL; then no token needs the check.
        has_url_(absl::StrContains(t.text, "://") ||
                 absl::StrContains(t.lowered, "www.")) {}

  size_t size() const { return t_.tokens.size(); }
  const Token& tok(size_t i) const { return t_.tokens[i]; }
  absl::string_view low(size_t i) const {
    return i < size() ? t_.Lower(t_.tokens[i]) : absl::string_view();
  }
  bool adjacent(size_t i) const {  // token i touches token i-1
    return i < size() && i > 0 && !tok(i).space_before;
  }
  bool IsNumber(size_t i) const {
    return i < size() && tok(i).kind == TokenKind::kNumber;
  }

  // Value of a digit token: "600,000" -> 600000, "5.5" -> 5.5, Indian
  // "12,34,567" -> 1234567. A single comma that cannot group thousands (not
  // three digits after it, nor a dot) is a decimal comma: "5,00" -> 5,
  // "1.111,11" -> 1111.11. Several with no group of three last are a list
  // ("22,24,26"), no one value.
  std::optional<double> DigitValue(size_t i) const {
    if (!IsNumber(i)) return std::nullopt;
    const absl::string_view w = low(i);
    double v = 0;
    const size_t comma = w.rfind(',');
    if (comma == absl::string_view::npos) {  // most tokens: no copy
      if (!absl::SimpleAtod(w, &v)) return std::nullopt;
      return v;
    }
    // Into a stack buffer, not a string: this runs several times per number.
    char buf[64];
    if (w.size() >= sizeof(buf)) return std::nullopt;
    size_t n = 0;
    bool dot = false;
    const bool decimal_comma = w.find('.', comma) == absl::string_view::npos &&
                               w.size() - comma - 1 != 3;
    if (decimal_comma && w.find(',') != comma) {
      return std::nullopt;  // "22,24,26"
    }
    for (size_t j = 0; j < w.size(); ++j) {
      const char c = w[j];
      if (c == ',') {
        if (j != comma || !decimal_comma) continue;  // a thousands comma
      } else if (c == '.') {
        if (decimal_comma) continue;  // "1.111,11": dots group thousands
      } else {
        buf[n++] = c;
        continue;
      }
      if (dot) return std::nullopt;  // two decimal points
      dot = true;
      buf[n++] = '.';
    }
    if (!absl::SimpleAtod(absl::string_view(buf, n), &v)) return std::nullopt;
    return v;
  }

  // Token k is the end of the text or a clause-ending punctuation mark.
  bool ClauseEnd(size_t k) const {
    if (k >= size()) return true;
    const absl::string_view w = low(k);
    return w == "." || w == "," || w == ";" || w == ":" || w == "?" ||
           w == "!" || w == ")";
  }

  bool IsNumberWord(size_t i) const {
    return i < size() && (lx_.units_words.contains(low(i)) ||
                          lx_.tens_words.contains(low(i)));
  }

  // Spelled-out numbers: "two", "twenty-five", "a hundred", "three million".
  // `join_and` = false stops at "and": a fraction's numerator ("three" in
  // "twenty and three fifths"), read without recursing into FractionAt.
  std::optional<Amount> ParseWords(size_t i, bool join_and = true) const {
    Amount a;
    a.begin = i;
    a.words = true;
    double total = 0, current = 0;
    size_t k = i;
    bool any = false;
    if (low(k) == "a" && k + 1 < size() &&
        (low(k + 1) == "hundred" || low(k + 1) == "thousand" ||
         low(k + 1) == "million" || low(k + 1) == "billion" ||
         low(k + 1) == "dozen")) {
      current = 1;
      any = true;
      ++k;
    } else if (low(k) == "hundred" &&
               (low(k + 1) == "thousand" || low(k + 1) == "million" ||
                low(k + 1) == "billion")) {
      // "hundred thousand dollars": a bare "hundred" only before a larger
      // scale ("Hundred Years' War" is a name).
      current = 100;
      any = true;
      ++k;
    }
    for (; k < size(); ++k) {
      const absl::string_view w = low(k);
      if (auto u = lx_.units_words.find(w); u != lx_.units_words.end()) {
        current += u->second;
      } else if (auto tn = lx_.tens_words.find(w); tn != lx_.tens_words.end()) {
        // "three | twenty-firsts"; after "and" the tens are the
        // numerator's: "one hundred and thirty fifths" is 130/5.
        if (any && low(k - 1) != "and" && Denominator(k)) break;
        current += tn->second;
        // "twenty-five", "fifty - two"
        if (k + 2 < size() && low(k + 1) == "-" &&
            adjacent(k + 1) == adjacent(k + 2) &&
            lx_.units_words.contains(low(k + 2)) &&
            lx_.units_words.at(low(k + 2)) < 10) {
          current += lx_.units_words.at(low(k + 2));
          k += 2;
        }
      } else if (any &&
                 (w == "hundred" || (w == "hundreds" && low(k + 1) != "of"))) {
        // "five hundreds tvs" as "five hundred"; "hundreds of" is vague.
        current = (current == 0 ? 1 : current) * 100;
        a.last_scale = 100;
      } else if (any && w == "dozen") {
        current = (current == 0 ? 1 : current) * 12;
      } else if (any && (w == "thousand" || w == "million" || w == "billion" ||
                         w == "trillion" || w == "lakh" || w == "crore")) {
        // "three lakh crore": a scale right after a scale multiplies.
        const bool stacked = current == 0 && a.scaled && k > i &&
                             lx_.scales.contains(low(k - 1));
        total = stacked
                    ? total * lx_.scales.at(w)
                    : total + (current == 0 ? 1 : current) * lx_.scales.at(w);
        current = 0;
        a.scaled = true;
        a.last_scale = lx_.scales.at(w);
      } else if (join_and && any && w == "and" && IsNumberWord(k + 1)) {
        // "one hundred and three quarters": a proper fraction is added
        // after. An improper one makes the whole a numerator: "one hundred
        // and thirty fifths" is 130/5, not 100 + 6.
        if (auto f = FractionAt(k + 1); f && f->first < 1) break;
        continue;
      } else {
        break;
      }
      any = true;
    }
    if (!any) return std::nullopt;
    a.value = total + current;
    a.end = k;
    return a;
  }

  // [currency symbol] (digits | words | vague plural) [scale]* [ratio]
  // `ratio` = false reads no ratio: the divisor of one.
  std::optional<Amount> ParseAmount(size_t i, bool ratio = true) const {
    std::string currency;
    bool millions = false;
    size_t k = i;
    // A sign not glued to what precedes it: "-1", "- 1 4/5", "minus five".
    bool negative = false;
    if ((low(k) == "-" || low(k) == "\u2212" || low(k) == "minus" ||
         low(k) == "negative") &&
        (k == 0 || tok(k).space_before ||
         tok(k - 1).kind == TokenKind::kPunct) &&
        (IsNumber(k + 1) || IsNumberWord(k + 1) ||
         (low(k + 1) == "." && IsNumber(k + 2)))) {
      negative = true;
      ++k;
    }
    if (k < size()) {
      // "US$" is "US" + "$"; "C$", "HK$" likewise (tokenized text may
      // space them: "hk $ 10"); "USD 34.6m" a code word.
      const auto& prefixes = DollarPrefixes();
      auto pre = prefixes.find(low(k));
      // Spaced forms only for unambiguous prefixes ("a $5 bill" is not AUD).
      const bool spaced_ok =
          pre != prefixes.end() && (pre->first == "us" || pre->first == "u.s" ||
                                    pre->first == "c" || pre->first == "hk");
      if (pre != prefixes.end() && low(k + 1) == "$" &&
          (adjacent(k + 1) || spaced_ok) &&
          (IsNumber(k + 2) || IsNumberWord(k + 2))) {
        currency = pre->second;
        k += 2;
      } else if (auto c = lx_.currency_symbols.find(low(k));
                 c != lx_.currency_symbols.end() &&
                 (IsNumber(k + 1) || IsNumberWord(k + 1))) {
        currency = c->second;
        k += 1;
      } else if (auto m = MillionsCode(k);
                 m && (IsNumber(k + 1) || IsNumberWord(k + 1))) {
        currency = *m;  // "MAUD 60": millions of AUD
        millions = true;
        k += 1;
      }
    }
    Amount a;
    if (low(k) == "." && IsNumber(k + 1) && adjacent(k + 1) &&
        (k == 0 || tok(k).space_before || negative) &&
        low(k + 1).find_first_of(".,") == std::string::npos) {
      // ".08"
      double v = 0;
      if (!absl::SimpleAtod(absl::StrCat("0.", low(k + 1)), &v)) {
        return std::nullopt;
      }
      a.begin = k;
      a.value = v;
      a.end = k + 2;
    } else if (auto v = DigitValue(k)) {
      a.begin = k;
      a.value = *v;
      a.end = k + 1;
      SpaceGroups(&a);
      DigitFraction(&a);
      if (auto x = ExponentAt(a.end, a.value)) std::tie(a.value, a.end) = *x;
      // "2½"
      if (auto f = Vulgar(a.end); f && adjacent(a.end)) {
        a.value += *f;
        ++a.end;
      }
    } else if (auto g = GluedCode(k); g && currency.empty()) {
      // "USD115", "USD115.5": a code glued to its amount.
      a.begin = k;
      a.value = g->second;
      a.end = k + 1;
      currency = g->first;
      if (low(k + 1) == "." && adjacent(k + 1) && IsNumber(k + 2) &&
          adjacent(k + 2) &&
          low(k + 2).find_first_of(".,") == std::string::npos) {
        double frac = 0;
        if (absl::SimpleAtod(absl::StrCat("0.", low(k + 2)), &frac)) {
          a.value += frac;
          a.end = k + 3;
        }
      }
    } else if (auto f = Vulgar(k)) {  // "¾"
      a.begin = k;
      a.value = *f;
      a.end = k + 1;
    } else if (auto f = (low(k) == "a" || low(k) == "an") ? FractionAt(k)
                                                          : std::nullopt;
               f && (low(k + 1) == "half" || low(f->second) == "of" ||
                     f->second >= size() ||
                     tok(f->second).kind == TokenKind::kPunct)) {
      // "a fifth of", "a half", "a hundredth." (not "a third term")
      a.begin = k;
      a.value = f->first;
      a.words = true;
      a.end = f->second;
      FractionOfScale(&a);
    } else if (size_t f = low(k) == "a" ? k + 1 : k;
               (low(f) == "half" || low(f) == "quarter") &&
               (low(f + 1) == "million" || low(f + 1) == "billion" ||
                low(f + 1) == "thousand" || low(f + 1) == "trillion")) {
      // "half million", "a quarter million"
      a.begin = k;
      a.value = (low(f) == "half" ? 0.5 : 0.25) * lx_.scales.at(low(f + 1));
      a.words = true;
      a.scaled = true;
      a.end = f + 2;
    } else if (low(k) == "three" && low(k + 1) == "quarters" &&
               (low(k + 2) == "million" || low(k + 2) == "billion")) {
      a.begin = k;
      a.value = 0.75 * lx_.scales.at(low(k + 2));
      a.words = true;
      a.scaled = true;
      a.end = k + 3;
    } else if (low(k) == "half" && low(k + 1) == "a" &&
               (low(k + 2) == "dozen" || low(k + 2) == "dozens")) {
      a.begin = k;
      a.value = 6;
      a.words = true;
      a.end = k + 3;
    } else if (auto w = ParseWords(k)) {
      a = *w;
      if (auto o = OrdinalAfter(a)) {
        // "twenty-first": a rank, with nothing more to read after it.
        if (negative || !currency.empty()) return std::nullopt;
        a.value = o->first;
        a.end = o->second;
        a.ordinal = true;
        a.begin = i;
        return a;
      }
      WordFraction(&a);
      FractionOfScale(&a);
    } else if (k + 1 < size() && low(k + 1) == "of" &&
               (low(k) == "hundreds" || low(k) == "thousands" ||
                low(k) == "millions" || low(k) == "billions" ||
                low(k) == "dozens" || low(k) == "tens")) {
      // Vague plurals: "hundreds of", "hundreds of millions of".
      a.begin = k;
      a.vague = true;
      a.value = low(k) == "dozens" ? 12
                : low(k) == "tens" ? 10
                                   : lx_.scales.at(low(k));
      a.end = k + 2;
      while (a.end + 1 < size() && low(a.end + 1) == "of" &&
             (low(a.end) == "millions" || low(a.end) == "billions" ||
              low(a.end) == "thousands")) {
        a.value *= lx_.scales.at(low(a.end));
        a.end += 2;
      }
    } else {
      return std::nullopt;
    }
    a.begin = i;
    a.currency = currency;
    if (negative) a.value = -a.value;
    // Scale words: "5.5 billion", "34.6m", "20 thousand", "3 dozen".
    while (!a.vague && a.end < size()) {
      if (lx_.dozens.contains(low(a.end)) && low(a.end + 1) != "of") {
        a.value *= 12;
        ++a.end;
        continue;
      }
      auto s = lx_.scales.find(low(a.end));
      if (s == lx_.scales.end() || low(a.end) == "hundreds" ||
          low(a.end) == "thousands" || low(a.end) == "millions" ||
          low(a.end) == "billions" || low(a.end) == "dozen") {
        break;
      }
      // Single letters ("m", "b", "k") only glued to digits or after a
      // currency: "34.6m", "$5bn"; "5 m" is metres.
      if (s->first.size() <= 2 && s->first != "bn" && s->first != "mn" &&
          s->first != "tn" && !adjacent(a.end) &&
          // "2.33 k" spaced only where the clause ends after it.
          !(s->first == "k" && ClauseEnd(a.end + 1))) {
        break;
      }
      if (a.words && a.scaled) break;
      a.value *= s->second;
      a.scaled = true;
      a.last_scale = s->second;
      ++a.end;
    }
    // "US$ 1MM": finance's "MM" for million, only glued and after a
    // currency ("5mm" is millimetres).
    if (!a.currency.empty() && !a.scaled && low(a.end) == "mm" &&
        adjacent(a.end) && t_.text[tok(a.end).begin] == 'M') {
      a.value *= 1e6;
      a.scaled = true;
      a.last_scale = 1e6;
      ++a.end;
    }
    if (!a.words && a.scaled) DigitsAndScales(&a);
    if (!a.vague) AndFraction(&a);
    if (ratio && !a.vague && currency.empty() && !millions) Ratio(&a);
    if (millions) {
      a.value *= 1e6;
      a.scaled = true;
    }
    return a;
  }

  // Digits with spelled scales go on: "4 thousand 3 hundred and 21".
  void DigitsAndScales(Amount* a) const {
    for (;;) {
      const size_t k = a->end;
      auto d = DigitValue(k);
      if (d && low(k).find('.') == std::string::npos && a->last_scale > 100) {
        auto s = lx_.scales.find(low(k + 1));
        if (s != lx_.scales.end() && s->second < a->last_scale &&
            s->second >= 100 &&
            (low(k + 1) == "hundred" || low(k + 1) == "thousand" ||
             low(k + 1) == "million")) {
          a->value += *d * s->second;
          a->last_scale = s->second;
          a->end = k + 2;
          continue;
        }
      }
      if (a->last_scale == 100 && low(k) == "and") {
        auto d2 = DigitValue(k + 1);
        if (d2 && *d2 > 0 && *d2 < 100 &&
            low(k + 1).find('.') == std::string::npos &&
            !lx_.scales.contains(low(k + 2))) {
          a->value += *d2;
          a->end = k + 2;
          return;
        }
      }
      // Spelled words after "and": "3 hundred and one", "6 crore and two
      // hundred". Below a hundred only after "hundred"; after a larger
      // scale only a spelled hundreds ("2 million and two children" is
      // two things).
      if (low(k) == "and" && IsNumberWord(k + 1)) {
        auto w = ParseWords(k + 1, /*join_and=*/false);
        if (w && w->value > 0 && w->value < a->last_scale &&
            !Denominator(w->end) &&
            (a->last_scale == 100 ? w->value < 100 : w->last_scale >= 100)) {
          a->value += w->value;
          a->end = w->end;
        }
      }
      return;
    }
  }

  // "1 234 567", "40 000", "1\u202f234.5": digits grouped by one space
  // (or a no-break or thin space). A first group of one to three digits,
  // then groups of exactly three; not after another number ("0845 8 505
  // 505" is a phone number), not before a hyphen, slash, letter or another
  // number ("10 737-800 planes" is ten Boeing 737-800s).
  void SpaceGroups(Amount* a) const {
    const size_t k = a->end - 1;
    const absl::string_view first = low(k);
    if (!IsNumber(k + 1) || first.size() > 3 || first[0] == '0' ||
        !std::all_of(first.begin(), first.end(), absl::ascii_isdigit) ||
        (k > 0 && IsNumber(k - 1)) || !OneSpaceBefore(k + 1)) {
      return;
    }
    std::string digits(first);
    size_t e = k + 1;
    for (; IsNumber(e) && OneSpaceBefore(e); ++e) {
      const absl::string_view g = low(e);
      const size_t dot = g.find('.');
      const absl::string_view head = g.substr(0, dot);
      if (head.size() != 3 ||
          !std::all_of(head.begin(), head.end(), absl::ascii_isdigit) ||
          g.find(',') != absl::string_view::npos) {
        return;
      }
      absl::StrAppend(&digits, g);
      if (dot != absl::string_view::npos) {  // decimals end it: "567.89"
        ++e;
        break;
      }
    }
    if (IsNumber(e) ||
        (e < size() && adjacent(e) &&
         (tok(e).kind == TokenKind::kWord || low(e) == "-" || low(e) == "/"))) {
      return;
    }
    double v = 0;
    if (!absl::SimpleAtod(digits, &v)) return;
    a->value = v;
    a->end = e;
  }

  // Exactly one space character between token k-1 and token k.
  bool OneSpaceBefore(size_t k) const {
    if (k >= size() || k == 0) return false;
    const absl::string_view gap =
        t_.text.substr(tok(k - 1).end, tok(k).begin - tok(k - 1).end);
    return gap == " " || gap == "\u00a0" || gap == "\u202f" || gap == "\u2009";
  }

  // A ratio read as the fraction it states: "one over three", "1 in 5",
  // "two out of five". "over" is a qualifier too ("over 3 years"), so it
  // joins only when the divisor ends the clause; "in" and "out of" only a
  // count to a larger one. Never a year, unit or currency after: "1 in
  // 2010", "2 in 10 minutes", "$2000 over 3 years" stay apart.
  void Ratio(Amount* a) const {
    if (a->scaled || a->value != std::floor(a->value)) return;
    if (a->begin > 0 && lx_.label_words.contains(low(a->begin - 1))) return;
    const absl::string_view w = low(a->end);
    size_t k = a->end + 1;
    if (w == "out" && low(a->end + 1) == "of") {
      k = a->end + 2;
    } else if (w != "over" && w != "in") {
      return;
    }
    if (k >= size() || IsYear(k) || Excluded(k)) return;
    auto b = ParseAmount(k, /*ratio=*/false);
    if (!b || b->vague || b->ordinal || !b->currency.empty() || b->value <= 0) {
      return;
    }
    const size_t e = b->end;
    const absl::string_view next = low(e);
    if (lx_.units.contains(next) || CurrencyWord(e) ||
        lx_.months.contains(next) || next == "%" || next == "percent" ||
        next == "per" || next == "cent" || next == "cents" ||
        (e < size() && adjacent(e) && (next == "-" || next == "/"))) {
      return;
    }
    if (w == "over") {
      if (!ClauseEnd(e)) return;
    } else if (a->value < 0 || a->value > b->value ||
               (w == "in" && a->value == b->value)) {
      return;
    }
    a->value /= b->value;
    a->end = e;
  }

  // A spelled ordinal of several words, read on from its cardinal part
  // (one ParseWords for both readings): "twenty-first", "one hundred
  // twenty fifth", "three hundred and first", "two hundredth", "a hundred
  // trillionth". Only where the cardinal can take the ordinal's place:
  // "one fifth", "three twenty-fifths" stay fractions, and so does "one
  // hundredth" (a scale ordinal after one).
  // `w` is the cardinal read so far; the ordinal's value and end.
  std::optional<std::pair<double, size_t>> OrdinalAfter(const Amount& w) const {
    if (w.value <= 0) return std::nullopt;
    const double base = w.value;
    size_t k = w.end;
    if (low(k) == "and" && base >= 100) {
      ++k;  // "one hundred and first"
    } else if (low(k) == "-" && adjacent(k) && adjacent(k + 1)) {
      ++k;  // "twenty-fifth"
    }
    double ord = 0;
    size_t end = k + 1;
    if (auto o = lx_.ordinals.find(low(k)); o != lx_.ordinals.end()) {
      ord = o->second;
    } else if (auto t = lx_.tens_words.find(low(k));
               t != lx_.tens_words.end() && low(k + 1) == "-" &&
               adjacent(k + 1) && adjacent(k + 2) &&
               lx_.ordinals.contains(low(k + 2)) &&
               lx_.ordinals.at(low(k + 2)) < 10) {
      ord = t->second + lx_.ordinals.at(low(k + 2));  // "twenty-fifth"
      end = k + 3;
    } else {
      return std::nullopt;
    }
    if (ord >= 100) {  // a scale ordinal multiplies: "two hundredth"
      if (base == 1) return std::nullopt;
      return std::make_pair(base * ord, end);
    }
    // A unit ordinal follows tens ("twenty-first"), a teen or tens ordinal
    // follows hundreds ("one hundred twentieth").
    const double step = ord < 10 ? 10 : 100;
    if (std::fmod(base, step) != 0) return std::nullopt;
    return std::make_pair(base + ord, end);
  }

  // "two thirds of a million", "a third of a billion": a fraction of a
  // scale.
  void FractionOfScale(Amount* a) const {
    if (a->value >= 1 || a->scaled || low(a->end) != "of" ||
        (low(a->end + 1) != "a" && low(a->end + 1) != "one")) {
      return;
    }
    const absl::string_view w = low(a->end + 2);
    if (w != "thousand" && w != "million" && w != "billion" &&
        w != "trillion") {
      return;
    }
    a->value *= lx_.scales.at(w);
    a->scaled = true;
    a->last_scale = lx_.scales.at(w);
    a->end += 3;
  }

  // "percent of twenty", "per cent of 210": the percentage named before
  // its number. Only where no number stands before the word ("20 percent
  // of 10" is 20 %) and the number ends the clause.
  bool PercentOf(size_t i, v1::Annotation* out, size_t* end) const {
    // Tried at "cent", not at the frequent "per": "per cent of" starts a
    // token before (a "per" no match consumed, or "cent" would be too).
    size_t k = i + 1;
    if (low(i) == "cent" && i > 0 && low(i - 1) == "per") {
      --i;
    } else if (low(i) != "percent" && low(i) != "percents") {
      return false;
    }
    if (low(k) != "of" || (i > 0 && (IsNumber(i - 1) || IsNumberWord(i - 1)))) {
      return false;
    }
    if (k + 1 >= size() || IsYear(k + 1) || Excluded(k + 1)) return false;
    auto b = ParseAmount(k + 1, /*ratio=*/false);
    if (!b || b->vague || b->ordinal || !b->currency.empty() ||
        !ClauseEnd(b->end)) {
      return false;
    }
    return Exact(out, i, b->end, v1::NUMBER_KIND_PERCENT, b->value, end);
  }

  // "and" + a fraction after an amount: "three and a fifth", "one hundred
  // and three quarters", "3 million and a half" (of the last scale), "one
  // billion and a quarter million" (of the scale that follows).
  void AndFraction(Amount* a) const {
    if (low(a->end) != "and") return;
    auto f = FractionAt(a->end + 1);
    if (!f) return;
    size_t end = f->second;
    double add = f->first;
    if (auto s = lx_.scales.find(low(end));
        s != lx_.scales.end() && s->second >= 1e3 && s->first.size() > 2) {
      // "one billion and a half million" adds half a million; "five and a
      // half million" is five and a half, in millions.
      if (a->scaled) {
        add *= s->second;
      } else {
        add = (a->value + add) * s->second - a->value;
        a->scaled = true;
        a->last_scale = s->second;
      }
      ++end;
    } else if (a->scaled) {
      add *= a->last_scale;
    }
    a->value += add;
    a->end = end;
  }

  // A spelled fraction at k: "a half", "three fifths", "fifty-four
  // hundredths", "one - fourth". Value and end.
  std::optional<std::pair<double, size_t>> FractionAt(size_t k) const {
    double num = 0;
    size_t e = k;
    if (low(k) == "a" || low(k) == "an") {
      num = 1;
      e = k + 1;
    } else {
      auto w = ParseWords(k, /*join_and=*/false);
      if (!w) return std::nullopt;
      num = w->value;
      e = w->end;
    }
    if (low(e) == "-" && Denominator(e + 1)) ++e;
    auto d = Denominator(e);
    if (!d) return std::nullopt;
    return std::make_pair(num / d->first, d->second);
  }

  // Token k lies in a URL: its whitespace-delimited chunk has "://" or
  // starts with "www.". Numbers in URLs are ids, not quantities.
  bool InUrl(size_t k) const {
    if (!has_url_) return false;
    const absl::string_view text = t_.text;
    size_t b = tok(k).begin, e = tok(k).end;
    while (b > 0 &&
           !absl::ascii_isspace(static_cast<unsigned char>(text[b - 1])))
      --b;
    while (e < text.size() &&
           !absl::ascii_isspace(static_cast<unsigned char>(text[e])))
      ++e;
    const absl::string_view chunk = text.substr(b, e - b);
    return absl::StrContains(chunk, "://") ||
           absl::StartsWithIgnoreCase(chunk, "www.");
  }

  // An exponent glued on at k: "e10", "e+14", "^23", "^-1", "x10^6". The
  // value it makes of `base`, and its end. Lower-case "e" only: "7E7" is a
  // Boeing.
  std::optional<std::pair<double, size_t>> ExponentAt(size_t k,
                                                      double base) const {
    if (k >= size() || !adjacent(k) || t_.text[tok(k).begin] == 'E') {
      return std::nullopt;
    }
    const absl::string_view w = low(k);
    if (w.size() > 1 && w[0] == 'e' &&
        std::all_of(w.begin() + 1, w.end(), absl::ascii_isdigit)) {
      int p = 0;
      if (!absl::SimpleAtoi(w.substr(1), &p) || p > 300) return std::nullopt;
      return std::make_pair(base * std::pow(10.0, p), k + 1);
    }
    if (w == "e" && (low(k + 1) == "+" || low(k + 1) == "-") &&
        adjacent(k + 1) && IsNumber(k + 2) && adjacent(k + 2)) {
      int p = 0;
      if (!absl::SimpleAtoi(low(k + 2), &p) || p > 300) return std::nullopt;
      return std::make_pair(base * std::pow(10.0, low(k + 1) == "-" ? -p : p),
                            k + 3);
    }
    bool times_ten = false;
    if ((w == "x10" || w == "\u00d710") && low(k + 1) == "^" &&
        adjacent(k + 1)) {
      times_ten = true;
      k += 2;
    } else if (w == "^") {
      k += 1;
    } else {
      return std::nullopt;
    }
    // After "^": [sign...] digits.
    bool neg = false;
    while (k < size() && (low(k) == "-" || low(k) == "+") && adjacent(k)) {
      if (low(k) == "-") neg = !neg;
      ++k;
    }
    if (!IsNumber(k) || !adjacent(k)) return std::nullopt;
    auto p = DigitValue(k);
    if (!p || *p > 300) return std::nullopt;
    const double e = neg ? -*p : *p;
    if (times_ten) return std::make_pair(base * std::pow(10.0, e), k + 1);
    // "-2.5^-1" is -(2.5^-1): the sign is the number's, not the base's.
    const double power = std::pow(std::abs(base), e);
    return std::make_pair(base < 0 ? -power : power, k + 1);
  }

  // Unicode vulgar fractions: "½", "¾".
  std::optional<double> Vulgar(size_t k) const {
    static const auto* kVulgar = new WordMap<double>{
        {"\u00bd", 0.5},     {"\u00bc", 0.25},    {"\u00be", 0.75},
        {"\u2153", 1.0 / 3}, {"\u2154", 2.0 / 3}, {"\u2155", 0.2},
        {"\u2156", 0.4},     {"\u2157", 0.6},     {"\u2158", 0.8},
        {"\u2159", 1.0 / 6}, {"\u215a", 5.0 / 6}, {"\u215b", 0.125},
        {"\u215c", 0.375},   {"\u215d", 0.625},   {"\u215e", 0.875}};
    // All of them start 0xC2 or 0xE2 in UTF-8: skip the hash for the rest.
    if (k >= size()) return std::nullopt;
    const unsigned char c = t_.text[tok(k).begin];
    if (c != 0xC2 && c != 0xE2) return std::nullopt;
    auto it = kVulgar->find(low(k));
    if (it == kVulgar->end()) return std::nullopt;
    return it->second;
  }

  // "USD115": an upper-case ISO code we know glued to digits. Code and
  // value.
  std::optional<std::pair<std::string, double>> GluedCode(size_t k) const {
    if (k >= size() || tok(k).kind != TokenKind::kWord) return std::nullopt;
    const absl::string_view raw = t_.Text(tok(k));
    if (raw.size() < 4 || raw.size() > 18 || !absl::ascii_isdigit(raw[3]) ||
        !absl::ascii_isupper(raw[0]) || !absl::ascii_isupper(raw[1]) ||
        !absl::ascii_isupper(raw[2]) ||
        !std::all_of(raw.begin() + 3, raw.end(), absl::ascii_isdigit)) {
      return std::nullopt;
    }
    const absl::string_view code = low(k).substr(0, 3);
    if (!lx_.currency_codes.contains(code)) return std::nullopt;
    double v = 0;
    if (!absl::SimpleAtod(raw.substr(3), &v)) return std::nullopt;
    return std::make_pair(lx_.currency_words.find(code)->second, v);
  }

  // "MUSD", "MEUR": millions of a currency (their code after an M).
  std::optional<std::string> MillionsCode(size_t k) const {
    const absl::string_view w = low(k);
    if (w.size() != 4 || w[0] != 'm') return std::nullopt;
    // The rest is an ISO 4217 code we know ("usd" -> "USD").
    if (!lx_.currency_codes.contains(w.substr(1))) return std::nullopt;
    // All capitals: "MUSD", not "musd" in prose.
    for (size_t b = tok(k).begin; b < tok(k).end; ++b) {
      if (!absl::ascii_isupper(static_cast<unsigned char>(t_.text[b]))) {
        return std::nullopt;
      }
    }
    return lx_.currency_words.find(w.substr(1))->second;
  }

  // "3/4", "2 1/4" after the digits of `a`: a proper fraction, not a date
  // ("10/28", "27/10/2024").
  void DigitFraction(Amount* a) const {
    auto fraction = [&](size_t k, double* out) {
      if (!IsNumber(k) || low(k + 1) != "/" || !adjacent(k + 1) ||
          !IsNumber(k + 2) || !adjacent(k + 2) || low(k + 3) == "/") {
        return false;
      }
      auto num = DigitValue(k), den = DigitValue(k + 2);
      // Denominators of everyday fractions only: "10/28" is a date.
      if (!num || !den || *den == 0 || *num >= *den ||
          (*den > 10 && *den != 12 && *den != 16 && *den != 32 && *den != 64) ||
          low(k).find_first_of(".,") != std::string::npos) {
        return false;
      }
      *out = *num / *den;
      return true;
    };
    double f = 0;
    const size_t k = a->end - 1;
    if (fraction(k, &f)) {  // "3/4"
      a->value = f;
      a->end = k + 3;
    } else if (low(k).find_first_of(".,") == std::string::npos &&
               tok(k + 1 < size() ? k + 1 : k).space_before &&
               fraction(k + 1, &f)) {  // "2 1/4"
      a->value += f;
      a->end = k + 4;
    }
  }

  // A denominator word at k and the end: "third(s)" -> 3, "half" -> 2,
  // "hundredths" -> 100, "twenty-first(s)" -> 21.
  std::optional<std::pair<double, size_t>> Denominator(size_t k) const {
    if (k >= size()) return std::nullopt;
    // "twenty-first", "twenty-fifths": tens, hyphen, unit ordinal. Spaced
    // ("three twenty firsts") only in the plural: "twenty first" alone is
    // more often the ordinal 21 than a denominator.
    if (auto t = lx_.tens_words.find(low(k)); t != lx_.tens_words.end()) {
      const bool hyphen =
          low(k + 1) == "-" && adjacent(k + 1) && adjacent(k + 2);
      absl::string_view unit = low(hyphen ? k + 2 : k + 1);
      const bool plural = absl::EndsWith(unit, "s");
      if (plural) unit.remove_suffix(1);  // "firsts"
      if (auto u = lx_.ordinals.find(unit);
          (hyphen || plural) && u != lx_.ordinals.end() && u->second < 10) {
        return std::make_pair(t->second + u->second, hyphen ? k + 3 : k + 2);
      }
    }
    auto it = lx_.denominators.find(low(k));
    if (it == lx_.denominators.end()) return std::nullopt;
    return std::make_pair(it->second, k + 1);
  }

  // After spelled-out numbers: "two thirds", "one and a half", "five and
  // a quarter", "two hundred point zero three".
  void WordFraction(Amount* a) const {
    // "three fifths", "one - fourth"; a numerator with a scale in it only
    // before a plural ("two hundred fifths", not "one million third").
    size_t at = a->end;
    if (low(at) == "-" && Denominator(at + 1)) ++at;
    if (auto d = Denominator(at);
        d && a->value > 0 &&
        (a->value < 100 || absl::EndsWith(low(d->second - 1), "s"))) {
      a->value /= d->first;
      a->end = d->second;
      return;
    }
    if (low(a->end) == "point" && IsNumberWord(a->end + 1)) {
      std::string digits;
      size_t k = a->end + 1;
      if (lx_.tens_words.contains(low(k))) {
        auto w = ParseWords(k);
        if (!w) return;
        digits = absl::StrCat(static_cast<int64_t>(w->value));
        k = w->end;
      } else if (auto teen = lx_.units_words.find(low(k));
                 teen != lx_.units_words.end() && teen->second >= 10) {
        // "point eleven": the teen's two digits.
        digits = absl::StrCat(static_cast<int>(teen->second));
        ++k;
      } else {
        for (; k < size(); ++k) {
          auto u = lx_.units_words.find(low(k));
          if (u == lx_.units_words.end() || u->second > 9) break;
          absl::StrAppend(&digits, static_cast<int>(u->second));
        }
      }
      double frac = 0;
      if (!digits.empty() &&
          absl::SimpleAtod(absl::StrCat("0.", digits), &frac)) {
        a->value += frac;
        a->end = k;
      }
    }
  }

  // Typo-tolerant currency words: "dalars", "dolars" -> USD.
  std::optional<std::string> CurrencyWord(size_t i) const {
    if (i >= size() || tok(i).kind != TokenKind::kWord) return std::nullopt;
    const absl::string_view w = low(i);
    if (auto c = lx_.currency_words.find(w); c != lx_.currency_words.end()) {
      return c->second;
    }
    if (w.size() >= 5 && w.size() <= 8 && w[0] == 'd' &&
        EditDistance(std::string(w), "dollars") <= 2) {
      return std::string("USD");
    }
    return std::nullopt;
  }

  static int EditDistance(const std::string& a, const std::string& b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (a[i - 1] != b[j - 1])});
      }
      std::swap(prev, cur);
    }
    return prev[b.size()];
  }

  // The longest qualifier phrase at i.
  std::optional<std::pair<size_t, v1::Approx>> Qualifier(size_t i) const {
    for (const auto& q : lx_.qualifiers) {
      if (i + q.words.size() > size()) continue;
      bool match = true;
      for (size_t k = 0; k < q.words.size() && match; ++k) {
        match = low(i + k) == q.words[k];
      }
      if (match) return std::make_pair(i + q.words.size(), q.approx);
    }
    return std::nullopt;
  }

  bool IsYear(size_t i) const {
    if (!IsNumber(i) || low(i).size() != 4) return false;
    int y = 0;
    return absl::SimpleAtoi(low(i), &y) && y >= 1800 && y <= 2100;
  }

  // Dates: "October 28[, 2024]", "July 2023", "28 October [2024]",
  // "27.10.2024", and bare years.
  bool MatchDate(size_t i, v1::Annotation* out, size_t* end) const {
    auto month = lx_.months.find(low(i));
    auto set = [&](size_t b, size_t e, std::string date) {
      out->mutable_span()->set_begin(tok(b).begin);
      out->mutable_span()->set_end(tok(e - 1).end);
      auto* n = out->mutable_number();
      n->set_kind(v1::NUMBER_KIND_DATE);
      n->set_approx(v1::APPROX_EXACT);
      n->set_date(std::move(date));
      *end = e;
      return true;
    };
    auto day_of = [&](size_t k) -> int {
      int d = 0;
      if (IsNumber(k) && low(k).size() <= 2 && absl::SimpleAtoi(low(k), &d) &&
          d >= 1 && d <= 31) {
        return d;
      }
      return 0;
    };
    if (month != lx_.months.end() &&
        absl::ascii_isupper(
            static_cast<unsigned char>(t_.text[tok(i).begin]))) {
      int m = month->second;
      // "May" alone is a verb too often; require a day or year after it.
      if (int d = day_of(i + 1)) {
        if (low(i + 2) == "," && IsYear(i + 3)) {
          return set(i, i + 4,
                     absl::StrFormat("%s-%02d-%02d", low(i + 3), m, d));
        }
        if (IsYear(i + 2)) {
          return set(i, i + 3,
                     absl::StrFormat("%s-%02d-%02d", low(i + 2), m, d));
        }
        return set(i, i + 2, absl::StrFormat("--%02d-%02d", m, d));
      }
      if (IsYear(i + 1)) {
        return set(i, i + 2, absl::StrFormat("%s-%02d", low(i + 1), m));
      }
      return false;
    }
    if (int d = day_of(i)) {
      auto m2 = lx_.months.find(low(i + 1));
      if (m2 != lx_.months.end() && low(i + 1).size() > 2) {
        if (IsYear(i + 2)) {
          return set(
              i, i + 3,
              absl::StrFormat("%s-%02d-%02d", low(i + 2), m2->second, d));
        }
        return set(i, i + 2, absl::StrFormat("--%02d-%02d", m2->second, d));
      }
    }
    // "27.10.2024": one number token with two dots.
    if (IsNumber(i) && std::count(low(i).begin(), low(i).end(), '.') == 2) {
      std::vector<std::string> parts = absl::StrSplit(low(i), '.');
      int d = 0, m = 0, y = 0;
      if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &d) &&
          absl::SimpleAtoi(parts[1], &m) && absl::SimpleAtoi(parts[2], &y) &&
          d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1800 && y <= 2100) {
        return set(i, i + 1, absl::StrFormat("%04d-%02d-%02d", y, m, d));
      }
    }
    // "27/10/2024", "5/17/2018": day and month by which can be a month;
    // when both can, day first (British usage, as in the BBC's). Without a
    // year, "24/7" is no date.
    if (IsNumber(i) && low(i + 1) == "/" && adjacent(i + 1) &&
        adjacent(i + 2) && low(i + 3) == "/" && adjacent(i + 3) &&
        adjacent(i + 4) && IsYear(i + 4) &&
        !(IsNumber(i + 5) && adjacent(i + 5))) {
      int a = day_of(i), b = day_of(i + 2);
      if (a && b && (a <= 12 || b <= 12)) {
        const bool day_first = b <= 12;
        return set(i, i + 5,
                   absl::StrFormat("%s-%02d-%02d", low(i + 4),
                                   day_first ? b : a, day_first ? a : b));
      }
    }
    if (IsYear(i)) {
      // Not a year when a scale, unit or currency follows ("2000 tons").
      const absl::string_view next = low(i + 1);
      if (lx_.scales.contains(next) || lx_.units.contains(next) ||
          CurrencyWord(i + 1) || next == "%" || next == "percent" ||
          (i > 0 && lx_.currency_symbols.contains(low(i - 1)))) {
        return false;
      }
      return set(i, i + 1, std::string(low(i)));
    }
    return false;
  }

  bool Excluded(size_t i) const {
    // Part of a name: "Article 5", "No. 3" (the word before, capitalized).
    if (i > 0 && lx_.name_words.contains(low(i - 1)) &&
        absl::ascii_isupper(
            static_cast<unsigned char>(t_.text[tok(i - 1).begin]))) {
      return true;
    }
    if (i > 1 && low(i - 1) == "." && low(i - 2) == "no") return true;
    // Model names: "F-16", "MiG-29" (a capitalized word, a hyphen, digits,
    // all glued).
    if (i > 1 && low(i - 1) == "-" && adjacent(i) && adjacent(i - 1) &&
        tok(i - 2).kind == TokenKind::kWord &&
        absl::ascii_isupper(
            static_cast<unsigned char>(t_.text[tok(i - 2).begin]))) {
      return true;
    }
    // Times of day: "10:30", "9 a.m.", "9pm".
    if (IsNumber(i) && i + 2 < size() && low(i + 1) == ":" && adjacent(i + 1) &&
        IsNumber(i + 2)) {
      return true;
    }
    if (IsNumber(i) && i >= 2 && low(i - 1) == ":" && adjacent(i) &&
        IsNumber(i - 2)) {
      return true;
    }
    const absl::string_view next = low(i + 1);
    if (IsNumber(i) && (next == "a.m" || next == "p.m" || next == "am" ||
                        next == "pm" || next == "a.m." || next == "p.m.")) {
      return true;
    }
    // List markers: a number opening a line, followed by "." or ")".
    if (IsNumber(i) && LineStart(i) && (next == "." || next == ")") &&
        adjacent(i + 1)) {
      return true;
    }
    // Glued to letters ("5G", "COVID-19" is a word already).
    if (IsNumber(i) && i + 1 < size() && adjacent(i + 1) &&
        tok(i + 1).kind == TokenKind::kWord && !lx_.scales.contains(next) &&
        !lx_.units.contains(next) && !CurrencyWord(i + 1) && next != "st" &&
        next != "nd" && next != "rd" && next != "th" && !ExponentAt(i + 1, 1)) {
      return true;
    }
    if (i > 0 && IsNumber(i) && adjacent(i) &&
        tok(i - 1).kind == TokenKind::kWord) {
      return true;
    }
    // "one of", "no one", "the one".
    if (low(i) == "one") {
      const absl::string_view prev = i > 0 ? low(i - 1) : "";
      if (next == "of" || next == "another" || next == "," || next == "." ||
          prev == "no" || prev == "the" || prev == "this" || prev == "that" ||
          prev == "any" || prev == "every" || prev == "each" ||
          prev == "which" || lx_.pronoun_one_followers.contains(next)) {
        return true;  // "one should", "one can": the pronoun
      }
    }
    // Phone numbers and ids: three or more digit groups glued by hyphens
    // ("555-123-4567", "2024-117-A"); no group of the chain is a number.
    if (IsNumber(i) && HyphenChainLength(i) >= 3) return true;
    // ... and a group glued on by a slash: "+1-222-2222/2222".
    if (IsNumber(i) && i >= 2 && low(i - 1) == "/" && adjacent(i) &&
        adjacent(i - 1) && IsNumber(i - 2) && HyphenChainLength(i - 2) >= 3) {
      return true;
    }
    return false;
  }

  // Everything after an amount that can belong to it: percent, currency
  // word, unit. Returns the kind and advances *end.
  v1::NumberKind Suffix(size_t* end, std::string* unit,
                        const std::string& currency,
                        Subunits* subunits = nullptr) const {
    size_t k = *end;
    // "one-yen", "12-cent-a-share": a currency glued on by a hyphen.
    if (low(k) == "-" && adjacent(k) && adjacent(k + 1) && currency.empty() &&
        (CurrencyWord(k + 1) || low(k + 1) == "cent")) {
      ++k;
    }
    if (low(k) == "percentage" || low(k) == "percents") {
      *end = k + 1;
      return v1::NUMBER_KIND_PERCENT;
    }
    // Subunits: "50 cents" is $0.50, "470 pence" is 4.70 GBP.
    if (currency.empty() && subunits &&
        (low(k) == "cent" || low(k) == "cents" || low(k) == "pence" ||
         low(k) == "penny")) {
      *unit = low(k)[0] == 'c' ? "USD" : "GBP";
      subunits->factor = 0.01;
      *end = k + 1;
      return v1::NUMBER_KIND_MONEY;
    }
    // A currency symbol after the amount: "10 $", "5 €".
    if (currency.empty()) {
      if (auto c = lx_.currency_symbols.find(low(k));
          c != lx_.currency_symbols.end() && tok(k).kind != TokenKind::kWord &&
          !IsNumber(k + 1)) {
        *unit = c->second;
        *end = k + 1;
        return v1::NUMBER_KIND_MONEY;
      }
    }
    // "australian dollars", "swiss francs", "us dollars", "turkish lira".
    static const auto* kNational =
        new WordMap<std::pair<std::vector<std::string>, std::string>>{
            {"australian", {{"dollar", "dollars"}, "AUD"}},
            {"canadian", {{"dollar", "dollars"}, "CAD"}},
            {"singapore", {{"dollar", "dollars"}, "SGD"}},
            {"taiwan", {{"dollar", "dollars"}, "TWD"}},
            {"us", {{"dollar", "dollars"}, "USD"}},
            {"u.s", {{"dollar", "dollars"}, "USD"}},
            {"american", {{"dollar", "dollars"}, "USD"}},
            {"mexican", {{"peso", "pesos"}, "MXN"}},
            {"swiss", {{"franc", "francs"}, "CHF"}},
            {"chinese", {{"yuan"}, "CNY"}},
            {"japanese", {{"yen"}, "JPY"}},
            {"turkish", {{"lira", "liras"}, "TRY"}},
            {"indian", {{"rupee", "rupees"}, "INR"}},
            {"russian", {{"rouble", "roubles", "ruble", "rubles"}, "RUB"}},
            {"dutch", {{"guilder", "guilders"}, "NLG"}},
            {"finnish", {{"markka", "markkaa"}, "FIM"}},
            {"spanish", {{"peseta", "pesetas"}, "ESP"}}};
    if (auto c = kNational->find(low(k)); c != kNational->end()) {
      const auto& words = c->second.first;
      if (std::find(words.begin(), words.end(), low(k + 1)) != words.end()) {
        *unit = c->second.second;
        *end = k + 2;
        return v1::NUMBER_KIND_MONEY;
      }
    }
    if (low(k) == "hong" && low(k + 1) == "kong" &&
        (low(k + 2) == "dollar" || low(k + 2) == "dollars")) {
      *unit = "HKD";
      *end = k + 3;
      return v1::NUMBER_KIND_MONEY;
    }
    if (low(k) == "%") {
      *end = k + 1;
      return v1::NUMBER_KIND_PERCENT;
    }
    if (low(k) == "percent" || low(k) == "pct") {
      *end = k + 1;
      return v1::NUMBER_KIND_PERCENT;
    }
    if (low(k) == "per" && low(k + 1) == "cent") {
      *end = k + 2;
      return v1::NUMBER_KIND_PERCENT;
    }
    if (auto m = MillionsCode(k); m && currency.empty() && subunits) {
      *unit = *m;  // "30 MUSD"
      subunits->factor = 1e6;
      *end = k + 1;
      return v1::NUMBER_KIND_MONEY;
    }
    if (auto c = CurrencyWord(k)) {
      *unit = *c;
      *end = k + 1;
      // "75 USD million": a code, then the scale.
      if (subunits && c->size() == 3 && lx_.currency_symbols.contains(low(k))) {
        if (auto s = lx_.scales.find(low(k + 1));
            s != lx_.scales.end() && s->first.size() > 2 && s->second >= 1e3) {
          subunits->factor = s->second;
          *end = k + 2;
          return v1::NUMBER_KIND_MONEY;
        }
      }
      // "3 dollars 50 cents", "thirteen dollars and forty-five cents",
      // "15 dollars and 50": the subunit joins the amount.
      if (subunits && (*c == "USD" || *c == "EUR" || *c == "GBP")) {
        const size_t s = low(k + 1) == "and" ? k + 2 : k + 1;
        std::optional<double> sub;
        size_t after = s + 1;
        if (auto d = DigitValue(s);
            d && *d < 100 && low(s).find('.') == std::string::npos) {
          sub = d;
        } else if (auto w = ParseWords(s); w && w->value < 100) {
          sub = w->value;
          after = w->end;
        }
        const absl::string_view next = low(after);
        const bool subunit = next == "cents" || next == "cent" ||
                             next == "pence" || next == "penny";
        // A bare number after "dollars" joins only when nothing else can
        // claim it (not "5 dollars 3 times", "dollars 50%").
        if (sub && (subunit || next.empty() || next == "." || next == ",")) {
          subunits->plus = *sub / 100;
          *end = subunit ? after + 1 : after;
        }
      }
      return v1::NUMBER_KIND_MONEY;
    }
    if (!currency.empty()) {
      *unit = currency;
      return v1::NUMBER_KIND_MONEY;
    }
    if (auto u = lx_.units.find(low(k));
        u != lx_.units.end() && !TitleWord(k)) {
      *unit = u->second;
      *end = k + 1;
      return v1::NUMBER_KIND_QUANTITY;
    }
    // "a six-mile trip", "a 3-inch screen": a measurement unit glued on by
    // a hyphen. Not units of time: "a 10-year contract" stays a count.
    if (low(k) == "-" && adjacent(k) && adjacent(k + 1)) {
      if (auto u = lx_.units.find(low(k + 1));
          u != lx_.units.end() && !lx_.time_units.contains(u->second)) {
        *unit = u->second;
        *end = k + 2;
        return v1::NUMBER_KIND_QUANTITY;
      }
    }
    return v1::NUMBER_KIND_CARDINAL;
  }

  // A capitalized unit word of four letters or more is a title's: "21
  // Grams" is a film. Abbreviations ("KM", "Kg", "MW") stay units.
  bool TitleWord(size_t k) const {
    return low(k).size() > 3 && absl::ascii_isupper(static_cast<unsigned char>(
                                    t_.text[tok(k).begin]));
  }

  // "a month", "per year", "an hour", "annually".
  std::optional<std::pair<size_t, std::string>> Rate(size_t k) const {
    if (auto r = lx_.rates.find(low(k)); r != lx_.rates.end()) {
      return std::make_pair(k + 1, r->second);
    }
    if ((low(k) == "a" || low(k) == "an" || low(k) == "per" ||
         low(k) == "each" || low(k) == "every") &&
        k + 1 < size()) {
      const absl::string_view w = low(k + 1);
      if (w == "year" || w == "month" || w == "week" || w == "day" ||
          w == "hour" || w == "annum" || w == "decade") {
        return std::make_pair(k + 2, std::string(w == "annum" ? "year" : w));
      }
    }
    return std::nullopt;
  }

  // Token i opens a line (or the text).
  bool LineStart(size_t i) const {
    const size_t from = i == 0 ? 0 : tok(i - 1).end;
    return i == 0 || t_.text.substr(from, tok(i).begin - from).find('\n') !=
                         absl::string_view::npos;
  }

  // Number of digit groups in the hyphen-glued chain through token i.
  size_t HyphenChainLength(size_t i) const {
    size_t first = i, last = i;
    while (first >= 2 && low(first - 1) == "-" && adjacent(first) &&
           adjacent(first - 1) && IsNumber(first - 2)) {
      first -= 2;
    }
    while (last + 2 < size() && low(last + 1) == "-" && adjacent(last + 1) &&
           adjacent(last + 2) && IsNumber(last + 2)) {
      last += 2;
    }
    return (last - first) / 2 + 1;
  }

  // The counted noun: a lower-case word that is not a function word, verb
  // form or adverb ("15,000 soldiers", not "10 came" or "5 now").
  bool CountedWord(size_t k, std::string* counted) const {
    if (k >= size() || tok(k).kind != TokenKind::kWord) return false;
    const absl::string_view w = low(k);
    if (lx_.not_counted.contains(w) || lx_.units.contains(w) ||
        lx_.scales.contains(w) || lx_.months.contains(w)) {
      return false;
    }
    if (w.size() > 4 && (absl::EndsWith(w, "ly") || absl::EndsWith(w, "ed"))) {
      return false;  // adverbs and past forms: "7 recently", "10 died"
    }
    if (!absl::ascii_islower(
            static_cast<unsigned char>(t_.text[tok(k).begin]))) {
      return false;
    }
    // Skip one adjective-like word? Keep it simple: the next word.
    *counted = std::string(t_.Text(tok(k)));
    return true;
  }

  bool MatchAt(size_t i, v1::Annotation* out, size_t* end) {
    if (InUrl(i)) return false;
    if (MatchDate(i, out, end)) return true;
    const Token& t = tok(i);
    // Ordinals.
    if (auto o = lx_.ordinals.find(low(i)); o != lx_.ordinals.end()) {
      if (low(i) == "second" && i > 0 &&
          (low(i - 1) == "a" || low(i - 1) == "per")) {
        return false;
      }
      return Exact(out, i, i + 1, v1::NUMBER_KIND_ORDINAL, o->second, end);
    }
    if (IsNumber(i) && i + 1 < size() && adjacent(i + 1) &&
        (low(i + 1) == "st" || low(i + 1) == "nd" || low(i + 1) == "rd" ||
         low(i + 1) == "th") &&
        DigitValue(i)) {
      return Exact(out, i, i + 2, v1::NUMBER_KIND_ORDINAL, *DigitValue(i), end);
    }
    (void)t;
    // [qualifier | between] amount ...
    v1::Approx approx = v1::APPROX_EXACT;
    size_t k = i;
    bool between = false;
    if (low(i) == "between") {
      between = true;
      k = i + 1;
    } else if (auto q = Qualifier(i)) {
      approx = q->second;
      k = q->first;
    }
    if (PercentOf(i, out, end)) return true;
    // "half": a percent when it is a share ("half of", "over half").
    if (low(k) == "half" && (k > i || low(k + 1) == "of")) {
      SetSpan(out, i, k + 1);
      auto* n = out->mutable_number();
      n->set_kind(v1::NUMBER_KIND_PERCENT);
      n->set_value(50);
      n->set_approx(approx);
      *end = k + 1;
      return true;
    }
    if (k < size() && Excluded(k)) return false;
    auto a = ParseAmount(k);
    if (!a) return false;
    if (a->ordinal) {
      return Exact(out, k, a->end, v1::NUMBER_KIND_ORDINAL, a->value, end);
    }
    if (a->vague && approx == v1::APPROX_EXACT) approx = v1::APPROX_AT_LEAST;
    size_t e = a->end;
    std::string unit;
    Subunits subunits;
    v1::NumberKind kind = Suffix(&e, &unit, a->currency, &subunits);
    a->value = a->value * subunits.factor + subunits.plus;
    std::optional<double> low_v, high_v;
    // Ranges: "600,000 to 700,000 tons", "between 10 and 12",
    // "$457 million to $1.19 billion".
    const absl::string_view joiner = low(e);
    if ((between && joiner == "and") ||
        (!between && (joiner == "to" || joiner == "-" || joiner == "\u2013"))) {
      if (auto b = ParseAmount(e + 1); b && !b->vague && !b->ordinal) {
        size_t e2 = b->end;
        std::string unit2;
        v1::NumberKind kind2 = Suffix(&e2, &unit2, b->currency);
        bool compatible = kind == v1::NUMBER_KIND_CARDINAL ||
                          kind2 == v1::NUMBER_KIND_CARDINAL || kind == kind2;
        // A hyphen joins a range only between digits, low to high ("10-12";
        // "555-123" is not a range).
        if (compatible &&
            (joiner != "-" || (IsNumber(b->begin) && a->value < b->value))) {
          double lo = a->value, hi = b->value;
          if (b->scaled && !a->scaled && lo < hi) {
            // "5 to 6 million": the scale applies to both ends.
            double scale = hi / DigitOrWordsValue(*b);
            lo *= scale;
          }
          if (kind == v1::NUMBER_KIND_CARDINAL) {
            kind = kind2;
            unit = unit2;
          }
          low_v = lo;
          high_v = hi;
          approx = v1::APPROX_RANGE;
          e = e2;
        }
      }
    } else if (between) {
      return false;  // "between" without "and": not a range we understand
    }
    SetSpan(out, i, e);
    auto* n = out->mutable_number();
    n->set_kind(kind);
    n->set_approx(approx);
    if (low_v) {
      n->set_low(*low_v);
      n->set_high(*high_v);
    } else {
      n->set_value(a->value);
    }
    // Unset rather than empty: a set string is an allocation.
    if (!unit.empty()) n->set_unit(std::move(unit));
    // Rates and counted nouns.
    if (kind == v1::NUMBER_KIND_MONEY || kind == v1::NUMBER_KIND_QUANTITY) {
      if (auto r = Rate(e)) {
        n->set_per(r->second);
        e = r->first;
        SetSpan(out, i, e);
      } else if (kind == v1::NUMBER_KIND_QUANTITY && low(e) == "of") {
        std::string counted;
        if (CountedWord(e + 1, &counted)) {
          n->set_counted(counted);
          if (auto r2 = Rate(e + 2)) n->set_per(r2->second);
        }
      }
    } else if (kind == v1::NUMBER_KIND_CARDINAL) {
      std::string counted;
      size_t c = e;
      if (a->vague) {
        if (CountedWord(c, &counted)) n->set_counted(counted);
      } else if (CountedWord(c, &counted)) {
        n->set_counted(counted);
      }
    }
    *end = e;
    return true;
  }

  // The value of an amount before its scale words (for shared scales).
  double DigitOrWordsValue(const Amount& b) const {
    size_t k = b.begin;
    if (!b.currency.empty()) k += (low(k) == "us") ? 2 : 1;
    if (auto v = DigitValue(k)) return *v == 0 ? 1 : *v;
    return 1;
  }

  void SetSpan(v1::Annotation* out, size_t b, size_t e) const {
    out->mutable_span()->set_begin(tok(b).begin);
    out->mutable_span()->set_end(tok(e - 1).end);
  }

  // Tokens [b, e) as an EXACT number of `kind` and `value`; the match ends
  // at e. Always true, for the matchers' `return`.
  bool Exact(v1::Annotation* out, size_t b, size_t e, v1::NumberKind kind,
             double value, size_t* end) const {
    SetSpan(out, b, e);
    auto* n = out->mutable_number();
    n->set_kind(kind);
    n->set_value(value);
    n->set_approx(v1::APPROX_EXACT);
    *end = e;
    return true;
  }

 private:
  const TokenizedText& t_;
  const Lexicon& lx_;
  const bool has_url_;
};

// Lower-cased words that can start a number expression. The scanner is
// tried only at number tokens and at these, which keeps the per-word cost
// of ordinary prose to one hash lookup.
// Which tokens can start a number expression. A *core* word states a number
// by itself ("two", "third", "half", "million"); a *lead* word only starts
// one when a core follows within a few tokens ("about", "a", "$", "US",
// "October", "-"). Most text has no number, and most lead words ("a", "in",
// "at") are no start, so the scanner only tries where a core is near.
enum class Start : uint8_t { kNone, kLead, kCore };

struct StarterSet {
  WordMap<Start> words;
  // Two Bloom-like pre-checks, on (first byte, last byte, length) and on
  // (second byte, second-to-last byte, length), that rule out nearly all
  // ordinary words before hashing them: the hash and compare were a tenth
  // of the numbers layer's time with the first check alone.
  std::bitset<1 << 16> shape, inner;
  static size_t Shape(absl::string_view w) {
    const size_t len = std::min<size_t>(w.size(), 31);
    return (static_cast<unsigned char>(w.front()) +
            31 * static_cast<unsigned char>(w.back()) + 4099 * len) &
           0xffff;
  }
  static size_t Inner(absl::string_view w) {
    const size_t len = std::min<size_t>(w.size(), 31);
    const unsigned char a = w.size() > 1 ? w[1] : 0;
    const unsigned char b = w.size() > 1 ? w[w.size() - 2] : 0;
    return (a * 257 + b * 7 + 131 * len) & 0xffff;
  }
  // One-byte words by table: ".", "-", "a", "$" are a tenth of all tokens.
  std::array<Start, 256> single{};
  const WordSet* codes;  // the lexicon's
  Start Find(absl::string_view w) const {
    if (w.size() == 1) return single[static_cast<unsigned char>(w[0])];
    // "usd115": a code glued to digits (checked fully by GluedCode).
    if (w.size() > 3 && absl::ascii_isdigit(w[3]) &&
        codes->contains(w.substr(0, 3))) {
      return Start::kCore;
    }
    if (w.empty() || !shape[Shape(w)] || !inner[Inner(w)]) {
      return Start::kNone;
    }
    auto it = words.find(w);
    return it == words.end() ? Start::kNone : it->second;
  }
};

const StarterSet& Starters() {
  static const auto* starters = [] {
    const Lexicon& lx = GetLexicon();
    auto* set = new StarterSet;
    auto& s = set->words;
    auto lead = [&](absl::string_view w) {
      s.try_emplace(std::string(w), Start::kLead);  // core wins
    };
    for (const auto& [w, v] : lx.units_words) s[w] = Start::kCore;
    for (const auto& [w, v] : lx.tens_words) s[w] = Start::kCore;
    for (const auto& [w, v] : lx.ordinals) s[w] = Start::kCore;
    for (const auto& [w, v] : lx.denominators) s[w] = Start::kCore;
    for (const char* w :
         {"half", "quarter", "hundreds", "thousands", "millions", "billions",
          "dozens", "tens", "dozen", "hundred", "thousand", "million",
          "billion", "trillion"}) {
      s[w] = Start::kCore;
    }
    for (const auto& [w, v] : lx.currency_symbols) lead(w);
    for (const auto& [w, v] : lx.currency_words) lead(w);
    for (const auto& [w, v] : lx.months) lead(w);
    for (const auto& q : lx.qualifiers) {
      if (!q.words.empty()) lead(q.words[0]);
    }
    for (const auto& [w, v] : DollarPrefixes()) lead(w);
    for (const char* w : {"a", "an", "between", "minus", "negative", "-",
                          "\u2212", ".", "~", "percent", "percents", "cent"}) {
      lead(w);
    }
    set->codes = &lx.currency_codes;
    for (const auto& w : lx.currency_codes) lead(absl::StrCat("m", w));
    for (const char* w : {"\u00bd", "\u00bc", "\u00be", "\u2153", "\u2154",
                          "\u2155", "\u2156", "\u2157", "\u2158", "\u2159",
                          "\u215a", "\u215b", "\u215c", "\u215d", "\u215e"}) {
      s[w] = Start::kCore;
    }
    for (const auto& [w, v] : s) {
      if (w.empty()) continue;
      if (w.size() == 1) set->single[static_cast<unsigned char>(w[0])] = v;
      set->shape.set(StarterSet::Shape(w));
      set->inner.set(StarterSet::Inner(w));
    }
    return set;
  }();
  return *starters;
}

// The farthest a lead word stands before its core: "in excess of US $ 5".
constexpr size_t kLeadReach = 6;

class NumbersRecognizer final : public Recognizer {
 public:
  std::string name() const override { return "numbers/1"; }

  void Recognize(const TokenizedText& text,
                 std::vector<v1::Annotation>* out) const override {
    Scanner s(text);
    const auto& starters = Starters();
    const size_t n = s.size();
    // Reused per thread, like the engine's token buffer.
    thread_local std::vector<Start> start;
    start.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Token& t = s.tok(i);
      start[i] = t.kind == TokenKind::kNumber ? Start::kCore
                                              : starters.Find(text.Lower(t));
    }
    // The first core at or after the current lead; found lazily, once per
    // stretch between cores (so the scan stays linear).
    size_t next_core = 0;
    bool next_core_known = false;
    for (size_t i = 0; i < n;) {
      bool candidate = start[i] == Start::kCore;
      if (start[i] == Start::kLead) {
        if (!next_core_known || next_core < i) {
          next_core_known = true;
          next_core = i;
          while (next_core < n && start[next_core] != Start::kCore) {
            ++next_core;
          }
        }
        candidate = next_core < n && next_core - i <= kLeadReach;
      }
      size_t end = i;
      if (candidate) {
        v1::Annotation a;
        if (s.MatchAt(i, &a, &end) && end > i) {
          out->push_back(std::move(a));
          i = end;
          continue;
        }
      }
      ++i;
    }
  }
};

}  // namespace

std::unique_ptr<Recognizer> NewNumbersRecognizer() {
  return std::make_unique<NumbersRecognizer>();
}

}  // namespace docpipe::annotate
