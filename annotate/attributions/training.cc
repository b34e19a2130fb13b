#include "annotate/attributions/training.h"

namespace docpipe::annotate::attributions {

CueCorpus BuildCueCorpus(const std::vector<PolnearDoc>& docs) {
  CueCorpus c;
  for (const PolnearDoc& doc : docs) {
    auto& t = c.texts.emplace_back(
        std::make_unique<TokenizedText>(Tokenize(doc.text)));
    c.discourses.push_back(std::make_unique<Discourse>(*t));
    c.views.push_back(c.discourses.back().get());
    auto& tags = c.gold.emplace_back(t->tokens.size(), kOutside);
    for (const PolnearRelation& r : doc.relations) {
      const auto [b, e] = r.cue.front();
      bool first = true;
      for (size_t k = 0; k < t->tokens.size(); ++k) {
        const Token& tok = t->tokens[k];
        if (tok.end <= b || tok.begin >= e) continue;
        tags[k] = first ? kCueBegin : kCueInside;
        first = false;
      }
    }
  }
  return c;
}

std::vector<std::pair<uint32_t, uint32_t>> CueRuns(
    uint32_t sentence_begin, const std::vector<uint8_t>& tags) {
  std::vector<std::pair<uint32_t, uint32_t>> runs;
  for (uint32_t i = 0; i < tags.size(); ++i) {
    if (tags[i] == kCueBegin) {
      runs.emplace_back(sentence_begin + i, sentence_begin + i + 1);
    } else if (tags[i] == kCueInside && !runs.empty() &&
               runs.back().second == sentence_begin + i) {
      ++runs.back().second;
    }
  }
  return runs;
}

CueScores ScoreCues(const CueTagger& tagger, const CueCorpus& corpus) {
  CueScores s;
  std::vector<uint8_t> tags;
  for (size_t i = 0; i < corpus.views.size(); ++i) {
    const Discourse& d = *corpus.views[i];
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
