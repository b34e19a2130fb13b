// What follows an amount and sets its kind: a percent sign or word, a
// currency (money.cc), a unit; and the rate after money or a quantity.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// Everything after an amount that can belong to it: percent, currency
// word, unit. Returns the kind and advances *end. The percent words and
// the currencies' words are disjoint, so which is tried first does not
// matter.
v1::NumberKind Scanner::Suffix(size_t* end, std::string* unit,
                               const std::string& currency,
                               Subunits* subunits) const {
  size_t k = *end;
  // "one-yen", "12-cent-a-share": a currency glued on by a hyphen.
  if (low(k) == "-" && adjacent(k) && adjacent(k + 1) && currency.empty() &&
      (CurrencyWord(k + 1) || low(k + 1) == "cent")) {
    ++k;
  }
  // A unit of several words first: "275 pound-feet" (not GBP), "2
  // percentage points" (not a percent), "140 km/h".
  if (currency.empty() && UnitPhrase(k, end, unit)) {
    return v1::NUMBER_KIND_QUANTITY;
  }
  if (PercentSuffix(k, end)) return v1::NUMBER_KIND_PERCENT;
  // "weighed 150 pounds", "5 pounds of rice": weight, not GBP.
  if (currency.empty() && (low(k) == "pound" || low(k) == "pounds") &&
      WeightPounds(k)) {
    *unit = "lb";
    *end = k + 1;
    return v1::NUMBER_KIND_QUANTITY;
  }
  if (MoneySuffix(k, end, unit, currency, subunits)) {
    return v1::NUMBER_KIND_MONEY;
  }
  if (UnitSuffix(k, end, unit)) return v1::NUMBER_KIND_QUANTITY;
  return v1::NUMBER_KIND_CARDINAL;
}

// The phrase of `map` at k with the most tokens (see Phrase): its end
// and value.
std::optional<std::pair<size_t, const std::string*>> Scanner::PhraseAt(
    size_t k, const PhraseMap<std::string>& map) const {
  if (k >= size()) return std::nullopt;
  auto it = map.find(low(k));
  if (it == map.end()) return std::nullopt;
  for (const auto& p : it->second) {
    bool match = k + p.rest.size() < size() || p.rest.empty();
    for (size_t j = 0; match && j < p.rest.size(); ++j) {
      const size_t t = k + 1 + j;
      match = t < size() && low(t) == p.rest[j] && adjacent(t) == p.glued[j];
    }
    if (match) return std::make_pair(k + 1 + p.rest.size(), &p.value);
  }
  return std::nullopt;
}

// A unit of two or more tokens at k (data/units.tsv): "pound-feet",
// "square feet", "km/h", "percentage points", "miles per hour".
bool Scanner::UnitPhrase(size_t k, size_t* end, std::string* unit) const {
  auto p = PhraseAt(k, lx_.unit_phrases);
  // A title's capital, unless the unit is spelled out ("Kilometers per
  // hour").
  if (!p || p->first < k + 2 || (TitleWord(k) && p->first < k + 3)) {
    return false;
  }
  *unit = *p->second;
  *end = p->first;
  return true;
}

// "pounds" at k after an amount is a weight when "of" a thing follows
// ("5 pounds of rice"; not "pounds of debt").
bool Scanner::WeightPounds(size_t k) const {
  if (low(k + 1) == "of" && k + 2 < size() &&
      tok(k + 2).kind == TokenKind::kWord && !CurrencyWord(k + 2) &&
      low(k + 2) != "debt" && low(k + 2) != "the" && low(k + 2) != "his" &&
      low(k + 2) != "her" && low(k + 2) != "their" && low(k + 2) != "public" &&
      low(k + 2) != "taxpayers") {
    return true;
  }
  return false;
}

// "1.38pc": a percent glued to the digits at k.
bool Scanner::GluedPercent(size_t k) const {
  return k < size() && low(k) == "pc" && adjacent(k) && IsNumber(k - 1);
}

// "%", "percent", "pct", "per cent", "percentage", "percents" at k.
bool Scanner::PercentSuffix(size_t k, size_t* end) const {
  const absl::string_view w = low(k);
  if (w == "percentage" || w == "percents" || w == "%" || w == "percent" ||
      w == "pct" || GluedPercent(k)) {
    *end = k + 1;
    return true;
  }
  if (w == "per" && low(k + 1) == "cent") {
    *end = k + 2;
    return true;
  }
  return false;
}

