// Scoring claims (claims/claims.h) against claims gold
// (tests/data/dev/claims/README.md): which figures are claims, who gives
// each, and which measure the same thing across documents.
//
//   auto gold = ReadClaimsGold("tests/data/dev/claims/seed.jsonl");
//   ClaimsReport r = ScoreClaims(*gold, predicted_docs, groups);
//   std::cout << FormatClaimsReport(r);
#ifndef DOCPIPE_ANNOTATE_EVAL_CLAIMS_EVAL_H_
#define DOCPIPE_ANNOTATE_EVAL_CLAIMS_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/eval/eval.h"
#include "docpipe/v1/claims.pb.h"

namespace docpipe::annotate {

// One gold claim: the number's span (bytes) and text, the canonical name
// of its source entity ("outlet" when the article states it unattributed)
// and a group label (claims with one label measure the same thing).
struct GoldClaim {
  uint32_t begin = 0, end = 0;
  std::string text, source, group;
};

struct ClaimsGoldDoc {
  std::string doc;  // file name relative to --docs
  std::vector<GoldClaim> claims;
};

// Reads a claims gold JSONL file: one object per document,
// {"doc": ..., "claims": [{"begin", "end", "text", "source", "group"}]}.
// INVALID_ARGUMENT naming the line and field on malformed input.
absl::StatusOr<std::vector<ClaimsGoldDoc>> ReadClaimsGold(
    const std::string& path);

// The predicted claims of one document, with the canonical names of its
// entities (entity id -> name) to read a source entity by.
struct PredictedClaimsDoc {
  std::string doc;
  std::vector<v1::Claim> claims;
  std::map<std::string, std::string> entity_names;
};

struct ClaimsReport {
  Prf claims;              // overlap match, one-to-one, same document
  int source_correct = 0;  // of claims.matched_gold
  Prf pairs;               // grouping, pairwise over matched claims
};

// Lowercase letters and digits only, a leading "the" dropped: the form in
// which gold and predicted source names are compared.
std::string NormalizeSourceName(absl::string_view name);

// `group_of` maps (doc, span begin) of each predicted claim to its
// predicted group (e.g. the index of its ClaimGroup); claims absent from
// it are each in a group of their own. Pure.
ClaimsReport ScoreClaims(
    const std::vector<ClaimsGoldDoc>& gold,
    const std::vector<PredictedClaimsDoc>& predicted,
    const std::map<std::pair<std::string, uint32_t>, int>& group_of);

std::string FormatClaimsReport(const ClaimsReport& report);
std::string ClaimsReportJson(const ClaimsReport& report);

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_EVAL_CLAIMS_EVAL_H_
