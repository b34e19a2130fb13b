// The context of a number: what makes digits no number (names, times,
// phones, list markers, URLs) and the qualifier before one.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// Token i is a number's place but no number: part of a name, a time, a
// list marker, glued to letters, the pronoun "one", a phone number or id.
bool Scanner::Excluded(size_t i) const {
  return PartOfName(i) || TimeOrListMarker(i) || GluedToLetters(i) ||
         PronounOne(i) || PhoneOrId(i);
}

// "Article 5", "No. 3" (the word before, capitalized); model names:
// "F-16", "MiG-29" (a capitalized word, a hyphen, digits, all glued).
bool Scanner::PartOfName(size_t i) const {
  if (NumberWordInName(i) || ProductName(i)) return true;
  if (i > 0 && lx_.name_words.contains(low(i - 1)) &&
      absl::ascii_isupper(
          static_cast<unsigned char>(t_.text[tok(i - 1).begin]))) {
    return true;
  }
  if (i > 1 && low(i - 1) == "." && low(i - 2) == "no") return true;
  return i > 1 && low(i - 1) == "-" && adjacent(i) && adjacent(i - 1) &&
         tok(i - 2).kind == TokenKind::kWord &&
         absl::ascii_isupper(
             static_cast<unsigned char>(t_.text[tok(i - 2).begin]));
}

// Digits after a name written with an inner capital or an ampersand, or
// a model number after a brand: a product or index, no quantity: "iPhone
// 11", "PlayStation 2", "S&P 500", "Nokia 6600".
bool Scanner::ProductName(size_t i) const {
  if (!IsNumber(i) || i == 0 || adjacent(i) ||
      tok(i - 1).kind != TokenKind::kWord) {
    return false;
  }
  const absl::string_view raw = t_.Text(tok(i - 1));
  // A model number after a brand inside a sentence: "Nokia 6600", "TFC
  // 101 Tower", "FTSE 100" (three digits or more, no year, no amount's
  // word before: "About 300", "March 2005").
  const absl::string_view d = low(i);
  const absl::string_view prev = low(i - 1);
  if (d.size() >= 3 && std::all_of(d.begin(), d.end(), absl::ascii_isdigit) &&
      absl::ascii_isupper(static_cast<unsigned char>(raw[0])) &&
      !tok(i - 1).sentence_start && !IsYear(i) &&
      !(adjacent(i + 1) && tok(i + 1).kind == TokenKind::kWord) &&
      !lx_.units.contains(low(i + 1)) && !lx_.scales.contains(low(i + 1)) &&
      !lx_.months.contains(prev) && !CurrencyWord(i - 1) &&
      !lx_.currency_signs.contains(prev) && !lx_.iso_codes.contains(prev) &&
      !lx_.qualifier_starts.contains(prev) && !lx_.units.contains(prev) &&
      !lx_.name_words.contains(prev)) {
    return true;
  }
  if (i >= 2 && low(i - 2) == "&" && adjacent(i - 1) &&
      std::all_of(raw.begin(), raw.end(), absl::ascii_isupper)) {
    return true;  // "S&P 500"
  }
  // A capital after a lower-case letter: "iPhone", "PlayStation".
  for (size_t c = 1; c < raw.size(); ++c) {
    if (absl::ascii_isupper(static_cast<unsigned char>(raw[c])) &&
        absl::ascii_islower(static_cast<unsigned char>(raw[c - 1]))) {
      return true;
    }
  }
  return false;
}

// A capitalized number word inside a sentence, next to another
// capitalized word: "Five Live", "the Six Nations", "Formula One". At a
// sentence's or line's start it is a number: "Five people died".
bool Scanner::NumberWordInName(size_t i) const {
  if (!IsNumberWord(i) ||
      !absl::ascii_isupper(static_cast<unsigned char>(t_.text[tok(i).begin])) ||
      LineStart(i)) {
    return false;
  }
  const absl::string_view prev = low(i - 1);
  if (prev == "." || prev == "!" || prev == "?" || prev == ":" ||
      prev == "\"" || prev == "'" || prev == "\u201c" || prev == "(") {
    return false;
  }
  auto capital = [&](size_t k) {
    return k < size() && tok(k).kind == TokenKind::kWord &&
           absl::ascii_isupper(
               static_cast<unsigned char>(t_.text[tok(k).begin]));
  };
  return capital(i + 1) || capital(i - 1);
}

