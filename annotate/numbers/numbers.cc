// The numbers layer's recognizer: picks the tokens a number can start at
// and runs the scanner (scanner.h) there, left to right; a match's tokens
// are not tried again.
#include "annotate/numbers/numbers.h"

#include <array>
#include <bitset>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "annotate/numbers/lexicon.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate {
namespace {

using numbers::DollarPrefixes;
using numbers::GetLexicon;
using numbers::Lexicon;
using numbers::Scanner;
using numbers::WordMap;
using numbers::WordSet;

// Lower-cased words that can start a number expression. The scanner is
// tried only at number tokens and at these, which keeps the per-word cost
// of ordinary prose to one hash lookup.
// Which tokens can start a number expression. A *core* word states a number
// by itself ("two", "third", "half", "million"); a *lead* word only starts
// one when a core follows within a few tokens ("about", "a", "$", "US",
// "October", "-"). Most text has no number, and most lead words ("a", "in",
// "at") are no start, so the scanner only tries where a core is near.
// Some lead words can start a match in one way only, checked before the
// scanner runs: a *qualifier* word only with its phrase ("in" of "in excess
// of"), a *sign* only where SignAt holds, a *point* only before digits
// glued to it (".08"). Half of all tries failed at such words.
enum class Start : uint8_t { kNone, kLead, kCore, kQualifier, kSign, kPoint };

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
  WordSet sign_letters;  // "rm", "us": a sign's letters ("RM2", "$US55")
  Start Find(absl::string_view w) const {
    if (w.size() == 1) return single[static_cast<unsigned char>(w[0])];
    // "usd115", "rm2": a code or sign glued to digits (checked fully by
    // GluedCode).
    if (w.size() > 1 && absl::ascii_isdigit(w.back()) &&
        absl::ascii_isalpha(w[0])) {
      size_t p = 1;
      while (p < w.size() && absl::ascii_isalpha(w[p])) ++p;
      if (sign_letters.contains(w.substr(0, p)) ||
          (p == 3 && codes->contains(w.substr(0, 3)))) {
        return Start::kCore;
      }
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
    // Lead words from a source other than the qualifiers and the sign and
    // point: those keep the plain kLead (tried wherever a core is near).
    WordSet elsewhere;
    bool gated_source = false;
    auto lead = [&](absl::string_view w) {
      s.try_emplace(std::string(w), Start::kLead);  // core wins
      if (!gated_source) elsewhere.insert(std::string(w));
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
    gated_source = true;
    for (const auto& q : lx.qualifiers) {
      if (!q.words.empty()) lead(q.words[0]);
    }
    for (const char* w : {".", "-", "\u2212"}) lead(w);
    gated_source = false;
    for (const auto& [w, v] : DollarPrefixes()) lead(w);
    for (const char* w : {"a", "an", "between", "from", "minus", "negative",
                          "number", "~", "percent", "percents", "cent"}) {
      lead(w);
    }
    set->codes = &lx.currency_codes;
    for (const auto& [form, sign] : lx.currency_signs) {
      std::string letters;
      for (char c : form) {
        if (absl::ascii_isalpha(static_cast<unsigned char>(c))) letters += c;
      }
      if (!letters.empty()) set->sign_letters.insert(letters);
      // Signs start a number: "HK", "RM", "Rs" (their first token).
      const size_t cut = form.find_first_of(" $.");
      if (cut != 0) lead(form.substr(0, cut));
    }
    // Only the common codes (currency_symbols) start a number before its
    // digits ("USD 5"): all of ISO 4217 as lead words would slow every
    // text. The others are read after the digits ("15 DKK") or glued.
    for (const auto& w : lx.currency_codes) lead(absl::StrCat("m", w));
    for (const char* w : {"\u00bd", "\u00bc", "\u00be", "\u2153", "\u2154",
                          "\u2155", "\u2156", "\u2157", "\u2158", "\u2159",
                          "\u215a", "\u215b", "\u215c", "\u215d", "\u215e"}) {
      s[w] = Start::kCore;
    }
    for (auto& [w, v] : s) {
      if (v != Start::kLead || elsewhere.contains(w)) continue;
      if (lx.qualifier_starts.contains(w)) {
        v = Start::kQualifier;
      } else if (w == "-" || w == "\u2212") {
        v = Start::kSign;
      } else if (w == ".") {
        v = Start::kPoint;
      }
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

// Whether the lead word at i can start a match at all (see Start).
bool Possible(const Scanner& s, Start start, size_t i) {
  switch (start) {
    case Start::kQualifier:
      return s.Qualifier(i).has_value();
    case Start::kSign:
      return s.SignAt(i);
    case Start::kPoint:
      return s.IsNumber(i + 1) && s.adjacent(i + 1);
    default:
      return true;
  }
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
    // The tokens a number can start at, in order, with their kind: a
    // sixth of all tokens. Reused per thread, like the engine's token
    // buffer.
    struct Starter {
      uint32_t token;
      Start start;
    };
    thread_local std::vector<Starter> at;
    at.clear();
    for (size_t i = 0; i < n; ++i) {
      const Token& t = s.tok(i);
      const Start st = t.kind == TokenKind::kNumber
                           ? Start::kCore
                           : starters.Find(text.Lower(t));
      if (st != Start::kNone) at.push_back({static_cast<uint32_t>(i), st});
    }
    // The first core at or after the current lead (an index into `at`);
    // found lazily, once per stretch between cores (so the scan stays
    // linear).
    size_t next_core = 0;
    bool next_core_known = false;
    size_t resume = 0;  // the token after the last match
    for (size_t j = 0; j < at.size(); ++j) {
      const size_t i = at[j].token;
      if (i < resume) continue;
      bool candidate = at[j].start == Start::kCore;
      if (!candidate) {
        if (!next_core_known || next_core < j) {
          next_core_known = true;
          next_core = j;
          while (next_core < at.size() && at[next_core].start != Start::kCore) {
            ++next_core;
          }
        }
        candidate = next_core < at.size() &&
                    at[next_core].token - i <= kLeadReach &&
                    Possible(s, at[j].start, i);
      }
      if (!candidate) continue;
      size_t end = i;
      // Built in place: no move of the annotation into `out`.
      if (s.MatchAt(i, &out->emplace_back(), &end) && end > i) {
        resume = end;
        continue;
      }
      out->pop_back();
    }
  }
};

}  // namespace

std::unique_ptr<Recognizer> NewNumbersRecognizer() {
  return std::make_unique<NumbersRecognizer>();
}

}  // namespace docpipe::annotate
