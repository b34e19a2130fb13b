// Carrying people's corrections onto a new machine annotation.
//
// When a newer annotator re-annotates a document, its fresh output has new
// annotation ids, so a correction's edits ("delete n3", "change e2") cannot
// be replayed as they are. CarryCorrections translates each edit to the
// fresh set by what it targeted — the span and layer of the annotation it
// named in the version it was made against — and reports as a conflict every
// edit whose target the new annotator no longer produces, instead of
// dropping it silently. Adds the machine now finds by itself are dropped as
// already present.
//
// Pure functions; thread-safe.
#ifndef DOCPIPE_STORE_CARRY_H_
#define DOCPIPE_STORE_CARRY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::store {

// One corrected version and the version its edits were applied to.
struct CorrectionStep {
  v1::AnnotationSet parent;
  v1::AnnotationSet corrected;  // its `edits` are carried
};

struct CarryResult {
  // Edits against the fresh set, by its ids, to commit in one correction.
  google::protobuf::RepeatedPtrField<v1::Edit> edits;
  // The fresh set with `edits` applied.
  google::protobuf::RepeatedPtrField<v1::Annotation> annotations;
  // Edits already satisfied by the fresh output (nothing to carry).
  int already_present = 0;
  // "version 3 edits[1] (delete n2 \"12 boats\"): ..." for each edit that
  // could not be carried.
  std::vector<std::string> conflicts;
};

// `fresh` is the new machine output as stored (ids assigned); `steps` are
// the corrections since the previous machine output, oldest first.
absl::StatusOr<CarryResult> CarryCorrections(
    absl::string_view text,
    const google::protobuf::RepeatedPtrField<v1::Annotation>& fresh,
    const std::vector<CorrectionStep>& steps);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_CARRY_H_