// Times of day: "10:30", "9 a.m.", "9pm". List markers: a number opening a
// line, followed by "." or ")".
bool Scanner::TimeOrListMarker(size_t i) const {
  if (!IsNumber(i)) return false;
  if (i + 2 < size() && low(i + 1) == ":" && adjacent(i + 1) &&
      IsNumber(i + 2)) {
    return true;
  }
  if (i >= 2 && low(i - 1) == ":" && adjacent(i) && IsNumber(i - 2)) {
    return true;
  }
  const absl::string_view next = low(i + 1);
  // "0227 GMT", "1400 BST": the 24-hour clock before a time zone.
  if (lx_.time_zones.contains(next) && low(i).size() == 4) return true;
  if (next == "a.m" || next == "p.m" || next == "am" || next == "pm" ||
      next == "a.m." || next == "p.m.") {
    return true;
  }
  return LineStart(i) && (next == "." || next == ")") && adjacent(i + 1);
}

// Digits glued to letters ("5G"; "COVID-19" is a word already), unless the
// letters are a scale, unit, currency, ordinal suffix or exponent.
bool Scanner::GluedToLetters(size_t i) const {
  if (!IsNumber(i)) return false;
  const absl::string_view next = low(i + 1);
  if (i + 1 < size() && adjacent(i + 1) &&
      tok(i + 1).kind == TokenKind::kWord && !lx_.scales.contains(next) &&
      !lx_.units.contains(next) && !CurrencyWord(i + 1) && !Pence(i + 1) &&
      !GluedPercent(i + 1) && next != "st" && next != "nd" && next != "rd" &&
      next != "th" && !ExponentAt(i + 1, 1)) {
    return true;
  }
  return i > 0 && adjacent(i) && tok(i - 1).kind == TokenKind::kWord;
}

// "one of", "no one", "the one"; "one should", "one can": the pronoun.
bool Scanner::PronounOne(size_t i) const {
  if (low(i) != "one") return false;
  const absl::string_view next = low(i + 1);
  const absl::string_view prev = i > 0 ? low(i - 1) : "";
  return next == "of" || next == "another" || next == "," || next == "." ||
         prev == "no" || prev == "the" || prev == "this" || prev == "that" ||
         prev == "any" || prev == "every" || prev == "each" ||
         prev == "which" || lx_.pronoun_one_followers.contains(next);
}

// Phone numbers and ids: three or more digit groups glued by hyphens
// ("555-123-4567", "2024-117-A"); no group of the chain is a number. And a
// group glued on by a slash: "+1-222-2222/2222".
bool Scanner::PhoneOrId(size_t i) const {
  if (!IsNumber(i)) return false;
  if (HyphenChainLength(i) >= 3) return true;
  // "056", "0845": a leading zero is a code, no amount ("0.5" is).
  const absl::string_view w = low(i);
  if (w.size() >= 3 && w[0] == '0' && absl::ascii_isdigit(w[1]) &&
      w.find_first_not_of('0') != absl::string_view::npos) {
    return true;
  }
  return i >= 2 && low(i - 1) == "/" && adjacent(i) && adjacent(i - 1) &&
         IsNumber(i - 2) && HyphenChainLength(i - 2) >= 3;
}

// Token k lies in a URL: its whitespace-delimited chunk has "://" or
// starts with "www.". Numbers in URLs are ids, not quantities.
// Only tried tokens are checked, each over its own chunk: searching the
// whole text for "://" and "www." first cost more than all the checks.
bool Scanner::InUrl(size_t k) const {
  const absl::string_view text = t_.text;
  size_t b = tok(k).begin, e = tok(k).end;
  while (b > 0 && !absl::ascii_isspace(static_cast<unsigned char>(text[b - 1])))
    --b;
  while (e < text.size() &&
         !absl::ascii_isspace(static_cast<unsigned char>(text[e])))
    ++e;
  const absl::string_view chunk = text.substr(b, e - b);
  return absl::StrContains(chunk, "://") ||
         absl::StartsWithIgnoreCase(chunk, "www.");
}

// Token i opens a line (or the text).
bool Scanner::LineStart(size_t i) const {
  const size_t from = i == 0 ? 0 : tok(i - 1).end;
  return i == 0 || t_.text.substr(from, tok(i).begin - from).find('\n') !=
                       absl::string_view::npos;
}

// Number of digit groups in the hyphen-glued chain through token i.
size_t Scanner::HyphenChainLength(size_t i) const {
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

// The longest qualifier phrase at i.
std::optional<std::pair<size_t, v1::Approx>> Scanner::Qualifier(
    size_t i) const {
  // Most tokens start no qualifier: one lookup, then only the phrases
  // that start with the token's word.
  const auto starts = lx_.qualifiers_by_start.find(low(i));
  if (starts == lx_.qualifiers_by_start.end()) return std::nullopt;
  for (const numbers::Qualifier* q : starts->second) {
    if (i + q->words.size() > size()) continue;
    bool match = true;
    for (size_t k = 1; k < q->words.size() && match; ++k) {
      match = low(i + k) == q->words[k];
    }
    if (match) return std::make_pair(i + q->words.size(), q->approx);
  }
  return std::nullopt;
}

}  // namespace docpipe::annotate::numbers
