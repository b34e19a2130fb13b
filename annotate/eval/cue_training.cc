#include "annotate/eval/cue_training.h"

namespace docpipe::annotate::attributions {

CueCorpus BuildCueCorpus(const std::vector<PolnearDoc>& docs) {
  CueCorpus c;
  for (const PolnearDoc& doc : docs) {
    auto& t = c.texts.emplace_back(
        std::make_unique<TokenizedText>(Tokenize(doc.text)));
    c.discourses.push_back(std::make_unique<Discourse>(*t));
    auto& tags = c.gold.emplace_back(t->tokens.size(), kOutside);
    for (const PolnearRelation& r : doc.relations) {
      const auto [b, e] = r.cue.front();
      std::vector<size_t> cue;
      for (size_t k = 0; k < t->tokens.size(); ++k) {
        const Token& tok = t->tokens[k];
        if (tok.end > b && tok.begin < e) cue.push_back(k);
      }
      // The cue as ours is: from its verb, "has also [said]", plus the
      // particles we keep, "[called for] changing". A leading auxiliary as
      // B taught the tagger that "said" after "has" is never a start (a
      // missed "has" lost the whole cue); a long tail of I ("sent a letter
      // to the board urging") spent the model on words no cue of ours has.
      size_t first = 0;
      while (first + 1 < cue.size() &&
             IsVerbSatellite(t->Lower(t->tokens[cue[first]]))) {
        ++first;
      }
      tags[cue[first]] = kCueBegin;
      for (size_t i = first + 1;
           i < cue.size() && IsCueParticle(t->Lower(t->tokens[cue[i]])); ++i) {
        tags[cue[i]] = kCueInside;
      }
    }
  }
  return c;
}

CueScores ScoreCues(const CueTagger& tagger, const CueCorpus& corpus) {
  CueScores s;
  std::vector<uint8_t> tags;
  for (size_t i = 0; i < corpus.discourses.size(); ++i) {
    const Discourse& d = *corpus.discourses[i];
    const auto& gold = corpus.gold[i];
    for (size_t si = 0; si < d.sentences.size(); ++si) {
      if (d.headline[si]) continue;
      const auto [b, e] = d.sentences[si];
      tagger.Tag(d, si, &tags);
      std::vector<uint8_t> want(gold.begin() + b, gold.begin() + e);
      auto pred = CueRuns(b, tags);
      auto gold_runs = CueRuns(b, want);
      s.predicted += pred.size();
      s.gold += gold_runs.size();
      std::vector<bool> used(pred.size());
      for (const auto& [gb, ge] : gold_runs) {
        for (size_t j = 0; j < pred.size(); ++j) {
          if (!used[j] && pred[j].first < ge && gb < pred[j].second) {
            used[j] = true;
            ++s.matched;
            break;
          }
        }
      }
    }
  }
  return s;
}

}  // namespace docpipe::annotate::attributions
