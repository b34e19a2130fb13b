// Amounts that join another: ranges ("10 to 12"), ratios ("one in five");
// and the counted noun and rate after a match.
#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// A ratio read as the fraction it states: "one over three", "1 in 5",
// "two out of five". "over" is a qualifier too ("over 3 years"), so it
// joins only when the divisor ends the clause; "in" and "out of" only a
// count to a larger one. Never a year, unit or currency after: "1 in
// 2010", "2 in 10 minutes", "$2000 over 3 years" stay apart.
void Scanner::Ratio(Amount* a) const {
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

// A range's second amount after the joiner at `joiner` ("to", "-", "and"
// after "between"), for the first amount `a` of `kind`: "600,000 to
// 700,000 tons", "between 10 and 12", "$457 million to $1.19 billion".
// Its kind must agree with the first's (a cardinal agrees with any); a
// hyphen joins only digits, low to high ("555-123" is no range).
std::optional<Range> Scanner::RangeAfter(const Amount& a, v1::NumberKind kind,
                                         size_t joiner) const {
  auto b = ParseAmount(joiner + 1);
  if (!b || b->vague || b->ordinal) return std::nullopt;
  Range r;
  r.end = b->end;
  r.kind = Suffix(&r.end, &r.unit, b->currency);
  const bool compatible = kind == v1::NUMBER_KIND_CARDINAL ||
                          r.kind == v1::NUMBER_KIND_CARDINAL || kind == r.kind;
  if (!compatible ||
      // "$2-$3.8 trillion": a sign may follow the hyphen.
      (low(joiner) == "-" &&
       !((IsNumber(b->begin) || (lx_.currency_symbols.contains(low(b->begin)) &&
                                 IsNumber(b->begin + 1))) &&
         a.value < b->value)) ||
      Change(a, *b)) {
    return std::nullopt;
  }
  r.low = a.value;
  r.high = b->value;
  // "5 to 6 million", "four to five thousand": the second's scale applies
  // to a first that has none of its own, where it keeps low below high
  // ("$800,000 to $1.3 million" has its own).
  if (b->scaled && !a.scaled && r.low * b->last_scale <= r.high) {
    r.low *= b->last_scale;
  }
  // A range runs low to high: "fell 9 to 4" is a change.
  if (r.low > r.high) return std::nullopt;
  return r;
}

// Two amounts joined by a range's joiner that state a change or two things, not
// a range: "increased by $43.6bn to $419.2bn", "fell from 1.9% to 1.8%", "12
// months to 30 September" (a date after "to"), "alternating 5 or 6 times" (an
// alternative is a range only with a unit: "five or six years").
bool Scanner::Change(const Amount& a, const Amount& b) const {
  if (lx_.months.contains(low(b.end))) return true;
  if (a.begin == 0) return false;
  const absl::string_view before = low(a.begin - 1);
  if (before == "by") return true;
  // "rose 6.5% to 164p", "was up 3% to $5bn": a change, then a level.
  if (lx_.change_verbs.contains(before) && before != "cut") return true;
  // "fell from $2,415 to $2,315", "a rise from 5% to 6%", "fell sharply
  // from": two levels.
  return before == "from" && ChangeWordBefore(a.begin - 1, 3);
}

// A change verb or noun within `reach` tokens before k.
bool Scanner::ChangeWordBefore(size_t k, size_t reach) const {
  for (size_t j = 1; j <= reach && j <= k; ++j) {
    if (lx_.change_verbs.contains(low(k - j))) return true;
    if (ClauseEnd(k - j)) return false;
  }
  return false;
}

// The counted noun: a lower-case word that is not a function word, verb
// form or adverb ("15,000 soldiers", not "10 came" or "5 now").
bool Scanner::CountedWord(size_t k, std::string* counted) const {
  if (k >= size() || tok(k).kind != TokenKind::kWord) return false;
  const absl::string_view w = low(k);
  // Points are counted where they are no unit ("scored 10 points").
  const bool points = w == "points" || w == "point";
  if (lx_.not_counted.contains(w) || (lx_.units.contains(w) && !points) ||
      lx_.scales.contains(w) || lx_.months.contains(w)) {
    return false;
  }
  if (w.size() > 4 && (absl::EndsWith(w, "ly") || absl::EndsWith(w, "ed"))) {
    return false;  // adverbs and past forms: "7 recently", "10 died"
  }
  if (!absl::ascii_islower(static_cast<unsigned char>(t_.text[tok(k).begin]))) {
    return false;
  }
  // Skip one adjective-like word? Keep it simple: the next word.
  *counted = std::string(t_.Text(tok(k)));
  return true;
}

// The rate after money or a quantity ("$2,000 a month"), which the span
// takes in; the counted noun after a quantity's "of" ("tons of rice", and
// a rate after that noun) or after a cardinal ("15,000 soldiers"), which
// it does not. Sets them on `n`; returns the span's end.
size_t Scanner::RateOrCounted(size_t e, v1::NumberKind kind,
                              v1::NumberAnnotation* n) const {
  std::string counted;
  if (kind == v1::NUMBER_KIND_MONEY || kind == v1::NUMBER_KIND_QUANTITY) {
    if (auto r = Rate(e)) {
      n->set_per(r->second);
      return r->first;
    }
    if (kind == v1::NUMBER_KIND_QUANTITY && low(e) == "of" &&
        CountedWord(e + 1, &counted)) {
      n->set_counted(counted);
      if (auto r2 = Rate(e + 2)) n->set_per(r2->second);
    }
  } else if (kind == v1::NUMBER_KIND_CARDINAL && CountedWord(e, &counted)) {
    n->set_counted(counted);
  }
  return e;
}

}  // namespace docpipe::annotate::numbers
