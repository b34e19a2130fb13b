#include "annotate/entities/context.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "annotate/entities/gazetteer.h"

namespace docpipe::annotate::entities {
namespace {

using WordSet = absl::flat_hash_set<absl::string_view>;

bool IsApostrophe(absl::string_view s) { return s == "'" || s == "\u2019"; }

// The lower-case word at token k, or "" outside the text.
absl::string_view LowerAt(const TokenizedText& t, size_t k) {
  return k < t.tokens.size() ? t.Lower(t.tokens[k]) : absl::string_view();
}

// Nouns that describe an organisation right before its name: "retailer
// Laura Ashley", "net telephony firm Skype", "Premiership side Portsmouth".
const WordSet& OrgDescriptors() {
  static const auto* words =
      new WordSet{"company",      "firm",         "group",       "retailer",
                  "regulator",    "watchdog",     "auditor",     "auditors",
                  "bank",         "giant",        "maker",       "makers",
                  "manufacturer", "operator",     "provider",    "carrier",
                  "chain",        "band",         "label",       "studio",
                  "studios",      "broadcaster",  "publisher",   "agency",
                  "consultancy",  "consultants",  "analysts",    "insurer",
                  "lender",       "airline",      "brewer",      "supermarket",
                  "developer",    "club",         "side",        "outfit",
                  "broker",       "conglomerate", "distributor", "network",
                  "newspaper",    "tabloid",      "magazine",    "website",
                  "carmaker",     "automaker",    "telco",       "charity",
                  "quartet",      "trio",         "duo",         "franchise",
                  "startup",      "start-up",     "subsidiary"};
  return *words;
}

// What follows an organisation's name and not a person's: "Icstis
// spokesman Rob Dwight", "Qwest chairman", "Laura Ashley chief".
const WordSet& OrgFollowers() {
  static const auto* words = new WordSet{
      "spokesman", "spokeswoman", "spokesperson", "chairman",  "chairwoman",
      "chief",     "boss",        "executives",   "shares",    "shareholders",
      "staff",     "employees",   "workers",      "subsidiary"};
  return *words;
}

// Roles written before a person's name that the gazetteer's titles lack:
// "producer Brian Grazer", "Suprnova administrator Sloncek".
const WordSet& PersonRoles() {
  static const auto* words =
      new WordSet{"administrator", "producer",   "singer",       "actor",
                  "actress",       "rapper",     "striker",      "midfielder",
                  "defender",      "goalkeeper", "winger",       "forward",
                  "referee",       "novelist",   "director",     "presenter",
                  "comedian",      "boxer",      "sprinter",     "player",
                  "founder",       "designer",   "songwriter",   "guitarist",
                  "drummer",       "vocalist",   "frontman",     "lawyer",
                  "boss",          "executive",  "spokesman",    "spokeswoman",
                  "head",          "inventor",   "nickname",     "businessman",
                  "businesswoman", "tycoon",     "entrepreneur", "artist",
                  "star",          "newcomer",   "veteran",      "captain",
                  "skipper"};
  return *words;
}

// Verbs in the plural: "Black Sabbath have", "Coldplay are".
bool IsPluralVerb(absl::string_view w) {
  return w == "have" || w == "are" || w == "were";
}

// Whether `t` uses at least `least` different words of `words`.
bool UsesWordsOf(const TokenizedText& t, const WordSet& words, size_t least) {
  absl::flat_hash_set<absl::string_view> seen;
  for (const Token& tok : t.tokens) {
    if (tok.kind != TokenKind::kWord) continue;
    const absl::string_view lw = t.Lower(tok);
    if (words.contains(lw)) seen.insert(lw);
    if (seen.size() >= least) return true;
  }
  return false;
}

}  // namespace

bool IsPersonRole(absl::string_view lower, bool plural) {
  if (!plural) return PersonRoles().contains(lower);
  // "actresses", "brothers": a role's plural, and relations.
  if (lower == "brothers" || lower == "sisters" || lower == "actresses" ||
      lower == "colleagues" || lower == "team-mates" || lower == "partners" ||
      lower == "musicians" || lower == "writers") {
    return true;
  }
  return lower.size() > 3 && lower.back() == 's' &&
         PersonRoles().contains(lower.substr(0, lower.size() - 1));
}

bool CompanyContext(const TokenizedText& t, const Mention& m) {
  // What only a company has: "Enron's shareholders", "Saab's losses".
  static const auto* owned = new WordSet{
      "shares",     "shareholders", "shareholder", "stock",     "bid",
      "offer",      "merger",       "takeover",    "profits",   "profit",
      "losses",     "revenues",     "revenue",     "sales",     "subsidiary",
      "chairman",   "founder",      "founders",    "customers", "boss",
      "executives", "directors",    "turnover",    "earnings",  "brand",
      "board",      "output",       "units",       "unit"};
  // Company roles and holdings before "of"/"in": "shares in Qwest".
  static const auto* before =
      new WordSet{"shares",   "stake",    "shareholders", "executive",
                  "chairman", "takeover", "founder",      "subsidiary",
                  "owner",    "director", "officer",      "manager"};
  const size_t n = t.tokens.size();
  size_t k = m.end;
  bool possessive = false;
  if (k < n && t.tokens[k].kind == TokenKind::kPunct &&
      !t.tokens[k].space_before && IsApostrophe(t.Text(t.tokens[k]))) {
    possessive = true;
    if (++k < n && t.Lower(t.tokens[k]) == "s" && !t.tokens[k].space_before) {
      ++k;
    }
  }
  if (k < n) {
    const absl::string_view next = t.Lower(t.tokens[k]);
    if (possessive ? owned->contains(next)
                   : (next == "shares" || next == "shareholders")) {
      return true;
    }
  }
  if (m.begin < 2) return false;
  const absl::string_view prep = t.Lower(t.tokens[m.begin - 1]);
  return (prep == "of" || prep == "in") &&
         before->contains(t.Lower(t.tokens[m.begin - 2]));
}

TypeCues ReadTypeCues(const TokenizedText& t, const Mention& m) {
  TypeCues cues;
  cues.company = CompanyContext(t, m);
  cues.org += cues.company;
  const Gazetteer& g = Gazetteer::Default();
  // Before: a descriptor or a role, in the same sentence, lower case (a
  // capitalized word there is part of a longer name or a headline).
  if (m.begin > 0 && !t.tokens[m.begin].sentence_start) {
    const Token& prev = t.tokens[m.begin - 1];
    const absl::string_view lw = t.Lower(prev);
    const bool lower = !StartsCapital(t.Text(prev));
    if (prev.kind == TokenKind::kWord && lower &&
        OrgDescriptors().contains(lw)) {
      ++cues.org;
      cues.company = true;
    }
    // "... ready," said Campbell.
    const absl::string_view next = LowerAt(t, m.end);
    if (prev.kind == TokenKind::kWord && (lw == "said" || lw == "says") &&
        (next == "." || next == ",")) {
      ++cues.person;
    }
    // Not before an organisation's name: "a former Princeton University
    // professor".
    if (prev.kind == TokenKind::kWord &&
        ((lower && PersonRoles().contains(lw)) || g.IsTitle(lw)) &&
        !g.IsOrgHead(t.Lower(t.tokens[m.end - 1])))
      ++cues.person;
    // Who works at or speaks for a name: "analysts at Screen Digest" (not
    // "an economist at Oxford", a place the lists know); "a spokesman for
    // Ask Jeeves", when its first word is no first name but an ordinary
    // word (not "a spokesman for Tony Blair").
    static const auto* analysts = new WordSet{
        "analyst", "analysts", "economist", "economists", "strategist"};
    static const auto* spokesmen =
        new WordSet{"spokesman", "spokeswoman", "spokesperson"};
    const absl::string_view who = m.begin >= 2 ? LowerAt(t, m.begin - 2) : "";
    if (lw == "at" && m.known == nullptr && analysts->contains(who)) {
      ++cues.org;
      cues.company = true;
    }
    if (lw == "for" && m.end - m.begin >= 2 &&
        g.IsCommon(t.Lower(t.tokens[m.begin])) && spokesmen->contains(who)) {
      ++cues.org;
    }
  }
  // After: a follower, ", which"/", who", a plural verb.
  const size_t n = t.tokens.size();
  const absl::string_view next = LowerAt(t, m.end);
  if (m.end < n && !t.tokens[m.end].sentence_start) {
    if (OrgFollowers().contains(next) &&
        !StartsCapital(t.Text(t.tokens[m.end]))) {
      ++cues.org;
      cues.company = true;
    }
    if (next == ",") {
      const absl::string_view rel = LowerAt(t, m.end + 1);
      if (rel == "which") ++cues.org;
      if (rel == "who") ++cues.person;
    }
    const absl::string_view before = m.begin > 0 ? LowerAt(t, m.begin - 1) : "";
    if (IsPluralVerb(next) && m.end - m.begin > 1 && before != "and" &&
        before != "&" && before != ",") {
      ++cues.org;
    }
  }
  return cues;
}

bool IsWebAddress(absl::string_view lower, absl::string_view* stem) {
  static const auto* tlds = new absl::flat_hash_set<absl::string_view>{
      "com", "org", "net", "uk", "info", "biz", "tv", "fm", "io", "eu"};
  const size_t dot = lower.rfind('.');
  if (dot == absl::string_view::npos || dot < 2 ||
      !tlds->contains(lower.substr(dot + 1))) {
    return false;
  }
  if (stem != nullptr) {
    absl::string_view host = lower;
    absl::ConsumePrefix(&host, "www.");
    *stem = host.substr(0, host.find('.'));
  }
  return true;
}

bool IsLanguageUse(const TokenizedText& t, const Mention& m) {
  const size_t n = t.tokens.size();
  size_t k = m.end;
  if (k + 1 < n && t.Text(t.tokens[k]) == "-" && !t.tokens[k].space_before &&
      !t.tokens[k + 1].space_before) {
    ++k;  // "Spanish-language"
  }
  const absl::string_view next = LowerAt(t, k);
  if (next == "language" || next == "speaking" || next == "speaker" ||
      next == "speakers" || next == "subtitles" || next == "translation") {
    return true;
  }
  // "in Spanish." / "in Spanish and ...": no noun after it.
  const bool bare = m.end >= n || t.tokens[m.end].kind == TokenKind::kPunct ||
                    next == "and" || next == "or";
  if (!bare || m.begin == 0) return false;
  const absl::string_view prev = LowerAt(t, m.begin - 1);
  if (prev == "in" || prev == "into" || prev == "from" ||
      (prev == "both" && m.begin >= 2 && LowerAt(t, m.begin - 2) == "in")) {
    return true;
  }
  // "in both English and Spanish": the word before "and" after "in".
  return (prev == "and" || prev == "or") && m.begin >= 3 &&
         StartsCapital(t.Text(t.tokens[m.begin - 2])) &&
         (LowerAt(t, m.begin - 3) == "in" || LowerAt(t, m.begin - 3) == "both");
}

bool IsWorkTitle(const TokenizedText& t, const Mention& m) {
  // Nouns only: verbs that also name works ("play", "show", "hit") come
  // before names of our types too ("they play Chelsea"); they count only
  // after a determiner or an adjective ("the horror hit Boogeyman").
  static const auto* works = new WordSet{
      "film",    "movie",    "series",      "sitcom",       "soap",
      "drama",   "comedy",   "thriller",    "documentary",  "musical",
      "opera",   "album",    "song",        "novel",        "programme",
      "titled",  "entitled", "blockbuster", "blockbusters", "biopic",
      "cartoon", "ballad",   "anthem",      "track",        "sequel",
      "story",   "poem"};
  static const auto* verbs =
      new WordSet{"hit", "show", "play", "smash", "book"};
  static const auto* subjects = new WordSet{
      "i",    "we",    "they",  "he",  "she", "it",    "who", "to",
      "will", "would", "could", "can", "may", "might", "did", "not"};
  if (m.begin >= t.tokens.size()) return false;
  // "the BBC's Newsnight programme", "Radio 4's Today programme": a title
  // before the word for its kind (a programme's alone: "the Apollo
  // programme" is no name of ours either).
  if (m.end < t.tokens.size() && t.Lower(t.tokens[m.end]) == "programme") {
    return true;
  }
  if (m.begin == 0) return false;
  uint32_t k = m.begin - 1;
  // "the series The Osbournes": a title's own article.
  if (t.Lower(t.tokens[k]) == "the" && k > 0) --k;
  const Token& before = t.tokens[k];
  if (before.kind != TokenKind::kWord) return false;
  const absl::string_view w = t.Lower(before);
  if (works->contains(w)) return true;
  if (!verbs->contains(w) || k == 0) return false;
  const Token& ahead = t.tokens[k - 1];
  return ahead.kind == TokenKind::kWord && !StartsCapital(t.Text(ahead)) &&
         !subjects->contains(t.Lower(ahead));
}

bool IsFiniteVerb(const TokenizedText& t, uint32_t k) {
  static const auto* auxiliaries =
      new WordSet{"is",   "was",   "were",  "are",    "has",   "have", "had",
                  "will", "would", "could", "should", "might", "may",  "can",
                  "must", "did",   "does",  "said",   "says"};
  const Token& tok = t.tokens[k];
  if (tok.kind != TokenKind::kWord || !tok.space_before) return false;
  const absl::string_view w = t.Text(tok);
  if (absl::ascii_isupper(static_cast<unsigned char>(w[0]))) return false;
  if (auxiliaries->contains(w)) return true;
  return w.size() >= 4 && !absl::EndsWith(w, "ss") &&
         (absl::EndsWith(w, "s") || absl::EndsWith(w, "ed"));
}

bool IsSportDocument(const TokenizedText& t) {
  // Words that are sport's alone: a business or politics story uses
  // "win", "season", "league" or "coach" too, but not these.
  static const auto* sport = new WordSet{"striker",
                                         "midfielder",
                                         "goalkeeper",
                                         "defender",
                                         "winger",
                                         "premiership",
                                         "semi-final",
                                         "quarter-final",
                                         "half-time",
                                         "penalty",
                                         "goals",
                                         "scored",
                                         "fixture",
                                         "fixtures",
                                         "referee",
                                         "rugby",
                                         "football",
                                         "tennis",
                                         "cricket",
                                         "athletics",
                                         "match",
                                         "matches",
                                         "squad",
                                         "tries",
                                         "touchdown",
                                         "olympic",
                                         "olympics",
                                         "champions",
                                         "championship",
                                         "tournament",
                                         "unbeaten",
                                         "relegation",
                                         "stadium",
                                         "league",
                                         "cup",
                                         "coach",
                                         "coaching",
                                         "captain",
                                         "skipper",
                                         "athlete",
                                         "athletes",
                                         "medal",
                                         "medallist",
                                         "doping",
                                         "hamstring",
                                         "semi-finals",
                                         "quarter-finals",
                                         "full-back",
                                         "fly-half",
                                         "flanker",
                                         "scrum-half",
                                         "scrum",
                                         "second-half",
                                         "team-mate",
                                         "free-kick",
                                         "sprinter",
                                         "relay",
                                         "hurdles",
                                         "marathon",
                                         "midfield",
                                         "keeper",
                                         "indoor",
                                         "seeded",
                                         "wicket",
                                         "innings",
                                         "batsman",
                                         "bowler",
                                         "signings"};
  return UsesWordsOf(t, *sport, 4);
}

bool IsMusicDocument(const TokenizedText& t) {
  static const auto* music = new WordSet{
      "album",  "albums", "band",      "bands",   "singer",   "singers",
      "song",   "songs",  "guitarist", "drummer", "bassist",  "frontman",
      "lyrics", "gig",    "gigs",      "concert", "concerts", "rock",
      "punk",   "chart",  "charts",    "hip-hop", "rapper",   "musicians"};
  return UsesWordsOf(t, *music, 3);
}

}  // namespace docpipe::annotate::entities
