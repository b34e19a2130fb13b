// The gold file format of the annotation guidelines (sec. 4): one JSON
// object per document, spans as UTF-8 byte offsets with their text.
#ifndef DOCPIPE_ANNOTATE_EVAL_GOLD_H_
#define DOCPIPE_ANNOTATE_EVAL_GOLD_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate {

struct GoldDoc {
  std::string doc;   // file name
  std::string text;  // document text (empty when read from a gold file)
  std::vector<v1::Annotation> annotations;
};

// One line (no newline) for `annotations` of `text`. Thread-safe.
std::string ToGoldJson(absl::string_view doc_name, absl::string_view text,
                       const std::vector<v1::Annotation>& annotations);

// Reads a gold JSONL file. Entities' `entity` becomes entity_id; an
// attribution's cue becomes the annotation span. INVALID_ARGUMENT naming the
// line and field on malformed input.
absl::StatusOr<std::vector<GoldDoc>> ReadGoldFile(const std::string& path);
absl::StatusOr<GoldDoc> ParseGoldLine(absl::string_view line);

// Guideline names of enum values: "MONEY", "GPE", "AT_LEAST".
std::string KindName(v1::NumberKind kind);
std::string TypeName(v1::EntityType type);
std::string ApproxName(v1::Approx approx);

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_EVAL_GOLD_H_
