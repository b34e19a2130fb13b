#include "store/annotation_set.h"

#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace docpipe::store {
namespace {

using Annotations = google::protobuf::RepeatedPtrField<v1::Annotation>;
using google::protobuf::util::FieldMaskUtil;

[[nodiscard]] absl::Status Invalid(absl::string_view field,
                                   absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

[[nodiscard]] absl::Status CheckSpan(absl::string_view text,
                                     const v1::Span& span,
                                     absl::string_view field) {
  if (span.begin() >= span.end()) {
    return Invalid(field, absl::StrCat("empty or reversed span [", span.begin(),
                                       ", ", span.end(), ")"));
  }
  if (span.end() > text.size()) {
    return Invalid(field, absl::StrCat("end ", span.end(),
                                       " is past the end of the text (",
                                       text.size(), " bytes)"));
  }
  if (!IsCharBoundary(text, span.begin()) ||
      !IsCharBoundary(text, span.end())) {
    return Invalid(field,
                   absl::StrCat("[", span.begin(), ", ", span.end(),
                                ") is not on UTF-8 character boundaries"));
  }
  return absl::OkStatus();
}

// Layer prefix of an annotation id: n(umber), e(ntity), a(ttribution).
char Prefix(const v1::Annotation& a) {
  switch (a.body_case()) {
    case v1::Annotation::kEntity:
      return 'e';
    case v1::Annotation::kAttribution:
      return 'a';
    default:
      return 'n';
  }
}

// Identity of an annotation for duplicate detection: span + layer + kind.
std::tuple<uint32_t, uint32_t, int, int> Key(const v1::Annotation& a) {
  int kind = 0;
  if (a.has_number()) kind = a.number().kind();
  if (a.has_entity()) kind = a.entity().type();
  return {a.span().begin(), a.span().end(), a.body_case(), kind};
}

[[nodiscard]] absl::Status CheckOne(absl::string_view text,
                                    const v1::Annotation& a,
                                    const std::string& field) {
  DOCPIPE_RETURN_IF_ERROR(CheckSpan(text, a.span(), field + ".span"));
  switch (a.body_case()) {
    case v1::Annotation::kNumber:
      if (a.number().kind() == v1::NUMBER_KIND_UNSPECIFIED ||
          !v1::NumberKind_IsValid(a.number().kind())) {
        return Invalid(field + ".number.kind",
                       absl::StrCat("unknown kind ", a.number().kind()));
      }
      if (!v1::Approx_IsValid(a.number().approx())) {
        return Invalid(field + ".number.approx",
                       absl::StrCat("unknown value ", a.number().approx()));
      }
      // A claim group key is part of the claims index's keys.
      if (a.number().claim_group().size() > 200 ||
          absl::StrContains(a.number().claim_group(), '\0')) {
        return Invalid(field + ".number.claim_group",
                       "at most 200 bytes, no NUL");
      }
      break;
    case v1::Annotation::kEntity:
      if (a.entity().type() == v1::ENTITY_TYPE_UNSPECIFIED ||
          !v1::EntityType_IsValid(a.entity().type())) {
        return Invalid(field + ".entity.type",
                       absl::StrCat("unknown type ", a.entity().type()));
      }
      break;
    case v1::Annotation::kAttribution:
      if (a.attribution().has_source()) {
        DOCPIPE_RETURN_IF_ERROR(CheckSpan(text, a.attribution().source(),
                                          field + ".attribution.source"));
      }
      DOCPIPE_RETURN_IF_ERROR(CheckSpan(text, a.attribution().content(),
                                        field + ".attribution.content"));
      break;
    default:
      return Invalid(field, "no body (number, entity or attribution)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAnnotations(absl::string_view text,
                                 const Annotations& annotations,
                                 absl::string_view field) {
  absl::flat_hash_map<std::string, int> ids;
  std::map<std::tuple<uint32_t, uint32_t, int, int>, int> keys;
  for (int i = 0; i < annotations.size(); ++i) {
    const v1::Annotation& a = annotations[i];
    const std::string name = absl::StrCat(field, "[", i, "]");
    DOCPIPE_RETURN_IF_ERROR(CheckOne(text, a, name));
    if (!a.id().empty()) {
      auto [it, fresh] = ids.emplace(a.id(), i);
      if (!fresh) {
        return Invalid(name + ".id",
                       absl::StrCat("\"", a.id(), "\" is also the id of ",
                                    field, "[", it->second, "]"));
      }
    }
    auto [it, fresh] = keys.emplace(Key(a), i);
    if (!fresh) {
      return Invalid(name, absl::StrCat("duplicates ", field, "[", it->second,
                                        "] (same span and kind)"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> AssignIds(Annotations* annotations) {
  absl::flat_hash_map<char, int64_t> next;
  for (const v1::Annotation& a : *annotations) {
    int64_t n = 0;
    if (a.id().size() > 1 && absl::SimpleAtoi(a.id().substr(1), &n)) {
      int64_t& cur = next[a.id()[0]];
      cur = std::max(cur, n);
    }
  }
  std::vector<std::string> assigned;
  for (v1::Annotation& a : *annotations) {
    if (!a.id().empty()) continue;
    char p = Prefix(a);
    a.set_id(absl::StrCat(std::string(1, p), ++next[p]));
    assigned.push_back(a.id());
  }
  return assigned;
}

absl::StatusOr<Annotations> ApplyEdits(
    absl::string_view text, const Annotations& base,
    const google::protobuf::RepeatedPtrField<v1::Edit>& edits,
    std::vector<std::string>* added_ids) {
  Annotations out = base;
  // Which edit last touched each id, to name it when the result is invalid.
  absl::flat_hash_map<std::string, int> touched_by;
  auto find = [&out](const std::string& id) {
    return std::find_if(out.begin(), out.end(),
                        [&](const v1::Annotation& a) { return a.id() == id; });
  };
  for (int i = 0; i < edits.size(); ++i) {
    const v1::Edit& e = edits[i];
    const std::string field = absl::StrCat("edits[", i, "]");
    switch (e.op_case()) {
      case v1::Edit::kAdd: {
        v1::Annotation a = e.add();
        if (!a.id().empty() && find(a.id()) != out.end()) {
          return Invalid(field + ".add.id",
                         absl::StrCat("\"", a.id(), "\" is already taken"));
        }
        DOCPIPE_RETURN_IF_ERROR(CheckOne(text, a, field + ".add"));
        *out.Add() = std::move(a);
        if (out.rbegin()->id().empty()) {
          // Assign now so later edits in the same list can name it.
          AssignIds(&out);
        }
        added_ids->push_back(out.rbegin()->id());
        touched_by[out.rbegin()->id()] = i;
        break;
      }
      case v1::Edit::kDeleteId: {
        auto it = find(e.delete_id());
        if (it == out.end()) {
          return Invalid(field + ".delete_id",
                         absl::StrCat("no annotation \"", e.delete_id(), "\""));
        }
        out.erase(it);
        break;
      }
      case v1::Edit::kChange: {
        const v1::AnnotationChange& c = e.change();
        auto it = find(c.id());
        if (it == out.end()) {
          return Invalid(field + ".change.id",
                         absl::StrCat("no annotation \"", c.id(), "\""));
        }
        v1::Annotation updated;
        if (c.update_mask().paths().empty()) {
          updated = c.annotation();
        } else {
          for (const std::string& path : c.update_mask().paths()) {
            if (path == "id" ||
                !FieldMaskUtil::GetFieldDescriptors(
                    v1::Annotation::descriptor(), path, nullptr)) {
              return Invalid(field + ".change.update_mask",
                             absl::StrCat("cannot update path \"", path, "\""));
            }
          }
          updated = *it;
          FieldMaskUtil::MergeOptions options;
          options.set_replace_message_fields(true);
          options.set_replace_repeated_fields(true);
          FieldMaskUtil::MergeMessageTo(c.annotation(), c.update_mask(),
                                        options, &updated);
        }
        updated.set_id(c.id());
        DOCPIPE_RETURN_IF_ERROR(CheckOne(text, updated, field + ".change"));
        *it = std::move(updated);
        touched_by[c.id()] = i;
        break;
      }
      default:
        return Invalid(field, "no operation (add, delete_id or change)");
    }
  }
  if (absl::Status s = ValidateAnnotations(text, out, "result"); !s.ok()) {
    // Name the edit that made the set invalid (a duplicate) where we can.
    for (const auto& [id, i] : touched_by) {
      auto it = find(id);
      if (it == out.end()) continue;
      for (const auto& a : out) {
        if (a.id() != id && Key(a) == Key(*it)) {
          return Invalid(absl::StrCat("edits[", i, "]"),
                         absl::StrCat("makes \"", id, "\" duplicate \"", a.id(),
                                      "\" (same span and kind)"));
        }
      }
    }
    return s;
  }
  return out;
}

void SortAnnotations(Annotations* a) {
  std::sort(a->begin(), a->end(),
            [](const v1::Annotation& x, const v1::Annotation& y) {
              return std::make_tuple(x.span().begin(), x.span().end(), x.id()) <
                     std::make_tuple(y.span().begin(), y.span().end(), y.id());
            });
}

namespace {

OffsetUnit UnitOf(v1::OffsetEncoding e) {
  switch (e) {
    case v1::OFFSET_ENCODING_CODE_POINT:
      return OffsetUnit::kCodePoint;
    case v1::OFFSET_ENCODING_UTF16:
      return OffsetUnit::kUtf16;
    default:
      return OffsetUnit::kUtf8Byte;
  }
}

[[nodiscard]] absl::Status ConvertOne(const OffsetConverter& conv,
                                      OffsetUnit unit, bool to_bytes,
                                      v1::Span* span, absl::string_view field) {
  if (!to_bytes) {
    span->set_begin(conv.FromByte(span->begin(), unit));
    span->set_end(conv.FromByte(span->end(), unit));
    return absl::OkStatus();
  }
  auto b = conv.ToByte(span->begin(), unit);
  auto e = conv.ToByte(span->end(), unit);
  if (!b.ok() || !e.ok()) {
    return Invalid(field, absl::StrCat("[", span->begin(), ", ", span->end(),
                                       ") is past the end of the text"));
  }
  span->set_begin(*b);
  span->set_end(*e);
  return absl::OkStatus();
}

[[nodiscard]] absl::Status ConvertAnnotation(const OffsetConverter& conv,
                                             OffsetUnit unit, bool to_bytes,
                                             v1::Annotation* a,
                                             const std::string& field) {
  DOCPIPE_RETURN_IF_ERROR(
      ConvertOne(conv, unit, to_bytes, a->mutable_span(), field + ".span"));
  if (a->has_attribution()) {
    auto* at = a->mutable_attribution();
    if (at->has_source()) {
      DOCPIPE_RETURN_IF_ERROR(ConvertOne(conv, unit, to_bytes,
                                         at->mutable_source(),
                                         field + ".attribution.source"));
    }
    DOCPIPE_RETURN_IF_ERROR(ConvertOne(conv, unit, to_bytes,
                                       at->mutable_content(),
                                       field + ".attribution.content"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ConvertSpans(absl::string_view text, v1::OffsetEncoding encoding,
                          bool to_bytes, Annotations* annotations) {
  OffsetUnit unit = UnitOf(encoding);
  if (unit == OffsetUnit::kUtf8Byte) return absl::OkStatus();
  OffsetConverter conv(text);
  for (int i = 0; i < annotations->size(); ++i) {
    DOCPIPE_RETURN_IF_ERROR(
        ConvertAnnotation(conv, unit, to_bytes, annotations->Mutable(i),
                          absl::StrCat("annotations[", i, "]")));
  }
  return absl::OkStatus();
}

absl::Status ConvertEditSpans(absl::string_view text,
                              v1::OffsetEncoding encoding,
                              google::protobuf::RepeatedPtrField<v1::Edit>* e) {
  OffsetUnit unit = UnitOf(encoding);
  if (unit == OffsetUnit::kUtf8Byte) return absl::OkStatus();
  OffsetConverter conv(text);
  for (int i = 0; i < e->size(); ++i) {
    v1::Edit* edit = e->Mutable(i);
    std::string field = absl::StrCat("edits[", i, "]");
    if (edit->has_add()) {
      DOCPIPE_RETURN_IF_ERROR(ConvertAnnotation(
          conv, unit, true, edit->mutable_add(), field + ".add"));
    } else if (edit->has_change()) {
      DOCPIPE_RETURN_IF_ERROR(ConvertAnnotation(
          conv, unit, true, edit->mutable_change()->mutable_annotation(),
          field + ".change.annotation"));
    }
  }
  return absl::OkStatus();
}

bool SameContent(const v1::Annotation& a, const v1::Annotation& b) {
  v1::Annotation x = a, y = b;
  x.clear_provenance();
  y.clear_provenance();
  return google::protobuf::util::MessageDifferencer::Equals(x, y);
}

v1::DiffResponse DiffSets(const v1::AnnotationSet& from,
                          const v1::AnnotationSet& to) {
  v1::DiffResponse diff;
  absl::flat_hash_map<std::string, const v1::Annotation*> before;
  for (const auto& a : from.annotations()) before[a.id()] = &a;
  absl::flat_hash_set<std::string> seen;
  for (const auto& a : to.annotations()) {
    seen.insert(a.id());
    auto it = before.find(a.id());
    if (it == before.end()) {
      *diff.add_added() = a;
    } else if (!google::protobuf::util::MessageDifferencer::Equals(*it->second,
                                                                   a)) {
      auto* d = diff.add_changed();
      *d->mutable_before() = *it->second;
      *d->mutable_after() = a;
    }
  }
  for (const auto& a : from.annotations()) {
    if (!seen.contains(a.id())) *diff.add_removed() = a;
  }
  return diff;
}

}  // namespace docpipe::store
