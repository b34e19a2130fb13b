// Terminal rendering of an annotated document, shared by `docpipe show` and
// the correction client. Pure functions; thread-safe.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_RENDER_H_
#define DOCPIPE_CLIENTS_DOCPIPE_RENDER_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::cli {

// The text with number, entity and cue spans marked: ANSI colours when
// `color`, else "[text]{id}". Overlapping spans: the outer one wins.
std::string RenderHighlighted(absl::string_view text,
                              const v1::AnnotationSet& set, bool color);

// One line per annotation: id, kind/type, span, text and normalized fields;
// attributions as "source → cue → content".
std::string RenderLegend(absl::string_view text, const v1::AnnotationSet& set,
                         bool color);

// One-line description of an annotation's body ("MONEY 5.5e+09 USD ABOUT").
std::string DescribeBody(const v1::Annotation& a);

// One row of `docpipe ls`: a stored document and its head version.
struct DocumentRow {
  std::string external_id, doc_id, title;
  uint64_t head_version = 0;
  std::string author;  // of the head version; empty without annotations
  int numbers = 0, entities = 0, attributions = 0;
};

// Counts `set`'s annotations per layer and takes its author.
void CountLayers(const v1::AnnotationSet& set, DocumentRow* row);

// The column titles of FormatDocumentRow, as one line (no newline).
std::string DocumentRowHeader();

// Aligned columns: external id, doc id, head, author, per-layer counts.
std::string FormatDocumentRow(const DocumentRow& row);

// {"external_id":..,"doc_id":..,"title":..,"head_version":N,"author":..,
//  "numbers":N,"entities":N,"attributions":N} on one line.
std::string DocumentRowJson(const DocumentRow& row);

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_RENDER_H_
