#include "annotate/eval/claims_eval.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace docpipe::annotate {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string StringField(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it != s.fields().end() && it->second.has_string_value()
             ? it->second.string_value()
             : "";
}

absl::StatusOr<ClaimsGoldDoc> ParseClaimsLine(absl::string_view line) {
  Struct root;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto st = google::protobuf::util::JsonStringToMessage(std::string(line),
                                                        &root, options);
  if (!st.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not JSON: ", st.ToString()));
  }
  ClaimsGoldDoc d;
  d.doc = StringField(root, "doc");
  if (d.doc.empty()) return absl::InvalidArgumentError("doc: missing");
  auto it = root.fields().find("claims");
  if (it == root.fields().end() || !it->second.has_list_value()) {
    return absl::InvalidArgumentError("claims: missing or not a list");
  }
  int i = 0;
  for (const Value& v : it->second.list_value().values()) {
    const std::string field = absl::StrCat("claims[", i++, "]");
    if (!v.has_struct_value()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": not an object"));
    }
    const Struct& s = v.struct_value();
    auto b = s.fields().find("begin"), e = s.fields().find("end");
    if (b == s.fields().end() || e == s.fields().end() ||
        !b->second.has_number_value() || !e->second.has_number_value() ||
        b->second.number_value() >= e->second.number_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".begin/end: missing or empty span"));
    }
    GoldClaim c;
    c.begin = static_cast<uint32_t>(b->second.number_value());
    c.end = static_cast<uint32_t>(e->second.number_value());
    c.text = StringField(s, "text");
    c.source = StringField(s, "source");
    c.group = StringField(s, "group");
    if (c.source.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".source: missing"));
    }
    if (c.group.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".group: missing"));
    }
    d.claims.push_back(std::move(c));
  }
  return d;
}

double Ratio(double a, double b) { return b == 0 ? 0 : a / b; }

std::string PrfJson(const Prf& p) {
  return absl::StrFormat(
      "{\"gold\": %d, \"predicted\": %d, \"precision\": %.4f, \"recall\": "
      "%.4f, \"f1\": %.4f}",
      p.gold, p.predicted, p.precision(), p.recall(), p.f1());
}

// Whether the predicted claim names the gold source: the outlet, or its
// source entity's canonical name, id or source text.
bool SourceMatches(const GoldClaim& g, const v1::Claim& p,
                   const std::map<std::string, std::string>& names) {
  const std::string want = NormalizeSourceName(g.source);
  if (want == "outlet") return p.outlet();
  if (p.outlet()) return false;
  std::vector<std::string> have = {p.source_entity_id(), p.source_text()};
  if (auto it = names.find(p.source_entity_id()); it != names.end()) {
    have.push_back(it->second);
  }
  for (const std::string& h : have) {
    if (!h.empty() && NormalizeSourceName(h) == want) return true;
  }
  return false;
}

}  // namespace

std::string NormalizeSourceName(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  absl::string_view v = absl::StripAsciiWhitespace(lower);
  if (absl::StartsWith(v, "the ")) v.remove_prefix(4);
  std::string out;
  for (char c : v) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

absl::StatusOr<std::vector<ClaimsGoldDoc>> ReadClaimsGold(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<ClaimsGoldDoc> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    auto d = ParseClaimsLine(line);
    if (!d.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", n, ": ", d.status().message()));
    }
    out.push_back(*std::move(d));
  }
  return out;
}

ClaimsReport ScoreClaims(
    const std::vector<ClaimsGoldDoc>& gold,
    const std::vector<PredictedClaimsDoc>& predicted,
    const std::map<std::pair<std::string, uint32_t>, int>& group_of) {
  ClaimsReport r;
  std::map<std::string, const PredictedClaimsDoc*> by_doc;
  for (const auto& p : predicted) by_doc[p.doc] = &p;
  // Matched claims: (gold group, predicted group).
  std::vector<std::pair<std::string, std::string>> matched;
  for (const ClaimsGoldDoc& g : gold) {
    r.claims.gold += g.claims.size();
    auto it = by_doc.find(g.doc);
    if (it == by_doc.end()) continue;
    const PredictedClaimsDoc& p = *it->second;
    r.claims.predicted += p.claims.size();
    std::vector<bool> used(p.claims.size());
    for (const GoldClaim& gc : g.claims) {
      // The unused predicted claim overlapping most.
      int best = -1;
      uint32_t best_overlap = 0;
      for (size_t j = 0; j < p.claims.size(); ++j) {
        const v1::Span& s = p.claims[j].span();
        const uint32_t lo = std::max(gc.begin, s.begin()),
                       hi = std::min(gc.end, s.end());
        if (!used[j] && lo < hi && hi - lo > best_overlap) {
          best = static_cast<int>(j);
          best_overlap = hi - lo;
        }
      }
      if (best < 0) continue;
      used[best] = true;
      ++r.claims.matched_gold;
      ++r.claims.matched_predicted;
      const v1::Claim& pc = p.claims[best];
      if (SourceMatches(gc, pc, p.entity_names)) ++r.source_correct;
      auto grp = group_of.find({g.doc, pc.span().begin()});
      matched.emplace_back(
          gc.group, grp == group_of.end()
                        ? absl::StrCat("single:", g.doc, ":", pc.span().begin())
                        : absl::StrCat(grp->second));
    }
  }
  for (size_t i = 0; i < matched.size(); ++i) {
    for (size_t j = i + 1; j < matched.size(); ++j) {
      const bool same_gold = matched[i].first == matched[j].first;
      const bool same_pred = matched[i].second == matched[j].second;
      r.pairs.gold += same_gold;
      r.pairs.predicted += same_pred;
      r.pairs.matched_gold += same_gold && same_pred;
      r.pairs.matched_predicted += same_gold && same_pred;
    }
  }
  return r;
}

std::string FormatClaimsReport(const ClaimsReport& r) {
  return absl::StrFormat(
      "claims\n"
      "  claims (span overlap): gold %d pred %d  P %.3f R %.3f F1 %.3f\n"
      "  source entity correct: %d of %d matched (%.3f)\n"
      "  grouping (pairwise over matched claims): gold pairs %d pred pairs "
      "%d  P %.3f R %.3f F1 %.3f\n",
      r.claims.gold, r.claims.predicted, r.claims.precision(),
      r.claims.recall(), r.claims.f1(), r.source_correct, r.claims.matched_gold,
      Ratio(r.source_correct, r.claims.matched_gold), r.pairs.gold,
      r.pairs.predicted, r.pairs.precision(), r.pairs.recall(), r.pairs.f1());
}

std::string ClaimsReportJson(const ClaimsReport& r) {
  return absl::StrFormat(
      "{\"claims\": {\"detection\": %s, \"source_accuracy\": %.4f, "
      "\"grouping\": %s}}",
      PrfJson(r.claims), Ratio(r.source_correct, r.claims.matched_gold),
      PrfJson(r.pairs));
}

}  // namespace docpipe::annotate
