#include "annotate/tokenizer.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace docpipe::annotate {
namespace {

// Length of the UTF-8 sequence starting with `c`.
int SeqLen(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >> 5 == 0x6) return 2;
  if (c >> 4 == 0xE) return 3;
  return 4;
}

// Non-ASCII punctuation that news text uses: quotes, dashes, ellipsis,
// bullets, and the currency signs the numbers layer reads as symbols.
bool IsUnicodePunct(absl::string_view cp) {
  static const auto* kPunct = new absl::flat_hash_set<std::string>{
      "\u201C", "\u201D", "\u2018", "\u2019", "\u00AB", "\u00BB", "\u2013",
      "\u2014", "\u2026", "\u2022", "\u00A0", "\u20AC", "\u00A3", "\u20A9",
      "\u20BD", "\u00A5", "\u00B4", "\u2032", "\u00B7"};
  return kPunct->contains(std::string(cp));
}

bool IsSpace(absl::string_view cp) {
  return cp == " " || cp == "\n" || cp == "\t" || cp == "\r" ||
         cp == "\u00A0" || cp == "\u2009" || cp == "\u202F";
}

// Abbreviations whose period does not end a sentence.
bool IsAbbreviation(absl::string_view lower) {
  static const auto* kAbbr = new absl::flat_hash_set<std::string>{
      "mr",  "mrs", "ms",  "dr",  "prof", "gen", "col", "lt",  "sgt",
      "st",  "jr",  "sr",  "vs",  "etc",  "inc", "ltd", "co",  "corp",
      "no",  "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec",
      "u.s", "u.k", "a.m", "p.m", "e.g",  "i.e", "gov", "rep", "sen"};
  return kAbbr->contains(lower);
}

}  // namespace

TokenizedText Tokenize(absl::string_view text) {
  TokenizedText out;
  out.text = text;
  out.lowered = absl::AsciiStrToLower(text);
  out.tokens.reserve(text.size() / 5);
  bool space = true;
  bool next_starts_sentence = true;
  size_t i = 0;
  const size_t n = text.size();
  auto is_digit = [&](size_t k) {
    return k < n && absl::ascii_isdigit(static_cast<unsigned char>(text[k]));
  };
  auto is_letter = [&](size_t k) {
    if (k >= n) return false;
    unsigned char c = text[k];
    if (c < 0x80) return absl::ascii_isalpha(c) != 0;
    absl::string_view cp = text.substr(k, SeqLen(c));
    return !IsUnicodePunct(cp) && !IsSpace(cp);
  };
  while (i < n) {
    unsigned char c = text[i];
    int len = SeqLen(c);
    absl::string_view cp = text.substr(i, len);
    if (IsSpace(cp)) {
      if (c == '\n' && i + 1 < n && text[i + 1] == '\n') {
        next_starts_sentence = true;  // paragraph break
      }
      space = true;
      i += len;
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(i);
    t.space_before = space;
    if (absl::ascii_isdigit(c)) {
      t.kind = TokenKind::kNumber;
      size_t k = i;
      while (is_digit(k) || (k < n && (text[k] == ',' || text[k] == '.') &&
                             is_digit(k + 1) && is_digit(k - 1))) {
        ++k;
      }
      i = k;
    } else if (is_letter(i)) {
      t.kind = TokenKind::kWord;
      size_t k = i;
      while (k < n && (is_letter(k) || is_digit(k))) {
        k += SeqLen(static_cast<unsigned char>(text[k]));
      }
      // Dotted abbreviations stay one token: "U.S.", "a.m.".
      while (k + 1 < n && text[k] == '.' && is_letter(k + 1) &&
             (k + 2 >= n || text[k + 2] == '.' || !is_letter(k + 2))) {
        k += 2;
      }
      i = k;
    } else {
      t.kind = TokenKind::kPunct;
      i += len;
    }
    t.end = static_cast<uint32_t>(std::min(i, n));
    const absl::string_view lower = out.Lower(t);
    t.sentence_start = next_starts_sentence;
    next_starts_sentence = false;
    space = false;
    // A sentence ends at . ! ? unless the period closes an abbreviation or
    // an initial ("J. Smith").
    if (t.kind == TokenKind::kPunct &&
        (lower == "." || lower == "!" || lower == "?")) {
      bool abbreviation = false;
      if (lower == "." && !out.tokens.empty()) {
        const Token& prev = out.tokens.back();
        abbreviation = !t.space_before && prev.end == t.begin &&
                       prev.kind == TokenKind::kWord &&
                       (IsAbbreviation(out.Lower(prev)) ||
                        (prev.end - prev.begin == 1 &&
                         absl::ascii_isupper(
                             static_cast<unsigned char>(text[prev.begin]))));
      }
      next_starts_sentence = !abbreviation;
    }
    out.tokens.push_back(std::move(t));
  }
  return out;
}

}  // namespace docpipe::annotate
