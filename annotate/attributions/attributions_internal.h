// Private to the attributions recognizer (attributions.h); included only by
// its .cc files and tests. It holds the recognizer's shared vocabulary:
//
//   Range, Frame, CueSite  token ranges, one attribution, one cue's setting
//   word predicates        quotation marks, clause breaks, forms of "be"
//   Rules                  the rules over one document's token stream,
//                          defined by concern across these files:
//     frames.cc     Build: a cue's frame as a short sequence of steps
//     quotes.cc     quotations before and after a cue, line-layout frames
//                   (speaker labels, signatures), content kept inside a
//                   quotation
//     sources.cc    source phrases (subjects, appositives, titles) and the
//                   source's entity
//     content.cc    content extents: `according to`, the frame after a
//                   comma, impersonal cues, `X said (that) ...`
//   cue_words.cc           from the tagger's runs to our cues, cues on form
//   attributions.cc        the recognizer: lines, sentences, annotations out
//
// Each of these files has its test file (quotes_test.cc, ...; cues and
// cue_words share cue_words_test.cc), with attributions_test_util.h.
//
// Contract: a Rules reads a Discourse and the entities layer's annotations
// it is given and changes neither; every method is const, and the only
// state it changes is the Frame (and for ShareSource the frames before)
// passed to it. Token indices are document token indices; a sentence's
// tokens are [sb, se). A frame's ranges may be empty; the recognizer
// drops a frame whose content is.
#ifndef DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_INTERNAL_H_
#define DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_INTERNAL_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "annotate/attributions/cues.h"
#include "annotate/recognizer.h"

namespace docpipe::annotate::attributions {

// A token range [b, e); empty when b == e.
struct Range {
  uint32_t b = 0, e = 0;
  bool empty() const { return e <= b; }
};

// One attribution: cue, source phrase and content as token ranges.
struct Frame {
  Range cue, source, content;
  uint32_t sentence = 0;
  std::string entity;  // source entity id
};

// One cue in its sentence, as every step of Rules::Build reads it.
struct CueSite {
  Range cue;
  uint32_t si = 0, sb = 0, se = 0;  // sentence index, its tokens [sb, se)
  absl::string_view head;           // the cue's first word, lower-case
  // "it is noted", "reportedly", "are estimated": no source phrase.
  bool impersonal = false;
  // AppositiveSubject of the cue; set once no quotation closes before it.
  Range appositive;
};

inline bool OneOf(absl::string_view w,
                  std::initializer_list<absl::string_view> set) {
  for (absl::string_view s : set) {
    if (w == s) return true;
  }
  return false;
}

inline bool IsQuote(absl::string_view w) { return QuoteMark(w) != Mark::kNone; }
inline bool IsClosingQuote(absl::string_view w) {
  const Mark m = QuoteMark(w);
  return m == Mark::kClose || m == Mark::kEither;
}
inline bool IsOpeningQuote(absl::string_view w) {
  const Mark m = QuoteMark(w);
  return m == Mark::kOpen || m == Mark::kEither;
}

// Words that end a subject phrase when walking back from a cue: clause
// openers, relatives and conjunctions after which a new clause starts.
inline bool ClauseBreak(absl::string_view lw) {
  return OneOf(lw, {"that",     "which",  "who",   "whom", "whose",   "while",
                    "because",  "as",     "if",    "when", "since",   "but",
                    "although", "though", "where", "so",   "whereas", "after",
                    "before",   "than",   "said",  "says", "say"});
}

// Forms of "be": with a participle, an impersonal passive ("is noted").
inline bool IsBe(absl::string_view lw) {
  return OneOf(lw, {"is", "are", "was", "were", "be", "been", "being"});
}

class Rules {
 public:
  Rules(const Discourse& d, const std::vector<const v1::Annotation*>& entities)
      : d_(d), t_(d.text), entities_(entities) {}

  // Token accessors, inline for the hot loops.
  const TokenizedText& text() const { return t_; }
  absl::string_view Lower(uint32_t k) const { return t_.Lower(t_.tokens[k]); }
  absl::string_view Word(uint32_t k) const { return t_.Text(t_.tokens[k]); }
  bool Punct(uint32_t k) const {
    return t_.tokens[k].kind == TokenKind::kPunct;
  }
  bool Comma(uint32_t k) const { return Word(k) == ","; }

  // A dash: an em or en dash, or a hyphen with a space on either side
  // ("... St James' Park - and he says", "history -- a reader").
  bool Dash(uint32_t k) const {
    const absl::string_view w = Word(k);
    if (w == "\u2014" || w == "\u2013") return true;
    return w == "-" &&
           (t_.tokens[k].space_before ||
            (k + 1 < t_.tokens.size() && t_.tokens[k + 1].space_before));
  }

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

