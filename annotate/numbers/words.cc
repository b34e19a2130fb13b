// Spelled numbers: "twenty-five", "three million", "two thirds", "one
// hundred and first".
#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// Spelled-out numbers: "two", "twenty-five", "a hundred", "three million".
// `join_and` = false stops at "and": a fraction's numerator ("three" in
// "twenty and three fifths"), read without recursing into FractionAt.
std::optional<Amount> Scanner::ParseWords(size_t i, bool join_and) const {
  Amount a;
  a.begin = i;
  a.words = true;
  double total = 0, current = 0;
  size_t k = ScaleLead(i, &current);
  bool any = k > i;
  for (; k < size(); ++k) {
    const absl::string_view w = low(k);
    if (auto u = lx_.units_words.find(w); u != lx_.units_words.end()) {
      // "four Six Nations": two units words are two numbers.
      if (k > i && lx_.units_words.contains(low(k - 1))) break;
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
      const bool stacked =
          current == 0 && a.scaled && k > i && lx_.scales.contains(low(k - 1));
      total = stacked ? total * lx_.scales.at(w)
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

// A scale word read as one of itself at k, before the number's words: "a
// hundred", "a dozen"; "hundred thousand dollars" (a bare "hundred" only
// before a larger scale: "Hundred Years' War" is a name). Sets `*current`
// and returns the token after it; k where there is none.
size_t Scanner::ScaleLead(size_t k, double* current) const {
  if (low(k) == "a" && k + 1 < size() &&
      (low(k + 1) == "hundred" || low(k + 1) == "thousand" ||
       low(k + 1) == "million" || low(k + 1) == "billion" ||
       low(k + 1) == "dozen")) {
    *current = 1;
    return k + 1;
  }
  if (low(k) == "hundred" &&
      (low(k + 1) == "thousand" || low(k + 1) == "million" ||
       low(k + 1) == "billion")) {
    *current = 100;
    return k + 1;
  }
  return k;
}

// The core of an amount that is a fraction or a fraction of a scale:
// "¾", "a fifth of", "half million", "three quarters billion", "half
// a dozen".
bool Scanner::SpelledFractionCore(size_t k, Amount* a) const {
  if (auto f = Vulgar(k)) {  // "¾"
    a->begin = k;
    a->value = *f;
    a->end = k + 1;
    return true;
  }
  if (auto f = (low(k) == "a" || low(k) == "an") ? FractionAt(k) : std::nullopt;
      f && (low(k + 1) == "half" || low(f->second) == "of" ||
            f->second >= size() || tok(f->second).kind == TokenKind::kPunct)) {
    // "a fifth of", "a half", "a hundredth." (not "a third term")
    a->begin = k;
    a->value = f->first;
    a->words = true;
    a->end = f->second;
    FractionOfScale(a);
    return true;
  }
  if (size_t f = low(k) == "a" ? k + 1 : k;
      (low(f) == "half" || low(f) == "quarter") &&
      (low(f + 1) == "million" || low(f + 1) == "billion" ||
       low(f + 1) == "thousand" || low(f + 1) == "trillion")) {
    // "half million", "a quarter million"
    a->begin = k;
    a->value = (low(f) == "half" ? 0.5 : 0.25) * lx_.scales.at(low(f + 1));
    a->words = true;
    a->scaled = true;
    a->end = f + 2;
    return true;
  }
  if (low(k) == "three" && low(k + 1) == "quarters" &&
      (low(k + 2) == "million" || low(k + 2) == "billion")) {
    a->begin = k;
    a->value = 0.75 * lx_.scales.at(low(k + 2));
    a->words = true;
    a->scaled = true;
    a->end = k + 3;
    return true;
  }
  if (low(k) == "half" && low(k + 1) == "a" &&
      (low(k + 2) == "dozen" || low(k + 2) == "dozens")) {
    a->begin = k;
    a->value = 6;
    a->words = true;
    a->end = k + 3;
    return true;
  }
  return false;
}

// The core of an amount in words at k: "two thirds", "three million",
// or a spelled ordinal ("twenty-first"), which takes no sign or currency
// (kReject).
Read Scanner::WordsCore(size_t k, bool negative, const std::string& currency,
                        Amount* a) const {
  auto w = ParseWords(k);
  if (!w) return Read::kNo;
  *a = *w;
  if (auto o = OrdinalAfter(*a)) {
    if (negative || !currency.empty()) return Read::kReject;
    a->value = o->first;
    a->end = o->second;
    a->ordinal = true;
    return Read::kDone;
  }
  WordFraction(a);
  FractionOfScale(a);
  return Read::kDone;
}

// Vague plurals at k: "hundreds of", "hundreds of millions of".
bool Scanner::VagueCore(size_t k, Amount* a) const {
  if (!(k + 1 < size() && low(k + 1) == "of" &&
        (low(k) == "hundreds" || low(k) == "thousands" ||
         low(k) == "millions" || low(k) == "billions" || low(k) == "dozens" ||
         low(k) == "tens"))) {
    return false;
  }
  a->begin = k;
  a->vague = true;
  a->value = low(k) == "dozens" ? 12
             : low(k) == "tens" ? 10
                                : lx_.scales.at(low(k));
  a->end = k + 2;
  while (a->end + 1 < size() && low(a->end + 1) == "of" &&
         (low(a->end) == "millions" || low(a->end) == "billions" ||
          low(a->end) == "thousands")) {
    a->value *= lx_.scales.at(low(a->end));
    a->end += 2;
  }
  return true;
}

// A spelled ordinal of several words, read on from its cardinal part
// (one ParseWords for both readings): "twenty-first", "one hundred
// twenty fifth", "three hundred and first", "two hundredth", "a hundred
// trillionth". Only where the cardinal can take the ordinal's place:
// "one fifth", "three twenty-fifths" stay fractions, and so does "one
// hundredth" (a scale ordinal after one).
// `w` is the cardinal read so far; the ordinal's value and end.
std::optional<std::pair<double, size_t>> Scanner::OrdinalAfter(
    const Amount& w) const {
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
void Scanner::FractionOfScale(Amount* a) const {
  if (a->value >= 1 || a->scaled || low(a->end) != "of" ||
      (low(a->end + 1) != "a" && low(a->end + 1) != "one")) {
    return;
  }
  const absl::string_view w = low(a->end + 2);
  if (w != "thousand" && w != "million" && w != "billion" && w != "trillion") {
    return;
  }
  a->value *= lx_.scales.at(w);
  a->scaled = true;
  a->last_scale = lx_.scales.at(w);
  a->end += 3;
}

// "and" + a fraction after an amount: "three and a fifth", "one hundred
// and three quarters", "3 million and a half" (of the last scale), "one
// billion and a quarter million" (of the scale that follows).
void Scanner::AndFraction(Amount* a) const {
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
std::optional<std::pair<double, size_t>> Scanner::FractionAt(size_t k) const {
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

// A denominator word at k and the end: "third(s)" -> 3, "half" -> 2,
// "hundredths" -> 100, "twenty-first(s)" -> 21.
std::optional<std::pair<double, size_t>> Scanner::Denominator(size_t k) const {
  if (k >= size()) return std::nullopt;
  // "twenty-first", "twenty-fifths": tens, hyphen, unit ordinal. Spaced
  // ("three twenty firsts") only in the plural: "twenty first" alone is
  // more often the ordinal 21 than a denominator.
  if (auto t = lx_.tens_words.find(low(k)); t != lx_.tens_words.end()) {
    const bool hyphen = low(k + 1) == "-" && adjacent(k + 1) && adjacent(k + 2);
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
void Scanner::WordFraction(Amount* a) const {
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

}  // namespace docpipe::annotate::numbers
