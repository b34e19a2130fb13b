// GroupClaims and Interval: the same quantity across documents.
#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "claims/claims.h"

namespace docpipe::claims {

namespace {

// Capitalized words (names) among the four words before the figure in its
// sentence, not the sentence's first word, possessives dropped: "Altria
// rising 5%" -> {altria}.
std::set<std::string> NamesNear(const v1::Claim& c) {
  std::set<std::string> out;
  const std::string& s = c.sentence();
  const size_t at = s.find(c.text());
  if (at == std::string::npos) return out;
  std::vector<std::pair<size_t, std::string>> words;  // offset, word
  for (size_t k = 0; k < s.size();) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(s[k]))) {
      ++k;
      continue;
    }
    size_t j = k;
    while (j < s.size() &&
           (absl::ascii_isalnum(static_cast<unsigned char>(s[j])) ||
            s[j] == '-')) {
      ++j;
    }
    words.emplace_back(k, s.substr(k, j - k));
    k = j;
  }
  int before = 0;
  for (size_t w = 0; w < words.size(); ++w) {
    if (words[w].first < at) ++before;
  }
  const int from = std::max(0, before - 4);
  const int to = before;
  for (int w = from; w < to; ++w) {
    const auto& [offset, word] = words[w];
    if (offset == 0 || (offset >= at && offset < at + c.text().size())) continue;
    if (!absl::ascii_isupper(static_cast<unsigned char>(word[0]))) continue;
    std::string lower = absl::AsciiStrToLower(word);
    if (lower.size() > 1 && lower.back() == 's' &&
        offset + word.size() < s.size() && s[offset + word.size()] == '\'') {
      lower.pop_back();
    }
    out.insert(lower);
  }
  return out;
}

// Whether two claims of one measure/predicate/per are about the same
// quantity: the same figure (the same interval, or one the other's
// conversion), or a name both have next to the figure.
bool SameThing(const v1::Claim& a, const std::set<std::string>& na,
               const v1::Claim& b, const std::set<std::string>& nb) {
  if (a.low() == b.low() && a.high() == b.high()) return true;
  // What is counted and what happened to it say enough: "soldiers sent".
  if (!a.counted().empty() && !a.predicate().empty() &&
      a.number().kind() == v1::NUMBER_KIND_CARDINAL) {
    return true;
  }
  // Approximations that allow a common value: "up to $5.5 billion", "more
  // than $1.7 billion".
  const bool exact = a.low() == a.high() && b.low() == b.high();
  if (!exact && !a.predicate().empty() && a.low() <= b.high() &&
      b.low() <= a.high()) {
    return true;
  }
  if (a.doc_id() == b.doc_id() && a.sentence() == b.sentence() &&
      a.number().kind() == v1::NUMBER_KIND_MONEY &&
      a.number().unit() != b.number().unit()) {
    return true;  // "$280bn (£155bn)"
  }
  for (const std::string& n : na) {
    if (nb.count(n)) return true;
  }
  return false;
}

}  // namespace

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
  // Claims of one measure/predicate/per, split into the quantities they
  // are about: linked when they state the same figure or name the same
  // thing next to it (SameThing); a group is a connected set of links.
  std::map<std::string, std::vector<size_t>> by_base;
  std::vector<std::string> keys(claims.size());
  for (size_t i = 0; i < claims.size(); ++i) {
    const v1::Claim& c = claims[i];
    // A person's regrouping is the group, never split.
    if (!c.number().claim_group().empty()) {
      keys[i] = c.number().claim_group();
      continue;
    }
    by_base[absl::StrCat(c.measure(), "/", c.predicate(), "/", c.per())]
        .push_back(i);
  }
  std::vector<std::set<std::string>> names(claims.size());
  for (size_t i = 0; i < claims.size(); ++i) names[i] = NamesNear(claims[i]);
  for (const auto& [base, members] : by_base) {
    std::vector<size_t> parent(members.size());
    for (size_t k = 0; k < parent.size(); ++k) parent[k] = k;
    auto find = [&](size_t k) {
      while (parent[k] != k) k = parent[k] = parent[parent[k]];
      return k;
    };
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        if (SameThing(claims[members[x]], names[members[x]], claims[members[y]],
                      names[members[y]])) {
          parent[find(x)] = find(y);
        }
      }
    }
    // Sub-groups numbered in order of their first claim; the first keeps
    // the plain key.
    std::map<size_t, int> number;
    for (size_t k = 0; k < members.size(); ++k) {
      const size_t root = find(k);
      const int n = number.emplace(root, number.size()).first->second;
      keys[members[k]] = n == 0 ? base : absl::StrCat(base, "#", n + 1);
    }
  }
  std::map<std::string, v1::ClaimGroup> by_key;
  for (size_t i = 0; i < claims.size(); ++i) {
    v1::Claim& c = claims[i];
    const std::string& key = keys[i];
    c.set_group(key);
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
                       return std::make_pair(x.external_id(),
                                             x.span().begin()) <
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
