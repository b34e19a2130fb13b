// Rules::Build: a cue's frame as a sequence of steps, each of which either
// settles the frame and ends it or leaves it to the next (see
// attributions_internal.h).
#include <vector>

#include "annotate/attributions/attributions_internal.h"

namespace docpipe::annotate::attributions {
namespace {

CueSite Site(const Rules& rules, const Discourse& d, Range cue, uint32_t si) {
  CueSite c;
  c.cue = cue;
  c.si = si;
  c.sb = d.sentences[si].first;
  c.se = d.sentences[si].second;
  c.head = rules.Lower(cue.b);
  c.impersonal = c.head == "it" || c.head == "reportedly" ||
                 (IsBe(c.head) && cue.e - cue.b >= 2);
  return c;
}

}  // namespace

Frame Rules::Build(Range cue, uint32_t si, std::vector<Frame>& before) const {
  CueSite c = Site(*this, d_, cue, si);
  Frame f;
  f.cue = cue;
  f.sentence = si;
  if (QuotationBefore(c, &f)) return f;
  // Found once: the comma frame and the subject lookups both ask.
  c.appositive = AppositiveSubject(cue.b, c.sb);
  if (QuotationAfter(c, &f)) {
    ShareSource(&f, before);
    return f;
  }
  if (c.head == "according") {
    AccordingTo(c, &f);
    return f;
  }
  if (CommaFrame(c, &f)) return f;
  if (c.impersonal) {
    ImpersonalContent(c, &f);
    return f;
  }
  SubjectFrame(c, &f);
  ShareSource(&f, before);
  return f;
}

}  // namespace docpipe::annotate::attributions
