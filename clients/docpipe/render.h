// Terminal rendering of an annotated document, shared by `docpipe show` and
// the correction client. Pure functions; thread-safe.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_RENDER_H_
#define DOCPIPE_CLIENTS_DOCPIPE_RENDER_H_

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

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_RENDER_H_
