#include "clients/docpipe/render.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/json.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::cli {
namespace {

constexpr char kReset[] = "\033[0m";

const char* Color(const v1::Annotation& a) {
  if (a.has_number()) return "\033[1;33m";         // bold yellow
  if (a.has_attribution()) return "\033[1;4;31m";  // bold underlined red
  switch (a.entity().type()) {
    case v1::ENTITY_TYPE_PERSON:
      return "\033[1;32m";
    case v1::ENTITY_TYPE_ORG:
      return "\033[1;36m";
    case v1::ENTITY_TYPE_GPE:
    case v1::ENTITY_TYPE_LOC:
      return "\033[1;34m";
    default:
      return "\033[1;35m";
  }
}

absl::string_view Slice(absl::string_view text, const v1::Span& s) {
  if (s.begin() > s.end() || s.end() > text.size()) return "";
  return text.substr(s.begin(), s.end() - s.begin());
}

std::string Quoted(absl::string_view text, size_t max = 80) {
  if (text.size() <= max) return absl::StrCat("\"", text, "\"");
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return absl::StrCat("\"", text.substr(0, cut), "…\"");
}

}  // namespace

std::string DescribeBody(const v1::Annotation& a) {
  if (a.has_number()) {
    const auto& n = a.number();
    std::string out = v1::NumberKind_Name(n.kind()).substr(12);  // drop prefix
    if (n.has_value())
      absl::StrAppend(&out, " ", absl::StrFormat("%g", n.value()));
    if (n.has_low() || n.has_high()) {
      absl::StrAppend(&out, " ", absl::StrFormat("%g..%g", n.low(), n.high()));
    }
    if (!n.unit().empty()) absl::StrAppend(&out, " ", n.unit());
    if (!n.per().empty()) absl::StrAppend(&out, " per ", n.per());
    if (!n.date().empty()) absl::StrAppend(&out, " ", n.date());
    if (n.approx() != v1::APPROX_EXACT &&
        n.approx() != v1::APPROX_UNSPECIFIED) {
      absl::StrAppend(&out, " ", v1::Approx_Name(n.approx()).substr(7));
    }
    if (!n.counted().empty()) absl::StrAppend(&out, " counted=", n.counted());
    return out;
  }
  if (a.has_entity()) {
    return absl::StrCat(v1::EntityType_Name(a.entity().type()).substr(12), " ",
                        a.entity().entity_id());
  }
  if (a.has_attribution()) return "ATTRIBUTION";
  return "?";
}

std::string RenderHighlighted(absl::string_view text,
                              const v1::AnnotationSet& set, bool color) {
  std::vector<const v1::Annotation*> marks;
  for (const auto& a : set.annotations()) marks.push_back(&a);
  std::sort(marks.begin(), marks.end(), [](auto* x, auto* y) {
    if (x->span().begin() != y->span().begin())
      return x->span().begin() < y->span().begin();
    return x->span().end() > y->span().end();  // outer first
  });
  std::string out;
  size_t pos = 0;
  for (const v1::Annotation* a : marks) {
    size_t b = a->span().begin(), e = a->span().end();
    if (b < pos || e > text.size() || b >= e) continue;  // overlapped: skip
    absl::StrAppend(&out, text.substr(pos, b - pos));
    if (color) {
      absl::StrAppend(&out, Color(*a), text.substr(b, e - b), kReset);
    } else {
      absl::StrAppend(&out, "[", text.substr(b, e - b), "]{", a->id(), "}");
    }
    pos = e;
  }
  absl::StrAppend(&out, text.substr(std::min(pos, text.size())));
  return out;
}

std::string RenderLegend(absl::string_view text, const v1::AnnotationSet& set,
                         bool color) {
  std::string out;
  for (const auto& a : set.annotations()) {
    std::string head = absl::StrFormat("%-5s [%d,%d) ", a.id(),
                                       a.span().begin(), a.span().end());
    const char* c = color ? Color(a) : "";
    const char* r = color ? kReset : "";
    if (a.has_attribution()) {
      const auto& at = a.attribution();
      std::string src = at.has_source() ? Quoted(Slice(text, at.source()), 60)
                                        : std::string("(implicit)");
      if (!at.source_entity_id().empty()) {
        absl::StrAppend(&src, " <", at.source_entity_id(), ">");
      }
      absl::StrAppend(&out, head, src, " → ", c, Slice(text, a.span()), r,
                      " → ", Quoted(Slice(text, at.content())), "\n");
    } else {
      absl::StrAppend(&out, head, c, Quoted(Slice(text, a.span())), r, "  ",
                      DescribeBody(a), "\n");
    }
  }
  return out;
}

void CountLayers(const v1::AnnotationSet& set, DocumentRow* row) {
  row->author = set.author();
  row->numbers = row->entities = row->attributions = 0;
  for (const v1::Annotation& a : set.annotations()) {
    if (a.has_number()) ++row->numbers;
    if (a.has_entity()) ++row->entities;
    if (a.has_attribution()) ++row->attributions;
  }
}

std::string DocumentRowHeader() {
  return absl::StrFormat("%-32s %-20s %4s %-16s %7s %8s %12s", "EXTERNAL_ID",
                         "DOC_ID", "HEAD", "AUTHOR", "NUMBERS", "ENTITIES",
                         "ATTRIBUTIONS");
}

std::string FormatDocumentRow(const DocumentRow& row) {
  return absl::StrFormat("%-32s %-20s %4d %-16s %7d %8d %12d",
                         row.external_id.empty() ? "-" : row.external_id,
                         row.doc_id, row.head_version,
                         row.author.empty() ? "-" : row.author, row.numbers,
                         row.entities, row.attributions);
}

std::string DocumentRowJson(const DocumentRow& row) {
  return absl::StrCat("{\"external_id\":", JsonQuote(row.external_id),
                      ",\"doc_id\":", JsonQuote(row.doc_id),
                      ",\"title\":", JsonQuote(row.title),
                      ",\"head_version\":", row.head_version,
                      ",\"author\":", JsonQuote(row.author),
                      ",\"numbers\":", row.numbers,
                      ",\"entities\":", row.entities,
                      ",\"attributions\":", row.attributions, "}");
}

}  // namespace docpipe::cli