  // Whether `r` holds a token that is not punctuation.
  bool Words(Range r) const {
    for (uint32_t k = r.b; k < r.e; ++k) {
      if (!Punct(k)) return true;
    }
    return false;
  }

  // The byte range of a non-empty token range.
  std::pair<uint32_t, uint32_t> Bytes(Range r) const {
    return {t_.tokens[r.b].begin, t_.tokens[r.e - 1].end};
  }

  // frames.cc. The frame of `cue` in sentence `si`, by the first step
  // that settles it: a quotation closed before the cue, one opened after
  // it, `according to`, the frame after a comma, an impersonal cue, or
  // `X said (that) ...`. `before` are the frames found so far in the
  // document; a cue with no source of its own may take the last one's and
  // shorten its content (ShareSource). The content may come back empty.
  Frame Build(Range cue, uint32_t si, std::vector<Frame>& before) const;

  // quotes.cc. A direct quotation closed before the cue: `"...," said X`,
  // `"...," X said`; ten tokens back at most, a bracketed aside counting as
  // one (`"...," Sen. Claire McCaskill (D-Mo.) said`). Sets the content and
  // source, and whether it found one.
  bool QuotationBefore(const CueSite& c, Frame* f) const;
  // A direct quotation opened after the cue (`X told reporters: "..."`),
  // also on the next line after `X said:`, or that line's paragraph as a
  // block quotation. Sets content and source (none for an impersonal cue);
  // the caller shares a missing source.
  bool QuotationAfter(const CueSite& c, Frame* f) const;
  // The `(` that token `close` (a `)`) closes, at most eight tokens back
  // and not before `sentence_begin`; -1 if there is none.
  int64_t OpeningBracket(int64_t close, uint32_t sentence_begin) const;
  // The tokens of the line after the one sentence `si` ends, if that line
  // is prose (not a heading or caption); empty otherwise.
  Range NextLine(uint32_t si) const;
  // Attributions that a line's layout makes, with no reporting word:
  // a transcript's speaker label (`PENCE: Well, ...`; the cue is the
  // colon) and a quotation signed after a dash (`“...” ― Sonya Herridge`;
  // the cue is the dash). Tokens [lb, le) are one line, its first sentence
  // `si`. Names in capitals only for labels, so headings (`Details: ...`)
  // are not speakers.
  bool LineFrame(uint32_t lb, uint32_t le, uint32_t si, Frame* f) const;
  // A word in capitals: "PENCE", "O'REILLY", not "I".
  bool Capitals(uint32_t k) const;
  // A cue inside a quotation that opens in its sentence reports no
  // further than the quotation: `"According to the report, prices will
  // rise," Smith told reporters`. Not when none of the quotation follows
  // the content's start: then the pair may be misread typewriter marks
  // (BBC runs quoted paragraphs together, `...seconds." He warned that
  // "the ...`), and the "quotation" is the gap between two of them.
  void KeepInsideQuotation(Frame* f, uint32_t sb) const;

  // sources.cc. The subject phrase ending right before token `end`
  // (exclusive), back to a clause boundary, without auxiliaries next to
  // the verb; an aside between dashes before `end` is the subject's.
  Range SubjectBefore(uint32_t end, uint32_t sentence_begin) const;
  // The subject of a finite verb right after a comma that closes an
  // appositive: "(X wrote that) former advisor to the US Secretary of
  // State, Matthew Bryza, expressed doubts" -> "former advisor ...,
  // Matthew Bryza"; "Smith, the finance minister, said". Empty for ",
  // viewing ..." (a secondary verb shares the source before it) or when
  // neither phrase is a name.
  Range AppositiveSubject(uint32_t cue_b, uint32_t sb) const;
  // The cue's subject: SubjectBefore, else its appositive.
  Range Subject(const CueSite& c) const;
  // A short phrase after the cue, up to a comma or the sentence end: the
  // source in `"...," said X` and `according to X, ...`.
  Range PhraseAfter(uint32_t begin, uint32_t sentence_end) const;
  // A cue with no subject of its own (", viewing ...", ", emphasizing
  // ...") shares the source of the attribution before it in the sentence,
  // whose content then stops at the comma before this cue.
  void ShareSource(Frame* f, std::vector<Frame>& before) const;
  // The source's entity: inside the phrase, a person before an
  // organisation before a place; else for a pronoun, a definite phrase
  // ("The report", "the German foundation") or no source, the entity of
  // the attribution before (a person for he/she).
  void LinkSource(Frame* f, const std::vector<Frame>& before) const;
  // Whether entity `id` of the entities layer is a person.
  bool IsPerson(const std::string& id) const;
  // The entity a short definite description or possessive names, read
  // back through the text before it: "the German foundation" -> the last
  // organisation named with "Foundation"; "The report" / "the study" ->
  // the entity of the last "report by X" / "study by X"; "the minister",
  // "her analysis", "he" -> the last person named; "The publication" ->
  // the last organisation. Empty when the phrase is none of these.
  std::string Describe(Range source) const;

