#include "annotate/eval/gold.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/sha256.h"
#include "common/status.h"

namespace docpipe::annotate {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

void AppendJsonString(std::string* out, absl::string_view s) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

std::string Str(absl::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

std::string OptStr(const std::string& s) { return s.empty() ? "null" : Str(s); }

std::string Num(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return absl::StrFormat("%.0f", v);
  }
  return absl::StrFormat("%.17g", v);
}

std::string SpanJson(absl::string_view text, const v1::Span& s) {
  return absl::StrCat(
      "{\"begin\": ", s.begin(), ", \"end\": ", s.end(),
      ", \"text\": ", Str(text.substr(s.begin(), s.end() - s.begin())), "}");
}

template <typename Enum>
Enum Lookup(const std::string& name, const char* prefix,
            bool (*parse)(const std::string&, Enum*)) {
  Enum e{};
  parse(absl::StrCat(prefix, name), &e);
  return e;
}

double NumberOr(const Struct& s, const std::string& key, bool* has) {
  auto it = s.fields().find(key);
  *has = it != s.fields().end() && it->second.has_number_value();
  return *has ? it->second.number_value() : 0;
}

std::string StringOr(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it != s.fields().end() && it->second.has_string_value()
             ? it->second.string_value()
             : "";
}

absl::StatusOr<v1::Span> SpanOf(const Value& v, const std::string& field) {
  if (!v.has_struct_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not an object"));
  }
  bool hb = false, he = false;
  v1::Span s;
  s.set_begin(static_cast<uint32_t>(NumberOr(v.struct_value(), "begin", &hb)));
  s.set_end(static_cast<uint32_t>(NumberOr(v.struct_value(), "end", &he)));
  if (!hb || !he) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": begin/end missing"));
  }
  return s;
}

}  // namespace

std::string KindName(v1::NumberKind k) {
  std::string n = v1::NumberKind_Name(k);
  return n.substr(std::string("NUMBER_KIND_").size());
}
std::string TypeName(v1::EntityType t) {
  return v1::EntityType_Name(t).substr(std::string("ENTITY_TYPE_").size());
}
std::string ApproxName(v1::Approx a) {
  if (a == v1::APPROX_UNSPECIFIED) return "EXACT";
  return v1::Approx_Name(a).substr(std::string("APPROX_").size());
}

std::string ToGoldJson(absl::string_view doc_name, absl::string_view text,
                       const std::vector<v1::Annotation>& annotations) {
  std::string numbers, entities, attributions;
  auto sep = [](std::string* s) {
    if (!s->empty()) s->append(", ");
  };
  for (const auto& a : annotations) {
    const auto& sp = a.span();
    absl::string_view t = text.substr(sp.begin(), sp.end() - sp.begin());
    if (a.has_number()) {
      const auto& n = a.number();
      sep(&numbers);
      absl::StrAppend(&numbers, "{\"kind\": ", Str(KindName(n.kind())),
                      ", \"begin\": ", sp.begin(), ", \"end\": ", sp.end(),
                      ", \"text\": ", Str(t),
                      ", \"value\": ", n.has_value() ? Num(n.value()) : "null",
                      ", \"low\": ", n.has_low() ? Num(n.low()) : "null",
                      ", \"high\": ", n.has_high() ? Num(n.high()) : "null",
                      ", \"unit\": ", OptStr(n.unit()),
                      ", \"approx\": ", Str(ApproxName(n.approx())),
                      ", \"per\": ", OptStr(n.per()),
                      ", \"counted\": ", OptStr(n.counted()),
                      ", \"date\": ", OptStr(n.date()));
      // The normalized quantity, only where there is one (guidelines'
      // format extended; see docs/accuracy.md).
      if (!n.dimension().empty()) {
        absl::StrAppend(&numbers, ", \"dimension\": ", Str(n.dimension()),
                        ", \"base_value\": ",
                        n.has_base_value() ? Num(n.base_value()) : "null",
                        ", \"base_unit\": ", OptStr(n.base_unit()));
      }
      numbers.append("}");
    } else if (a.has_entity()) {
      sep(&entities);
      absl::StrAppend(&entities,
                      "{\"type\": ", Str(TypeName(a.entity().type())),
                      ", \"begin\": ", sp.begin(), ", \"end\": ", sp.end(),
                      ", \"text\": ", Str(t),
                      ", \"entity\": ", OptStr(a.entity().entity_id()), "}");
    } else if (a.has_attribution()) {
      const auto& at = a.attribution();
      sep(&attributions);
      absl::StrAppend(&attributions, "{\"cue\": ", SpanJson(text, sp),
                      ", \"source\": ",
                      at.has_source() && at.source().end() > at.source().begin()
                          ? SpanJson(text, at.source())
                          : "null",
                      ", \"source_entity\": ", OptStr(at.source_entity_id()),
                      ", \"content\": ", SpanJson(text, at.content()), "}");
    }
  }
  return absl::StrCat("{\"doc\": ", Str(doc_name),
                      ", \"sha256\": ", Str(Sha256Hex(text)),
                      ", \"numbers\": [", numbers, "], \"entities\": [",
                      entities, "], \"attributions\": [", attributions, "]}");
}

