// The document rules that decide what a name is: a company, a product, a
// person (document_rules.h). The rules about a story's structure (team
// sheets, coordinations, nicknames) are in document_rules.cc.
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "annotate/entities/context.h"
#include "annotate/entities/document_rules.h"
#include "annotate/entities/document_rules_internal.h"
#include "annotate/entities/gazetteer.h"

namespace docpipe::annotate::entities {

using internal::CapitalWord;
using internal::NameAt;
using internal::SpanText;

void RetypeCompanies(const TokenizedText& t, std::vector<Mention>* mentions) {
  static const auto* after_possessive =
      new absl::flat_hash_set<absl::string_view>{
          "shares",     "shareholders", "profits",      "profit",
          "sales",      "revenue",      "revenues",     "earnings",
          "subsidiary", "subsidiaries", "headquarters", "stake",
          "takeover",   "shareholder",  "turnover",     "stores",
          "share"};
  static const auto* before = new absl::flat_hash_set<absl::string_view>{
      "shares", "stake", "stakes", "takeover", "subsidiary"};
  const Gazetteer& g = Gazetteer::Default();
  const uint32_t n = t.tokens.size();
  auto possessive_end = [&](uint32_t e) {  // the token after "X's" / "X'"
    if (e + 1 < n &&
        (t.Text(t.tokens[e]) == "'" || t.Text(t.tokens[e]) == "\u2019")) {
      const absl::string_view s = t.Lower(t.tokens[e + 1]);
      if (s == "s" && !t.tokens[e + 1].space_before) return e + 2;
      return e + 1;
    }
    return e;
  };
  absl::flat_hash_set<absl::string_view> company, person;
  for (const Mention& m : *mentions) {
    const absl::string_view text = SpanText(t, m.begin, m.end);
    if (m.type == v1::ENTITY_TYPE_PERSON && m.end - m.begin >= 2) {
      person.insert(t.Text(t.tokens[m.end - 1]));
    }
    if (m.begin > 0 && g.IsTitle(t.Lower(t.tokens[m.begin - 1]))) {
      person.insert(text);
    }
    if (m.type != v1::ENTITY_TYPE_PERSON &&
        !(m.type == v1::ENTITY_TYPE_GPE && m.known == nullptr)) {
      continue;
    }
    const uint32_t after = possessive_end(m.end);
    bool cue = false;
    if (after != m.end && after < n) {
      const absl::string_view w = t.Lower(t.tokens[after]);
      cue = after_possessive->contains(w) ||
            (w == "chief" && after + 1 < n &&
             t.Lower(t.tokens[after + 1]) == "executive");
    }
    if (!cue && m.begin >= 2) {
      const absl::string_view prep = t.Lower(t.tokens[m.begin - 1]);
      cue = (prep == "in" || prep == "of") &&
            before->contains(t.Lower(t.tokens[m.begin - 2]));
    }
    if (cue) company.insert(text);
  }
  // "firms such as Google, Copernic, Enfish and Apple": a list after a
  // plural of companies.
  static const auto* firms = new absl::flat_hash_set<absl::string_view>{
      "firms",      "companies",    "groups",     "banks",    "retailers",
      "carmakers",  "airlines",     "brands",     "insurers", "manufacturers",
      "makers",     "providers",    "publishers", "rivals",   "operators",
      "businesses", "corporations", "giants",     "labels",   "lenders"};
  for (size_t i = 0; i < mentions->size(); ++i) {
    const Mention& first = (*mentions)[i];
    const uint32_t b = first.begin;
    uint32_t lead = b;
    if (b >= 3 && t.Lower(t.tokens[b - 1]) == "as" &&
        t.Lower(t.tokens[b - 2]) == "such") {
      lead = b - 3;
    } else if (b >= 2 && t.Lower(t.tokens[b - 1]) == "including") {
      lead = b - 2;
    } else {
      continue;
    }
    if (!firms->contains(t.Lower(t.tokens[lead]))) continue;
    // The list: mentions separated by a comma, "and" or "or" alone.
    for (size_t j = i; j < mentions->size(); ++j) {
      const Mention& m = (*mentions)[j];
      if (j > i) {
        const Mention& prev = (*mentions)[j - 1];
        const uint32_t gap = m.begin - prev.end;
        const absl::string_view sep =
            gap >= 1 ? t.Lower(t.tokens[prev.end]) : absl::string_view();
        const bool joined =
            (gap == 1 && (sep == "," || sep == "and" || sep == "or")) ||
            (gap == 2 && sep == "," &&
             (t.Lower(t.tokens[prev.end + 1]) == "and" ||
              t.Lower(t.tokens[prev.end + 1]) == "or"));
        if (!joined) break;
      }
      if (m.type == v1::ENTITY_TYPE_PERSON ||
          (m.type == v1::ENTITY_TYPE_GPE && m.known == nullptr)) {
        company.insert(SpanText(t, m.begin, m.end));
      }
    }
  }
  if (company.empty()) return;
  for (Mention& m : *mentions) {
    const absl::string_view text = SpanText(t, m.begin, m.end);
    if (company.contains(text) && !person.contains(text) &&
        !person.contains(t.Text(t.tokens[m.end - 1])) &&
        (m.type == v1::ENTITY_TYPE_PERSON ||
         (m.type == v1::ENTITY_TYPE_GPE && m.known == nullptr))) {
      m.type = v1::ENTITY_TYPE_ORG;
    }
  }
}

void DropProductNames(const TokenizedText& t, std::vector<Mention>* mentions) {
  // What a product is called ("network", "software") and the words that
  // may stand between its name and that noun ("file-sharing", "desktop
  // search").
  static const auto* products = new absl::flat_hash_set<absl::string_view>{
      "network",  "networks", "system",   "systems",  "program",
      "programs", "software", "browser",  "browsers", "console",
      "consoles", "handset",  "handsets", "engine",   "engines",
      "tool",     "tools",    "toolbar",  "app",      "apps",
      "device",   "devices",  "gadget",   "gadgets",  "platform"};
  static const auto* modifiers = new absl::flat_hash_set<absl::string_view>{
      "-",        "file",      "sharing", "swapping", "peer",  "to",
      "search",   "desktop",   "web",     "online",   "anti",  "virus",
      "instant",  "messaging", "music",   "video",    "games", "gaming",
      "internet", "mobile",    "free",    "new",      "open",  "source"};
  static const auto* uses = new absl::flat_hash_set<absl::string_view>{
      "version", "versions", "release"};
  static const auto* launches = new absl::flat_hash_set<absl::string_view>{
      "launched", "unveiled", "launch", "unveil", "launches", "unveils"};
  static const auto* naming =
      new absl::flat_hash_set<absl::string_view>{"dubbed", "called", "named"};
  static const auto* phrase_end = new absl::flat_hash_set<absl::string_view>{
      "to",  "and",  "or",    "in",   "on", "for", "with", "is",
      "was", "will", "which", "that", "as", "by",  "at",   "from"};
  static const auto* firms = new absl::flat_hash_set<absl::string_view>{
      "firm", "company", "start-up", "startup", "maker", "rival"};
  static const auto* roles = new absl::flat_hash_set<absl::string_view>{
      "founder",     "co-founder", "executive", "boss",  "owner", "spokesman",
      "spokeswoman", "chairman",   "shares",    "stake", "head"};
  static const auto* speech = new absl::flat_hash_set<absl::string_view>{
      "said", "says", "announced", "told", "added", "claimed", "argued"};
  const uint32_t n = t.tokens.size();
  auto lower = [&](uint32_t k) {
    return k < n ? t.Lower(t.tokens[k]) : absl::string_view();
  };
  // A product noun at k after the modifiers from k on.
  auto product_noun_from = [&](uint32_t k) {
    for (uint32_t j = k; j < n && j < k + 5; ++j) {
      if (CapitalWord(t, j)) return false;
      if (products->contains(lower(j))) return true;
      if (!modifiers->contains(lower(j))) return false;
    }
    return false;
  };
  auto product_use = [&](const Mention& m) {
    // Right: "X file-sharing system", "X and Y systems", "X users".
    uint32_t r = m.end;
    while (r + 1 < n && (lower(r) == "and" || lower(r) == "or")) {
      const uint32_t e = NameAt(t, r + 1, n);
      if (e == r + 1) break;
      r = e;
    }
    if (product_noun_from(r)) return true;
    // "Blinkx and other desktop search engines".
    if ((lower(m.end) == "and" || lower(m.end) == "or") &&
        lower(m.end + 1) == "other" && product_noun_from(m.end + 2)) {
      return true;
    }
    // "X is desktop search software", "X was a free program".
    if (lower(m.end) == "is" || lower(m.end) == "was") {
      uint32_t k = m.end + 1;
      if (lower(k) == "a" || lower(k) == "an" || lower(k) == "the") ++k;
      for (uint32_t j = k; j < n && j < k + 4 && !CapitalWord(t, j); ++j) {
        if (products->contains(lower(j))) return true;
      }
    }
    // Left: "a second version of X", "using X", "a network dubbed X",
    // "software (X)", where the name ends the phrase: not "a version of
    // Bizet's opera", "using Frankfurt's airport", "a version of the
    // Rogers and Hammerstein classic".
    if (m.end < n && lower(m.end) != "," && lower(m.end) != "." &&
        lower(m.end) != ")" && !phrase_end->contains(lower(m.end))) {
      return false;
    }
    uint32_t b = m.begin;
    if (b > 0 && lower(b - 1) == "the") --b;
    if (b >= 2 && lower(b - 1) == "of" && uses->contains(lower(b - 2))) {
      return true;
    }
    if (b >= 1 && lower(b - 1) == "using") return true;
    // "Motorola launched the Razr", "Sony unveiled its PSP".
    uint32_t d = m.begin;
    if (d > 0 && (lower(d - 1) == "the" || lower(d - 1) == "its" ||
                  lower(d - 1) == "their")) {
      --d;
      if (d > 0 && launches->contains(lower(d - 1))) return true;
    }
    if (b >= 2 && naming->contains(lower(b - 1)) &&
        products->contains(lower(b - 2))) {
      return true;
    }
    return m.begin >= 2 && lower(m.begin - 1) == "(" &&
           products->contains(lower(m.begin - 2));
  };
  auto company_use = [&](const Mention& m) {
    const uint32_t b = m.begin;
    if (b >= 1 && firms->contains(lower(b - 1))) return true;
    if (b >= 2 &&
        (lower(b - 1) == "of" || lower(b - 1) == "in" ||
         lower(b - 1) == "for") &&
        roles->contains(lower(b - 2))) {
      return true;
    }
    uint32_t a = m.end;
    if (a + 1 < n && (lower(a) == "'" || lower(a) == "\u2019")) {
      a += lower(a + 1) == "s" ? 2 : 1;
      return roles->contains(lower(a)) || lower(a) == "chief";
    }
    return speech->contains(lower(a));
  };
  // A name the lists know ("Frankfurt", "Google") is never taken for a
  // product.
  const Gazetteer& g = Gazetteer::Default();
  auto listed = [&](const Mention& m) {
    size_t len = 0;
    return m.known != nullptr || (g.Match(t, m.begin, m.end, &len) != nullptr &&
                                  len == m.end - m.begin);
  };
  absl::flat_hash_map<absl::string_view, bool> named;  // text -> a company?
  std::vector<bool> product(mentions->size());
  for (size_t i = 0; i < mentions->size(); ++i) {
    const Mention& m = (*mentions)[i];
    // Not a nationality, nor a person's full name ("a Heath Robinson
    // device").
    if (m.type != v1::ENTITY_TYPE_NORP &&
        !(m.type == v1::ENTITY_TYPE_PERSON && m.end - m.begin >= 2) &&
        product_use(m) && !listed(m)) {
      product[i] = true;
      named.try_emplace(SpanText(t, m.begin, m.end), false);
    }
  }
  if (named.empty()) return;
  for (const Mention& m : *mentions) {
    auto it = named.find(SpanText(t, m.begin, m.end));
    if (it != named.end() && company_use(m)) it->second = true;
  }
  std::vector<Mention> kept;
  for (size_t i = 0; i < mentions->size(); ++i) {
    Mention& m = (*mentions)[i];
    auto it = named.find(SpanText(t, m.begin, m.end));
    if (it == named.end() || (!product[i] && it->second) ||
        m.known != nullptr) {
      kept.push_back(std::move(m));
    }
  }
  *mentions = std::move(kept);
}

void DropOrdinaryWordPersons(const TokenizedText& t,
                             std::vector<Mention>* mentions) {
  const Gazetteer& g = Gazetteer::Default();
  std::erase_if(*mentions, [&](Mention& m) {
    if (m.type != v1::ENTITY_TYPE_PERSON || m.known != nullptr ||
        m.end - m.begin < 2) {
      return false;
    }
    for (uint32_t k = m.begin; k < m.end; ++k) {
      if (t.tokens[k].kind == TokenKind::kWord &&
          !g.IsCommon(t.Lower(t.tokens[k]))) {
        return false;
      }
    }
    if (g.IsOrgHead(t.Lower(t.tokens[m.end - 1])) ||
        g.IsBand(NormalizedName(t, m.begin, m.end - m.begin))) {
      m.type = v1::ENTITY_TYPE_ORG;
      return false;
    }
    return true;
  });
}

void RetypePlacesNamedAsPeople(const TokenizedText& t,
                               std::vector<Mention>* mentions) {
  auto listed_place = [](const Mention& m) {
    return m.known != nullptr && !m.known->country &&
           (m.known->type == v1::ENTITY_TYPE_GPE ||
            m.known->type == v1::ENTITY_TYPE_LOC) &&
           m.end == m.begin + 1;
  };
  absl::flat_hash_set<absl::string_view> people;
  for (const Mention& m : *mentions) {
    // A person's role right before it, in lower case: not a title, which
    // also stands before a team ("Former England captain"), nor ", who"
    // ("Scotland, who thrashed Belarus").
    if (!listed_place(m) || m.begin == 0 || t.tokens[m.begin].sentence_start ||
        t.tokens[m.begin - 1].kind != TokenKind::kWord ||
        StartsCapital(t.Text(t.tokens[m.begin - 1])) ||
        !IsPersonRole(t.Lower(t.tokens[m.begin - 1]))) {
      continue;
    }
    people.insert(SpanText(t, m.begin, m.end));
  }
  if (people.empty()) return;
  for (Mention& m : *mentions) {
    if (listed_place(m) && people.contains(SpanText(t, m.begin, m.end))) {
      m.type = v1::ENTITY_TYPE_PERSON;
      m.known = nullptr;
    }
  }
}

}  // namespace docpipe::annotate::entities
