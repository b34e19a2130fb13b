#include "annotate/attributions/attributions.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "annotate/attributions/cues.h"

extern "C" const char docpipe_cue_model_begin[];
extern "C" const char docpipe_cue_model_end[];

namespace docpipe::annotate {
namespace {

using attributions::CueTagger;
using attributions::Discourse;
using attributions::Mark;
using attributions::QuoteMark;

// A token range [b, e); empty when b == e.
struct Range {
  uint32_t b = 0, e = 0;
  bool empty() const { return e <= b; }
};

struct Frame {
  Range cue, source, content;
  uint32_t sentence = 0;
  std::string entity;  // source entity id
};

bool OneOf(absl::string_view w, std::initializer_list<absl::string_view> set) {
  for (absl::string_view s : set) {
    if (w == s) return true;
  }
  return false;
}

bool IsQuote(absl::string_view w) { return QuoteMark(w) != Mark::kNone; }
bool IsClosingQuote(absl::string_view w) {
  const Mark m = QuoteMark(w);
  return m == Mark::kClose || m == Mark::kEither;
}
bool IsOpeningQuote(absl::string_view w) {
  const Mark m = QuoteMark(w);
  return m == Mark::kOpen || m == Mark::kEither;
}

// Words that end a subject phrase when walking back from a cue: clause
// openers, relatives and conjunctions after which a new clause starts.
bool ClauseBreak(absl::string_view lw) {
  return OneOf(lw, {"that",     "which",  "who",   "whom", "whose",   "while",
                    "because",  "as",     "if",    "when", "since",   "but",
                    "although", "though", "where", "so",   "whereas", "after",
                    "before",   "than",   "said",  "says", "say"});
}

// Auxiliaries and adverbs between a subject and its reporting verb
// ("The report also says", "He has said"): neither cue nor source.
bool IsBe(absl::string_view lw) {
  return OneOf(lw, {"is", "are", "was", "were", "be", "been", "being"});
}

class Rules {
 public:
  Rules(const Discourse& d, const std::vector<const v1::Annotation*>& entities)
      : d_(d), t_(d.text), entities_(entities) {}

  const TokenizedText& text() const { return t_; }
  absl::string_view Lower(uint32_t k) const { return t_.Lower(t_.tokens[k]); }
  absl::string_view Word(uint32_t k) const { return t_.Text(t_.tokens[k]); }
  bool Punct(uint32_t k) const {
    return t_.tokens[k].kind == TokenKind::kPunct;
  }
  bool Comma(uint32_t k) const { return Word(k) == ","; }

  // Drops edge tokens that are punctuation (but keeps closing brackets
  // and currency that belong to the words).
  Range Trim(Range r) const {
    auto edge = [&](uint32_t k, bool front) {
      if (!Punct(k)) return false;
      const absl::string_view w = Word(k);
      if (front) return !OneOf(w, {"$", "\u20ac", "\u00a3", "(", "-"});
      return !OneOf(w, {")", "%"});
    };
    while (!r.empty() && edge(r.b, true)) ++r.b;
    while (!r.empty() && edge(r.e - 1, false)) --r.e;
    return r;
  }

  // The subject phrase ending right before token `end` (exclusive), back
  // to a clause boundary, without auxiliaries next to the verb.
  Range SubjectBefore(uint32_t end, uint32_t sentence_begin) const {
    uint32_t e = end;
    while (e > sentence_begin && attributions::IsVerbSatellite(Lower(e - 1)))
      --e;
    // "Kall -- co-editor of Debating The Donald, a book ... -- said": an
    // aside between dashes is the subject's, and the subject is before it.
    uint32_t aside = e;
    if (e > sentence_begin && Dash(e - 1)) {
      uint32_t k = e - 1;
      while (k > sentence_begin && Dash(k - 1)) --k;  // "--"
      for (uint32_t j = k; j > sentence_begin && k - j < 25; --j) {
        if (Dash(j - 1) && !IsQuote(Word(j - 1))) {
          aside = j - 1;
          while (aside > sentence_begin && Dash(aside - 1)) --aside;
          break;
        }
        if (IsQuote(Word(j - 1))) break;
      }
    }
    uint32_t b = aside;
    while (b > sentence_begin) {
      const uint32_t k = b - 1;
      const absl::string_view w = Word(k);
      if (IsQuote(w) || w == "," || w == ";" || w == ":" || Dash(k) ||
          ClauseBreak(Lower(k))) {
        break;
      }
      b = k;
      if (aside - b > 20) break;
    }
    if (b == aside && aside < e) return {};  // nothing before the aside
    // "- and he says": the coordinator is not the subject's.
    if (b + 1 < e && OneOf(Lower(b), {"and", "but", "or", "yet"})) ++b;
    return Trim({b, e});
  }