absl::StatusOr<GoldDoc> ParseGoldLine(absl::string_view line) {
  Struct root;
  auto st =
      google::protobuf::util::JsonStringToMessage(std::string(line), &root);
  if (!st.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not JSON: ", st.ToString()));
  }
  GoldDoc g;
  g.doc = StringOr(root, "doc");
  if (g.doc.empty()) return absl::InvalidArgumentError("doc: required");
  auto list = [&](const char* key) -> const google::protobuf::ListValue* {
    auto it = root.fields().find(key);
    return it != root.fields().end() && it->second.has_list_value()
               ? &it->second.list_value()
               : nullptr;
  };
  if (auto* numbers = list("numbers")) {
    for (int i = 0; i < numbers->values_size(); ++i) {
      const Struct& s = numbers->values(i).struct_value();
      std::string field = absl::StrCat("numbers[", i, "]");
      DOCPIPE_ASSIGN_OR_RETURN(v1::Span span,
                               SpanOf(numbers->values(i), field));
      v1::Annotation a;
      *a.mutable_span() = span;
      auto* n = a.mutable_number();
      v1::NumberKind kind;
      if (!v1::NumberKind_Parse("NUMBER_KIND_" + StringOr(s, "kind"), &kind)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".kind: unknown"));
      }
      n->set_kind(kind);
      bool has = false;
      double v = NumberOr(s, "value", &has);
      if (has) n->set_value(v);
      v = NumberOr(s, "low", &has);
      if (has) n->set_low(v);
      v = NumberOr(s, "high", &has);
      if (has) n->set_high(v);
      n->set_unit(StringOr(s, "unit"));
      v1::Approx approx = v1::APPROX_EXACT;
      if (!StringOr(s, "approx").empty()) {
        v1::Approx_Parse("APPROX_" + StringOr(s, "approx"), &approx);
      }
      n->set_approx(approx);
      n->set_per(StringOr(s, "per"));
      n->set_counted(StringOr(s, "counted"));
      n->set_date(StringOr(s, "date"));
      n->set_dimension(StringOr(s, "dimension"));
      v = NumberOr(s, "base_value", &has);
      if (has) n->set_base_value(v);
      n->set_base_unit(StringOr(s, "base_unit"));
      g.annotations.push_back(std::move(a));
    }
  }
  if (auto* entities = list("entities")) {
    for (int i = 0; i < entities->values_size(); ++i) {
      const Struct& s = entities->values(i).struct_value();
      std::string field = absl::StrCat("entities[", i, "]");
      DOCPIPE_ASSIGN_OR_RETURN(v1::Span span,
                               SpanOf(entities->values(i), field));
      v1::Annotation a;
      *a.mutable_span() = span;
      v1::EntityType type;
      if (!v1::EntityType_Parse("ENTITY_TYPE_" + StringOr(s, "type"), &type)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".type: unknown"));
      }
      a.mutable_entity()->set_type(type);
      a.mutable_entity()->set_entity_id(StringOr(s, "entity"));
      g.annotations.push_back(std::move(a));
    }
  }
  if (auto* attributions = list("attributions")) {
    for (int i = 0; i < attributions->values_size(); ++i) {
      const Struct& s = attributions->values(i).struct_value();
      std::string field = absl::StrCat("attributions[", i, "]");
      v1::Annotation a;
      auto get = [&](const char* key) -> const Value* {
        auto it = s.fields().find(key);
        return it == s.fields().end() || it->second.has_null_value()
                   ? nullptr
                   : &it->second;
      };
      if (!get("cue") || !get("content")) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": cue and content required"));
      }
      DOCPIPE_ASSIGN_OR_RETURN(*a.mutable_span(),
                               SpanOf(*get("cue"), field + ".cue"));
      auto* at = a.mutable_attribution();
      DOCPIPE_ASSIGN_OR_RETURN(*at->mutable_content(),
                               SpanOf(*get("content"), field + ".content"));
      if (const Value* src = get("source")) {
        DOCPIPE_ASSIGN_OR_RETURN(*at->mutable_source(),
                                 SpanOf(*src, field + ".source"));
      }
      at->set_source_entity_id(StringOr(s, "source_entity"));
      g.annotations.push_back(std::move(a));
    }
  }
  return g;
}

absl::StatusOr<std::vector<GoldDoc>> ReadGoldFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::vector<GoldDoc> docs;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto doc = ParseGoldLine(line);
    if (!doc.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", n, ": ", doc.status().message()));
    }
    docs.push_back(*std::move(doc));
  }
  return docs;
}

}  // namespace docpipe::annotate
