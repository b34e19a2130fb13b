#include "clients/docpipe/standoff.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "store/annotation_set.h"

namespace docpipe::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const char* LayerName(const v1::Annotation& a) {
  switch (a.body_case()) {
    case v1::Annotation::kNumber:
      return "number";
    case v1::Annotation::kEntity:
      return "entity";
    case v1::Annotation::kAttribution:
      return "attribution";
    default:
      return "?";
  }
}

Message* MutableBody(v1::Annotation* a, absl::string_view layer) {
  if (layer == "number") return a->mutable_number();
  if (layer == "entity") return a->mutable_entity();
  if (layer == "attribution") return a->mutable_attribution();
  return nullptr;
}

const Message* Body(const v1::Annotation& a) {
  switch (a.body_case()) {
    case v1::Annotation::kNumber:
      return &a.number();
    case v1::Annotation::kEntity:
      return &a.entity();
    case v1::Annotation::kAttribution:
      return &a.attribution();
    default:
      return nullptr;
  }
}

// "NUMBER_KIND_MONEY" -> "money": the enum's type prefix dropped.
std::string ShortEnumName(const google::protobuf::EnumValueDescriptor* v) {
  std::string prefix = absl::AsciiStrToUpper(v->type()->name());
  std::string snake;
  for (char c : v->type()->name()) {
    if (absl::ascii_isupper(c) && !snake.empty()) snake += '_';
    snake += absl::ascii_toupper(c);
  }
  absl::string_view name = v->name();
  absl::ConsumePrefix(&name, snake + "_");
  return absl::AsciiStrToLower(name);
}

std::string Quote(absl::string_view s) {
  if (!s.empty() && s.find_first_of(" \"\\#\n\t") == absl::string_view::npos) {
    return std::string(s);
  }
  // One line per annotation: a newline in a value is written as \n.
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string FormatValue(const Message& m, const FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrFormat("%.15g", r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrFormat("%g", r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_STRING:
      return Quote(r->GetString(m, f));
    case FieldDescriptor::CPPTYPE_ENUM:
      return ShortEnumName(r->GetEnum(m, f));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const auto& span = static_cast<const v1::Span&>(r->GetMessage(m, f));
      return absl::StrCat(span.begin(), ":", span.end());
    }
    default:
      return "?";
  }
}

[[nodiscard]] absl::Status SetValue(Message* m, const FieldDescriptor* f,
                                    absl::string_view value) {
  const auto* r = m->GetReflection();
  const std::string field(f->name());
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double d;
      if (!absl::SimpleAtod(value, &d)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": not a number: \"", value, "\""));
      }
      r->SetDouble(m, f, d);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(m, f, std::string(value));
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_ENUM: {
      std::vector<std::string> names;
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        const auto* v = f->enum_type()->value(i);
        if (v->number() == 0) continue;
        names.push_back(ShortEnumName(v));
        if (names.back() == absl::AsciiStrToLower(value)) {
          r->SetEnum(m, f, v);
          return absl::OkStatus();
        }
      }
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": \"", value, "\" is not one of ",
                       absl::StrJoin(names, ", ")));
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      std::pair<std::string, std::string> be = absl::StrSplit(value, ':');
      uint32_t b, e;
      if (!absl::SimpleAtoi(be.first, &b) || !absl::SimpleAtoi(be.second, &e)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": expected BEGIN:END, got \"", value, "\""));
      }
      auto* span = static_cast<v1::Span*>(r->MutableMessage(m, f));
      span->set_begin(b);
      span->set_end(e);
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": cannot be set here"));
  }
}

}  // namespace

std::string FormatStandoffLine(absl::string_view text,
                               const v1::Annotation& a) {
  std::string line =
      absl::StrFormat("%-4s %-11s %5d %5d ", a.id(), LayerName(a),
                      a.span().begin(), a.span().end());
  if (const Message* body = Body(a)) {
    std::vector<const FieldDescriptor*> fields;
    body->GetReflection()->ListFields(*body, &fields);
    for (const auto* f : fields) {
      absl::StrAppend(&line, " ", f->name(), "=", FormatValue(*body, f));
    }
  }
  if (a.span().end() <= text.size() && a.span().begin() < a.span().end()) {
    std::string quoted(
        text.substr(a.span().begin(), a.span().end() - a.span().begin()));
    absl::StrReplaceAll({{"\n", " "}}, &quoted);
    absl::StrAppend(&line, "  # \"", quoted, "\"");
  }
  return line;
}

std::string FormatStandoff(absl::string_view text, const v1::AnnotationSet& set,
                           absl::string_view title) {
  std::string out = absl::StrCat(
      "# docpipe correct: ", title, ", version ", set.version(), "\n",
      "# One annotation per line: ID LAYER BEGIN END field=value ...\n"
      "# Delete a line to delete the annotation; change offsets or fields in\n"
      "# place; add a line with ID + to add one. Offsets are UTF-8 bytes.\n"
      "# Text after ' # ' is ignored. Save and quit to review the edits.\n");
  for (const auto& a : set.annotations()) {
    absl::StrAppend(&out, FormatStandoffLine(text, a), "\n");
  }
  return out;
}

