// The document rules for stories about sport (document_rules.h): team
// sheets, teams' nicknames, clubs named after their towns, and grounds.
// Call them only for a document about sport (context.h, IsSportDocument).
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "annotate/entities/context.h"
#include "annotate/entities/document_rules.h"
#include "annotate/entities/document_rules_internal.h"
#include "annotate/entities/gazetteer.h"

namespace docpipe::annotate::entities {

using internal::CapitalWord;
using internal::NameAt;
using internal::SortByPosition;
using internal::Span;
using internal::SpanText;

namespace {

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

// The football club named after a town ("Portsmouth" -> Portsmouth FC,
// so "Pompey" is the same entity), or nullptr.
const GazetteerEntry* ClubNamedAfter(const Gazetteer& g,
                                     absl::string_view town) {
  const GazetteerEntry* e = g.MatchWord(absl::StrCat(town, " FC"));
  return e != nullptr && e->type == v1::ENTITY_TYPE_ORG ? e : nullptr;
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
  SortByPosition(mentions);
}

void MarkClubsAndGrounds(const TokenizedText& t,
                         std::vector<Mention>* mentions) {
  const Gazetteer& g = Gazetteer::Default();
  auto club = [&](uint32_t b, uint32_t e) {
    return e == b + 1 && g.IsClubPlace(t.Lower(t.tokens[b])) &&
           !(b > 0 && t.Lower(t.tokens[b - 1]) == "in");
  };
  // A ground: a one-word place no list knows after "at" or "at the"
  // ("at Twickenham", "at the Gnoll") is where a match is played, a
  // facility (OntoNotes FAC), not a mention; a known town ("at Cardiff"),
  // a club's town ("at Portsmouth"), a club ("at Harlequins") and
  // longer names, which are more often towns ("at Tunbridge Wells"),
  // stay.
  std::erase_if(*mentions, [&](const Mention& m) {
    if (m.known != nullptr || m.end != m.begin + 1 || club(m.begin, m.end) ||
        t.Lower(t.tokens[m.begin]).back() == 's' ||
        (m.type != v1::ENTITY_TYPE_GPE && m.type != v1::ENTITY_TYPE_LOC)) {
      return false;
    }
    uint32_t k = m.begin;
    if (k > 0 && t.Lower(t.tokens[k - 1]) == "the") --k;
    return k > 0 && t.Lower(t.tokens[k - 1]) == "at";
  });
  // A club's town the tagger took for a person is the club too
  // ("Chelsea left-back Wayne Bridge"), unless the story names a person
  // so ("Clarke Carlisle", "Mr Carlisle").
  absl::flat_hash_set<absl::string_view> surnames;
  for (const Mention& m : *mentions) {
    if (m.type != v1::ENTITY_TYPE_PERSON) continue;
    if (m.end - m.begin >= 2) {
      surnames.insert(t.Lower(t.tokens[m.end - 1]));
    } else if (m.begin > 0 && g.IsTitle(t.Lower(t.tokens[m.begin - 1]))) {
      surnames.insert(t.Lower(t.tokens[m.begin]));
    }
  }
  for (Mention& m : *mentions) {
    if ((m.known == nullptr || !m.known->country) && club(m.begin, m.end) &&
        (m.type != v1::ENTITY_TYPE_PERSON ||
         !surnames.contains(t.Lower(t.tokens[m.begin])))) {
      m.type = v1::ENTITY_TYPE_ORG;
      m.known = ClubNamedAfter(g, t.Text(t.tokens[m.begin]));
    }
  }
  // Club names the tagger left out, in the middle of a sentence, or at
  // its start before what a club has or does ("Arsenal boss Arsene
  // Wenger", "Arsenal's Sol Campbell", "Arsenal were").
  static const auto* club_words = new absl::flat_hash_set<absl::string_view>{
      "boss",     "manager", "coach",  "chairman", "striker", "midfielder",
      "defender", "keeper",  "winger", "captain",  "fans",    "skipper",
      "side",     "players", "player", "'",        "\u2019"};
  auto club_first = [&](uint32_t k) {
    return k + 1 < t.tokens.size() &&
           (club_words->contains(t.Lower(t.tokens[k + 1])) ||
            IsFiniteVerb(t, k + 1));
  };
  std::vector<Mention> added;
  size_t next = 0;
  for (uint32_t k = 0; k < t.tokens.size(); ++k) {
    while (next < mentions->size() && (*mentions)[next].end <= k) ++next;
    if (next < mentions->size() && (*mentions)[next].begin <= k) continue;
    const Token& tok = t.tokens[k];
    if (tok.kind != TokenKind::kWord ||
        (tok.sentence_start && !club_first(k)) || !StartsCapital(t.Text(tok)) ||
        !club(k, k + 1) ||
        (k + 1 < t.tokens.size() && StartsCapital(t.Text(t.tokens[k + 1])) &&
         t.tokens[k + 1].kind == TokenKind::kWord)) {
      continue;
    }
    added.push_back({.begin = k,
                     .end = k + 1,
                     .type = v1::ENTITY_TYPE_ORG,
                     .known = ClubNamedAfter(g, t.Text(tok))});
  }
  if (added.empty()) return;
  mentions->insert(mentions->end(), added.begin(), added.end());
  SortByPosition(mentions);
}

}  // namespace docpipe::annotate::entities
