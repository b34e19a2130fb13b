#include "annotate/entities/document_rules.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "annotate/entities/context.h"
#include "annotate/entities/gazetteer.h"

namespace docpipe::annotate::entities {
namespace {

using Span = std::pair<uint32_t, uint32_t>;  // token range [first, second)

absl::string_view SpanText(const TokenizedText& t, uint32_t b, uint32_t e) {
  return absl::string_view(t.text.data() + t.tokens[b].begin,
                           t.tokens[e - 1].end - t.tokens[b].begin);
}

bool CapitalWord(const TokenizedText& t, uint32_t k) {
  return t.tokens[k].kind == TokenKind::kWord &&
         StartsCapital(t.Text(t.tokens[k]));
}

// Lower-case words inside a name: "van Persie", "de Zeeuw".
bool IsParticle(absl::string_view lw) {
  static const auto* words = new absl::flat_hash_set<absl::string_view>{
      "van", "de",  "der", "den", "da", "di",
      "du",  "dos", "del", "von", "le", "la"};
  return words->contains(lw);
}

// The name starting at k, at most four words after any leading particles
// ("J Robinson", "Van Persie", "O'Neil", "J-P Grandclaude", "van der
// Sar"): its end, or k when none.
uint32_t NameAt(const TokenizedText& t, uint32_t k, uint32_t end) {
  // Leading particles before a capital: "van der Walt", "de Villiers".
  uint32_t first = k;
  while (first + 1 < end && t.tokens[first].kind == TokenKind::kWord &&
         IsParticle(t.Text(t.tokens[first]))) {
    ++first;
  }
  if (first >= end || !CapitalWord(t, first)) return k;
  uint32_t e = first + 1;
  int words = 1;
  while (e < end && words < 4) {
    const Token& tok = t.tokens[e];
    if (CapitalWord(t, e) && tok.space_before) {
      ++e;
    } else if (e + 1 < end && tok.kind == TokenKind::kPunct &&
               !tok.space_before && !t.tokens[e + 1].space_before &&
               t.tokens[e + 1].kind == TokenKind::kWord &&
               (t.Text(tok) == "'" || t.Text(tok) == "\u2019" ||
                t.Text(tok) == "-")) {
      e += 2;
    } else if (e + 1 < end && tok.kind == TokenKind::kWord &&
               IsParticle(t.Lower(tok)) && CapitalWord(t, e + 1)) {
      e += 2;
    } else {
      break;
    }
    ++words;
  }
  return e;
}

// The names of the team sheet on tokens [b, e) (one line), or none.
std::vector<Span> TeamSheet(const TokenizedText& t, uint32_t b, uint32_t e) {
  uint32_t k = b;
  for (uint32_t j = b; j < e && j < b + 6; ++j) {  // "Subs not used:"
    if (t.Text(t.tokens[j]) == ":") {
      k = j + 1;
      break;
    }
  }
  std::vector<Span> names;
  int items = 0;
  while (k < e) {
    const uint32_t name_end = NameAt(t, k, e);
    if (name_end == k) return {};
    names.push_back({k, name_end});
    ++items;
    k = name_end;
    // A replacement: "Everitt for Mapletoft", "Paice for van der Walt".
    if (k + 1 < e && t.Text(t.tokens[k]) == "for") {
      const uint32_t replaced_end = NameAt(t, k + 1, e);
      if (replaced_end == k + 1) return {};
      names.push_back({k + 1, replaced_end});
      k = replaced_end;
    }
    while (k < e && t.tokens[k].kind == TokenKind::kNumber) ++k;  // minutes
    if (k < e && t.Text(t.tokens[k]) == "(") {  // "(Berkovic 83)", "(capt)"
      uint32_t j = k + 1;
      const uint32_t sub_end = NameAt(t, j, e);
      if (sub_end > j) names.push_back({j, sub_end});
      j = sub_end;
      const uint32_t limit = std::min(e, j + 4);
      while (j < limit && t.Text(t.tokens[j]) != ")" &&
             (t.tokens[j].kind == TokenKind::kNumber ||
              !StartsCapital(t.Text(t.tokens[j])))) {
        ++j;
      }
      if (j >= limit || t.Text(t.tokens[j]) != ")") return {};
      k = j + 1;
    }
    if (k == e) break;
    const absl::string_view sep = t.Text(t.tokens[k]);
    if (sep == "." && k + 1 == e) break;
    if (sep != "," && sep != ";") return {};
    ++k;
  }
  if (items < 3) return {};
  return names;
}

void SortByPosition(std::vector<Mention>* mentions) {
  std::sort(
      mentions->begin(), mentions->end(),
      [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
}

}  // namespace

void MarkTeamSheets(const TokenizedText& t, std::vector<Mention>* mentions) {
  std::vector<Span> names;
  uint32_t line = 0;
  // A sheet ends at a line's end, or at a full stop before the next
  // label ("... Gotting for Rees (39). Not used: Fury, Brooks").
  auto label_after = [&](uint32_t k) {
    for (uint32_t j = k; j < t.tokens.size() && j < k + 5; ++j) {
      if (t.Text(t.tokens[j]) == ":") return true;
      if (t.tokens[j].kind != TokenKind::kWord) return false;
    }
    return false;
  };
  for (uint32_t k = 1; k <= t.tokens.size(); ++k) {
    if (k < t.tokens.size() &&
        t.text.substr(t.tokens[k - 1].end,
                      t.tokens[k].begin - t.tokens[k - 1].end)
                .find('\n') == absl::string_view::npos &&
        !(t.Text(t.tokens[k - 1]) == "." && label_after(k))) {
      continue;
    }
    for (const Span& s : TeamSheet(t, line, k)) names.push_back(s);
    line = k;
  }
  if (names.empty()) return;
  // A country or a club listed among them keeps its mention.
  auto kept = [](const Mention& m) {
    return m.known != nullptr && m.known->type != v1::ENTITY_TYPE_PERSON;
  };
  auto overlaps = [](const Mention& m, const Span& s) {
    return m.begin < s.second && s.first < m.end;
  };
  std::vector<Mention> people;
  for (const Span& s : names) {
    bool blocked = false;
    for (const Mention& m : *mentions) blocked |= kept(m) && overlaps(m, s);
    if (!blocked) {
      people.push_back(
          {.begin = s.first, .end = s.second, .type = v1::ENTITY_TYPE_PERSON});
    }
  }
  std::erase_if(*mentions, [&](const Mention& m) {
    if (kept(m)) return false;
    for (const Mention& p : people) {
      if (overlaps(m, {p.begin, p.end})) return true;
    }
    return false;
  });
  mentions->insert(mentions->end(), people.begin(), people.end());
  SortByPosition(mentions);
}

void SplitCoordinations(const TokenizedText& t,
                        std::vector<Mention>* mentions) {
  // What the document names on its own: whole mentions, and the last word
  // of a person's name (a surname said alone later).
  absl::flat_hash_map<absl::string_view, v1::EntityType> alone;
  for (const Mention& m : *mentions) {
    alone.try_emplace(SpanText(t, m.begin, m.end), m.type);
    if (m.type == v1::ENTITY_TYPE_PERSON && m.end - m.begin >= 2) {
      alone.try_emplace(SpanText(t, m.end - 1, m.end), m.type);
    }
  }
  const Gazetteer& g = Gazetteer::Default();
  auto named_alone = [&](uint32_t b, uint32_t e, v1::EntityType* type) {
    if (b >= e || !CapitalWord(t, b)) return false;
    if (auto it = alone.find(SpanText(t, b, e)); it != alone.end()) {
      *type = it->second;
      return true;
    }
    size_t len = 0;
    const GazetteerEntry* known = g.Match(t, b, e, &len);
    if (known == nullptr || len != e - b) return false;
    *type = known->type;
    return true;
  };
  std::vector<Mention> out;
  out.reserve(mentions->size());
  for (Mention& m : *mentions) {
    uint32_t joint = 0;
    int joints = 0;
    for (uint32_t k = m.begin + 1; k + 1 < m.end; ++k) {
      const absl::string_view lw = t.Lower(t.tokens[k]);
      if (lw == "and" || lw == "&") {
        joint = k;
        ++joints;
      }
    }
    v1::EntityType left = m.type, right = m.type;
    // "rappers Ludacris & Lil Jon": people, whatever else the text says.
    const bool people =
        joints == 1 && m.begin > 0 &&
        IsPersonRole(t.Lower(t.tokens[m.begin - 1]), /*plural=*/true) &&
        CapitalWord(t, m.begin) && CapitalWord(t, joint + 1);
    if (people) left = right = v1::ENTITY_TYPE_PERSON;
    if (m.known != nullptr || joints != 1 ||
        (!people && (!named_alone(m.begin, joint, &left) ||
                     !named_alone(joint + 1, m.end, &right)))) {
      out.push_back(std::move(m));
      continue;
    }
    out.push_back({.begin = m.begin, .end = joint, .type = left});
    out.push_back({.begin = joint + 1, .end = m.end, .type = right});
  }
  *mentions = std::move(out);
}

void DropBrandPlurals(const TokenizedText& t, std::vector<Mention>* mentions) {
  absl::flat_hash_set<absl::string_view> orgs;
  for (const Mention& m : *mentions) {
    if (m.type == v1::ENTITY_TYPE_ORG) orgs.insert(SpanText(t, m.begin, m.end));
  }
  const Gazetteer& g = Gazetteer::Default();
  absl::flat_hash_set<absl::string_view> words;  // filled when needed
  std::erase_if(*mentions, [&](const Mention& m) {
    if (m.end != m.begin + 1 || m.known != nullptr) return false;
    const absl::string_view w = t.Text(t.tokens[m.begin]);
    if (w.size() < 4 || w.back() != 's' || absl::ascii_isupper(w[1])) {
      return false;
    }
    const absl::string_view singular = w.substr(0, w.size() - 1);
    if (orgs.contains(singular)) return true;
    const GazetteerEntry* e = g.MatchWord(singular);
    if (e != nullptr && e->type == v1::ENTITY_TYPE_ORG) return true;
    // A listed brand ("Vauxhall", gazetteer.h IsBrand) the document names.
    const absl::string_view lower = t.Lower(t.tokens[m.begin]);
    const absl::string_view lower_singular = lower.substr(0, lower.size() - 1);
    if (m.type == v1::ENTITY_TYPE_ORG || m.type == v1::ENTITY_TYPE_NORP ||
        !g.IsBrand(lower_singular)) {
      return false;
    }
    if (words.empty()) {
      for (const Token& tok : t.tokens) words.insert(t.Lower(tok));
    }
    return words.contains(lower_singular);
  });
}

void MarkTeamNicknames(const TokenizedText& t, std::vector<Mention>* mentions) {
  const Gazetteer& g = Gazetteer::Default();
  static const auto* events = new absl::flat_hash_set<absl::string_view>{
      "games",    "championships", "finals", "nationals",      "masters",
      "olympics", "tests",         "opens",  "internationals", "awards",
      "classics", "sports",        "series", "news",           "times"};
  // The singular a plural's spelling gives ("canaries" -> "canary",
  // "wolves" -> "wolf"), when it is an ordinary English word.
  auto plural_of_noun = [&](absl::string_view lw) {
    if (lw.size() < 5 || lw.back() != 's' || events->contains(lw) ||
        g.IsEventHead(lw)) {
      return false;
    }
    const absl::string_view stem = lw.substr(0, lw.size() - 1);
    if (g.IsCommon(stem)) return true;
    if (absl::EndsWith(lw, "ies")) {
      return g.IsCommon(absl::StrCat(lw.substr(0, lw.size() - 3), "y"));
    }
    if (absl::EndsWith(lw, "ves")) {
      return g.IsCommon(absl::StrCat(lw.substr(0, lw.size() - 3), "f"));
    }
    return false;
  };
  absl::flat_hash_set<absl::string_view> person_words, mid_sentence;
  for (const Mention& m : *mentions) {
    if (m.type != v1::ENTITY_TYPE_PERSON || m.end - m.begin < 2) continue;
    for (uint32_t k = m.begin; k < m.end; ++k) {
      person_words.insert(t.Lower(t.tokens[k]));
    }
  }
  const uint32_t n = t.tokens.size();
  for (uint32_t k = 1; k < n; ++k) {
    if (g.IsTitle(t.Lower(t.tokens[k - 1]))) {
      person_words.insert(t.Lower(t.tokens[k]));
    }
    if (CapitalWord(t, k) && !t.tokens[k].sentence_start &&
        !CapitalWord(t, k - 1)) {
      mid_sentence.insert(t.Text(t.tokens[k]));
    }
  }
  std::vector<Mention> added;
  size_t next = 0;
  for (uint32_t k = 0; k < n; ++k) {
    while (next < mentions->size() && (*mentions)[next].end <= k) ++next;
    const absl::string_view w = t.Text(t.tokens[k]);
    // "The Scarlets have ...": a sentence's "The" is no part of a name.
    const bool after_the =
        k > 0 && t.Text(t.tokens[k - 1]) == "The" &&
        (t.tokens[k - 1].sentence_start ||
         (k > 1 && t.tokens[k - 2].kind == TokenKind::kPunct));
    const bool first =
        t.tokens[k].sentence_start || (k > 0 && CapitalWord(t, k - 1));
    if (!CapitalWord(t, k) || w.size() < 2 || absl::ascii_isupper(w[1]) ||
        (k > 0 && CapitalWord(t, k - 1) && !t.tokens[k].sentence_start &&
         !after_the) ||
        (k + 1 < n && CapitalWord(t, k + 1) && t.tokens[k + 1].space_before) ||
        !plural_of_noun(t.Lower(t.tokens[k])) ||
        person_words.contains(t.Lower(t.tokens[k])) ||
        (first && !after_the && !mid_sentence.contains(w))) {
      continue;
    }
    Mention* m = next < mentions->size() && (*mentions)[next].begin <= k
                     ? &(*mentions)[next]
                     : nullptr;
    if (m == nullptr) {
      added.push_back({.begin = k, .end = k + 1, .type = v1::ENTITY_TYPE_ORG});
    } else if (m->begin == k && m->end == k + 1 && m->known == nullptr &&
               m->type == v1::ENTITY_TYPE_PERSON) {  // not "the States"
      m->type = v1::ENTITY_TYPE_ORG;
    }
  }
  if (added.empty()) return;
  mentions->insert(mentions->end(), added.begin(), added.end());
  std::sort(
      mentions->begin(), mentions->end(),
      [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
}

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