  // A dash: an em or en dash, or a hyphen with a space on either side
  // ("... St James' Park - and he says", "history -- a reader").
  bool Dash(uint32_t k) const {
    const absl::string_view w = Word(k);
    if (w == "\u2014" || w == "\u2013") return true;
    return w == "-" &&
           (t_.tokens[k].space_before ||
            (k + 1 < t_.tokens.size() && t_.tokens[k + 1].space_before));
  }

  // The tokens of the line after the one sentence `si` ends, if that line
  // is prose (not a heading or caption); empty otherwise.
  Range NextLine(uint32_t si) const {
    for (const auto& [first, end] : d_.lines) {
      if (first != si + 1) continue;
      if (d_.headline[first]) return {};
      return {d_.sentences[first].first, d_.sentences[end - 1].second};
    }
    return {};
  }

  // The `(` that token `close` (a `)`) closes, at most eight tokens back
  // and not before `sentence_begin`; -1 if there is none.
  int64_t OpeningBracket(int64_t close, uint32_t sentence_begin) const {
    for (int64_t j = close - 1;
         j >= static_cast<int64_t>(sentence_begin) && close - j <= 8; --j) {
      const absl::string_view w = Word(j);
      if (w == "(") return j;
      if (w == ")" || IsQuote(w)) return -1;
    }
    return -1;
  }

  // The subject of a finite verb right after a comma that closes an
  // appositive: "(X wrote that) former advisor to the US Secretary of
  // State, Matthew Bryza, expressed doubts" -> "former advisor ...,
  // Matthew Bryza"; "Smith, the finance minister, said". Empty for ",
  // viewing ..." (a secondary verb shares the source before it) or when
  // neither phrase is a name.
  Range AppositiveSubject(uint32_t cue_b, uint32_t sb) const {
    if (cue_b < sb + 2 || !Comma(cue_b - 1) ||
        absl::EndsWith(Lower(cue_b), "ing")) {
      return {};
    }
    const uint32_t comma = cue_b - 1;
    auto boundary = [&](uint32_t k) {
      return Comma(k) || IsQuote(Word(k)) || Word(k) == ";" ||
             Lower(k) == "that";
    };
    uint32_t b = comma;
    while (b > sb && !boundary(b - 1)) --b;
    // A relative clause may be longer than a title: "BT Openzone, which
    // operates a vast proportion of public hotspots in the UK, told".
    const bool relative = OneOf(Lower(b), {"who", "which", "whose"});
    if (b == comma || comma - b > (relative ? 16 : 6) || b <= sb + 1 ||
        !Comma(b - 1)) {
      return {};
    }
    // The head the second phrase stands beside, back over the comma before
    // it: without one ("Growth hit Germany, said ...") it is no appositive.
    uint32_t h = b - 1;
    while (h > sb && !boundary(h - 1)) --h;
    if (h == b - 1 || b - 1 - h > 12) return {};
    // "Prosecutors, who have indicted 19 people in Newark, New Jersey,
    // estimate": the relative clause's own commas; its head is before it.
    if (OneOf(Lower(h), {"who", "which", "whose"}) && h > sb + 1 &&
        Comma(h - 1)) {
      uint32_t g = h - 1;
      while (g > sb && !boundary(g - 1)) --g;
      if (g < h - 1 && h - 1 - g <= 6) h = g;
    }
    // A coordinator opening the sentence is not the subject's: "But
    // Graham Cluley, senior consultant at Sophos, told".
    if (OneOf(Lower(h), {"but", "and", "so", "yet", "or"})) ++h;
    // "Analysts, however, pointed to": an adverb set off, not a title.
    if (comma - b == 1 &&
        absl::ascii_islower(static_cast<uint8_t>(Word(b)[0]))) {
      return Trim({h, b - 1});
    }
    // One of the two is a name: the second ends in one ("..., Matthew
    // Bryza,"), or the head is one ("Smith, the finance minister,").
    auto capital = [&](uint32_t k) {
      return absl::ascii_isupper(static_cast<uint8_t>(Word(k)[0]));
    };
    bool head_is_name = b - 1 - h <= 4;
    for (uint32_t k = h; k < b - 1 && head_is_name; ++k) {
      head_is_name = capital(k) || Word(k) == ".";
    }
    if (!capital(comma - 1) && !head_is_name) return {};
    return Trim({h, comma});
  }

