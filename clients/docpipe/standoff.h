// The human-editable standoff form of an annotation set, for
// `docpipe correct`: one annotation per line,
//
//   n3  number 120 132  kind=money value=5500000000 unit=USD approx=about  #
//   "$5.5 billion" e1  entity 0 5      type=gpe entity_id=north-korea  #
//   "Seoul"
//   +   entity 36 41    type=gpe  # a new annotation: id "+"
//
// Fields are the annotation body's protobuf field names; enums by their
// short lower-case name (money, about, gpe); spans (attribution source,
// content) as BEGIN:END; values with spaces in double quotes. Everything
// after " # " is a comment (the span's text, for the reader).
#ifndef DOCPIPE_CLIENTS_DOCPIPE_STANDOFF_H_
#define DOCPIPE_CLIENTS_DOCPIPE_STANDOFF_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::cli {

// One line (no newline) for `a`, quoting its span from `text`.
std::string FormatStandoffLine(absl::string_view text, const v1::Annotation& a);

// The whole file: a header explaining the format, then one line per
// annotation.
std::string FormatStandoff(absl::string_view text, const v1::AnnotationSet& set,
                           absl::string_view title);

// Parses one line's words (id, layer, begin, end, key=value...). The id
// may be "+" (new). INVALID_ARGUMENT names the word at fault.
absl::StatusOr<v1::Annotation> ParseStandoffWords(
    const std::vector<std::string>& words);

// Splits a line into words (double quotes group, backslash escapes inside
// them) and drops the " # " comment.
std::vector<std::string> SplitStandoffLine(absl::string_view line);

// Applies `key=value` assignments (body fields, or begin= / end=) to `a`,
// adding the paths changed to `paths` (FieldMask paths).
[[nodiscard]] absl::Status ApplyAssignments(
    const std::vector<std::string>& assignments, v1::Annotation* a,
    std::vector<std::string>* paths);

// The edits that turn `base` into what the edited file says: lines gone
// are deletes, "+" lines adds, changed lines changes of the span and body.
// Errors name the line ("line 7: ...").
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Edit>> EditsFromStandoff(
    const v1::AnnotationSet& base, absl::string_view edited);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_STANDOFF_H_
