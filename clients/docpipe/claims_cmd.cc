// docpipe claims: the figures of a set of articles grouped by what they
// measure, each with its source and article (claims/claims.h). Offline:
// the engine annotates the files, as `docpipe annotate` does.
#include <cmath>
#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "annotate/engine.h"
#include "claims/claims.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"
#include "google/protobuf/util/json_util.h"

ABSL_FLAG(bool, all_groups, false,
          "claims: also print groups of one claim");

namespace docpipe::cli {
namespace {

// "about 15,000" -> "15,000 (13,500..16,500)"
std::string Figure(const v1::Claim& c) {
  auto num = [](double v) {
    if (std::isinf(v)) return std::string(v > 0 ? "inf" : "-inf");
    return absl::StrFormat("%.10g", v);
  };
  if (c.low() == c.high()) return num(c.low());
  return absl::StrCat(num(c.low()), "..", num(c.high()));
}

void PrintGroup(const v1::ClaimGroup& g) {
  std::cout << g.key() << (g.disagree() ? "  DISAGREE" : "") << "\n";
  for (const v1::Claim& c : g.claims()) {
    std::string source =
        c.outlet() ? absl::StrCat("(outlet) ", c.source_text())
                   : absl::StrCat(c.source_text(), " [", c.source_entity_id(),
                                  "]");
    std::cout << absl::StrFormat("  %-28s %-22s %-40s %s\n",
                                 absl::StrCat("\"", c.text(), "\""), Figure(c),
                                 source.substr(0, 40), c.external_id());
  }
}

}  // namespace

int RunClaims(const std::vector<std::string>& args) {
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("claims", engine.status());
  std::vector<v1::Claim> all;
  for (const std::string& path : args) {
    auto text = ReadFile(path);
    if (!text.ok()) return Fail("claims", text.status());
    auto annotations = (*engine)->Annotate(*text, annotate::LayerSet::All());
    if (!annotations.ok()) return Fail("claims", annotations.status());
    v1::Document doc;
    doc.set_doc_id(std::filesystem::path(path).filename().string());
    doc.set_external_id(path);
    doc.set_text(*text);
    google::protobuf::RepeatedPtrField<v1::Annotation> set(
        annotations->begin(), annotations->end());
    for (v1::Claim& c : claims::DeriveClaims(doc, set)) {
      all.push_back(std::move(c));
    }
  }
  const bool json = absl::GetFlag(FLAGS_json);
  for (const v1::ClaimGroup& g : claims::GroupClaims(std::move(all))) {
    if (g.claims_size() < 2 && !absl::GetFlag(FLAGS_all_groups)) continue;
    if (json) {
      std::string line;
      google::protobuf::util::JsonPrintOptions options;
      options.preserve_proto_field_names = true;
      if (!google::protobuf::util::MessageToJsonString(g, &line, options).ok()) {
        return Fail("claims", absl::InternalError("cannot print a group"));
      }
      std::cout << line << "\n";
    } else {
      PrintGroup(g);
    }
  }
  return 0;
}

}  // namespace docpipe::cli
