// An averaged-perceptron sequence tagger for names, in the style of
// the classic fast taggers: word, shape, affix, neighbour, gazetteer and
// previous-tag features, hashed to 64 bits, BIO tags over CoNLL's four
// types, decoded with Viterbi under the BIO constraint and trained with the
// same decoder (a structured perceptron). Training and the model file format
// live here too, so the model that `docpipe train entities` writes is exactly
// what the engine loads.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_TAGGER_H_
#define DOCPIPE_ANNOTATE_ENTITIES_TAGGER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/perceptron.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::entities {

// BIO tags over CoNLL's types; kInside(t) = kBegin(t) + 1.
enum Tag : uint8_t {
  kO = 0,
  kBPer,
  kIPer,
  kBOrg,
  kIOrg,
  kBLoc,
  kILoc,
  kBMisc,
  kIMisc,
  kNumTags
};
absl::string_view TagName(int tag);       // "B-PER"
int TagFromName(absl::string_view name);  // -1 when unknown

// What the tagger decided earlier in the same document: lower-case word
// (as a 64-bit hash of it) -> the type (1 + (tag - 1) / 2) it last got
// inside a name. Names repeat in a
// document, and an unambiguous earlier use ("Wi Song Lak said") helps a
// later ambiguous one ("Wi, ..."). One per document; not thread-safe.
using DocHistory = absl::flat_hash_map<uint64_t, uint8_t>;

// A sentence as the tagger sees it: token indices into a TokenizedText and,
// per token, its gazetteer label (see Gazetteer::Label).
struct Sentence {
  const TokenizedText* text = nullptr;
  std::vector<uint32_t> tokens;
  std::vector<uint8_t> gazetteer;  // one per token
};

// Immutable after Load/Train; Tag is const and thread-safe.
class Tagger {
 public:
  // Parses the bytes of a model file (as written by Save).
  static absl::StatusOr<std::unique_ptr<Tagger>> Load(absl::string_view bytes);

  // Tags one sentence; out gets one Tag per token. Reads and extends
  // `history` (may be null) with this sentence's names.
  void Tag(const Sentence& s, DocHistory* history,
           std::vector<uint8_t>* out) const;

  size_t num_features() const { return weights_.size(); }

 private:
  Tagger() = default;
  perceptron::Weights<kNumTags> weights_;
};

struct TrainOptions {
  int epochs = 12;
  uint64_t seed = 20261125;
  // Features whose averaged weights all stay below this (absolute) are
  // dropped from the saved model.
  float prune = 0.05f;
};

// Learns a Tagger from gold-tagged sentences. Single-threaded and
// deterministic for a given seed and input order.
class Trainer {
 public:
  explicit Trainer(TrainOptions options) : options_(options) {}
  // Runs one epoch over `sentences`, gold tags in `gold` (parallel), the
  // documents (ranges of sentences in `docs`) shuffled with the seed, each
  // document's sentences in order. Returns the share of tokens tagged right.
  double Epoch(const std::vector<Sentence>& sentences,
               const std::vector<std::vector<uint8_t>>& gold,
               const std::vector<std::pair<size_t, size_t>>& docs, int epoch);
  // The averaged, pruned, quantized model as it would be saved.
  std::string Serialize() const;

 private:
  TrainOptions options_;
  perceptron::Averaged<kNumTags> weights_;
};

}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_ENTITIES_TAGGER_H_
