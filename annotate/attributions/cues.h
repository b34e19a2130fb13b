// The cue tagger: which words signal reporting ("said", "according to",
// "it is noted", "reportedly"). A greedy averaged perceptron (perceptron.h)
// over BIO tags, trained on PolNeAR's cues; lexical, neighbour, punctuation
// and quotation features, so it learns that "said" after a closing quote is a
// cue and "said" inside one usually is not.
#ifndef DOCPIPE_ANNOTATE_ATTRIBUTIONS_CUES_H_
#define DOCPIPE_ANNOTATE_ATTRIBUTIONS_CUES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/perceptron.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::attributions {

enum CueTag : uint8_t { kOutside = 0, kCueBegin = 1, kCueInside = 2 };
constexpr int kNumCueTags = 3;

// Sentences and quotations of one document, as every part of the layer
// sees them. A sentence ends where the tokenizer says, at a line break, and
// after (not before) a closing quotation mark that follows its full stop.
struct Discourse {
  explicit Discourse(const TokenizedText& text);
  const TokenizedText& text;
  std::vector<std::pair<uint32_t, uint32_t>> sentences;  // token ranges
  // Per token: inside a quotation (between its marks, on one line), and
  // the quotation's first and last token index (for tokens inside).
  std::vector<uint8_t> quoted;
  std::vector<std::pair<uint32_t, uint32_t>> quote_of;
  // Per sentence: part of a headline, caption or dateline: the document's
  // first line, or a line that does not end like a sentence.
  std::vector<uint8_t> headline;
  // Sentence index ranges [first, end) of each line, in order.
  std::vector<std::pair<uint32_t, uint32_t>> lines;
};

// A quotation mark token: “ « open, ” » close, " and the typewriter pair ''
// (one token, see tokenizer.h) either; `` opens.
enum class Mark { kNone, kOpen, kClose, kEither };
Mark QuoteMark(absl::string_view token);

// "says" -> "say", "estimated" -> "estimat", "according" -> "accord": a
// crude suffix strip so inflections share features.
absl::string_view Stem(absl::string_view lower);

// A stem (Stem) of the guidelines' reporting words and their kin
// ("emphasiz", "underscor", "conclud"): a prior the tagger weighs against
// context, and the words the layer takes as cues on form alone.
bool IsReportingStem(absl::string_view stem);

// An auxiliary or adverb around a reporting verb ("has", "would", "not",
// "also", "-ly"): PolNeAR's cues start with them ("has also called for"),
// ours with the verb after them.
bool IsVerbSatellite(absl::string_view lower);

// A word our cue keeps after its verb: "according to", "calls for",
// "raises alarms", "spoke out", "commented on".
bool IsCueParticle(absl::string_view lower);

// A stem (Stem) of a word that makes a cue PolNeAR marks and our guidelines
// (sec. 3: statements, "a statement that the text presents as coming from
// someone") do not: intentions and desires ("wants", "plans", "decided
// to", "refuses"), appearances ("seems") and support or opposition
// ("supports", "proposed", "endorsed"), the categories PolNeAR's own
// guidelines list apart from statements and beliefs.
bool IsOutOfScopeStem(absl::string_view stem);

// Whether cue tokens [b, e) of `t` hold an out-of-scope word
// (IsOutOfScopeStem) before their first reporting word (IsReportingStem):
// "wants", "is determined to warn", but not "recommends more support". The
// layer drops such a run and the PolNeAR converter such a relation, so the
// two sides of the score agree on what is in scope.
bool IsOutOfScopeCue(const TokenizedText& t, size_t b, size_t e);

// Cue token ranges [begin, end) of one sentence's tags (a B and the I
// after it), as document token indices.
std::vector<std::pair<uint32_t, uint32_t>> CueRuns(
    uint32_t sentence_begin, const std::vector<uint8_t>& tags);

// Immutable after Load; Tag is const and thread-safe.
class CueTagger {
 public:
  static absl::StatusOr<std::unique_ptr<CueTagger>> Load(
      absl::string_view bytes);
  // One CueTag per token of sentence `s` into `out`.
  void Tag(const Discourse& d, size_t s, std::vector<uint8_t>* out) const;
  size_t num_features() const { return weights_.size(); }

 private:
  CueTagger() = default;
  perceptron::Weights<kNumCueTags> weights_;
};

// Learns a CueTagger. Single-threaded, deterministic for a seed and input.
class CueTrainer {
 public:
  explicit CueTrainer(uint64_t seed) : seed_(seed) {}
  // One epoch over `docs` (shuffled with the seed), gold tags per token of
  // each document in `gold`. Returns the share of tokens tagged right.
  double Epoch(const std::vector<std::unique_ptr<Discourse>>& docs,
               const std::vector<std::vector<uint8_t>>& gold, int epoch);
  std::string Serialize() const;

 private:
  uint64_t seed_;
  perceptron::Averaged<kNumCueTags> weights_;
};

}  // namespace docpipe::annotate::attributions

#endif  // DOCPIPE_ANNOTATE_ATTRIBUTIONS_CUES_H_
