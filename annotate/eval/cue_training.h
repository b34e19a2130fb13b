// Training and scoring the cue tagger on PolNeAR (`docpipe train
// attributions`).
#ifndef DOCPIPE_ANNOTATE_EVAL_CUE_TRAINING_H_
#define DOCPIPE_ANNOTATE_EVAL_CUE_TRAINING_H_

#include <memory>
#include <vector>

#include "annotate/attributions/cues.h"
#include "annotate/eval/polnear.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::attributions {

// Tokenized PolNeAR documents with gold cue tags. Refers into `docs`, which
// must outlive it.
struct CueCorpus {
  std::vector<std::unique_ptr<TokenizedText>> texts;
  std::vector<std::unique_ptr<Discourse>> discourses;
  // Per document, per token: B on the first token the cue's first piece
  // touches, I on the rest of that piece.
  std::vector<std::vector<uint8_t>> gold;
};
CueCorpus BuildCueCorpus(const std::vector<PolnearDoc>& docs);

struct CueScores {
  int gold = 0, predicted = 0, matched = 0;
  double f1() const {
    return gold + predicted == 0 ? 0 : 2.0 * matched / (gold + predicted);
  }
};
// Cue-overlap detection outside headlines, as `docpipe eval` counts it:
// each gold cue matches at most one predicted cue.
CueScores ScoreCues(const CueTagger& tagger, const CueCorpus& corpus);

}  // namespace docpipe::annotate::attributions

#endif  // DOCPIPE_ANNOTATE_EVAL_CUE_TRAINING_H_
