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
#include "common/server.h"
#include "common/status.h"
#include "google/protobuf/util/json_util.h"

ABSL_FLAG(bool, all_groups, false,
          "claims: also print groups of one claim");
ABSL_FLAG(std::string, measure, "",
          "claims: only groups whose key starts with this ('count:soldier', "
          "'money:USD', 'quantity:')");
ABSL_FLAG(std::string, entity, "",
          "claims: only groups with a claim naming or given by this entity id");
ABSL_FLAG(std::string, source, "",
          "claims: only groups with a claim by this source entity id "
          "('outlet' for the article's own figures)");
ABSL_FLAG(bool, disagree, false,
          "claims: only groups whose figures disagree");

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

// The claim groups a server holds (FindClaims, every page), filtered by
// the flags. The store derived them from each document's head version.
absl::StatusOr<std::vector<v1::ClaimGroup>> StoredGroups() {
  auto store =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  v1::FindClaimsRequest req;
  req.set_key_prefix(absl::GetFlag(FLAGS_measure));
  req.set_entity_id(absl::GetFlag(FLAGS_entity));
  req.set_source_entity_id(absl::GetFlag(FLAGS_source));
  req.set_disagree_only(absl::GetFlag(FLAGS_disagree));
  req.set_min_claims(absl::GetFlag(FLAGS_all_groups) ? 1 : 2);
  req.set_page_size(1000);
  std::vector<v1::ClaimGroup> groups;
  do {
    v1::FindClaimsResponse page;
    auto ctx = MakeContext(absl::GetFlag(FLAGS_timeout));
    grpc::Status st = store->FindClaims(ctx.get(), req, &page);
    if (!st.ok()) return FromGrpcStatus(st);
    for (v1::ClaimGroup& g : *page.mutable_groups()) {
      groups.push_back(std::move(g));
    }
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  // Largest first, as offline.
  std::stable_sort(groups.begin(), groups.end(),
                   [](const v1::ClaimGroup& x, const v1::ClaimGroup& y) {
                     return x.claims_size() > y.claims_size();
                   });
  return groups;
}

// The claims of files, annotated here.
absl::StatusOr<std::vector<v1::Claim>> FileClaims(
    const std::vector<std::string>& paths) {
  DOCPIPE_ASSIGN_OR_RETURN(auto engine, annotate::Engine::Create());
  std::vector<v1::Claim> all;
  for (const std::string& path : paths) {
    DOCPIPE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    DOCPIPE_ASSIGN_OR_RETURN(
        auto annotations, engine->Annotate(text, annotate::LayerSet::All()));
    v1::Document doc;
    doc.set_doc_id(std::filesystem::path(path).filename().string());
    doc.set_external_id(path);
    doc.set_text(text);
    google::protobuf::RepeatedPtrField<v1::Annotation> set(
        annotations.begin(), annotations.end());
    for (v1::Claim& c : claims::DeriveClaims(doc, set)) {
      all.push_back(std::move(c));
    }
  }
  return all;
}

}  // namespace

int RunClaims(const std::vector<std::string>& args) {
  absl::StatusOr<std::vector<v1::ClaimGroup>> groups;
  if (args.empty()) {
    groups = StoredGroups();
  } else {
    auto all = FileClaims(args);
    if (all.ok()) groups = claims::GroupClaims(*std::move(all));
    else groups = all.status();
  }
  if (!groups.ok()) return Fail("claims", groups.status());
  const bool json = absl::GetFlag(FLAGS_json);
  for (const v1::ClaimGroup& g : *groups) {
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
