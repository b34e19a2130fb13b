// What follows an amount and sets its kind: a percent sign or word, a
// currency (money.cc), a unit; and the rate after money or a quantity.
#include <string>

#include "absl/strings/ascii.h"
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
  if (PercentSuffix(k, end)) return v1::NUMBER_KIND_PERCENT;
  if (MoneySuffix(k, end, unit, currency, subunits)) {
    return v1::NUMBER_KIND_MONEY;
  }
  if (UnitSuffix(k, end, unit)) return v1::NUMBER_KIND_QUANTITY;
  return v1::NUMBER_KIND_CARDINAL;
}

// "%", "percent", "pct", "per cent", "percentage", "percents" at k.
bool Scanner::PercentSuffix(size_t k, size_t* end) const {
  const absl::string_view w = low(k);
  if (w == "percentage" || w == "percents" || w == "%" || w == "percent" ||
      w == "pct") {
    *end = k + 1;
    return true;
  }
  if (w == "per" && low(k + 1) == "cent") {
    *end = k + 2;
    return true;
  }
  return false;
}

// A unit at k: "tons", "km"; or glued on by a hyphen: "a six-mile trip",
// "a 3-inch screen" (not units of time: "a 10-year contract" stays a
// count).
bool Scanner::UnitSuffix(size_t k, size_t* end, std::string* unit) const {
  if (auto u = lx_.units.find(low(k)); u != lx_.units.end() && !TitleWord(k)) {
    *unit = u->second;
    *end = k + 1;
    return true;
  }
  if (low(k) == "-" && adjacent(k) && adjacent(k + 1)) {
    if (auto u = lx_.units.find(low(k + 1));
        u != lx_.units.end() && !lx_.time_units.contains(u->second)) {
      *unit = u->second;
      *end = k + 2;
      return true;
    }
  }
  return false;
}

// A capitalized unit word of four letters or more is a title's: "21
// Grams" is a film. Abbreviations ("KM", "Kg", "MW") stay units.
bool Scanner::TitleWord(size_t k) const {
  return low(k).size() > 3 &&
         absl::ascii_isupper(static_cast<unsigned char>(t_.text[tok(k).begin]));
}

// "a month", "per year", "an hour", "annually".
std::optional<std::pair<size_t, std::string>> Scanner::Rate(size_t k) const {
  if (auto r = lx_.rates.find(low(k)); r != lx_.rates.end()) {
    return std::make_pair(k + 1, r->second);
  }
  if ((low(k) == "a" || low(k) == "an" || low(k) == "per" || low(k) == "each" ||
       low(k) == "every") &&
      k + 1 < size()) {
    const absl::string_view w = low(k + 1);
    if (w == "year" || w == "month" || w == "week" || w == "day" ||
        w == "hour" || w == "annum" || w == "decade") {
      return std::make_pair(k + 2, std::string(w == "annum" ? "year" : w));
    }
  }
  return std::nullopt;
}

}  // namespace docpipe::annotate::numbers