// A unit at k: "tons", "km", "km/h"; a glued "m" or "k" that is a length
// ("a 508m tall tower"); or a unit glued on by a hyphen: "a six-mile
// trip", "a 3-inch screen" (not units of time: "a 10-year contract" stays
// a count, but an age is one: "a 25-year-old").
bool Scanner::UnitSuffix(size_t k, size_t* end, std::string* unit) const {
  if (auto g = GluedLength(k)) {
    *unit = *g;
    *end = SlashUnit(k + 1, unit);
    return true;
  }
  if (auto u = lx_.units.find(low(k)); u != lx_.units.end() && !TitleWord(k)) {
    *unit = u->second;
    *end = SlashUnit(k + 1, unit);
    return true;
  }
  // "12 m", "1 m x 1 m": a spaced lower-case "m" is metres where no word
  // follows it ("5 m people" is no measure; glued, "5m" is millions).
  if (low(k) == "m" && !adjacent(k) && t_.text[tok(k).begin] == 'm' &&
      (k + 1 >= size() || tok(k + 1).kind != TokenKind::kWord ||
       low(k + 1) == "x" || lx_.length_context.contains(low(k + 1)))) {
    *unit = "m";
    *end = SlashUnit(k + 1, unit);
    return true;
  }
  // "20 (kg)", "20 [kg]": a unit in brackets.
  const absl::string_view open = low(k);
  if ((open == "(" || open == "[" || open == "{" || open == "<") &&
      adjacent(k + 1) && adjacent(k + 2)) {
    const absl::string_view close = low(k + 2);
    auto u = lx_.units.find(low(k + 1));
    if (u != lx_.units.end() &&
        ((open == "(" && close == ")") || (open == "[" && close == "]") ||
         (open == "{" && close == "}") || (open == "<" && close == ">"))) {
      *unit = u->second;
      *end = k + 3;
      return true;
    }
  }
  if (low(k) == "-" && adjacent(k) && adjacent(k + 1)) {
    auto u = lx_.units.find(low(k + 1));
    if (u == lx_.units.end()) return false;
    const bool age = low(k + 2) == "-" && low(k + 3) == "old" &&
                     adjacent(k + 2) && adjacent(k + 3);
    if (age || !lx_.time_units.contains(u->second)) {
      *unit = u->second;
      *end = age ? k + 4 : k + 2;
      return true;
    }
  }
  return false;
}

// A glued "m" or "k" at k that is a length, not a scale: the digits
// before carry no currency sign and what follows makes it a distance or
// a speed: "508m tall", "17m/s", "17m per second", "the 800m record",
// "the 50K walk". The unit's name, if so.
std::optional<std::string> Scanner::GluedLength(size_t k) const {
  const absl::string_view w = low(k);
  if ((w != "m" && w != "k") || !adjacent(k) || !IsNumber(k - 1)) {
    return std::nullopt;
  }
  if (k >= 2 && lx_.currency_symbols.contains(low(k - 2))) {
    return std::nullopt;
  }
  const absl::string_view next = low(k + 1);
  const bool speed =
      w == "m" &&
      ((next == "/" && adjacent(k + 1) && (low(k + 2) == "s")) ||
       (next == "per" && (low(k + 2) == "second" || low(k + 2) == "minute" ||
                          low(k + 2) == "hour")));
  if (speed || lx_.length_context.contains(next)) {
    return std::string(w == "m" ? "m" : "km");
  }
  return std::nullopt;
}

// A speed's "/s" or "/h" glued after the unit that ends before k: "17m/s",
// "61km/h". Extends `unit`; returns the unit's end.
size_t Scanner::SlashUnit(size_t k, std::string* unit) const {
  if (low(k) != "/" || !adjacent(k) || !adjacent(k + 1)) return k;
  const absl::string_view w = low(k + 1);
  if (w != "s" && w != "h" && w != "hr" && w != "sec" && w != "min") return k;
  absl::StrAppend(unit, "/", w);
  return k + 2;
}

// A capitalized unit word of four letters or more is a title's: "21
// Grams" is a film. Abbreviations ("KM", "Kg", "MW") and units glued to
// the digits ("30Mbps") stay units.
bool Scanner::TitleWord(size_t k) const {
  return low(k).size() > 3 && !adjacent(k) &&
         absl::ascii_isupper(static_cast<unsigned char>(t_.text[tok(k).begin]));
}

// "a month", "per year", "an hour", "annually"; "per" before any noun,
// and a chain of them: "per barrel", "per child per year".
std::optional<std::pair<size_t, std::string>> Scanner::Rate(size_t k) const {
  if (auto r = lx_.rates.find(low(k)); r != lx_.rates.end()) {
    return std::make_pair(k + 1, r->second);
  }
  // "per square foot", "per kilowatt hour": a unit of several words.
  if (low(k) == "per") {
    if (auto u = PhraseAt(k + 1, lx_.unit_phrases); u && u->first > k + 2) {
      const size_t b = tok(k + 1).begin, e = tok(u->first - 1).end;
      return std::make_pair(u->first, std::string(t_.text.substr(b, e - b)));
    }
  }
  if (low(k) == "per" && RateNoun(k + 1)) {
    std::string per(t_.Text(tok(k + 1)));
    size_t e = k + 2;
    while (low(e) == "per" && RateNoun(e + 1)) {
      absl::StrAppend(&per, " per ", t_.Text(tok(e + 1)));
      e += 2;
    }
    return std::make_pair(e, per == "annum" ? std::string("year") : per);
  }
  if ((low(k) == "a" || low(k) == "an" || low(k) == "each" ||
       low(k) == "every") &&
      k + 1 < size()) {
    const absl::string_view w = low(k + 1);
    if (w == "year" || w == "month" || w == "week" || w == "day" ||
        w == "hour" || w == "minute" || w == "decade" || w == "share" ||
        w == "barrel" || w == "gallon" || w == "litre" || w == "tonne" ||
        w == "ton" || w == "head") {
      return std::make_pair(k + 2, std::string(w));
    }
  }
  return std::nullopt;
}

// A noun a rate names after "per": a lower-case word, no function word.
bool Scanner::RateNoun(size_t k) const {
  return k < size() && tok(k).kind == TokenKind::kWord &&
         absl::ascii_islower(
             static_cast<unsigned char>(t_.text[tok(k).begin])) &&
         !lx_.not_counted.contains(low(k)) && low(k) != "cent";
}

}  // namespace docpipe::annotate::numbers
