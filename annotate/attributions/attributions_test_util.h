// Helpers for the attributions_test binary: the layer through the engine
// (embedded cue model) as cue/source/content strings, and a Rules over a
// short text for the rules' own tests.
#ifndef DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_TEST_UTIL_H_
#define DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "annotate/attributions/attributions_internal.h"
#include "annotate/tokenizer.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate::attributions {

struct Found {
  std::string cue, source, content, entity;
};

std::string Cut(absl::string_view text, const v1::Span& s);

// The attributions of `text`, annotated by the engine; all its annotations
// into `*all` when given.
std::vector<Found> Attributions(absl::string_view text,
                                std::vector<v1::Annotation>* all = nullptr);

// The attribution whose cue is `cue`, or null.
const Found* WithCue(const std::vector<Found>& all, absl::string_view cue);

// The attribution whose cue is `cue`; the test fails (and gets an empty
// one) when there is none.
Found Get(const std::vector<Found>& all, absl::string_view cue);

// A headline first, as articles come; it carries no attribution.
inline constexpr absl::string_view kHead = "Officials say prices will rise\n";

// `body` after the headline holds exactly one attribution, with these parts.
void ExpectOnly(absl::string_view body, absl::string_view cue,
                absl::string_view source, absl::string_view content);

// The attribution whose cue is `cue` in `body` (after the headline); the
// test fails when there is none.
Found Of(absl::string_view body, absl::string_view cue);
std::string ContentOf(absl::string_view body, absl::string_view cue);

// `body` after the headline holds no attribution.
void ExpectNone(absl::string_view body);

// A Rules over `text` (no entities), for the rules taken one at a time.
// Not copyable: the Rules refers to the members before it.
class RulesOver {
 public:
  explicit RulesOver(absl::string_view text);
  RulesOver(const RulesOver&) = delete;
  RulesOver& operator=(const RulesOver&) = delete;

  const Rules& rules() const { return rules_; }
  const Discourse& discourse() const { return d_; }
  // The index of the `nth` (from 0) token spelled `word`; the test fails
  // when there is none.
  uint32_t At(absl::string_view word, int nth = 0) const;
  // The text of a token range, "" when it is empty.
  std::string Text(Range r) const;
  // The range [b, e) as text (for ranges given by index).
  std::string Text(uint32_t b, uint32_t e) const { return Text({b, e}); }

 private:
  TokenizedText t_;
  Discourse d_;
  std::vector<const v1::Annotation*> entities_;
  Rules rules_;
};

}  // namespace docpipe::annotate::attributions

#endif  // DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_TEST_UTIL_H_