  // content.cc. `according to X, CONTENT` / `CONTENT, according to X` /
  // mid-content; takes a `to` after a lone `according` into the cue.
  void AccordingTo(const CueSite& c, Frame* f) const;
  // `..., X said.` / `..., said X.` / `A, X said, B.`: the frame after a
  // comma, the content around it. Not for an impersonal or secondary cue,
  // nor after an appositive's comma ("a former minister, John Smith, said
  // the plan would fail"). Sets source and content, and whether it did.
  bool CommaFrame(const CueSite& c, Frame* f) const;
  // The comma before the cue (at most 12 tokens back, within the clause)
  // that a frame would follow, or the one closing a partial quotation
  // (`would "create a positive climate," Mr Bussereau said`); -1 if none.
  int64_t FrameComma(const CueSite& c) const;
  // Whether the cue's frame ends at a comma or the sentence end: right
  // after the cue or after `after_phrase` when that is its subject or
  // addressee (`..., said the minister.`, `..., he told reporters.`), not
  // a clause of its own. `*tail`: the first token after the frame.
  bool EndsAfterCue(const CueSite& c, Range after_phrase, uint32_t* tail) const;
  // Whether `r` holds an auxiliary or `that`: a clause, not a phrase.
  bool HasClauseWord(Range r) const;
  // `..., said John Smith, a former minister.`: `more` (what follows the
  // frame) is a short title without a clause or comma, the source's too.
  bool TitleAfterName(Range more) const;
  // `It is noted that ...`, `..., it is emphasized, ...`, `X reportedly
  // has ...`, `X is estimated to ...`: no source phrase; "are estimated"
  // and "reportedly" keep the subject before them in the content.
  void ImpersonalContent(const CueSite& c, Frame* f) const;
  // `X said (that) CONTENT`, to the sentence end (a later secondary verb
  // may shorten it, ShareSource); no content when only the source is
  // before a bare cue, or the source is "nobody".
  void SubjectFrame(const CueSite& c, Frame* f) const;
  // Where the content after the cue starts: past punctuation, an
  // addressee before `that` (`told the BBC News website that`), `that`,
  // and the `about` of "raises alarms about".
  uint32_t ContentAfterCue(const CueSite& c) const;
  // Where the clause holding token k starts: after the last comma before
  // it and a leading subordinator ("While Moscow has reportedly ...").
  uint32_t ClauseStart(uint32_t k, uint32_t sb) const;

 private:
  const Discourse& d_;
  const TokenizedText& t_;
  const std::vector<const v1::Annotation*>& entities_;
};

// cue_words.cc. Into `tags` (sentence [sb, se), as CueTagger::Tag gives
// them): the reporting verbs the tagger left out, taken on form
// (VerbOnForm), with their particles ("raises alarms").
void AddCuesOnForm(const Rules& rules, const Discourse& d, uint32_t sb,
                   uint32_t se, std::vector<uint8_t>* tags);
// A reporting stem in -s or -ed, outside quotes, after a word that is not
// a determiner, and before a complement (`that`, an article, `how`, a
// quote, a colon); or in -ing right after a comma.
bool VerbOnForm(const Rules& rules, const Discourse& d, uint32_t k, uint32_t sb,
                uint32_t se);
// The cue as our guidelines mark it, from the tagger's run `r` (PolNeAR's
// cues are longer): words only; from the first reporting word, or the
// first word after adverbs and auxiliaries; on past it only by a particle
// ("according to", "calls for", "raises alarms"); an impersonal passive
// takes its `it is` ("It is noted", "are estimated"). Empty when the run
// is a noun after a determiner ("the report").
Range CueWords(const Rules& rules, Range r, uint32_t sb, uint32_t se);
// "expressed (deep) concern about X", "express reservations over X": a
// stance on something put into words, which reports; "expressed
// interest", "expressed condolences to the families", "the Daily
// Express" do not, nor a stance on nothing said ("Canada also expressed
// reservations."). Up to two modifiers before the noun; `k` is "express".
bool ExpressesStance(const Rules& rules, uint32_t k, uint32_t se);
// "Recall that ...", "Note that ...": a verb in its base form opening
// the sentence, with no source, tells the reader; it reports no one.
bool Imperative(const Rules& rules, const Frame& f, uint32_t sb);

}  // namespace docpipe::annotate::attributions

#endif  // DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_INTERNAL_H_
