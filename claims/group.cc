// GroupClaims and Interval: the same quantity across documents.
#include <algorithm>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "claims/claims.h"

namespace docpipe::claims {

std::pair<double, double> Interval(const v1::NumberAnnotation& n) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double v = n.has_value() ? n.value() : 0;
  switch (n.approx()) {
    case v1::APPROX_ABOUT:
      return {0.9 * v, 1.1 * v};
    case v1::APPROX_AT_LEAST:
      return {v, kInf};
    case v1::APPROX_AT_MOST:
      return {std::min(0.0, v), v};
    case v1::APPROX_RANGE:
      return {n.low(), n.high()};
    default:
      return {v, v};
  }
}

std::string DerivedKey(const v1::Claim& claim) {
  return absl::StrCat(claim.measure(), "/", claim.predicate(), "/",
                      claim.per());
}

std::vector<v1::ClaimGroup> GroupClaims(std::vector<v1::Claim> claims) {
  std::map<std::string, v1::ClaimGroup> by_key;
  for (v1::Claim& c : claims) {
    const std::string key = c.group().empty() ? DerivedKey(c) : c.group();
    v1::ClaimGroup& g = by_key[key];
    if (g.key().empty()) {
      g.set_key(key);
      g.set_measure(c.measure());
      g.set_predicate(c.predicate());
      g.set_per(c.per());
    }
    if (!c.number().claim_group().empty()) g.set_regrouped(true);
    *g.add_claims() = std::move(c);
  }
  std::vector<v1::ClaimGroup> out;
  for (auto& [key, g] : by_key) {
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    for (const v1::Claim& c : g.claims()) {
      low = std::max(low, c.low());
      high = std::min(high, c.high());
    }
    // A little slack for rounding: "$5.5 billion" and "5.5 billion".
    g.set_disagree(low > high * (1 + 1e-9) + 1e-9);
    std::stable_sort(g.mutable_claims()->begin(), g.mutable_claims()->end(),
                     [](const v1::Claim& x, const v1::Claim& y) {
                       return std::make_pair(x.external_id(), x.span().begin()) <
                              std::make_pair(y.external_id(), y.span().begin());
                     });
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const v1::ClaimGroup& x, const v1::ClaimGroup& y) {
                     return x.claims_size() > y.claims_size();
                   });
  return out;
}

}  // namespace docpipe::claims
