#include "annotate/entities/document_rules.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "annotate/entities/context.h"
#include "annotate/entities/document_rules_internal.h"
#include "annotate/entities/gazetteer.h"

namespace docpipe::annotate::entities {
namespace internal {
namespace {

// Lower-case words inside a name: "van Persie", "de Zeeuw".
bool IsParticle(absl::string_view lw) {
  static const auto* words = new absl::flat_hash_set<absl::string_view>{
      "van", "de",  "der", "den", "da", "di",
      "du",  "dos", "del", "von", "le", "la"};
  return words->contains(lw);
}

}  // namespace

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

}  // namespace internal

using internal::CapitalWord;
using internal::NameAt;
using internal::SortByPosition;
using internal::Span;
using internal::SpanText;

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

void MarkInitialledNames(const TokenizedText& t,
                         std::vector<Mention>* mentions) {
  const Gazetteer& g = Gazetteer::Default();
  const uint32_t n = t.tokens.size();
  std::vector<Span> names;
  for (uint32_t k = 0; k + 2 < n; ++k) {
    const absl::string_view first = t.Text(t.tokens[k]);
    const absl::string_view initial = t.Text(t.tokens[k + 1]);
    if (!CapitalWord(t, k) || first.size() < 2 ||
        !absl::ascii_islower(static_cast<unsigned char>(first[1])) ||
        g.IsCommon(t.Lower(t.tokens[k])) || g.IsTitle(t.Lower(t.tokens[k])) ||
        t.tokens[k + 1].kind != TokenKind::kWord || initial.size() != 1 ||
        !absl::ascii_isupper(static_cast<unsigned char>(initial[0])) ||
        !t.tokens[k + 1].space_before) {
      continue;
    }
    uint32_t s = k + 2;
    if (t.Text(t.tokens[s]) == "." && !t.tokens[s].space_before) ++s;
    if (s >= n || !t.tokens[s].space_before || !CapitalWord(t, s)) continue;
    // On one line: "Australia\n\nM. Waugh" is a heading and a name.
    if (t.text.substr(t.tokens[k].end, t.tokens[s].begin - t.tokens[k].end)
            .find('\n') != absl::string_view::npos) {
      continue;
    }
    const absl::string_view surname = t.Text(t.tokens[s]);
    if (surname.size() < 2 ||
        !absl::ascii_islower(static_cast<unsigned char>(surname[1]))) {
      continue;
    }
    const uint32_t e = NameAt(t, s, std::min(n, s + 2));
    // Not a firm named after its founder: "Edward D. Jones & Co".
    if (e < n && (t.Text(t.tokens[e]) == "&" ||
                  (CapitalWord(t, e) && g.IsOrgHead(t.Lower(t.tokens[e]))))) {
      continue;
    }
    names.push_back({k, e});
    k = e - 1;
  }
  if (names.empty()) return;
  auto overlaps = [](const Mention& m, const Span& s) {
    return m.begin < s.second && s.first < m.end;
  };
  std::erase_if(*mentions, [&](const Mention& m) {
    for (const Span& s : names) {
      if (overlaps(m, s)) return true;
    }
    return false;
  });
  for (const Span& s : names) {
    mentions->push_back(
        {.begin = s.first, .end = s.second, .type = v1::ENTITY_TYPE_PERSON});
  }
  SortByPosition(mentions);
}

void JoinParticleNames(const TokenizedText& t, std::vector<Mention>* mentions) {
  static const auto* particles = new absl::flat_hash_set<absl::string_view>{
      "bin", "ibn", "bint", "al", "el"};
  const Gazetteer& g = Gazetteer::Default();
  const uint32_t n = t.tokens.size();
  // The mention over token k, or null.
  auto covering = [&](uint32_t k) -> Mention* {
    for (Mention& m : *mentions) {
      if (m.begin <= k && k < m.end) return &m;
    }
    return nullptr;
  };
  std::vector<Mention> joined;
  for (uint32_t j = 1; j + 1 < n; ++j) {
    const absl::string_view p = t.Text(t.tokens[j]);
    if (!particles->contains(p) || !CapitalWord(t, j - 1) ||
        !t.tokens[j].space_before) {
      continue;
    }
    // "bin Laden" (a space), "al-Zarqawi" (a hyphen, no spaces).
    uint32_t r = j + 1;
    if (t.Text(t.tokens[r]) == "-" && !t.tokens[r].space_before && r + 1 < n &&
        !t.tokens[r + 1].space_before) {
      ++r;
    } else if (p == "al" || p == "el" || !t.tokens[r].space_before) {
      continue;  // "al" alone is no particle
    }
    if (r >= n || !CapitalWord(t, r)) continue;
    // Not a determiner or an ordinary word before a name that has its own
    // particle ("The al-Qaeda leader": "al-Qaeda" is listed whole).
    const absl::string_view before = t.Lower(t.tokens[j - 1]);
    if (g.IsCommon(before) || g.IsTitle(before) || before == "the") continue;
    const Mention* left = covering(j - 1);
    const Mention* right = covering(r);
    if (right != nullptr && right->begin <= j) continue;
    uint32_t b = j - 1;
    if (left != nullptr) {
      b = left->begin;
    } else {
      while (b > 0 && CapitalWord(t, b - 1) && t.tokens[b].space_before &&
             !t.tokens[b].sentence_start) {
        --b;
      }
    }
    const uint32_t e = right != nullptr ? std::max(right->end, r + 1) : r + 1;
    v1::EntityType type = v1::ENTITY_TYPE_PERSON;
    if (left != nullptr) {
      type = left->type;
    } else if (right != nullptr) {
      type = right->type;
    }
    joined.push_back({.begin = b, .end = e, .type = type});
    j = e - 1;
  }
  if (joined.empty()) return;
  std::erase_if(*mentions, [&](const Mention& m) {
    for (const Mention& x : joined) {
      if (m.begin < x.end && x.begin < m.end) return true;
    }
    return false;
  });
  mentions->insert(mentions->end(), joined.begin(), joined.end());
  SortByPosition(mentions);
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

}  // namespace docpipe::annotate::entities
