// CoNLL-2003 for the entities layer: reading the files, turning them into
// the tagger's training sentences (re-tokenized with our tokenizer, so
// training sees exactly the tokens the engine will), and scoring.
#ifndef DOCPIPE_ANNOTATE_EVAL_CONLL_H_
#define DOCPIPE_ANNOTATE_EVAL_CONLL_H_

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/tagger.h"

namespace docpipe::annotate::entities {

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<std::string> tags;  // IOB2: "B-PER", "I-PER", "O"
};
struct ConllDoc {
  std::vector<ConllSentence> sentences;
};

// NOT_FOUND / INVALID_ARGUMENT naming the path and line. Tags in IOB1 are
// converted to IOB2.
absl::StatusOr<std::vector<ConllDoc>> ReadConll(const std::string& path);

// Sentences ready for the tagger, with their gold tags. Owns the texts.
struct TaggedCorpus {
  std::deque<std::string> texts;
  std::deque<TokenizedText> tokenized;
  std::vector<Sentence> sentences;
  std::vector<std::vector<uint8_t>> gold;
  std::vector<std::pair<size_t, size_t>> docs;  // sentence ranges
};
TaggedCorpus BuildCorpus(const std::vector<ConllDoc>& docs,
                         const Gazetteer& gazetteer);

// Span scores per type, exact match on (begin token, end token, type).
struct SpanCounts {
  int gold = 0, predicted = 0, correct = 0;
  double f1() const {
    return gold + predicted == 0 ? 0 : 2.0 * correct / (gold + predicted);
  }
};
// Keys "PER", "ORG", "LOC", "MISC" and "ALL" (= PER + ORG + LOC, as the
// issue scores CoNLL).
std::map<std::string, SpanCounts> ScoreTagger(const Tagger& tagger,
                                              const TaggedCorpus& corpus);

// A CoNLL document as text (words joined by spaces, sentences by blank
// lines) with its gold spans as byte offsets.
struct ConllText {
  std::string text;
  struct Span {
    size_t begin, end;
    std::string type;  // PER, ORG, LOC, MISC
  };
  std::vector<Span> spans;
};
ConllText ToText(const ConllDoc& doc);

}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_EVAL_CONLL_H_
