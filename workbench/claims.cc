// The workbench's claims route: GET /api/v1/claims, the store's FindClaims
// over HTTP for the page's claims view (docs/workbench.md).
//
//   GET /api/v1/claims?measure=count:soldier&source=outlet&disagree=1
//       &entity=&minClaims=2&pageSize=50&pageToken=
//
// answers FindClaimsResponse in protobuf's JSON mapping, claim spans in
// UTF-16 code units like every span of the API, plus "documents": each
// document a claim of the page is in, by doc id, as Document without its
// text (title, source, dates). A bad parameter is INVALID_ARGUMENT naming
// it (400 through ToHttpStatus).
#include <algorithm>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"
#include "common/status.h"
#include "common/utf8.h"
#include "workbench/internal.h"

namespace docpipe::workbench {
namespace {

// At most this many groups a page (FindClaimsRequest.page_size's bound).
constexpr uint64_t kMaxPageSize = 1000;

// "1"/"true" -> true, ""/"0"/"false" -> false; else INVALID_ARGUMENT
// naming the parameter.
absl::StatusOr<bool> BoolParam(const httplib::Request& req,
                               const std::string& name) {
  const std::string v = req.get_param_value(name.c_str());
  if (v.empty() || v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  return absl::InvalidArgumentError(
      absl::StrCat(name, ": \"", v, "\" is not true, false, 1 or 0"));
}

absl::StatusOr<v1::FindClaimsRequest> ParseRequest(
    const httplib::Request& req) {
  v1::FindClaimsRequest freq;
  freq.set_key_prefix(req.get_param_value("measure"));
  freq.set_entity_id(req.get_param_value("entity"));
  freq.set_source_entity_id(req.get_param_value("source"));
  freq.set_page_token(req.get_param_value("pageToken"));
  DOCPIPE_ASSIGN_OR_RETURN(const bool disagree, BoolParam(req, "disagree"));
  freq.set_disagree_only(disagree);
  DOCPIPE_ASSIGN_OR_RETURN(const uint64_t min_claims,
                           UintParam(req, "minClaims"));
  if (min_claims > 1000000) {
    return absl::InvalidArgumentError(
        absl::StrCat("minClaims: ", min_claims, " is over 1000000"));
  }
  freq.set_min_claims(static_cast<uint32_t>(min_claims));
  DOCPIPE_ASSIGN_OR_RETURN(const uint64_t page_size,
                           UintParam(req, "pageSize"));
  if (page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("pageSize: ", page_size, " is over ", kMaxPageSize));
  }
  freq.set_page_size(static_cast<uint32_t>(page_size));
  return freq;
}

// The store names its request's fields; the route's parameters are
// spelled as the page sends them.
absl::Status InParameterNames(const absl::Status& st) {
  if (!absl::IsInvalidArgument(st)) return st;
  absl::string_view msg = st.message();
  for (const auto& [field, param] :
       {std::pair<absl::string_view, absl::string_view>{"page_token",
                                                        "pageToken"},
        {"page_size", "pageSize"},
        {"min_claims", "minClaims"},
        {"key_prefix", "measure"},
        {"entity_id", "entity"},
        {"source_entity_id", "source"}}) {
    if (absl::StartsWith(msg, field) &&
        absl::StartsWith(msg.substr(field.size()), ":")) {
      return absl::InvalidArgumentError(
          absl::StrCat(param, msg.substr(field.size())));
    }
  }
  return st;
}

// A document the page's claims are in: the text to convert their spans
// with, and what the page shows of it.
struct DocInfo {
  v1::Document doc;
  std::unique_ptr<OffsetConverter> conv;
};

// Byte offset `b` in UTF-16 code units, clamped to a character start.
uint32_t ToUtf16(const DocInfo& d, uint32_t b) {
  const absl::string_view text = d.doc.text();
  size_t i = std::min<size_t>(b, text.size());
  while (i > 0 && i < text.size() && !IsCharBoundary(text, i)) --i;
  return d.conv->FromByte(static_cast<uint32_t>(i), OffsetUnit::kUtf16);
}

void FindClaims(store::Store& store, const httplib::Request& req,
                httplib::Response& res) {
  auto freq = ParseRequest(req);
  if (!freq.ok()) return ReplyError(res, freq.status());
  auto found = store.FindClaims(*freq);
  if (!found.ok()) return ReplyError(res, InParameterNames(found.status()));
  std::map<std::string, DocInfo> docs;
  for (v1::ClaimGroup& g : *found->mutable_groups()) {
    for (v1::Claim& c : *g.mutable_claims()) {
      auto [it, added] = docs.try_emplace(c.doc_id());
      DocInfo& d = it->second;
      if (added) {
        v1::GetDocumentRequest dreq;
        dreq.set_doc_id(c.doc_id());
        auto doc = store.GetDocument(dreq);
        if (!doc.ok()) return ReplyError(res, doc.status());
        d.doc = *std::move(doc);
        d.conv = std::make_unique<OffsetConverter>(d.doc.text());
      }
      c.mutable_span()->set_begin(ToUtf16(d, c.span().begin()));
      c.mutable_span()->set_end(ToUtf16(d, c.span().end()));
    }
  }
  std::vector<std::string> doc_json;
  for (auto& [id, d] : docs) {
    d.doc.clear_text();
    doc_json.push_back(absl::StrCat(JsonQuote(id), ":", ToJson(d.doc)));
  }
  std::string json = ToJson(*found);
  json.pop_back();  // the closing brace; "documents" follows
  absl::StrAppend(&json, ",\"documents\":{", absl::StrJoin(doc_json, ","),
                  "}}");
  ReplyJson(res, json);
}

}  // namespace

void AddClaimRoutes(httplib::Server& server, Shared& shared) {
  server.Get("/api/v1/claims",
             [&shared](const httplib::Request& req, httplib::Response& res) {
               auto who = Authorize(shared, req, Permission::kRead);
               if (!who.ok()) return ReplyError(res, who.status());
               FindClaims(*shared.options.store, req, res);
             });
}

}  // namespace docpipe::workbench
