// One amount: [sign] [currency prefix] core [scale words], read by
// ParseAmount from the steps of digits.cc, words.cc and money.cc.
#include <string>

#include "absl/strings/ascii.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// [currency symbol] (digits | words | vague plural) [scale]* [ratio]
// `ratio` = false reads no ratio: the divisor of one.
std::optional<Amount> Scanner::ParseAmount(size_t i, bool ratio) const {
  size_t k = i;
  const bool negative = SignAt(k);
  if (negative) {
    ++k;
    if (low(k) == "-" && adjacent(k)) ++k;  // "minus-5 yards"
  }
  std::string currency;
  bool millions = false;
  k = CurrencyPrefix(k, &currency, &millions);
  Amount a;
  if (ReadCore(k, negative, &currency, &a) != Read::kDone) {
    return std::nullopt;
  }
  a.begin = i;
  // "twenty-first": a rank, with nothing more to read after it.
  if (a.ordinal) return a;
  a.currency = currency;
  if (negative) a.value = -a.value;
  ScaleWords(&a);
  FinanceMillions(&a);
  if (!a.words && a.scaled) DigitsAndScales(&a);
  if (!a.vague) AndFraction(&a);
  if (ratio && !a.vague && currency.empty() && !millions) Ratio(&a);
  if (millions) {
    a.value *= 1e6;
    a.scaled = true;
  }
  return a;
}

// A sign at k not glued to what precedes it: "-1", "- 1 4/5", "minus
// five", "minus-5". A spaced dash after a name is a dash, no sign: "David
// - 50 miles".
bool Scanner::SignAt(size_t k) const {
  const absl::string_view w = low(k);
  const bool minus = w == "minus" || w == "negative";
  if (!minus && w != "-" && w != "\u2212") return false;
  if (!(k == 0 || tok(k).space_before ||
        tok(k - 1).kind == TokenKind::kPunct)) {
    return false;
  }
  if (!minus && k > 0 && tok(k - 1).kind == TokenKind::kWord &&
      absl::ascii_isupper(
          static_cast<unsigned char>(t_.text[tok(k - 1).begin])) &&
      !adjacent(k + 1)) {
    return false;
  }
  size_t n = k + 1;
  if (minus && low(n) == "-" && adjacent(n)) ++n;  // "minus-5"
  return IsNumber(n) || IsNumberWord(n) || (low(n) == "." && IsNumber(n + 1));
}

// The core of an amount at k, after its sign and currency prefix: the
// first of the readings that applies. A code glued to the digits
// ("USD115") sets `*currency`.
Read Scanner::ReadCore(size_t k, bool negative, std::string* currency,
                       Amount* a) const {
  if (const Read r = DigitCore(k, negative, a); r != Read::kNo) return r;
  if (currency->empty() && GluedCodeCore(k, currency, a)) return Read::kDone;
  if (SpelledFractionCore(k, a)) return Read::kDone;
  if (const Read r = WordsCore(k, negative, *currency, a); r != Read::kNo) {
    return r;
  }
  return VagueCore(k, a) ? Read::kDone : Read::kNo;
}

// Scale words: "5.5 billion", "34.6m", "20 thousand", "3 dozen".
void Scanner::ScaleWords(Amount* a) const {
  while (!a->vague && a->end < size()) {
    if (lx_.dozens.contains(low(a->end)) && low(a->end + 1) != "of") {
      a->value *= 12;
      ++a->end;
      continue;
    }
    auto s = lx_.scales.find(low(a->end));
    if (s == lx_.scales.end() || low(a->end) == "hundreds" ||
        low(a->end) == "thousands" || low(a->end) == "millions" ||
        low(a->end) == "billions" || low(a->end) == "dozen") {
      break;
    }
    // Single letters ("m", "b", "k") only glued to digits or after a
    // currency: "34.6m", "$5bn"; "5 m" is metres.
    if (s->first.size() <= 2 && s->first != "bn" && s->first != "mn" &&
        s->first != "tn" && !adjacent(a->end) &&
        // "2.33 k" spaced only where the clause ends after it.
        !(s->first == "k" && ClauseEnd(a->end + 1))) {
      break;
    }
    if (a->words && a->scaled) break;
    // "508m tall": metres (units.cc).
    if (a->currency.empty() && GluedLength(a->end)) break;
    a->value *= s->second;
    a->scaled = true;
    a->last_scale = s->second;
    ++a->end;
  }
}

// "US$ 1MM": finance's "MM" for million, only glued and after a currency
// ("5mm" is millimetres).
void Scanner::FinanceMillions(Amount* a) const {
  if (!a->currency.empty() && !a->scaled && low(a->end) == "mm" &&
      adjacent(a->end) && t_.text[tok(a->end).begin] == 'M') {
    a->value *= 1e6;
    a->scaled = true;
    a->last_scale = 1e6;
    ++a->end;
  }
}

// Digits with spelled scales go on: "4 thousand 3 hundred and 21".
void Scanner::DigitsAndScales(Amount* a) const {
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

}  // namespace docpipe::annotate::numbers
