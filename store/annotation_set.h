// Pure functions over annotation sets: validation against a document's text,
// id assignment, applying a correction's edits, offset conversion and diff.
// Shared by the store's write path (PutDocument, Commit) and read path.
// All functions are thread-safe (no shared state).
#ifndef DOCPIPE_STORE_ANNOTATION_SET_H_
#define DOCPIPE_STORE_ANNOTATION_SET_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/utf8.h"
#include "docpipe/v1/annotation.pb.h"
#include "docpipe/v1/store.pb.h"

namespace docpipe::store {

// Checks every annotation of `annotations` against `text` (UTF-8 bytes):
// spans non-empty, inside the text, on character boundaries; a body with a
// known kind/type; ids unique; no exact duplicate (same span and same
// kind/type). Errors are INVALID_ARGUMENT naming the element, e.g.
// "annotations[3].span: end 900 is past the end of the text (812 bytes)".
[[nodiscard]] absl::Status ValidateAnnotations(
    absl::string_view text,
    const google::protobuf::RepeatedPtrField<v1::Annotation>& annotations,
    absl::string_view field = "annotations");

// Gives every annotation without an id the next free one of its layer
// ("n7", "e3", "a2"), never reusing an id present in `annotations`. Returns
// the ids assigned, in order.
std::vector<std::string> AssignIds(
    google::protobuf::RepeatedPtrField<v1::Annotation>* annotations);

// Applies `edits` in order to a copy of `base` and returns the resulting
// annotations. Deleting or changing an unknown id, or an add with a taken id,
// is INVALID_ARGUMENT naming "edits[i]". The result is validated against
// `text` with errors naming the edit that produced the bad annotation.
// `added_ids` receives the ids of added annotations (assigned when empty).
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Annotation>> ApplyEdits(
    absl::string_view text,
    const google::protobuf::RepeatedPtrField<v1::Annotation>& base,
    const google::protobuf::RepeatedPtrField<v1::Edit>& edits,
    std::vector<std::string>* added_ids);

// True when `a` and `b` say the same thing: equal in every field but
// provenance (who or what produced them).
bool SameContent(const v1::Annotation& a, const v1::Annotation& b);

// Sorts by (begin, end, id): the canonical order of a stored set.
void SortAnnotations(google::protobuf::RepeatedPtrField<v1::Annotation>* a);

// Rewrites every span of `set` (annotation spans, attribution source and
// content) from UTF-8 bytes to `encoding`, or (to_bytes) from `encoding` to
// UTF-8 bytes. Converting in is INVALID_ARGUMENT when an offset is past the
// end of the text.
[[nodiscard]] absl::Status ConvertSpans(
    absl::string_view text, v1::OffsetEncoding encoding, bool to_bytes,
    google::protobuf::RepeatedPtrField<v1::Annotation>* a);
[[nodiscard]] absl::Status ConvertEditSpans(
    absl::string_view text, v1::OffsetEncoding encoding,
    google::protobuf::RepeatedPtrField<v1::Edit>* e);

// Annotations in `to` and not `from` (by id), in `from` and not `to`, and in
// both but different.
v1::DiffResponse DiffSets(const v1::AnnotationSet& from,
                          const v1::AnnotationSet& to);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_ANNOTATION_SET_H_
