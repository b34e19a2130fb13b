// Content extents, for cues with no direct quotation: `according to X`,
// the frame after a comma (`..., X said.`, `A, X said, B.`), impersonal
// cues (`it is noted that`, `reportedly`) and `X said (that) CONTENT`.
#include "absl/strings/match.h"
#include "annotate/attributions/attributions_internal.h"

namespace docpipe::annotate::attributions {

void Rules::AccordingTo(const CueSite& c, Frame* f) const {
  const uint32_t sb = c.sb, se = c.se;
  uint32_t src_b = c.cue.e;
  if (c.cue.e - c.cue.b == 1 && src_b < se && Lower(src_b) == "to") {
    f->cue.e = ++src_b;
  }
  f->source = PhraseAfter(src_b, se);
  uint32_t after_src = f->source.empty() ? src_b : f->source.e;
  while (after_src < se && Punct(after_src)) ++after_src;
  uint32_t back_end = after_src;
  while (back_end < se &&
         !(back_end + 1 < se && (Comma(back_end) || Word(back_end) == ";") &&
           OneOf(Lower(back_end + 1),
                 {"but", "while", "whereas", "although", "though"}))) {
    ++back_end;
  }
  const Range front = Trim({sb, c.cue.b}), back = Trim({after_src, back_end});
  f->content = !Words(front) ? back : !Words(back) ? front : Trim({sb, se});
}

bool Rules::CommaFrame(const CueSite& c, Frame* f) const {
  const Range cue = c.cue;
  const uint32_t sb = c.sb, se = c.se;
  const int64_t comma = FrameComma(c);
  const bool secondary =
      comma == static_cast<int64_t>(cue.b) - 1 &&
      absl::EndsWith(Lower(cue.b), "ing");  // ", viewing ..."
  // "a former minister, John Smith, said the plan would fail": the
  // commas close an appositive subject, not a frame.
  if (comma < 0 || c.impersonal || secondary || !c.appositive.empty()) {
    return false;
  }
  const Range after_phrase = PhraseAfter(cue.e, se);
  uint32_t tail = cue.e;  // first token after the cue's frame
  if (!EndsAfterCue(c, after_phrase, &tail) ||
      !Words(Trim({sb, static_cast<uint32_t>(comma)}))) {
    return false;
  }
  const Range between = Trim({static_cast<uint32_t>(comma) + 1, cue.b});
  f->source =
      Words(between) ? SubjectBefore(cue.b, comma + 1) : Trim(after_phrase);
  uint32_t rest = tail;
  while (rest < se && Punct(rest)) ++rest;
  const Range more = Trim({rest, se});
  if (!Words(between) && TitleAfterName(more)) {
    f->source = Trim({f->source.b, more.e});
    f->content = Trim({sb, static_cast<uint32_t>(comma)});
    return true;
  }
  f->content = Words(more) ? Trim({sb, se})  // cue in mid-content
                           : Trim({sb, static_cast<uint32_t>(comma)});
  return true;
}

int64_t Rules::FrameComma(const CueSite& c) const {
  const uint32_t sb = c.sb;
  for (int64_t k = static_cast<int64_t>(c.cue.b) - 1;
       k >= static_cast<int64_t>(sb) && c.cue.b - k <= 12; --k) {
    if (Comma(k)) return k;
    // A partial quotation closing with its comma: `would "create a
    // positive climate," Mr Bussereau said`.
    if (IsClosingQuote(Word(k)) && k > static_cast<int64_t>(sb) &&
        Comma(k - 1)) {
      return k - 1;
    }
    // An aside between dashes ("Kall -- co-editor of X, a book --
    // said") is the subject's; SubjectBefore reads it.
    if (IsQuote(Word(k)) || ClauseBreak(Lower(k)) || Dash(k)) break;
  }
  return -1;
}

bool Rules::EndsAfterCue(const CueSite& c, Range after_phrase,
                         uint32_t* tail) const {
  uint32_t k = c.cue.e;
  if (!after_phrase.empty() && after_phrase.e - after_phrase.b <= 8 &&
      !HasClauseWord(after_phrase)) {
    k = after_phrase.e;
  }
  while (k < c.se && Punct(k) && !Comma(k)) ++k;
  *tail = k;
  return k >= c.se || Comma(k);
}

bool Rules::HasClauseWord(Range r) const {
  for (uint32_t k = r.b; k < r.e; ++k) {
    if (OneOf(Lower(k), {"is", "was", "are", "were", "will", "would", "has",
                         "have", "had", "can", "could", "should", "may",
                         "might", "must", "that"})) {
      return true;
    }
  }
  return false;
}

bool Rules::TitleAfterName(Range more) const {
  if (more.empty() || more.e - more.b > 10 ||
      !OneOf(Lower(more.b), {"a", "an", "the", "his", "her", "its", "their"}) ||
      HasClauseWord(more)) {
    return false;
  }
  for (uint32_t k = more.b; k < more.e; ++k) {
    if (Comma(k)) return false;
  }
  return true;
}

void Rules::ImpersonalContent(const CueSite& c, Frame* f) const {
  const Range cue = c.cue;
  const uint32_t sb = c.sb, se = c.se;
  const bool passive = c.head == "it" || IsBe(c.head);
  if (passive && cue.e < se && Lower(cue.e) == "that") {
    f->content = Trim({cue.e + 1, se});
  } else if (passive && cue.e < se && Comma(cue.e)) {
    f->content = Trim({sb, se});  // ", it is emphasized, ..."
  } else {
    const uint32_t cs = ClauseStart(cue.b, sb);
    // "..., it has been reported.": the clause before it, when
    // nothing follows.
    f->content = c.head == "it" && cs > sb && !Words(Trim({cue.e, se}))
                     ? Trim({sb, cs})
                     : Trim({cs, se});
  }
}

void Rules::SubjectFrame(const CueSite& c, Frame* f) const {
  f->source = Subject(c);
  if (!f->source.empty() && f->source.e - f->source.b == 1 &&
      Lower(f->source.b) == "and") {
    f->source = Range{};  // "X called ... and emphasized ..."
  }
  f->content = Trim({ContentAfterCue(c), c.se});
  if (f->content.empty()) {
    f->content = Trim({c.sb, f->source.empty() ? c.cue.b : f->source.b});
  }
  // Nothing but the source before a bare cue ("He said:" and no
  // quotation) is no content; "Nobody knows why" has no one to say it.
  if (!f->source.empty() &&
      ((f->content.b >= f->source.b && f->content.e <= f->source.e) ||
       (f->source.e - f->source.b == 1 &&
        OneOf(Lower(f->source.b), {"nobody", "nothing", "none"})))) {
    f->content = Range{};
  }
}

uint32_t Rules::ContentAfterCue(const CueSite& c) const {
  const uint32_t se = c.se;
  uint32_t b = c.cue.e;
  while (b < se && Punct(b)) ++b;
  // `told the BBC News website that ...`: the addressee is no content.
  if (OneOf(Lower(c.cue.b), {"told", "tell", "tells", "telling", "assured",
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
      OneOf(Lower(c.cue.e - 1), {"alarms", "doubts", "concern", "concerns"})) {
    ++b;
  }
  return b;
}

uint32_t Rules::ClauseStart(uint32_t k, uint32_t sb) const {
  uint32_t b = k;
  while (b > sb && !Comma(b - 1) && Word(b - 1) != ";") --b;
  if (b < k && OneOf(Lower(b), {"while", "although", "though", "because", "as",
                                "since", "whereas", "but", "and"})) {
    ++b;
  }
  return b;
}

}  // namespace docpipe::annotate::attributions
