// The one interface every layer's recognizer implements.
#ifndef DOCPIPE_ANNOTATE_RECOGNIZER_H_
#define DOCPIPE_ANNOTATE_RECOGNIZER_H_

#include <string>
#include <vector>

#include "annotate/tokenizer.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate {

// Immutable after construction; Recognize is const and thread-safe.
class Recognizer {
 public:
  virtual ~Recognizer() = default;
  // e.g. "numbers/1": bumps whenever output for some text may change.
  virtual std::string name() const = 0;
  // Appends this layer's annotations (UTF-8 byte spans into tokens.text, no
  // ids: the engine assigns them) to `out`. `out` already holds the layers
  // the engine ran before this one (numbers, entities, in that order), for
  // a layer that builds on them: attributions read the entities.
  virtual void Recognize(const TokenizedText& tokens,
                         std::vector<v1::Annotation>* out) const = 0;
};

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_RECOGNIZER_H_
