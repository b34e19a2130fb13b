#include "annotate/entities/linker.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "annotate/entities/context.h"

namespace docpipe::annotate::entities {
namespace {

// Lower-case ASCII with accents removed (ICU NFD, combining marks dropped);
// other scripts pass through unchanged.
std::string Fold(absl::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_SUCCESS(error)) s = nfd->normalize(s, error);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    if (!(c >= 0x300 && c <= 0x36F)) kept.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  kept.toLower().toUTF8String(out);
  return out;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Token texts of a mention.
std::vector<absl::string_view> Words(const TokenizedText& t, const Mention& m) {
  std::vector<absl::string_view> out;
  for (uint32_t k = m.begin; k < m.end; ++k) {
    if (t.tokens[k].kind != TokenKind::kPunct)
      out.push_back(t.Text(t.tokens[k]));
  }
  return out;
}

std::string MentionText(const TokenizedText& t, const Mention& m) {
  return std::string(
      t.text.substr(t.tokens[m.begin].begin,
                    t.tokens[m.end - 1].end - t.tokens[m.begin].begin));
}

// "Friedrich Naumann Foundation for Freedom" -> "FNFF"; function words
// ("for", "of", "the", "and") are skipped -> "FNF".
std::string Initials(const std::vector<absl::string_view>& words) {
  std::string out;
  for (absl::string_view w : words) {
    const std::string lw = absl::AsciiStrToLower(w);
    if (lw == "for" || lw == "of" || lw == "the" || lw == "and" || lw == "de") {
      continue;
    }
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(w[0])));
  }
  return out;
}

bool IsAcronym(absl::string_view w) {
  if (w.size() < 2 || w.size() > 8) return false;
  for (unsigned char c : w) {
    if (!absl::ascii_isupper(c)) return false;
  }
  return true;
}

struct Cluster {
  std::string id, canonical, key;
  v1::EntityType type;
  std::vector<std::string> words;  // lower-case words of the fullest name
};

std::string KeyFor(v1::EntityType type, absl::string_view canonical) {
  const std::string name = type == v1::ENTITY_TYPE_PERSON
                               ? NameKey(canonical)
                               : NormalizedName(Fold(canonical));
  return absl::StrCat(v1::EntityType_Name(type).substr(12), ":", name);
}

// A cue in the words around a name (context.h) outweighs the tagger on a
// name it has never seen spelt out: one "Verizon's bid" against every bare
// "Verizon" typed a place.
constexpr int kCueWeight = 10;
// A name joined by "and"/"or" to a person's or an organisation's: half a
// cue, more than the tagger's vote on two full names.
constexpr int kCoordinationWeight = 5;

// How strongly mention m's own type is evidence for its entity's type: a
// gazetteer entry, then the tagger on a full name, then on a short form.
int TypeWeight(const Mention& m) {
  if (m.known != nullptr) return m.known->country ? 4 : 2;
  return m.end - m.begin > 1 ? 2 : 1;
}

bool IsPlace(v1::EntityType type) {
  return type == v1::ENTITY_TYPE_GPE || type == v1::ENTITY_TYPE_LOC;
}

// Whether a person's name ends in a hyphenated given name with a
// lower-case second syllable ("Kim Jong-il", "Chung Dong-young").
bool IsKoreanGivenName(absl::string_view name) {
  const size_t hyphen = name.rfind('-');
  return hyphen != absl::string_view::npos && hyphen + 1 < name.size() &&
         absl::ascii_islower(static_cast<unsigned char>(name[hyphen + 1])) &&
         name.find(' ') < hyphen;
}

// The most recent earlier entity whose full name the mention shortens,
// across types: a person's last words ("Campbell", "Lewis-Francis"), or an
// organisation's last word ("Villa", "United" after "Manchester United").
std::optional<size_t> ShortFormOf(const std::vector<std::string>& lw,
                                  const std::vector<absl::string_view>& words,
                                  const std::vector<Cluster>& clusters) {
  if (lw.empty()) return std::nullopt;
  for (size_t c = clusters.size(); c-- > 0;) {
    const Cluster& k = clusters[c];
    if (lw.size() >= k.words.size()) continue;
    if (k.type == v1::ENTITY_TYPE_PERSON && !IsAcronym(words.back()) &&
        std::equal(lw.rbegin(), lw.rend(), k.words.rbegin())) {
      return c;
    }
    if (k.type == v1::ENTITY_TYPE_ORG && lw.size() == 1 &&
        lw[0] == k.words.back() && !IsAcronym(words[0])) {
      return c;
    }
    // A Korean name is said by its surname, which comes first: "Kim" after
    // "Kim Jong-il" (a given name whose second syllable is in lower case).
    if (k.type == v1::ENTITY_TYPE_PERSON && lw.size() == 1 &&
        k.words.size() == 3 && lw[0] == k.words[0] &&
        IsKoreanGivenName(k.canonical)) {
      return c;
    }
  }
  return std::nullopt;
}

