// Reads PolNeAR (Newell, Margolin & Ruths, LREC 2018): `text/<name>.txt`
// and brat standoff `attributions/<name>_<annotator>.ann` with Source, Cue
// and Content spans in code-point offsets, some discontinuous, joined by `E`
// lines. Used to train the cue tagger and, converted to our guidelines, to
// score the attributions layer.
#ifndef DOCPIPE_ANNOTATE_EVAL_POLNEAR_H_
#define DOCPIPE_ANNOTATE_EVAL_POLNEAR_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/eval/gold.h"

namespace docpipe::annotate::attributions {

// UTF-8 byte ranges [begin, end); a discontinuous brat span has several.
using Pieces = std::vector<std::pair<uint32_t, uint32_t>>;

struct PolnearRelation {
  Pieces cue, source, content;  // source or content may be empty
};

struct PolnearDoc {
  std::string name;  // "<name>.txt", the text file's name
  std::string text;
  std::vector<PolnearRelation> relations;
};

// Parses one .ann file against its text. INVALID_ARGUMENT naming the line
// when a span is malformed or out of range.
absl::StatusOr<PolnearDoc> ParsePolnear(std::string name, std::string text,
                                        absl::string_view ann);

// Reads a split directory (with text/ and attributions/), in file name
// order. One annotator per article, as the corpus ships.
absl::StatusOr<std::vector<PolnearDoc>> ReadPolnear(const std::string& dir);

// The document's relations as our guidelines (sec. 3) would mark them:
// - the cue is its first piece; a relation without cue or content is
//   dropped, and so is one in the first line (the headline) and one whose
//   cue our guidelines leave out (IsOutOfScopeStem: intentions, desires,
//   appearances, support);
// - source and content run from their first to their last piece;
// - content loses a leading complementizer `that`, enclosing quotation
//   marks and its closing full stop or comma.
// The text is set, so the result can be written with ToGoldJson.
GoldDoc ToGuidelines(const PolnearDoc& doc);

}  // namespace docpipe::annotate::attributions

#endif  // DOCPIPE_ANNOTATE_EVAL_POLNEAR_H_
