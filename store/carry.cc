#include "store/carry.h"

#include "absl/strings/str_cat.h"
#include "store/annotation_set.h"

namespace docpipe::store {
namespace {

using Annotations = google::protobuf::RepeatedPtrField<v1::Annotation>;

// What an edit targets, independent of ids: the span and the layer.
bool SameTarget(const v1::Annotation& a, const v1::Annotation& b) {
  return a.span().begin() == b.span().begin() &&
         a.span().end() == b.span().end() && a.body_case() == b.body_case();
}

const v1::Annotation* FindId(const Annotations& set, absl::string_view id) {
  for (const auto& a : set) {
    if (a.id() == id) return &a;
  }
  return nullptr;
}

const v1::Annotation* FindTarget(const Annotations& set,
                                 const v1::Annotation& like) {
  for (const auto& a : set) {
    if (SameTarget(a, like)) return &a;
  }
  return nullptr;
}

std::string Describe(absl::string_view text, const v1::Annotation& a) {
  const auto& s = a.span();
  std::string quoted =
      s.end() <= text.size() && s.begin() < s.end()
          ? std::string(text.substr(s.begin(), s.end() - s.begin()))
          : "?";
  return absl::StrCat(a.id(), " \"", quoted, "\" [", s.begin(), ",", s.end(),
                      ")");
}

}  // namespace

absl::StatusOr<CarryResult> CarryCorrections(
    absl::string_view text, const Annotations& fresh,
    const std::vector<CorrectionStep>& steps) {
  CarryResult result;
  result.annotations = fresh;
  for (const CorrectionStep& step : steps) {
    const auto& edits = step.corrected.edits();
    for (int i = 0; i < edits.size(); ++i) {
      const v1::Edit& edit = edits[i];
      const std::string where =
          absl::StrCat("version ", step.corrected.version(), " edits[", i, "]");
      v1::Edit carried;
      switch (edit.op_case()) {
        case v1::Edit::kAdd: {
          if (const v1::Annotation* same =
                  FindTarget(result.annotations, edit.add())) {
            // The new annotator marks it too; a change of its fields would
            // come as its own edit.
            v1::Annotation want = edit.add();
            want.set_id(same->id());
            if (SameContent(want, *same)) {
              ++result.already_present;
              continue;
            }
            // Same span and layer, different values: the person's wins.
            auto* change = carried.mutable_change();
            change->set_id(same->id());
            *change->mutable_annotation() = edit.add();
            change->mutable_update_mask()->add_paths("span");
            change->mutable_update_mask()->add_paths(
                edit.add().has_number()   ? "number"
                : edit.add().has_entity() ? "entity"
                                          : "attribution");
            break;
          }
          *carried.mutable_add() = edit.add();
          carried.mutable_add()->clear_id();
          break;
        }
        case v1::Edit::kDeleteId:
        case v1::Edit::kChange: {
          const std::string& id = edit.op_case() == v1::Edit::kDeleteId
                                      ? edit.delete_id()
                                      : edit.change().id();
          const v1::Annotation* was = FindId(step.parent.annotations(), id);
          if (was == nullptr) {
            result.conflicts.push_back(
                absl::StrCat(where, ": ", id, " is not in version ",
                             step.parent.version(), " it was made against"));
            continue;
          }
          const v1::Annotation* now = FindTarget(result.annotations, *was);
          const char* verb =
              edit.op_case() == v1::Edit::kDeleteId ? "delete" : "change";
          if (now == nullptr) {
            if (edit.op_case() == v1::Edit::kDeleteId) {
              // Deleting what the machine no longer marks: already done.
              ++result.already_present;
              continue;
            }
            result.conflicts.push_back(
                absl::StrCat(where, " (", verb, " ", Describe(text, *was),
                             "): the new annotation has nothing at this span"));
            continue;
          }
          if (edit.op_case() == v1::Edit::kDeleteId) {
            carried.set_delete_id(now->id());
          } else {
            *carried.mutable_change() = edit.change();
            carried.mutable_change()->set_id(now->id());
          }
          break;
        }
        default:
          result.conflicts.push_back(absl::StrCat(where, ": empty edit"));
          continue;
      }
      google::protobuf::RepeatedPtrField<v1::Edit> one;
      *one.Add() = carried;
      std::vector<std::string> added;
      auto applied = ApplyEdits(text, result.annotations, one, &added);
      if (!applied.ok()) {
        result.conflicts.push_back(
            absl::StrCat(where, ": ", applied.status().message()));
        continue;
      }
      result.annotations = *std::move(applied);
      // Later edits name what this one added by the id the store will give
      // it: ApplyEdits assigns ids deterministically, here and in Commit.
      if (!added.empty() && carried.has_add()) {
        carried.mutable_add()->set_id(added[0]);
      }
      *result.edits.Add() = std::move(carried);
    }
  }
  return result;
}

}  // namespace docpipe::store
