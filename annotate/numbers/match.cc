// MatchAt, the scanner's entry point, and the v1 annotations it builds.
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// "percent of twenty", "per cent of 210": the percentage named before
// its number. Only where no number stands before the word ("20 percent
// of 10" is 20 %) and the number ends the clause.
bool Scanner::PercentOf(size_t i, v1::Annotation* out, size_t* end) const {
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

// The match at token i, if any: a date, an ordinal, a percent named
// before its number, a share ("over half"), or [qualifier | between]
// amount [suffix] [range] [rate | counted noun].
bool Scanner::MatchAt(size_t i, v1::Annotation* out, size_t* end) const {
  if (InUrl(i)) return false;
  if (MatchDate(i, out, end)) return true;
  if (const Read r = MatchOrdinal(i, out, end); r != Read::kNo) {
    return r == Read::kDone;
  }
  // [qualifier | between] amount ...
  v1::Approx approx = v1::APPROX_EXACT;
  size_t k = i;
  bool between = false;
  // "from 5 to 10 years": a range, whose span starts at its first amount
  // (guidelines sec. 1: "$457 million to $1.19 billion"; "between", by
  // contrast, is part of it). Only a range: "from 5%" is read at the
  // number.
  const bool from = low(i) == "from";
  if (low(i) == "between") {
    between = true;
    k = i + 1;
  } else if (from) {
    k = i + 1;
    if (IsYear(k)) return false;  // "from 2006 to 2015": two dates
    // Only a range: a joiner within a few tokens, or nothing to read.
    bool joiner = false;
    for (size_t j = k + 1; j < k + 6 && j < size() && !joiner; ++j) {
      joiner = low(j) == "to" || low(j) == "-" || low(j) == "through";
    }
    if (!joiner) return false;
  } else if (auto q = Qualifier(i);
             q && !((low(i) == "<" || low(i) == ">") && adjacent(i) &&
                    (low(i - 1) == "<" || low(i - 1) == "=" ||
                     low(i - 1) == ">"))) {  // "<>30", "=>30": no bound
    approx = q->second;
    k = q->first;
  }
  if (PercentOf(i, out, end)) return true;
  if (HalfShare(i, k, approx, out, end)) return true;
  if (k < size() && Excluded(k)) return false;
  auto a = ParseAmount(k);
  if (!a) return false;
  if (a->ordinal) {
    return Exact(out, k, a->end, v1::NUMBER_KIND_ORDINAL, a->value, end);
  }
  if (a->vague && approx == v1::APPROX_EXACT) approx = v1::APPROX_AT_LEAST;
  if (from) {
    if (!EmitAmount(k, *std::move(a), false, approx, out, end) ||
        out->number().approx() != v1::APPROX_RANGE) {
      out->Clear();
      return false;
    }
    return true;
  }
  return EmitAmount(i, *std::move(a), between, approx, out, end);
}

// An ordinal at i: "third", "2nd". A "second" after "a" or "per" is the
// unit of time, no amount (kReject).
Read Scanner::MatchOrdinal(size_t i, v1::Annotation* out, size_t* end) const {
  // "world number one": a rank.
  if (low(i) == "number" && t_.text[tok(i).begin] == 'n' &&
      lx_.units_words.contains(low(i + 1)) && low(i + 2) != "of") {
    Exact(out, i, i + 2, v1::NUMBER_KIND_ORDINAL,
          lx_.units_words.find(low(i + 1))->second, end);
    return Read::kDone;
  }
  if (auto o = lx_.ordinals.find(low(i)); o != lx_.ordinals.end()) {
    if (low(i) == "second" && i > 0 &&
        (low(i - 1) == "a" || low(i - 1) == "per")) {
      return Read::kReject;
    }
    Exact(out, i, i + 1, v1::NUMBER_KIND_ORDINAL, o->second, end);
    return Read::kDone;
  }
  if (IsNumber(i) && i + 1 < size() && adjacent(i + 1) &&
      (low(i + 1) == "st" || low(i + 1) == "nd" || low(i + 1) == "rd" ||
       low(i + 1) == "th") &&
      DigitValue(i)) {
    Exact(out, i, i + 2, v1::NUMBER_KIND_ORDINAL, *DigitValue(i), end);
    return Read::kDone;
  }
  return Read::kNo;
}

// "half" at k, after the qualifier that starts at i: a percent when it is
// a share ("half of", "over half").
bool Scanner::HalfShare(size_t i, size_t k, v1::Approx approx,
                        v1::Annotation* out, size_t* end) const {
  if (low(k) != "half" || (k == i && low(k + 1) != "of")) return false;
  // "the second half of 2004": a part, no share.
  if (k == i && i > 0 &&
      (low(i - 1) == "the" || lx_.ordinals.contains(low(i - 1)))) {
    return false;
  }
  SetSpan(out, i, k + 1);
  auto* n = out->mutable_number();
  n->set_kind(v1::NUMBER_KIND_PERCENT);
  n->set_value(50);
  n->set_approx(approx);
  *end = k + 1;
  return true;
}

// The annotation for amount `a` read after the qualifier at i: its
// suffix (kind and unit), a range it opens, its rate or counted noun.
// False where "between" finds no "and".
bool Scanner::EmitAmount(size_t i, Amount a, bool between, v1::Approx approx,
                         v1::Annotation* out, size_t* end) const {
  size_t e = a.end;
  std::string unit;
  Subunits subunits;
  v1::NumberKind kind = Suffix(&e, &unit, a.currency, &subunits);
  a.value = a.value * subunits.factor + subunits.plus;
  // "5 feet 2 inches", "12 ft 2 in": one height, in feet.
  if (kind == v1::NUMBER_KIND_QUANTITY && unit == "foot") {
    const size_t k = low(e) == "and" ? e + 1 : e;
    auto inches = DigitValue(k);
    if (inches && *inches < 12 &&
        (low(k + 1) == "inch" || low(k + 1) == "inches" ||
         low(k + 1) == "in") &&
        (low(k + 1) != "in" || ClauseEnd(k + 2) || low(k + 2) == "more" ||
         low(k + 2) == "tall")) {
      a.value += *inches / 12;
      e = k + 2;
    }
  }
  // Points are a unit where an index moves ("fell 20 points", "up 3.5
  // points"); a score's points are counted ("scored 10 points").
  if (kind == v1::NUMBER_KIND_QUANTITY && unit == "point" &&
      a.value == std::floor(a.value) && !PointsMove(i)) {
    if (i > 0 && low(i - 1) == "at") return false;  // "at one point"
    kind = v1::NUMBER_KIND_CARDINAL;
    unit.clear();
    e = a.end;
  }
  std::optional<Range> range;
  const absl::string_view joiner = low(e);
  if ((between && joiner == "and") ||
      (!between && (joiner == "to" || joiner == "-" || joiner == "\u2013" ||
                    joiner == "through" || joiner == "thru" ||
                    (joiner == "~" && adjacent(e) && IsNumber(e + 1))))) {
    range = RangeAfter(a, kind, e);
    // "1.6km/h to 2.5km": two measures, no range.
    if (range && kind == v1::NUMBER_KIND_QUANTITY &&
        range->kind == v1::NUMBER_KIND_QUANTITY && range->unit != unit) {
      range.reset();
    }
    // "6-3", "40-0": a score, one CARDINAL with no value.
    if (!range && joiner == "-" && ScoreAfter(a, kind, e)) {
      SetSpan(out, i, e + 2);
      out->mutable_number()->set_kind(v1::NUMBER_KIND_CARDINAL);
      out->mutable_number()->set_approx(approx);
      *end = e + 2;
      return true;
    }
  } else if (!between && joiner == "or" && kind == v1::NUMBER_KIND_CARDINAL) {
    // "five or six years": alternatives with one unit are a range.
    auto alt = RangeAfter(a, kind, e);
    if (alt && alt->kind != v1::NUMBER_KIND_CARDINAL) range = std::move(alt);
  } else if (between) {
    return false;  // "between" without "and": not a range we understand
  }
  if (!range && (approx == v1::APPROX_EXACT || approx == v1::APPROX_ABOUT)) {
    // "about 5 or more": the bound wins.
    e = TrailingQualifier(e, &approx);
  } else if (!range) {
    e = OrEqual(e, approx);
  }
  // "above 1000 and below 1500", "larger than 10 and smaller than 20": two
  // bounds of one interval.
  if (!range &&
      (approx == v1::APPROX_AT_LEAST || approx == v1::APPROX_AT_MOST) &&
      (low(e) == "and" || low(e) == "but" || low(e) == ",")) {
    if (auto q = Qualifier(e + 1);
        q && q->second != approx &&
        (q->second == v1::APPROX_AT_LEAST || q->second == v1::APPROX_AT_MOST)) {
      auto b = ParseAmount(q->first);
      if (b && !b->vague && !b->ordinal) {
        Range r;
        r.end = b->end;
        r.kind = Suffix(&r.end, &r.unit, b->currency);
        const double lo = approx == v1::APPROX_AT_LEAST ? a.value : b->value;
        const double hi = approx == v1::APPROX_AT_LEAST ? b->value : a.value;
        if (lo <= hi && (r.kind == kind || r.kind == v1::NUMBER_KIND_CARDINAL ||
                         kind == v1::NUMBER_KIND_CARDINAL)) {
          r.low = lo;
          r.high = hi;
          range = std::move(r);
        }
      }
    }
  }
  if (range) {
    if (kind == v1::NUMBER_KIND_CARDINAL) {
      kind = range->kind;
      unit = std::move(range->unit);
    }
    approx = v1::APPROX_RANGE;
    e = range->end;
  }
  auto* n = out->mutable_number();
  n->set_kind(kind);
  n->set_approx(approx);
  if (range) {
    n->set_low(range->low);
    n->set_high(range->high);
  } else {
    n->set_value(a.value);
  }
  // "at one point": no score.
  if (kind == v1::NUMBER_KIND_QUANTITY && unit == "point" && i > 0 &&
      low(i - 1) == "at") {
    out->clear_number();
    return false;
  }
  // Unset rather than empty: a set string is an allocation.
  if (!unit.empty()) n->set_unit(std::move(unit));
  e = RateOrCounted(e, kind, n);
  Normalize(lx_, n);
  SetSpan(out, i, e);
  *end = e;
  return true;
}

// Before the amount at i, within two words, a verb an index moves by:
// "fell 20 points", "gained 3 points".
bool Scanner::PointsMove(size_t i) const {
  for (size_t j = 1; j <= 2 && j <= i; ++j) {
    const absl::string_view w = low(i - j);
    if (lx_.change_verbs.contains(w) || w == "gained" || w == "lost" ||
        w == "added" || w == "shed" || w == "closed" || w == "ended") {
      return true;
    }
  }
  return false;
}

// A sports score at the hyphen `h` after the amount `a`: "6-3", "40-0",
// "3-3" (integers glued by a hyphen, the first no smaller, no year).
bool Scanner::ScoreAfter(const Amount& a, v1::NumberKind kind, size_t h) const {
  if (kind != v1::NUMBER_KIND_CARDINAL || a.words || a.scaled ||
      !a.currency.empty() || h != a.end || a.end != a.begin + 1 ||
      !adjacent(h) || !adjacent(h + 1) || !IsNumber(a.begin) ||
      !IsNumber(h + 1) || IsYear(a.begin) || low(h + 2) == "-" ||
      (adjacent(h + 2) && tok(h + 2).kind != TokenKind::kPunct)) {
    return false;
  }
  auto b = DigitValue(h + 1);
  return b && a.value == std::floor(a.value) && *b == std::floor(*b) &&
         a.value >= *b && a.value < 200 &&
         low(a.begin).find_first_of(".,") == absl::string_view::npos;
}

// A qualifier after the amount ending at e: "10 or so" (ABOUT), "one
// million or more" (AT_LEAST), "or less", "or fewer" (AT_MOST). Returns
// the span's new end.
size_t Scanner::TrailingQualifier(size_t e, v1::Approx* approx) const {
  if (low(e) != "or" && low(e) != "and") return e;
  const absl::string_view w = low(e + 1);
  if (w == "so" && low(e) == "or") {
    *approx = v1::APPROX_ABOUT;
  } else if (low(e) == "or" ? (w == "more" || w == "greater" || w == "higher" ||
                               w == "above")
                            : (w == "above" || w == "over")) {
    *approx = v1::APPROX_AT_LEAST;
  } else if (low(e) == "or" &&
             (w == "less" || w == "fewer" || w == "lower" || w == "below")) {
    *approx = v1::APPROX_AT_MOST;
  } else {
    return e;
  }
  e += 2;
  // "or more than" with no number after; "or equal (to)" after either.
  if (low(e) == "than" && !IsNumber(e + 1) && !IsNumberWord(e + 1)) ++e;
  return OrEqual(e, *approx);
}

// "less than 5000 or equal (to)": the bound's own "or equal", where no
// number follows it. Returns the span's new end.
size_t Scanner::OrEqual(size_t e, v1::Approx approx) const {
  if ((approx != v1::APPROX_AT_LEAST && approx != v1::APPROX_AT_MOST) ||
      low(e) != "or" || low(e + 1) != "equal") {
    return e;
  }
  size_t k = e + 2;
  if (low(k) == "to") ++k;
  if (IsNumber(k) || IsNumberWord(k)) return e;
  return k;
}

void Scanner::SetSpan(v1::Annotation* out, size_t b, size_t e) const {
  out->mutable_span()->set_begin(tok(b).begin);
  out->mutable_span()->set_end(tok(e - 1).end);
}

// Tokens [b, e) as an EXACT number of `kind` and `value`; the match ends
// at e. Always true, for the matchers' `return`.
bool Scanner::Exact(v1::Annotation* out, size_t b, size_t e,
                    v1::NumberKind kind, double value, size_t* end) const {
  SetSpan(out, b, e);
  auto* n = out->mutable_number();
  n->set_kind(kind);
  n->set_value(value);
  n->set_approx(v1::APPROX_EXACT);
  *end = e;
  return true;
}

}  // namespace docpipe::annotate::numbers