// Makes m a mention of cluster k, for the reason `evidence`.
void JoinCluster(const Cluster& k, std::string evidence, Mention* m) {
  m->id = k.id;
  m->canonical = k.canonical;
  m->link_key = k.key;
  m->evidence = std::move(evidence);
}

// A surname said before the full name ("Blair defends Iraq stance" above
// "Tony Blair has defended ..."): a one-word person's entity joins the
// only person's entity of the document whose name ends in that word.
void JoinEarlierSurnames(const std::vector<Cluster>& clusters,
                         std::vector<size_t>* cluster_of,
                         std::vector<Mention>* mentions) {
  absl::flat_hash_map<absl::string_view, int> full;  // surname -> cluster
  for (size_t c = 0; c < clusters.size(); ++c) {
    const Cluster& k = clusters[c];
    if (k.type != v1::ENTITY_TYPE_PERSON || k.words.size() < 2) continue;
    auto [it, added] = full.try_emplace(k.words.back(), static_cast<int>(c));
    if (!added && it->second != static_cast<int>(c)) it->second = -1;
  }
  if (full.empty()) return;
  for (size_t i = 0; i < mentions->size(); ++i) {
    Mention& m = (*mentions)[i];
    const Cluster& own = clusters[(*cluster_of)[i]];
    if (m.known != nullptr || own.type != v1::ENTITY_TYPE_PERSON ||
        own.words.size() != 1) {
      continue;
    }
    auto it = full.find(own.words[0]);
    if (it == full.end() || it->second < 0) continue;
    (*cluster_of)[i] = it->second;
    JoinCluster(
        clusters[it->second],
        absl::StrCat("short form of \"", clusters[it->second].canonical, "\""),
        &m);
  }
}

// One type per entity: the mentions of a cluster take the type with the
// most weight over them (TypeWeight, plus the cues around each mention for
// ORG and PERSON); a tie keeps the first mention's type. A place's name can
// also name its club or team ("Milwaukee" the city and the club, the
// dateline and the score), so no mention is voted into a place, and a
// mention typed a place becomes an ORG only on company evidence. Listed
// names keep their type.
void UnifyTypes(const TokenizedText& t, const std::vector<size_t>& cluster_of,
                std::vector<Cluster>* clusters,
                std::vector<Mention>* mentions) {
  constexpr int kTypes = v1::EntityType_ARRAYSIZE;
  std::vector<std::array<int, kTypes>> votes(clusters->size());
  std::vector<bool> company(clusters->size());
  std::vector<v1::EntityType> first(clusters->size(),
                                    v1::ENTITY_TYPE_UNSPECIFIED);
  for (size_t i = 0; i < mentions->size(); ++i) {
    const Mention& m = (*mentions)[i];
    const size_t c = cluster_of[i];
    if (first[c] == v1::ENTITY_TYPE_UNSPECIFIED) first[c] = m.type;
    votes[c][m.type] += TypeWeight(m);
    if (m.known != nullptr) continue;
    // A web address names a site, never a person ("suprnova.org, who goes
    // by the nickname ...").
    if (m.end == m.begin + 1 && IsWebAddress(t.Lower(t.tokens[m.begin]))) {
      votes[c][v1::ENTITY_TYPE_ORG] += 2 * kCueWeight;
    }
    const TypeCues cues = ReadTypeCues(t, m);
    votes[c][v1::ENTITY_TYPE_ORG] += kCueWeight * cues.org;
    votes[c][v1::ENTITY_TYPE_PERSON] += kCueWeight * cues.person;
    company[c] = company[c] || cues.company;
  }
  // Names joined by "and"/"or" are of one kind ("Putin and Kim Jong Un",
  // "Sony or Philips"): a mention joined to a person's or an
  // organisation's name gets a vote for that type when the other entity's
  // type is the surer one (a wider lead in the votes above).
  auto lead = [&](size_t c, v1::EntityType* best) {
    int top = -1, second = -1;
    for (int k = 0; k < kTypes; ++k) {
      if (votes[c][k] > top) {
        second = top;
        top = votes[c][k];
        *best = static_cast<v1::EntityType>(k);
      } else if (votes[c][k] > second) {
        second = votes[c][k];
      }
    }
    return top - second;
  };
  std::vector<std::array<int, kTypes>> coordination(clusters->size());
  for (size_t i = 0; i < mentions->size(); ++i) {
    const Mention& m = (*mentions)[i];
    if (m.known != nullptr) continue;
    auto joined = [&](size_t j, uint32_t between) {
      const absl::string_view w = t.Lower(t.tokens[between]);
      const size_t c = cluster_of[i], o = cluster_of[j];
      v1::EntityType mine, theirs;
      if ((w != "and" && w != "or") || c == o ||
          lead(o, &theirs) <= lead(c, &mine) ||
          (theirs != v1::ENTITY_TYPE_PERSON && theirs != v1::ENTITY_TYPE_ORG)) {
        return;
      }
      coordination[c][theirs] += kCoordinationWeight;
    };
    if (i > 0 && (*mentions)[i - 1].end + 1 == m.begin) {
      joined(i - 1, m.begin - 1);
    }
    if (i + 1 < mentions->size() && m.end + 1 == (*mentions)[i + 1].begin) {
      joined(i + 1, m.end);
    }
  }
  for (size_t c = 0; c < clusters->size(); ++c) {
    for (int k = 0; k < kTypes; ++k) votes[c][k] += coordination[c][k];
  }
  for (size_t c = 0; c < clusters->size(); ++c) {
    v1::EntityType best = first[c];
    for (int k = 0; k < kTypes; ++k) {
      if (votes[c][k] > votes[c][best]) best = static_cast<v1::EntityType>(k);
    }
    Cluster& cl = (*clusters)[c];
    if (best != cl.type) {
      cl.type = best;
      cl.key = KeyFor(best, cl.canonical);
    }
  }
  for (size_t i = 0; i < mentions->size(); ++i) {
    Mention& m = (*mentions)[i];
    const Cluster& cl = (*clusters)[cluster_of[i]];
    if (m.known != nullptr || IsPlace(cl.type) ||
        (IsPlace(m.type) && cl.type == v1::ENTITY_TYPE_ORG &&
         !company[cluster_of[i]])) {
      continue;
    }
    m.type = cl.type;
    m.link_key = cl.key;
  }
}

}  // namespace

