// The entities layer (annotation guidelines sec. 2): PERSON, ORG, GPE, LOC
// and NORP mentions with exact boundaries and a canonical id on each.
// Recognition is the averaged-perceptron tagger (tagger.h) over CoNLL types,
// mapped onto ours with the gazetteer; linking is linker.h.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_ENTITIES_H_
#define DOCPIPE_ANNOTATE_ENTITIES_ENTITIES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/recognizer.h"

namespace docpipe::annotate {

// With the model embedded at build time (annotate/entities/model/).
absl::StatusOr<std::unique_ptr<Recognizer>> NewEntitiesRecognizer();
// With the model file bytes given (tests, `docpipe train`).
absl::StatusOr<std::unique_ptr<Recognizer>> NewEntitiesRecognizer(
    absl::string_view model);

// The embedded model file's bytes.
absl::string_view EmbeddedEntitiesModel();

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_ENTITIES_ENTITIES_H_