std::vector<std::string> SplitStandoffLine(absl::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false, quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '\\' && i + 1 < line.size()) {
        ++i;
        cur += line[i] == 'n' ? '\n' : line[i];
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '#' && !in_word) break;  // comment
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '"') {
      quoted = true;
    } else {
      cur += c;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

absl::Status ApplyAssignments(const std::vector<std::string>& assignments,
                              v1::Annotation* a,
                              std::vector<std::string>* paths) {
  const char* layer = LayerName(*a);
  Message* body = MutableBody(a, layer);
  for (const std::string& kv : assignments) {
    std::pair<std::string, std::string> p =
        absl::StrSplit(kv, absl::MaxSplits('=', 1));
    if (kv.find('=') == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", kv, "\": expected field=value"));
    }
    if (p.first == "begin" || p.first == "end") {
      uint32_t v;
      if (!absl::SimpleAtoi(p.second, &v)) {
        return absl::InvalidArgumentError(
            absl::StrCat(p.first, ": not an offset: \"", p.second, "\""));
      }
      if (p.first == "begin") {
        a->mutable_span()->set_begin(v);
      } else {
        a->mutable_span()->set_end(v);
      }
      if (paths) paths->push_back("span");
      continue;
    }
    const FieldDescriptor* f =
        body ? body->GetDescriptor()->FindFieldByName(p.first) : nullptr;
    if (f == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", p.first, "\" is not a field of ", layer, " annotations"));
    }
    if (absl::Status s = SetValue(body, f, p.second); !s.ok()) return s;
    if (paths) paths->push_back(absl::StrCat(layer, ".", p.first));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Annotation> ParseStandoffWords(
    const std::vector<std::string>& words) {
  if (words.size() < 4) {
    return absl::InvalidArgumentError(
        "expected ID LAYER BEGIN END [field=value ...]");
  }
  v1::Annotation a;
  if (words[0] != "+") a.set_id(words[0]);
  if (MutableBody(&a, words[1]) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "layer: \"", words[1], "\" is not number, entity or attribution"));
  }
  uint32_t b, e;
  if (!absl::SimpleAtoi(words[2], &b) || !absl::SimpleAtoi(words[3], &e)) {
    return absl::InvalidArgumentError(
        absl::StrCat("BEGIN END: expected two offsets, got \"", words[2], " ",
                     words[3], "\""));
  }
  a.mutable_span()->set_begin(b);
  a.mutable_span()->set_end(e);
  std::vector<std::string> rest(words.begin() + 4, words.end());
  if (absl::Status s = ApplyAssignments(rest, &a, nullptr); !s.ok()) return s;
  return a;
}

absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Edit>> EditsFromStandoff(
    const v1::AnnotationSet& base, absl::string_view edited) {
  std::map<std::string, const v1::Annotation*> before;
  for (const auto& a : base.annotations()) before[a.id()] = &a;
  google::protobuf::RepeatedPtrField<v1::Edit> changes, adds;
  std::map<std::string, int> seen;
  int n = 0;
  for (absl::string_view line : absl::StrSplit(edited, '\n')) {
    ++n;
    std::vector<std::string> words = SplitStandoffLine(line);
    if (words.empty()) continue;
    auto a = ParseStandoffWords(words);
    if (!a.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", n, ": ", a.status().message()));
    }
    if (a->id().empty()) {
      *adds.Add()->mutable_add() = *std::move(a);
      continue;
    }
    auto it = before.find(a->id());
    if (it == before.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", n, ": no annotation \"", a->id(),
                       "\" in this version; use + as the id of a new one"));
    }
    if (seen.contains(a->id())) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", n, ": \"", a->id(), "\" appears twice (line ",
                       seen[a->id()], ")"));
    }
    seen[a->id()] = n;
    *a->mutable_provenance() = it->second->provenance();
    if (store::SameContent(*a, *it->second)) continue;
    if (a->body_case() != it->second->body_case()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", n, ": \"", a->id(),
          "\" changed layer; delete it and add a new line with id +"));
    }
    v1::Edit edit;
    auto* change = edit.mutable_change();
    change->set_id(a->id());
    change->mutable_update_mask()->add_paths("span");
    change->mutable_update_mask()->add_paths(LayerName(*a));
    *change->mutable_annotation() = *std::move(a);
    *changes.Add() = std::move(edit);
  }
  google::protobuf::RepeatedPtrField<v1::Edit> edits;
  for (const auto& a : base.annotations()) {
    if (!seen.contains(a.id())) edits.Add()->set_delete_id(a.id());
  }
  for (auto& e : changes) *edits.Add() = std::move(e);
  for (auto& e : adds) *edits.Add() = std::move(e);
  return edits;
}

}  // namespace docpipe::cli