std::string Slug(absl::string_view name) {
  std::string out;
  for (char c : Fold(name)) {
    const unsigned char u = c;
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string NameKey(absl::string_view name) {
  const std::string f = Fold(name);
  std::string s;
  for (size_t i = 0; i < f.size(); ++i) {
    const char c = f[i];
    const char next = i + 1 < f.size() ? f[i + 1] : 0;
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      if (static_cast<unsigned char>(c) >= 0x80) s.push_back(c);
      continue;
    }
    if ((c == 'k' || c == 'g') && next == 'h') {
      s.push_back('h');
      ++i;
    } else if (c == 'p' && next == 'h') {
      s.push_back('f');
      ++i;
    } else if (c == 'n' && next == 'g') {
      s.push_back('n');
      ++i;
    } else if (c == 'c' && next == 'k') {
      s.push_back('k');
      ++i;
    } else if (IsVowel(c)) {
      s.push_back('a');
    } else if (c == 'c' || c == 'q') {
      s.push_back('k');
    } else if (c == 'g') {
      s.push_back('h');
    } else if (c == 'w') {
      s.push_back('v');
    } else if (c == 'z') {
      s.push_back('s');
    } else if (c == 'j') {
      s.push_back('a');  // Jelena / Yelena / Elena
    } else {
      s.push_back(c);
    }
  }
  std::string out;
  for (char c : s) {
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

void LinkMentions(const TokenizedText& t, std::vector<Mention>* mentions) {
  std::vector<Cluster> clusters;
  std::vector<size_t> cluster_of(mentions->size());
  absl::flat_hash_map<std::string, size_t> by_alias;  // normalized text
  auto assign = [&](Mention& m, size_t c, std::string evidence) {
    cluster_of[&m - mentions->data()] = c;
    JoinCluster(clusters[c], std::move(evidence), &m);
  };
  auto new_cluster = [&](const Mention& m, std::string id,
                         std::string canonical) {
    Cluster c;
    c.id = std::move(id);
    c.canonical = std::move(canonical);
    c.key = KeyFor(m.type, c.canonical);
    c.type = m.type;
    for (absl::string_view w : Words(t, m)) {
      c.words.push_back(absl::AsciiStrToLower(w));
    }
    clusters.push_back(std::move(c));
    return clusters.size() - 1;
  };
  for (size_t i = 0; i < mentions->size(); ++i) {
    Mention& m = (*mentions)[i];
    const std::string text = MentionText(t, m);
    const std::string norm = NormalizedName(t, m.begin, m.end - m.begin);
    const std::vector<absl::string_view> words = Words(t, m);
    std::vector<std::string> lw;
    for (absl::string_view w : words) lw.push_back(absl::AsciiStrToLower(w));
    // A short form of an earlier full name is that entity whatever the
    // tagger made of it: "Campbell" after "Sol Campbell", "Villa" after
    // "Aston Villa". Not a listed name ("Jordan" the country, "UN" after
    // "Kim Jong Un"), and not a name already seen on its own.
    if (m.known == nullptr && !by_alias.contains(norm)) {
      if (std::optional<size_t> c = ShortFormOf(lw, words, clusters)) {
        m.type = clusters[*c].type;
        m.known = nullptr;
        by_alias[norm] = *c;
        assign(m, *c,
               absl::StrCat("short form of \"", clusters[*c].canonical, "\""));
        continue;
      }
    }
    if (m.known != nullptr) {
      auto it = by_alias.find(m.known->id);
      size_t c = it != by_alias.end()
                     ? it->second
                     : new_cluster(m, m.known->id, m.known->canonical);
      by_alias[m.known->id] = c;
      by_alias[norm] = c;
      assign(m, c, "gazetteer");
      continue;
    }
    // An abbreviation in brackets right after a name: "... Freedom (FNF)".
    if (i > 0 && m.begin >= 2 && t.Text(t.tokens[m.begin - 1]) == "(" &&
        (*mentions)[i - 1].end == m.begin - 1 && m.end < t.tokens.size() &&
        t.Text(t.tokens[m.end]) == ")" && words.size() == 1 &&
        IsAcronym(words[0])) {
      Mention& prev = (*mentions)[i - 1];
      auto it =
          by_alias.find(NormalizedName(t, prev.begin, prev.end - prev.begin));
      if (it != by_alias.end()) {
        const size_t c = it->second;  // before the insert below moves it
        by_alias[norm] = c;
        m.type = prev.type;
        assign(m, c,
               absl::StrCat("abbreviation in brackets after \"",
                            MentionText(t, prev), "\""));
        continue;
      }
    }
    if (auto it = by_alias.find(norm); it != by_alias.end()) {
      assign(m, it->second, "same name earlier in the document");
      continue;
    }
    // Short forms and initials of earlier names, most recent first.
    std::optional<size_t> found;
    std::string why;
    for (size_t c = clusters.size(); c-- > 0 && !found;) {
      const Cluster& k = clusters[c];
      if (lw.empty() || k.type != m.type) continue;
      if (m.type == v1::ENTITY_TYPE_PERSON && k.type == m.type &&
          lw.size() < k.words.size() &&
          std::equal(lw.rbegin(), lw.rend(), k.words.rbegin())) {
        found = c;  // "Guseinova" after "Olena Guseinova"
        why = absl::StrCat("short form of \"", k.canonical, "\"");
      } else if (m.type == v1::ENTITY_TYPE_ORG && k.type == m.type) {
        const size_t shared = std::min(lw.size(), k.words.size());
        if (shared >= 2 &&
            std::equal(lw.begin(), lw.begin() + shared, k.words.begin())) {
          found = c;  // "Friedrich Naumann Foundation (for Freedom)"
          why = absl::StrCat("shares the name of \"", k.canonical, "\"");
        } else if (lw.size() == 1 && k.words.size() > 1 &&
                   std::find(k.words.begin(), k.words.end(), lw[0]) !=
                       k.words.end() &&
                   !IsAcronym(words[0])) {
          found = c;  // "the Foundation"
          why = absl::StrCat("short form of \"", k.canonical, "\"");
        } else if (lw.size() == 1 && IsAcronym(words[0]) &&
                   Initials(std::vector<absl::string_view>(
                       k.words.begin(), k.words.end())) == words[0]) {
          found = c;
          why = absl::StrCat("initials of \"", k.canonical, "\"");
        }
      }
    }
    if (found) {
      by_alias[norm] = *found;
      assign(m, *found, why);
      continue;
    }
    const size_t c = new_cluster(m, Slug(text), text);
    by_alias[norm] = c;
    assign(m, c, "new");
    // The site's name without its address: "Suprnova" after
    // "suprnova.org".
    absl::string_view stem;
    if (m.end == m.begin + 1 &&
        IsWebAddress(t.Lower(t.tokens[m.begin]), &stem) && !stem.empty()) {
      by_alias.try_emplace(std::string(stem), c);
    }
  }
  JoinEarlierSurnames(clusters, &cluster_of, mentions);
  UnifyTypes(t, cluster_of, &clusters, mentions);
}

}  // namespace docpipe::annotate::entities