  // A short phrase after the cue, up to a comma or the sentence end: the
  // source in `"...," said X` and `according to X, ...`.
  Range PhraseAfter(uint32_t begin, uint32_t sentence_end) const {
    uint32_t e = begin;
    while (e < sentence_end && !Comma(e) && Word(e) != ":" &&
           !IsQuote(Word(e)) && Word(e) != ";" && e - begin < 24) {
      ++e;
    }
    return Trim({begin, e});
  }

  bool Words(Range r) const {
    for (uint32_t k = r.b; k < r.e; ++k) {
      if (!Punct(k)) return true;
    }
    return false;
  }

  Frame Build(Range cue, uint32_t si, std::vector<Frame>& before) const {
    const uint32_t sb = d_.sentences[si].first, se = d_.sentences[si].second;
    Frame f;
    f.cue = cue;
    f.sentence = si;
    const absl::string_view head = Lower(cue.b);
    const bool impersonal = head == "it" || head == "reportedly" ||
                            (IsBe(head) && cue.e - cue.b >= 2);
    // Direct quote closed before the cue: `"...," said X` / `"...," X said`.
    // Ten tokens back at most, a bracketed aside counting as one: `"...,"
    // Sen. Claire McCaskill (D-Mo.) said`.
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
        f.content = Trim({open + 1, close});
        Range between = Trim({static_cast<uint32_t>(k + 1), cue.b});
        f.source = Words(between) ? SubjectBefore(cue.b, k + 1)
                                  : PhraseAfter(cue.e, se);
        return f;
      }
      if (IsQuote(w) || (Comma(k) && k + 1 < cue.b && !IsQuote(Word(k + 1)) &&
                         Punct(k + 1))) {
        break;
      }
    }
    // The subject before the cue: back to a clause boundary, or an
    // appositive set off by commas (found once; the comma frame asks too).
    const Range appositive = AppositiveSubject(cue.b, sb);
    auto subject = [&] {
      const Range r = SubjectBefore(cue.b, sb);
      return r.empty() ? appositive : r;
    };
    // Direct quote opened after the cue: `X said: "..."`.
    {
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
          IsOpeningQuote(Word(k)) && k + 1 < t_.tokens.size() &&
          d_.quoted[k + 1]) {
        const auto [open, close] = d_.quote_of[k + 1];
        f.content = Trim({open + 1, close});
        f.source = impersonal ? Range{} : subject();
        ShareSource(&f, before);
        return f;
      }
      // `The governor added:` and the next paragraph, a block quotation
      // set off without marks: all of that paragraph.
      if (next_line) {
        const Range block = NextLine(si);
        if (!block.empty()) {
          f.content = Trim(block);
          f.source = impersonal ? Range{} : subject();
          ShareSource(&f, before);
          return f;
        }
      }
    }
    if (head == "according") {
      // `according to X, CONTENT` / `CONTENT, according to X` / mid.
      uint32_t src_b = cue.e;
      if (cue.e - cue.b == 1 && src_b < se && Lower(src_b) == "to") {
        f.cue.e = ++src_b;
      }
      f.source = PhraseAfter(src_b, se);
      uint32_t after_src = f.source.empty() ? src_b : f.source.e;
      while (after_src < se && Punct(after_src)) ++after_src;
      uint32_t back_end = after_src;
      while (back_end < se &&
             !(back_end + 1 < se &&
               (Comma(back_end) || Word(back_end) == ";") &&
               OneOf(Lower(back_end + 1),
                     {"but", "while", "whereas", "although", "though"}))) {
        ++back_end;
      }
      const Range front = Trim({sb, cue.b}), back = Trim({after_src, back_end});
      f.content = !Words(front) ? back : !Words(back) ? front : Trim({sb, se});
      return f;
    }
    // `..., X said.` / `..., said X.` / `A, X said, B.` : the frame after a
    // comma, the content around it.
    int64_t comma = -1;
    for (int64_t k = static_cast<int64_t>(cue.b) - 1;
         k >= static_cast<int64_t>(sb) && cue.b - k <= 12; --k) {
      if (Comma(k)) {
        comma = k;
        break;
      }
      // A partial quotation closing with its comma: `would "create a
      // positive climate," Mr Bussereau said`.
      if (IsClosingQuote(Word(k)) && k > static_cast<int64_t>(sb) &&
          Comma(k - 1)) {
        comma = k - 1;
        break;
      }
      // An aside between dashes ("Kall -- co-editor of X, a book --
      // said") is the subject's; SubjectBefore reads it.
      if (IsQuote(Word(k)) || ClauseBreak(Lower(k)) || Dash(k)) break;
    }
    uint32_t tail = cue.e;  // first token after the cue's frame
    Range after_phrase = PhraseAfter(cue.e, se);
    // The phrase after the cue may be its subject or addressee (`..., said
    // the minister.`, `..., he told reporters.`), not a clause of its own
    // (`However, wine makers said the support was small.`).
    auto clause = [&](Range r) {
      for (uint32_t k = r.b; k < r.e; ++k) {
        if (OneOf(Lower(k), {"is", "was", "are", "were", "will", "would", "has",
                             "have", "had", "can", "could", "should", "may",
                             "might", "must", "that"})) {
          return true;
        }
      }
      return false;
    };
    const bool ends_after = [&] {
      uint32_t k = cue.e;
      if (!after_phrase.empty() && after_phrase.e - after_phrase.b <= 8 &&
          !clause(after_phrase)) {
        k = after_phrase.e;
      }
      while (k < se && Punct(k) && !Comma(k)) ++k;
      tail = k;
      return k >= se || Comma(k);
    }();
    const bool secondary =
        comma == static_cast<int64_t>(cue.b) - 1 &&
        absl::EndsWith(Lower(cue.b), "ing");  // ", viewing ..."
    // "a former minister, John Smith, said the plan would fail": the
    // commas close an appositive subject, not a frame.
    if (comma >= 0 && ends_after && !impersonal && !secondary &&
        appositive.empty() && Words(Trim({sb, static_cast<uint32_t>(comma)}))) {
      const Range between = Trim({static_cast<uint32_t>(comma) + 1, cue.b});
      f.source =
          Words(between) ? SubjectBefore(cue.b, comma + 1) : Trim(after_phrase);
      uint32_t rest = tail;
      while (rest < se && Punct(rest)) ++rest;
      // `..., said John Smith, a former minister.`: the title after the
      // name is the source's too, not more content.
      const Range more = Trim({rest, se});
      if (!Words(between) && !more.empty() && more.e - more.b <= 10 &&
          OneOf(Lower(more.b),
                {"a", "an", "the", "his", "her", "its", "their"}) &&
          !clause(more)) {
        bool comma_inside = false;
        for (uint32_t k = more.b; k < more.e; ++k) comma_inside |= Comma(k);
        if (!comma_inside) {
          f.source = Trim({f.source.b, more.e});
          f.content = Trim({sb, static_cast<uint32_t>(comma)});
          return f;
        }
      }
      f.content = Words(more) ? Trim({sb, se})  // cue in mid-content
                              : Trim({sb, static_cast<uint32_t>(comma)});
      return f;
    }
    if (impersonal) {
      // `It is noted that ...`, `..., it is emphasized, ...`, `X reportedly
      // has ...`, `X is estimated to ...`: no source phrase; "are
      // estimated" and "reportedly" keep the subject before them.
      const bool passive = head == "it" || IsBe(head);
      if (passive && cue.e < se && Lower(cue.e) == "that") {
        f.content = Trim({cue.e + 1, se});
      } else if (passive && cue.e < se && Comma(cue.e)) {
        f.content = Trim({sb, se});  // ", it is emphasized, ..."
      } else {
        const uint32_t cs = ClauseStart(cue.b, sb);
        // "..., it has been reported.": the clause before it, when
        // nothing follows.
        f.content = head == "it" && cs > sb && !Words(Trim({cue.e, se}))
                        ? Trim({sb, cs})
                        : Trim({cs, se});
      }
      return f;
    }
    // `X said (that) CONTENT`, up to a secondary reporting verb that shares
    // this source (", viewing ...") or the sentence end.
    f.source = subject();
    if (!f.source.empty() && f.source.e - f.source.b == 1 &&
        Lower(f.source.b) == "and") {
      f.source = Range{};  // "X called ... and emphasized ..."
    }
    uint32_t b = cue.e;
    while (b < se && Punct(b)) ++b;
    // `told the BBC News website that ...`: the addressee is no content.
    if (OneOf(Lower(cue.b), {"told", "tell", "tells", "telling", "assured",
                             "informed", "reminded", "warned"})) {
      for (uint32_t k = b; k < se && k < b + 8 && !Comma(k); ++k) {
        if (Lower(k) == "that") {
          b = k;
          break;
        }
      }
    }
    if (b < se && Lower(b) == "that") ++b;
    // "raises alarms about X", "expressed doubts about X": the X.
    if (b < se && Lower(b) == "about" &&
        OneOf(Lower(cue.e - 1), {"alarms", "doubts", "concern", "concerns"})) {
      ++b;
    }
    f.content = Trim({b, se});
    if (f.content.empty()) {
      f.content = Trim({sb, f.source.empty() ? cue.b : f.source.b});
    }
    // Nothing but the source before a bare cue ("He said:" and no
    // quotation) is no content; "Nobody knows why" has no one to say it.
    if (!f.source.empty() &&
        ((f.content.b >= f.source.b && f.content.e <= f.source.e) ||
         (f.source.e - f.source.b == 1 &&
          OneOf(Lower(f.source.b), {"nobody", "nothing", "none"})))) {
      f.content = Range{};
    }
    ShareSource(&f, before);
    return f;
  }

  // Attributions that a line's layout makes, with no reporting word:
  // a transcript's speaker label (`PENCE: Well, ...`; the cue is the
  // colon) and a quotation signed after a dash (`“...” ― Sonya Herridge`;
  // the cue is the dash). Tokens [lb, le) are one line. Names in capitals
  // only for labels, so headings (`Details: ...`) are not speakers.
  bool LineFrame(uint32_t lb, uint32_t le, uint32_t si, Frame* f) const {
    uint32_t k = lb;
    if (k < le && IsOpeningQuote(Word(k))) ++k;
    uint32_t name_e = k;
    while (name_e < le && name_e - k < 4 && !Punct(name_e) &&
           Capitals(name_e)) {
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

  // A word in capitals: "PENCE", "O'REILLY", not "I".
  bool Capitals(uint32_t k) const {
    const absl::string_view w = Word(k);
    if (w.size() < 2) return false;
    for (char c : w) {
      if (absl::ascii_islower(static_cast<uint8_t>(c))) return false;
    }
    return absl::ascii_isupper(static_cast<uint8_t>(w[0]));
  }

  // A cue inside a quotation that opens in its sentence reports no
  // further than the quotation: `"According to the report, prices will
  // rise," Smith told reporters`. Not when none of the quotation follows
  // the content's start: then the pair may be misread typewriter marks
  // (BBC runs quoted paragraphs together, `...seconds." He warned that
  // "the ...`), and the "quotation" is the gap between two of them.
  void KeepInsideQuotation(Frame* f, uint32_t sb) const {
    const uint32_t k = f->cue.b;
    if (!d_.quoted[k] || d_.quote_of[k].first < sb) return;
    const auto [open, close] = d_.quote_of[k];
    if (f->content.empty() || close <= f->content.b) return;
    f->content =
        Trim({std::max(f->content.b, open + 1), std::min(f->content.e, close)});
  }

  // A cue with no subject of its own (", viewing ...", ", emphasizing
  // ...") shares the source of the attribution before it in the sentence,
  // whose content then stops at the comma before this cue.
  void ShareSource(Frame* f, std::vector<Frame>& before) const {
    if (!f->source.empty() || before.empty()) return;
    Frame& p = before.back();
    if (p.sentence != f->sentence) return;
    f->source = p.source;
    f->entity = p.entity;
    if (p.content.b < f->cue.b && p.content.e > f->cue.b) {
      uint32_t e = f->cue.b;
      // "A, analysts said, adding ...": A, without its own frame.
      const uint32_t frame_b =
          p.source.empty() ? p.cue.b : std::min(p.source.b, p.cue.b);
      if (frame_b > p.content.b && frame_b < e) e = frame_b;
      while (e > p.content.b && (Punct(e - 1) || Lower(e - 1) == "and")) --e;
      p.content.e = e;
    }
  }

  // Where the clause holding token k starts: after the last comma before
  // it and a leading subordinator ("While Moscow has reportedly ...").
  uint32_t ClauseStart(uint32_t k, uint32_t sb) const {
    uint32_t b = k;
    while (b > sb && !Comma(b - 1) && Word(b - 1) != ";") --b;
    if (b < k && OneOf(Lower(b), {"while", "although", "though", "because",
                                  "as", "since", "whereas", "but", "and"})) {
      ++b;
    }
    return b;
  }

  // The byte range of a token range.
  std::pair<uint32_t, uint32_t> Bytes(Range r) const {
    return {t_.tokens[r.b].begin, t_.tokens[r.e - 1].end};
  }

  // The source's entity: inside the phrase, a person before an
  // organisation before a place; else for a pronoun, a definite phrase
  // ("The report", "the German foundation") or no source, the entity of
  // the attribution before (a person for he/she).
  void LinkSource(Frame* f, const std::vector<Frame>& before) const {
    if (!f->entity.empty()) return;
    if (!f->source.empty()) {
      const auto [b, e] = Bytes(f->source);
      const v1::Annotation* best = nullptr;
      auto rank = [](const v1::Annotation& a) {
        switch (a.entity().type()) {
          case v1::ENTITY_TYPE_PERSON:
            return 0;
          case v1::ENTITY_TYPE_ORG:
            return 1;
          case v1::ENTITY_TYPE_GPE:
            return 2;
          case v1::ENTITY_TYPE_LOC:
            return 3;
          default:
            return 4;
        }
      };
      for (const v1::Annotation* a : entities_) {
        if (a->span().begin() < b || a->span().end() > e) continue;
        if (best == nullptr || rank(*a) < rank(*best)) best = a;
      }
      if (best != nullptr) {
        f->entity = best->entity().entity_id();
        return;
      }
      const absl::string_view first = Lower(f->source.b);
      const bool person = OneOf(first, {"he", "she", "him", "her", "his"});
      const bool refers =
          person || OneOf(first, {"they", "them", "their", "it", "its", "the",
                                  "this", "these", "those"});
      if (!refers) return;
      for (auto it = before.rbegin(); it != before.rend(); ++it) {
        if (it->entity.empty()) continue;
        if (person && !IsPerson(it->entity)) continue;
        f->entity = it->entity;
        return;
      }
      return;
    }
    if (!before.empty()) f->entity = before.back().entity;
  }

  bool IsPerson(const std::string& id) const {
    for (const v1::Annotation* a : entities_) {
      if (a->entity().entity_id() == id) {
        return a->entity().type() == v1::ENTITY_TYPE_PERSON;
      }
    }
    return false;
  }

 private:
  const Discourse& d_;
  const TokenizedText& t_;
  const std::vector<const v1::Annotation*>& entities_;
};

class AttributionsRecognizer final : public Recognizer {
 public:
  explicit AttributionsRecognizer(std::unique_ptr<CueTagger> tagger)
      : tagger_(std::move(tagger)) {}
  std::string name() const override { return "attributions/1"; }

  void Recognize(const TokenizedText& t,
                 std::vector<v1::Annotation>* out) const override {
    const Discourse d(t);
    // Into *out: valid until the frames are written below.
    std::vector<const v1::Annotation*> entities;
    for (const v1::Annotation& a : *out) {
      if (a.has_entity()) entities.push_back(&a);
    }
    const Rules rules(d, entities);
    std::vector<Frame> frames;
    std::vector<uint8_t> tags;
    for (size_t li = 0; li < d.lines.size(); ++li) {
      const auto [first, end] = d.lines[li];
      // The document's first line is its headline.
      Frame line_frame;
      if (li > 0 &&
          rules.LineFrame(d.sentences[first].first, d.sentences[end - 1].second,
                          first, &line_frame)) {
        rules.LinkSource(&line_frame, frames);
        frames.push_back(std::move(line_frame));
        continue;
      }
      for (uint32_t si = first; si < end; ++si) {
        Sentence(rules, d, si, &tags, &frames);
      }
    }
    for (const Frame& f : frames) {
      // A later secondary verb may have cut this content to nothing.
      if (f.content.empty()) continue;
      v1::Annotation& a = out->emplace_back();
      const auto [cb, ce] = rules.Bytes(f.cue);
      a.mutable_span()->set_begin(cb);
      a.mutable_span()->set_end(ce);
      auto* at = a.mutable_attribution();
      if (!f.source.empty()) {
        const auto [sb, se] = rules.Bytes(f.source);
        at->mutable_source()->set_begin(sb);
        at->mutable_source()->set_end(se);
      }
      at->set_source_entity_id(f.entity);
      const auto [tb, te] = rules.Bytes(f.content);
      at->mutable_content()->set_begin(tb);
      at->mutable_content()->set_end(te);
    }
  }

 private:
  // The tagger's cues in sentence `si` and their frames, into `frames`.
  void Sentence(const Rules& rules, const Discourse& d, uint32_t si,
                std::vector<uint8_t>* tags_buf,
                std::vector<Frame>* frames_out) const {
    if (d.headline[si]) return;
    std::vector<uint8_t>& tags = *tags_buf;
    std::vector<Frame>& frames = *frames_out;
    const auto [sb, se] = d.sentences[si];
    tagger_->Tag(d, si, &tags);
    for (uint32_t k = sb; k < se; ++k) {
      if (tags[k - sb] == attributions::kOutside &&
          VerbOnForm(rules, d, k, sb, se)) {
        tags[k - sb] = attributions::kCueBegin;
        // With its particles: "raises alarms".
        for (uint32_t j = k + 1;
             j < se && tags[j - sb] == attributions::kOutside &&
             attributions::IsCueParticle(rules.Lower(j));
             ++j) {
          tags[j - sb] = attributions::kCueInside;
        }
      }
    }
    for (auto [b, e] : attributions::CueRuns(sb, tags)) {
      Range cue = CueWords(rules, {b, e}, sb, se);
      // One attribution per cue: runs trimmed to the same words merge.
      if (cue.empty() || (!frames.empty() && frames.back().cue.e > cue.b)) {
        continue;
      }
      Frame f = rules.Build(cue, si, frames);
      rules.KeepInsideQuotation(&f, sb);
      if (f.content.empty() || Imperative(rules, f, sb)) continue;
      rules.LinkSource(&f, frames);
      frames.push_back(std::move(f));
    }
  }

  // The cue as our guidelines mark it, from the tagger's run (PolNeAR's
  // cues are longer): words only; from the first reporting word, or the
  // first word after adverbs and auxiliaries; on past it only by a particle
  // ("according to", "calls for", "raises alarms"); an impersonal passive
  // takes its `it is` ("It is noted", "are estimated"). Empty when the run
  // is a noun after a determiner ("the report").
  static Range CueWords(const Rules& rules, Range r, uint32_t sb, uint32_t se) {
    while (!r.empty() && rules.Punct(r.b)) ++r.b;
    while (!r.empty() && rules.Punct(r.e - 1)) --r.e;
    if (r.empty()) return r;
    auto reporting = [&](uint32_t k) {
      return attributions::IsReportingStem(attributions::Stem(rules.Lower(k)));
    };
    if (attributions::IsOutOfScopeCue(rules.text(), r.b, r.e)) return {};
    for (uint32_t k = r.b; k < r.e; ++k) {
      if (reporting(k)) {
        r.b = k;
        break;
      }
    }
    // "the INSS report notes", "estimate values": the noun before the verb.
    while (r.b + 1 < r.e && reporting(r.b + 1)) ++r.b;
    // Titles and analyses are not said, and a possessive's stray "s" is
    // no word.
    const absl::string_view head = attributions::Stem(rules.Lower(r.b));
    if (OneOf(head, {"titl", "analyz", "s"}) ||
        (head == "express" && !ExpressesStance(rules, r.b, se))) {
      return {};
    }
    while (r.b + 1 < se && attributions::IsVerbSatellite(rules.Lower(r.b)) &&
           !IsBe(rules.Lower(r.b)) && rules.Lower(r.b) != "reportedly") {
      ++r.b;
    }
    // A run from an article is a noun phrase ("is not a household name"),
    // not a cue of ours.
    if (OneOf(rules.Lower(r.b), {"a", "an", "the"})) return {};
    r.e = std::max(r.e, r.b + 1);
    uint32_t e = r.b + 1;
    while (e < r.e && e < se && attributions::IsCueParticle(rules.Lower(e))) {
      ++e;
    }
    r.e = e;
    if (rules.Lower(r.b) == "according" && r.e < se &&
        rules.Lower(r.e) == "to") {
      ++r.e;
    }
    if (r.b > sb && OneOf(rules.Lower(r.b - 1),
                          {"the", "a", "an", "this", "its", "his", "her",
                           "their", "our", "new", "recent", "latest"})) {
      return {};
    }
    if (absl::EndsWith(rules.Lower(r.b), "ed") && r.b > sb &&
        IsBe(rules.Lower(r.b - 1))) {
      --r.b;
      // "it is noted", "it has been reported".
      uint32_t it = r.b;
      if (it > sb + 1 && rules.Lower(it) == "been" &&
          OneOf(rules.Lower(it - 1), {"has", "had"})) {
        --it;
      }
      if (it > sb && rules.Lower(it - 1) == "it") r.b = it - 1;
    }
    return r;
  }

  // "expressed (deep) concern about X", "express reservations over X": a
  // stance on something put into words, which reports; "expressed
  // interest", "expressed condolences to the families", "the Daily
  // Express" do not, nor a stance on nothing said ("Canada also expressed
  // reservations."). Up to two modifiers before the noun.
  static bool ExpressesStance(const Rules& rules, uint32_t k, uint32_t se) {
    for (uint32_t j = k + 1; j < se && j <= k + 3; ++j) {
      const absl::string_view w = rules.Lower(j);
      if (OneOf(w,
                {"doubts",     "doubt",      "concern",      "concerns",
                 "outrage",    "misgivings", "reservations", "frustration",
                 "anger",      "regret",     "skepticism",   "scepticism",
                 "confidence", "optimism",   "pessimism",    "disappointment",
                 "surprise",   "alarm",      "fear",         "fears",
                 "worry",      "worries",    "dismay",       "shock"})) {
        return j + 1 < se && OneOf(rules.Lower(j + 1),
                                   {"about", "over", "at", "that", "as", "on",
                                    "regarding", "in", "whether", "with"});
      }
      if (rules.Punct(j) || !absl::ascii_islower(rules.Word(j)[0])) break;
    }
    return false;
  }

  // Reporting verbs the tagger left out, taken on form: a reporting stem in
  // -s or -ed, outside quotes, after a word that is not a determiner, and
  // before a complement (`that`, an article, `how`, a quote, a colon); or
  // in -ing right after a comma.
  // "Recall that ...", "Note that ...": a verb in its base form opening
  // the sentence, with no source, tells the reader; it reports no one.
  static bool Imperative(const Rules& rules, const Frame& f, uint32_t sb) {
    if (!f.source.empty() || f.cue.b != sb) return false;
    const absl::string_view lw = rules.Lower(f.cue.b);
    return !absl::EndsWith(lw, "s") && !absl::EndsWith(lw, "ed") &&
           !absl::EndsWith(lw, "ing") && !absl::EndsWith(lw, "ly") &&
           !OneOf(lw, {"according", "said", "told", "wrote", "it"});
  }

  static bool VerbOnForm(const Rules& rules, const Discourse& d, uint32_t k,
                         uint32_t sb, uint32_t se) {
    const absl::string_view lw = rules.Lower(k);
    if (d.quoted[k] || k == sb || k + 1 >= se) return false;
    // A capital inside the sentence is a name or title: "the BBC's World
    // Business Report:".
    if (absl::ascii_isupper(static_cast<uint8_t>(rules.Word(k)[0]))) {
      return false;
    }
    const absl::string_view next = rules.Lower(k + 1);
    // "The report raises alarms"; things also raise doubts and questions
    // ("this disparity raises questions"), which says nothing of a source.
    if (OneOf(lw, {"raises", "raised"})) return next == "alarms";
    if (!attributions::IsReportingStem(attributions::Stem(lw))) return false;
    // ", viewing ...", ", emphasizing ...": a secondary reporting verb.
    if (absl::EndsWith(lw, "ing")) return rules.Comma(k - 1);
    // `He said:` ending its sentence, a quotation opening the next line.
    if (next == ":" && k + 2 == se && se < d.text.tokens.size() &&
        IsOpeningQuote(rules.Word(se))) {
      return true;
    }
    // "..., the German foundation believes.": a cue that closes its
    // sentence after the content, its subject (up to six words) after a
    // comma.
    if (k + 2 == se && OneOf(next, {".", "!", "?"})) {
      uint32_t j = k - 1;
      while (j > sb && !rules.Punct(j) && k - j <= 6) --j;
      return j > sb && j < k - 1 && rules.Comma(j);
    }
    // "are estimated to", "is assumed that": an impersonal passive; and
    // one set off by commas in mid-sentence: "..., it is emphasized, ...".
    if (absl::EndsWith(lw, "ed") && IsBe(rules.Lower(k - 1))) {
      if (next == "," && k >= sb + 3 && rules.Lower(k - 2) == "it" &&
          rules.Comma(k - 3)) {
        return true;
      }
      return OneOf(next, {"to", "that", "at"});
    }
    // A second verb of the same subject with a clause: "analyzes ... and
    // concludes that ...".
    if (rules.Lower(k - 1) == "and" && next == "that" &&
        (absl::EndsWith(lw, "s") || absl::EndsWith(lw, "ed"))) {
      return true;
    }
    // A plural subject before a base form: "Recent reports suggest that".
    const bool base = !absl::EndsWith(lw, "s") && !absl::EndsWith(lw, "ed") &&
                      absl::EndsWith(rules.Lower(k - 1), "s");
    if (!base && !absl::EndsWith(lw, "s") && !absl::EndsWith(lw, "ed")) {
      return false;
    }
    if ((rules.Punct(k - 1) && rules.Word(k - 1) != ")") ||
        OneOf(rules.Lower(k - 1),
              {"the", "a", "an", "this", "its", "his", "her", "their", "our",
               "of", "in", "by", "new", "recent", "latest", "and"})) {
      return false;
    }
    return OneOf(next, {"that", "the", "a", "an", "how", "what", "whether",
                        "some", "no", ":", "\u201c", "alarms", "doubts"});
  }

  std::unique_ptr<CueTagger> tagger_;
};

}  // namespace

absl::string_view EmbeddedCueModel() {
  return absl::string_view(docpipe_cue_model_begin,
                           docpipe_cue_model_end - docpipe_cue_model_begin);
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewAttributionsRecognizer(
    absl::string_view cue_model) {
  auto tagger = CueTagger::Load(cue_model);
  if (!tagger.ok()) return tagger.status();
  return std::make_unique<AttributionsRecognizer>(*std::move(tagger));
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewAttributionsRecognizer() {
  return NewAttributionsRecognizer(EmbeddedCueModel());
}

}  // namespace docpipe::annotate
