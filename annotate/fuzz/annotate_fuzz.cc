#include "annotate/fuzz/annotate_fuzz.h"

#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace docpipe::annotate {
namespace {

std::string CheckSpan(absl::string_view text, bool utf8, const v1::Span& s,
                      absl::string_view what) {
  if (s.begin() >= s.end() || s.end() > text.size()) {
    return absl::StrCat(what, " [", s.begin(), ",", s.end(),
                        ") empty or outside the text of ", text.size(),
                        " bytes");
  }
  if (utf8 &&
      (!IsCharBoundary(text, s.begin()) || !IsCharBoundary(text, s.end()))) {
    return absl::StrCat(what, " [", s.begin(), ",", s.end(),
                        ") not on character boundaries");
  }
  return "";
}

}  // namespace

std::string CheckAnnotate(const Engine& engine, const LayerSet& layers,
                          absl::string_view bytes) {
  auto annotations = engine.Annotate(bytes, layers);
  if (!annotations.ok()) return "";  // refusing input is fine
  const bool utf8 = IsValidUtf8(bytes);
  for (const auto& a : *annotations) {
    std::string bad = CheckSpan(bytes, utf8, a.span(), "span");
    if (bad.empty() && a.has_attribution()) {
      if (a.attribution().has_source()) {
        bad = CheckSpan(bytes, utf8, a.attribution().source(), "source");
      }
      if (bad.empty()) {
        bad = CheckSpan(bytes, utf8, a.attribution().content(), "content");
      }
    }
    if (!bad.empty()) return absl::StrCat(a.id(), " ", bad);
  }
  return "";
}

}  // namespace docpipe::annotate
