// The attributions layer (annotation guidelines sec. 3): for each reported
// statement its cue, source phrase, source entity and content.
//
// Cues come from the cue tagger (cues.h, trained on PolNeAR). Source and
// content follow from where the cue sits, by rules over the token stream:
// direct quotes before or after the cue, `according to X`, `..., X said`,
// `X said (that) ...`, impersonal `it is noted`, adverbial `reportedly`,
// cues in mid-content, and secondary verbs (`..., viewing ...`) sharing the
// source of the attribution before them. The source entity is the most
// important entity inside the source phrase (person, then organisation,
// then place), and for `He`, `The report` or no source at all, the entity
// behind the attribution before.
#ifndef DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_H_
#define DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/recognizer.h"

namespace docpipe::annotate {

// Reads the entities layer's annotations from `out` (the engine runs that
// layer first); without them sources get no entity.
absl::StatusOr<std::unique_ptr<Recognizer>> NewAttributionsRecognizer();
// With the cue model's bytes given (tests, `docpipe train`).
absl::StatusOr<std::unique_ptr<Recognizer>> NewAttributionsRecognizer(
    absl::string_view cue_model);

absl::string_view EmbeddedCueModel();

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_ATTRIBUTIONS_ATTRIBUTIONS_H_
