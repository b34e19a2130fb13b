// Quotations around a cue: the direct quotation closed before it or opened
// after it, the frames a line's layout makes (speaker labels, signatures),
// and a cue's content kept inside the quotation that holds the cue.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "annotate/attributions/attributions_internal.h"

namespace docpipe::annotate::attributions {

bool Rules::QuotationBefore(const CueSite& c, Frame* f) const {
  const Range cue = c.cue;
  const uint32_t sb = c.sb;
  for (int64_t k = static_cast<int64_t>(cue.b) - 1, steps = 0;
       k >= static_cast<int64_t>(sb) && steps < 10; --k, ++steps) {
    const absl::string_view w = Word(k);
    if (w == ")") {
      const int64_t open = OpeningBracket(k, sb);
      if (open >= 0) {
        k = open;
        continue;
      }
    }
    if (IsClosingQuote(w) && k > 0 && d_.quoted[k - 1] &&
        d_.quote_of[k - 1].first <= sb + 1) {
      const auto [open, close] = d_.quote_of[k - 1];
      f->content = Trim({open + 1, close});
      Range between = Trim({static_cast<uint32_t>(k + 1), cue.b});
      f->source = Words(between) ? SubjectBefore(cue.b, k + 1)
                                 : PhraseAfter(cue.e, c.se);
      return true;
    }
    if (IsQuote(w) ||
        (Comma(k) && k + 1 < cue.b && !IsQuote(Word(k + 1)) && Punct(k + 1))) {
      break;
    }
  }
  return false;
}

bool Rules::QuotationAfter(const CueSite& c, Frame* f) const {
  const Range cue = c.cue;
  const uint32_t se = c.se;
  // An addressee or a time may come between: `told reporters: "..."`,
  // `told the BBC's World Business Report:`, `said after the 4-0 win:`.
  uint32_t k = cue.e;
  while (k < se && k - cue.e < 7 &&
         (!Punct(k) || OneOf(Word(k), {"'", "\u2019", "-"}))) {
    ++k;
  }
  if (k == se || !(Comma(k) || Word(k) == ":")) k = cue.e;
  while (k < se && (Comma(k) || Word(k) == ":")) ++k;
  // `He said:` ending a line, the quotation on the next.
  const bool next_line = k == se && k > cue.e && Word(k - 1) == ":";
  if ((k < se || next_line) && k < t_.tokens.size() &&
      IsOpeningQuote(Word(k)) && k + 1 < t_.tokens.size() && d_.quoted[k + 1]) {
    const auto [open, close] = d_.quote_of[k + 1];
    f->content = Trim({open + 1, close});
    f->source = c.impersonal ? Range{} : Subject(c);
    return true;
  }
  // `The governor added:` and the next paragraph, a block quotation
  // set off without marks: all of that paragraph.
  if (next_line) {
    const Range block = NextLine(c.si);
    if (!block.empty()) {
      f->content = Trim(block);
      f->source = c.impersonal ? Range{} : Subject(c);
      return true;
    }
  }
  return false;
}

int64_t Rules::OpeningBracket(int64_t close, uint32_t sentence_begin) const {
  for (int64_t j = close - 1;
       j >= static_cast<int64_t>(sentence_begin) && close - j <= 8; --j) {
    const absl::string_view w = Word(j);
    if (w == "(") return j;
    if (w == ")" || IsQuote(w)) return -1;
  }
  return -1;
}

Range Rules::NextLine(uint32_t si) const {
  for (const auto& [first, end] : d_.lines) {
    if (first != si + 1) continue;
    if (d_.headline[first]) return {};
    return {d_.sentences[first].first, d_.sentences[end - 1].second};
  }
  return {};
}

bool Rules::LineFrame(uint32_t lb, uint32_t le, uint32_t si, Frame* f) const {
  uint32_t k = lb;
  if (k < le && IsOpeningQuote(Word(k))) ++k;
  uint32_t name_e = k;
  while (name_e < le && name_e - k < 4 && !Punct(name_e) && Capitals(name_e)) {
    ++name_e;
  }
  if (name_e > k && name_e + 1 < le && Word(name_e) == ":" &&
      Words(Trim({name_e + 1, le}))) {
    f->cue = {name_e, name_e + 1};
    f->source = {k, name_e};
    f->content = Trim({name_e + 1, le});
    f->sentence = si;
    return true;
  }
  // `“...” ― Name`: a closing quotation mark, a dash, a short name that
  // ends the line.
  for (uint32_t q = lb + 1; q + 2 < le; ++q) {
    if (!IsClosingQuote(Word(q)) || !d_.quoted[q - 1]) continue;
    uint32_t dash_e = q + 1;
    if (OneOf(Word(dash_e), {"\u2015", "\u2014"})) {
      ++dash_e;
    } else if (Word(dash_e) == "-" && Word(dash_e + 1) == "-") {
      dash_e += 2;
    } else {
      continue;
    }
    const Range name = Trim({dash_e, le});
    if (name.empty() || name.e - name.b > 6 ||
        !absl::ascii_isupper(static_cast<uint8_t>(Word(name.b)[0]))) {
      return false;
    }
    const auto [open, close] = d_.quote_of[q - 1];
    f->cue = {q + 1, dash_e};
    f->source = name;
    f->content = Trim({open + 1, close});
    f->sentence = si;
    return !f->content.empty();
  }
  return false;
}

bool Rules::Capitals(uint32_t k) const {
  const absl::string_view w = Word(k);
  if (w.size() < 2) return false;
  for (char c : w) {
    if (absl::ascii_islower(static_cast<uint8_t>(c))) return false;
  }
  return absl::ascii_isupper(static_cast<uint8_t>(w[0]));
}

void Rules::KeepInsideQuotation(Frame* f, uint32_t sb) const {
  const uint32_t k = f->cue.b;
  if (!d_.quoted[k] || d_.quote_of[k].first < sb) return;
  const auto [open, close] = d_.quote_of[k];
  if (f->content.empty() || close <= f->content.b) return;
  f->content =
      Trim({std::max(f->content.b, open + 1), std::min(f->content.e, close)});
}

}  // namespace docpipe::annotate::attributions
