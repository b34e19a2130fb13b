// Claims across articles: who gave which figure for what.
//
// DeriveClaims reads one document's stored layers (numbers, entities,
// attributions) and makes a Claim of every count, amount of money,
// quantity and percentage: the figure and the interval it allows, what it
// measures (the counted noun or the unit, the predicate class, the rate's
// period), its source (the innermost attribution whose content holds it,
// or else the outlet) and the entities of its sentence. GroupClaims puts
// claims that measure the same thing together, across documents, and
// marks the groups whose figures cannot all be right. The rules are in
// docs/claims.md. Pure functions; thread-safe.
//
//   std::vector<v1::Claim> all;
//   for (const auto& [doc, set] : documents) {
//     auto claims = claims::DeriveClaims(doc, set.annotations());
//     all.insert(all.end(), claims.begin(), claims.end());
//   }
//   for (const v1::ClaimGroup& g : claims::GroupClaims(all)) ...
#ifndef DOCPIPE_CLAIMS_CLAIMS_H_
#define DOCPIPE_CLAIMS_CLAIMS_H_

#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/repeated_field.h"
#include "docpipe/v1/claims.pb.h"
#include "docpipe/v1/document.pb.h"

namespace docpipe::claims {

// The claims of `doc` given its annotations (any order; spans in bytes of
// doc.text()). Numbers of kind DATE and ORDINAL make no claim, nor does a
// CARDINAL that counts nothing the text names.
std::vector<v1::Claim> DeriveClaims(
    const v1::Document& doc,
    const google::protobuf::RepeatedPtrField<v1::Annotation>& annotations);

// Groups by Claim.group (or, when empty, DerivedKey), largest group first,
// then by key.
std::vector<v1::ClaimGroup> GroupClaims(std::vector<v1::Claim> claims);

// The group key the text gives a claim: "measure/predicate/per"
// ("count:soldier/send/"). DeriveClaims sets Claim.group to it unless a
// person regrouped the number (NumberAnnotation.claim_group).
std::string DerivedKey(const v1::Claim& claim);

// The interval a number allows (docs/claims.md): exact [v, v]; about
// [0.9 v, 1.1 v]; at least [v, +inf); at most [0, v]; a range [low, high].
std::pair<double, double> Interval(const v1::NumberAnnotation& n);

}  // namespace docpipe::claims

#endif  // DOCPIPE_CLAIMS_CLAIMS_H_
