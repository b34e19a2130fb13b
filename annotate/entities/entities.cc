#include "annotate/entities/entities.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "annotate/entities/context.h"
#include "annotate/entities/document_rules.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/linker.h"
#include "annotate/entities/tagger.h"

extern "C" {
// annotate/entities/model.S: the model file, embedded by the assembler.
extern const char docpipe_entities_model_begin[];
extern const char docpipe_entities_model_end[];
}

namespace docpipe::annotate {
namespace {

using entities::Gazetteer;
using entities::GazetteerEntry;
using entities::Mention;
using entities::StartsCapital;

class EntitiesRecognizer final : public Recognizer {
 public:
  explicit EntitiesRecognizer(std::unique_ptr<entities::Tagger> tagger)
      : tagger_(std::move(tagger)), gazetteer_(Gazetteer::Default()) {}

  std::string name() const override { return "entities/1"; }

  void Recognize(const TokenizedText& t,
                 std::vector<v1::Annotation>* out) const override {
    std::vector<Mention> mentions;
    entities::Sentence s{&t, {}, {}};
    std::vector<uint8_t> tags;
    entities::DocHistory history;
    for (uint32_t k = 0; k <= t.tokens.size(); ++k) {
      // A name never runs across a line: headlines and captions end
      // without a full stop, so every line break ends a sentence here.
      const bool boundary =
          k == t.tokens.size() ||
          (k > 0 && (t.tokens[k].sentence_start ||
                     t.text.substr(t.tokens[k - 1].end,
                                   t.tokens[k].begin - t.tokens[k - 1].end)
                             .find('\n') != absl::string_view::npos));
      if (boundary) {
        if (!s.tokens.empty()) {
          gazetteer_.Label(t, s.tokens, &s.gazetteer);
          tagger_->Tag(s, &history, &tags);
          TagSentence(s, tags, &mentions);
        }
        s.tokens.clear();
      }
      if (k < t.tokens.size()) s.tokens.push_back(k);
    }
    PropagateNames(t, &mentions);
    ApplyDocumentRules(t, &mentions);
    entities::LinkMentions(t, &mentions);
    for (const Mention& m : mentions) {
      v1::Annotation& a = out->emplace_back();
      a.mutable_span()->set_begin(t.tokens[m.begin].begin);
      a.mutable_span()->set_end(t.tokens[m.end - 1].end);
      auto* e = a.mutable_entity();
      e->set_type(m.type);
      e->set_entity_id(m.id);
      e->set_canonical_name(m.canonical);
      e->set_link_key(m.link_key);
      e->set_evidence(m.evidence);
    }
  }

 private:
  // Turns one sentence's tags into mentions of our types, and adds the
  // gazetteer's names the tagger left out.
  void TagSentence(const entities::Sentence& s,
                   const std::vector<uint8_t>& tags,
                   std::vector<Mention>* out) const {
    const TokenizedText& t = *s.text;
    const size_t first_mention = out->size();
    const SentenceInfo info{s.tokens.front(), s.tokens.back() + 1,
                            IsTitleCase(t, s.tokens)};
    // Tagged spans, in token indices.
    struct Raw {
      uint32_t b, e;
      int tag;
    };
    std::vector<Raw> raw;
    for (size_t i = 0; i < tags.size();) {
      if (tags[i] == entities::kO) {
        ++i;
        continue;
      }
      const int begin_tag = (tags[i] - 1) / 2 * 2 + 1;
      size_t j = i + 1;
      while (j < tags.size() && tags[j] == begin_tag + 1) ++j;
      raw.push_back({s.tokens[i], s.tokens[j - 1] + 1, begin_tag});
      i = j;
    }
    // Joins the tagger splits: "Kim" + "Jong Un" (two PER side by side);
    // "Hankuk University" + "of Foreign Studies" (an organisation's head
    // word, "of"/"for", then capitalized words).
    std::vector<Raw> merged;
    // An organisation takes in the capitalized words before it that are no
    // nationality or title ("Friedrich" before "Naumann Foundation"), and
    // the spans it swallows leave `merged`.
    auto extend_back = [&](Raw& r) {
      size_t len = 0;
      while (r.b > info.first) {
        const uint32_t k = r.b - 1;
        const GazetteerEntry* g = gazetteer_.Match(t, k, r.e, &len);
        if (t.tokens[k].kind != TokenKind::kWord ||
            !StartsCapital(t.Text(t.tokens[k])) ||
            CapitalizedByPosition(t, info, k) ||
            gazetteer_.IsTitle(t.Lower(t.tokens[k])) ||
            (g != nullptr && g->type == v1::ENTITY_TYPE_NORP)) {
          break;
        }
        r.b = k;
      }
      while (!merged.empty() && merged.back().e > r.b) {
        if (merged.back().b >= r.b) {
          merged.pop_back();
        } else {
          merged.back().e = r.b;
        }
      }
    };
    for (size_t i = 0; i < raw.size(); ++i) {
      Raw r = raw[i];
      const size_t first_raw = i;
      while (i + 1 < raw.size() && r.tag == entities::kBPer &&
             raw[i + 1].tag == entities::kBPer && raw[i + 1].b == r.e &&
             t.tokens[r.e].space_before) {
        r.e = raw[++i].e;
      }
      // A known place the tagger split across two spans is one name with
      // the second: "West" + "Yorkshire Police" -> "West Yorkshire Police".
      if (!merged.empty() && merged.back().e == r.b &&
          t.tokens[r.b].space_before) {
        size_t len = 0;
        const GazetteerEntry* g =
            gazetteer_.Match(t, merged.back().b, r.e, &len);
        if (g != nullptr &&
            (g->type == v1::ENTITY_TYPE_GPE ||
             g->type == v1::ENTITY_TYPE_LOC) &&
            merged.back().b + len > r.b) {
          r.b = merged.back().b;
          merged.pop_back();
        }
      }
      // Letters after a person's name ("Tony Blair MP", "Daniel Hannan
      // MEP") are no part of it, and what is left is a person, whatever
      // the tagger saw.
      if (r.e - r.b > 1 && IsPostNominal(t.Text(t.tokens[r.e - 1]))) {
        --r.e;
        r.tag = entities::kBPer;
      }
      // A capitalized word the tagger left out right before a person's name
      // is the name's first word ("Russia Wi" + "Song Lak"), unless it is a
      // title, a known name, an ordinary word capitalized by position, or
      // part of the span before.
      if (r.tag == entities::kBPer && r.b > info.first &&
          t.tokens[r.b].space_before &&
          (merged.empty() || merged.back().e < r.b)) {
        const uint32_t k = r.b - 1;
        size_t len = 0;
        if (t.tokens[k].kind == TokenKind::kWord &&
            StartsCapital(t.Text(t.tokens[k])) &&
            !CapitalizedByPosition(t, info, k) &&
            !gazetteer_.IsTitle(t.Lower(t.tokens[k])) &&
            !gazetteer_.IsCommon(t.Lower(t.tokens[k])) &&
            gazetteer_.Match(t, k, info.end, &len) == nullptr &&
            (first_raw == 0 || raw[first_raw - 1].e <= k)) {
          r.b = k;
        }
      }
      // "Naumann" + "Foundation": a name followed by an organisation's head
      // word is that organisation, and takes in the capitalized words before
      // it that are no nationality or title ("Friedrich").
      if (r.e < info.end && t.tokens[r.e].kind == TokenKind::kWord &&
          StartsCapital(t.Text(t.tokens[r.e])) &&
          gazetteer_.IsOrgHead(t.Lower(t.tokens[r.e]))) {
        while (r.e < info.end && t.tokens[r.e].kind == TokenKind::kWord &&
               StartsCapital(t.Text(t.tokens[r.e])) &&
               gazetteer_.IsOrgHead(t.Lower(t.tokens[r.e]))) {
          ++r.e;
        }
        r.tag = entities::kBOrg;
        while (i + 1 < raw.size() && raw[i + 1].b < r.e) ++i;  // swallowed
        extend_back(r);
      } else if ((r.tag == entities::kBOrg || r.tag == entities::kBPer) &&
                 gazetteer_.IsOrgHead(t.Lower(t.tokens[r.e - 1]))) {
        r.tag = entities::kBOrg;  // "Friedrich" + "Naumann Foundation"
        extend_back(r);
      }
      if (r.e + 1 < info.end &&
          gazetteer_.IsOrgHead(t.Lower(t.tokens[r.e - 1])) &&
          (t.Lower(t.tokens[r.e]) == "of" || t.Lower(t.tokens[r.e]) == "for") &&
          StartsCapital(t.Text(t.tokens[r.e + 1]))) {
        uint32_t e = r.e + 1;
        while (
            e < info.end && t.tokens[e].kind == TokenKind::kWord &&
            (StartsCapital(t.Text(t.tokens[e])) ||
             ((t.Lower(t.tokens[e]) == "of" || t.Lower(t.tokens[e]) == "and") &&
              e + 1 < info.end && StartsCapital(t.Text(t.tokens[e + 1]))))) {
          ++e;
        }
        r.tag = entities::kBOrg;
        r.e = e;
        while (i + 1 < raw.size() && raw[i + 1].b < r.e) ++i;  // swallowed
      }
      merged.push_back(r);
    }
    for (const Raw& r : merged) AddSpan(t, info, r.b, r.e, r.tag, out);
    // Gazetteer names no tagged span touches.
    for (uint32_t k = info.first; k < info.end;) {
      size_t len = 0;
      const GazetteerEntry* e = gazetteer_.Match(t, k, info.end, &len);
      if (e == nullptr) {
        ++k;
        continue;
      }
      // Not inside anything the tagger marked, kept or not: "U.S." in the
      // event "U.S. Open" is a nested name (guidelines: not marked).
      bool overlaps = false;
      for (size_t m = first_mention; m < out->size(); ++m) {
        overlaps |= (*out)[m].begin < k + len && k < (*out)[m].end;
      }
      for (const Raw& r : merged) overlaps |= r.b < k + len && k < r.e;
      if (!overlaps) {
        out->push_back({.begin = k,
                        .end = static_cast<uint32_t>(k + len),
                        .type = e->type,
                        .known = e});
      }
      k += len;
    }
    std::sort(
        out->begin() + first_mention, out->end(),
        [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  }

  // A website named by its address is the organisation behind it:
  // "latinohiphopradio.com", "suprnova.org", "www.bbc.co.uk"; so is its
  // name on its own, capitalized ("Suprnova" beside "suprnova.org").
  static void AddWebsites(const TokenizedText& t,
                          std::vector<Mention>* mentions) {
    std::vector<bool> covered(t.tokens.size());
    for (Mention& m : *mentions) {
      for (uint32_t k = m.begin; k < m.end; ++k) covered[k] = true;
      if (m.end == m.begin + 1 &&
          entities::IsWebAddress(t.Lower(t.tokens[m.begin]))) {
        m.type = v1::ENTITY_TYPE_ORG;  // the tagger's, whatever its type
      }
    }
    absl::flat_hash_set<absl::string_view> stems;
    std::vector<Mention> added;
    for (uint32_t k = 0; k < t.tokens.size(); ++k) {
      absl::string_view stem;
      if (t.tokens[k].kind != TokenKind::kWord ||
          !entities::IsWebAddress(t.Lower(t.tokens[k]), &stem)) {
        continue;
      }
      if (stem.size() >= 3) stems.insert(stem);
      if (!covered[k]) {
        added.push_back(
            {.begin = k, .end = k + 1, .type = v1::ENTITY_TYPE_ORG});
      }
    }
    for (uint32_t k = 0; k < t.tokens.size() && !stems.empty(); ++k) {
      if (!covered[k] && t.tokens[k].kind == TokenKind::kWord &&
          StartsCapital(t.Text(t.tokens[k])) &&
          stems.contains(t.Lower(t.tokens[k])) &&
          !(k + 1 < t.tokens.size() &&
            t.tokens[k + 1].kind == TokenKind::kWord &&
            StartsCapital(t.Text(t.tokens[k + 1])))) {
        added.push_back(
            {.begin = k, .end = k + 1, .type = v1::ENTITY_TYPE_ORG});
      }
    }
    if (added.empty()) return;
    mentions->insert(mentions->end(), added.begin(), added.end());
    std::sort(
        mentions->begin(), mentions->end(),
        [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  }

  // One name, one reading per document: every other occurrence of a name
  // found once ("Enron went bankrupt" after "against Enron,") is a mention
  // too, unless it is part of a longer capitalized run, or a one-word name
  // that is an ordinary word where a capital says nothing (a sentence's
  // first word: "Usher them in"), with no verb after it as after a subject
  // ("Usher has", "Arsenal were").
  void PropagateNames(const TokenizedText& t,
                      std::vector<Mention>* mentions) const {
    absl::flat_hash_map<absl::string_view, size_t> names;  // text -> mention
    size_t longest = 0;
    for (size_t i = 0; i < mentions->size(); ++i) {
      const Mention& m = (*mentions)[i];
      names.try_emplace(SpanText(t, m.begin, m.end), i);
      longest = std::max<size_t>(longest, m.end - m.begin);
    }
    std::vector<bool> covered(t.tokens.size());
    for (const Mention& m : *mentions) {
      for (uint32_t k = m.begin; k < m.end; ++k) covered[k] = true;
    }
    auto capitalized_word = [&](size_t k) {
      return k < t.tokens.size() && t.tokens[k].kind == TokenKind::kWord &&
             StartsCapital(t.Text(t.tokens[k]));
    };
    std::vector<Mention> added;
    for (uint32_t k = 0; k < t.tokens.size(); ++k) {
      if (covered[k] || !capitalized_word(k)) continue;
      if (k > 0 && !t.tokens[k].sentence_start && capitalized_word(k - 1)) {
        continue;
      }
      for (size_t n = std::min(longest, t.tokens.size() - k); n >= 1; --n) {
        const uint32_t e = static_cast<uint32_t>(k + n);
        auto it = names.find(SpanText(t, k, e));
        if (it == names.end()) continue;
        bool free = true;
        for (uint32_t j = k; j < e; ++j) free = free && !covered[j];
        if (!free || capitalized_word(e)) break;
        if (n == 1 && t.tokens[k].sentence_start &&
            gazetteer_.IsCommon(t.Lower(t.tokens[k])) &&
            !(e < t.tokens.size() && entities::IsFiniteVerb(t, e))) {
          break;
        }
        const Mention& from = (*mentions)[it->second];
        added.push_back(
            {.begin = k, .end = e, .type = from.type, .known = from.known});
        k = e - 1;
        break;
      }
    }
    if (added.empty()) return;
    mentions->insert(mentions->end(), added.begin(), added.end());
    std::sort(
        mentions->begin(), mentions->end(),
        [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  }

  static absl::string_view SpanText(const TokenizedText& t, uint32_t b,
                                    uint32_t e) {
    return absl::string_view(t.text.data() + t.tokens[b].begin,
                             t.tokens[e - 1].end - t.tokens[b].begin);
  }

  // What needs the whole document: a nationality word used as a language
  // is no mention ("in Spanish", "Spanish-language"); in a document about
  // sport, a club named after its town is the club ("Portsmouth beat
  // Chelsea"), but not after "in".
  void ApplyDocumentRules(const TokenizedText& t,
                          std::vector<Mention>* mentions) const {
    std::erase_if(*mentions, [&](const Mention& m) {
      return m.type == v1::ENTITY_TYPE_NORP && entities::IsLanguageUse(t, m);
    });
    entities::SplitCoordinations(t, mentions);
    entities::MarkInitialledNames(t, mentions);
    entities::JoinParticleNames(t, mentions);
    entities::DropBrandPlurals(t, mentions);
    // The title of a work is no name of ours, wherever it recurs in the
    // document ("the film Super Size Me ... Super Size Me won").
    absl::flat_hash_set<absl::string_view> titles;
    for (const Mention& m : *mentions) {
      if (m.known == nullptr && entities::IsWorkTitle(t, m)) {
        titles.insert(SpanText(t, m.begin, m.end));
      }
    }
    if (!titles.empty()) {
      std::erase_if(*mentions, [&](const Mention& m) {
        return m.known == nullptr &&
               titles.contains(SpanText(t, m.begin, m.end));
      });
    }
    entities::DropProductNames(t, mentions);
    AddWebsites(t, mentions);
    RetypeListedOrgs(t, mentions);
    entities::RetypeCompanies(t, mentions);
    entities::DropOrdinaryWordPersons(t, mentions);
    entities::RetypePlacesNamedAsPeople(t, mentions);
    if (!entities::IsSportDocument(t)) return;
    // Nicknames first: a team sheet's names are people ("Brooks").
    entities::MarkTeamNicknames(t, mentions);
    entities::MarkTeamSheets(t, mentions);
    entities::MarkClubsAndGrounds(t, mentions);
  }

  // A name the tagger took for a person or a place that the lists know as
  // a brand ("Jaguar", "Virgin Trains"), or, in a document about music,
  // for a person that they know as a band ("Muse", "Iron Maiden"; not "the
  // Queen"), is that organisation.
  void RetypeListedOrgs(const TokenizedText& t,
                        std::vector<Mention>* mentions) const {
    int music = -1;  // unknown until a band's name needs it
    for (Mention& m : *mentions) {
      if (m.known != nullptr || m.type == v1::ENTITY_TYPE_ORG ||
          m.type == v1::ENTITY_TYPE_NORP) {
        continue;
      }
      const std::string name =
          entities::NormalizedName(t, m.begin, m.end - m.begin);
      bool org = gazetteer_.IsBrand(name);
      if (!org && m.type == v1::ENTITY_TYPE_PERSON && gazetteer_.IsBand(name) &&
          !(m.begin > 0 && t.Text(t.tokens[m.begin - 1]) == "the")) {
        if (music < 0) {
          music = entities::IsMusicDocument(t) && !entities::IsSportDocument(t);
        }
        org = music > 0;
      }
      if (org) m.type = v1::ENTITY_TYPE_ORG;
    }
  }

  // Tokens [b, e) are a company's or a brand's one-word name and then a
  // model: words that hold a model code (a digit, or two to four capitals:
  // "PSP", "DS", "GSI"), no known name or organisation's head word among
  // them ("Sony BMG", "Band Aid 20" and "BBC Worldwide" stay whole).
  bool IsMakerAndModel(const TokenizedText& t, uint32_t b, uint32_t e) const {
    const GazetteerEntry* maker = gazetteer_.MatchWord(t.Lower(t.tokens[b]));
    if (!(maker != nullptr && maker->type == v1::ENTITY_TYPE_ORG) &&
        !gazetteer_.IsBrand(entities::NormalizedName(t, b, 1))) {
      return false;
    }
    bool code = false;
    for (uint32_t k = b + 1; k < e; ++k) {
      const Token& tok = t.tokens[k];
      const absl::string_view w = t.Text(tok);
      if (tok.kind != TokenKind::kWord ||
          gazetteer_.MatchWord(t.Lower(tok)) != nullptr ||
          gazetteer_.IsBrand(t.Lower(tok)) ||
          gazetteer_.IsOrgHead(t.Lower(tok))) {
        return false;
      }
      const bool caps = w.size() >= 2 && w.size() <= 4 &&
                        std::all_of(w.begin(), w.end(), absl::ascii_isupper);
      code =
          code || caps || std::any_of(w.begin(), w.end(), absl::ascii_isdigit);
    }
    return code;
  }

  struct SentenceInfo {
    uint32_t first, end;  // token range
    bool title_case;      // a headline: every word capitalized
  };

  // Words a headline leaves in lower case ("Russia and the West").
  static bool IsMinorWord(absl::string_view lw) {
    static const auto* minor = new absl::flat_hash_set<absl::string_view>{
        "a",  "an", "and", "as",  "at", "but", "by",   "for",  "from", "in",
        "of", "on", "or",  "the", "to", "vs",  "with", "into", "over", "amid"};
    return minor->contains(lw);
  }

  // Personal pronouns and possessives that no name of ours contains ("his"
  // and "her" do: "Her Majesty's Treasury").
  static bool IsPronoun(absl::string_view lw) {
    static const auto* pronouns = new absl::flat_hash_set<absl::string_view>{
        "my",   "your", "our",  "their", "you", "me",   "we",
        "they", "us",   "them", "it",    "its", "mine", "yours"};
    return pronouns->contains(lw);
  }

  // Words that open a clause before a name ("Since", "While", "If").
  static bool IsOpener(absl::string_view lw) {
    static const auto* openers = new absl::flat_hash_set<absl::string_view>{
        "since",   "while",  "if",      "when",    "although", "though",
        "after",   "before", "because", "unlike",  "despite",  "meanwhile",
        "however", "also",   "both",    "even",    "yet",      "so",
        "then",    "once",   "until",   "whether", "where",    "as",
        "like",    "under",  "without", "within"};
    return openers->contains(lw);
  }

  static bool IsTitleCase(const TokenizedText& t,
                          const std::vector<uint32_t>& tokens) {
    int words = 0, capitalized = 0;
    for (uint32_t k : tokens) {
      if (t.tokens[k].kind != TokenKind::kWord) continue;
      const absl::string_view w = t.Text(t.tokens[k]);
      if (!StartsCapital(w) && IsMinorWord(t.Lower(t.tokens[k]))) continue;
      ++words;
      capitalized += StartsCapital(w);
    }
    return words >= 3 && capitalized == words;
  }

  // Whether token k is an ordinary English word written with a capital
  // only because of where it stands (a sentence's first word, after any
  // opening quote or bracket: "“If", "(According"; a headline).
  bool CapitalizedByPosition(const TokenizedText& t, const SentenceInfo& info,
                             uint32_t k) const {
    bool first_word = true;
    for (uint32_t j = info.first; j < k && first_word; ++j) {
      first_word = t.tokens[j].kind == TokenKind::kPunct;
    }
    return (first_word || info.title_case) &&
           gazetteer_.IsCommon(t.Lower(t.tokens[k]));
  }

  // Offices, which name a post, not its holder.
  static bool IsOffice(absl::string_view lower) {
    static const auto* offices = new absl::flat_hash_set<absl::string_view>{
        "chancellor", "president",    "minister",  "secretary",  "chairman",
        "chairwoman", "governor",     "mayor",     "senator",    "ambassador",
        "premier",    "commissioner", "spokesman", "spokeswoman"};
    return offices->contains(lower);
  }

  // Words that open a storm's name.
  static bool IsStorm(absl::string_view lower) {
    return lower == "hurricane" || lower == "typhoon" || lower == "cyclone" ||
           lower == "storm";
  }

  // Letters written after a person's name for an office or a rank.
  static bool IsPostNominal(absl::string_view word) {
    return word == "MP" || word == "MEP" || word == "MSP" || word == "QC" ||
           word == "MLA";
  }

  // One tagged span [b, e) of CoNLL type begin_tag, after the boundary
  // rules: no leading titles, determiners or sentence-initial words, no
  // trailing possessive or punctuation, a nationality before an
  // organisation split off, extended to a known name it is part of, and
  // the type mapped onto ours.
  void AddSpan(const TokenizedText& t, const SentenceInfo& info, uint32_t b,
               uint32_t e, int begin_tag, std::vector<Mention>* out) const {
    size_t len = 0;
    // The tagger typed the span it saw; once words are cut off the front
    // ("Since Moscow" ORG), its type is no evidence for the rest.
    bool cut_front = false;
    auto exact_known = [&](uint32_t from, uint32_t to) {
      const GazetteerEntry* g = gazetteer_.Match(t, from, to, &len);
      return g != nullptr && len == to - from;
    };
    while (e - b > 1) {
      const absl::string_view lw = t.Lower(t.tokens[b]);
      const bool known = exact_known(b, e);
      if (t.tokens[b].kind == TokenKind::kPunct ||
          !StartsCapital(t.Text(t.tokens[b])) || (lw == "the" && !known) ||
          gazetteer_.IsTitle(lw) ||
          // "Since Moscow", "Deepening Moscow", "Newcomer Ciara": an
          // ordinary word capitalized by position before a known name, a
          // function word or a role. Not
          // "Tiger Woods" or "Federal Reserve".
          (!known && CapitalizedByPosition(t, info, b) &&
           (IsMinorWord(lw) || IsOpener(lw) || exact_known(b + 1, e) ||
            entities::IsPersonRole(lw)))) {
        ++b;
        cut_front = true;
        continue;
      }
      break;
    }
    // A possessive the tagger took in ("Korea's" -> "Korea"), punctuation
    // ("Putin’" of "Putin’s"), and lower-case or (in a headline) ordinary
    // words at the end ("NIS has", "Ukraine Conflict").
    while (e > b) {
      const Token& last = t.tokens[e - 1];
      const absl::string_view lw = t.Lower(last);
      if (e - b > 2 && lw == "s" && !last.space_before &&
          t.tokens[e - 2].kind == TokenKind::kPunct) {
        e -= 2;
      } else if ((last.kind == TokenKind::kPunct && lw != ".") ||
                 (last.kind == TokenKind::kWord &&
                  !StartsCapital(t.Text(last)))) {
        --e;
      } else {
        break;
      }
    }
    // A headline's ordinary words after a known name: "North Korea Gains
    // Financial" -> "North Korea" (but "Kansas City", "Stuart Law" stay).
    if (info.title_case && !exact_known(b, e)) {
      for (uint32_t cut = e - 1; cut > b; --cut) {
        bool ordinary_tail = true;
        for (uint32_t k = cut; k < e && ordinary_tail; ++k) {
          ordinary_tail = gazetteer_.IsCommon(t.Lower(t.tokens[k]));
        }
        if (!ordinary_tail) break;
        if (exact_known(b, cut)) {
          e = cut;
          break;
        }
      }
    }
    if (b == e || !StartsCapital(t.Text(t.tokens[b]))) return;
    // A hyphenated name is one name: the tagger may leave out the part
    // before or after the hyphen ("Carl-Peter Forster", "Magnus
    // McEwen-King", "Mercedes-Benz"). Not a known name across the hyphen
    // ("Russia-North Korea", split below).
    auto hyphen_at = [&](uint32_t h) {
      return h > info.first && h < info.end && h + 1 < info.end &&
             t.Text(t.tokens[h]) == "-" && !t.tokens[h].space_before &&
             !t.tokens[h + 1].space_before &&
             t.tokens[h - 1].kind == TokenKind::kWord &&
             t.tokens[h + 1].kind == TokenKind::kWord &&
             StartsCapital(t.Text(t.tokens[h - 1])) &&
             StartsCapital(t.Text(t.tokens[h + 1]));
    };
    if (begin_tag == entities::kBPer || begin_tag == entities::kBOrg) {
      while (b >= info.first + 2 && hyphen_at(b - 1) &&
             !exact_known(b - 2, b - 1) && !exact_known(b, e)) {
        b -= 2;
      }
      while (e < info.end && hyphen_at(e) && !exact_known(e + 1, e + 2) &&
             !exact_known(b, e)) {
        e += 2;
      }
    }
    // A Korean given name's lower-case second syllable: "Kim Jong-il",
    // "Chung Dong-young" (the tagger stops at the hyphen). Not a compound
    // adjective: "Seoul-based", "Kim-led".
    if (begin_tag == entities::kBPer && e - b >= 2 && e + 1 < info.end &&
        t.Text(t.tokens[e]) == "-" && !t.tokens[e].space_before &&
        !t.tokens[e + 1].space_before &&
        t.tokens[e + 1].kind == TokenKind::kWord) {
      const absl::string_view syllable = t.Text(t.tokens[e + 1]);
      static const auto* compounds = new absl::flat_hash_set<absl::string_view>{
          "based", "led",   "born", "owned", "backed",   "run",    "style",
          "era",   "bound", "made", "built", "linked",   "funded", "controlled",
          "type",  "like",  "year", "old",   "inspired", "related"};
      if (syllable.size() <= 5 && absl::ascii_islower(syllable[0]) &&
          !compounds->contains(syllable) &&
          (e + 2 >= t.tokens.size() || t.Text(t.tokens[e + 2]) != "-")) {
        e += 2;
      }
    }
    // Known names joined by a hyphen are each a mention: "Russia-North
    // Korea partnership", "US-China talks" (the tagger takes the compound
    // as one name, or as MISC).
    if (!exact_known(b, e)) {
      for (uint32_t h = b + 1; h + 1 < e; ++h) {
        if (t.Text(t.tokens[h]) != "-" || t.tokens[h].space_before ||
            t.tokens[h + 1].space_before || !exact_known(b, h) ||
            !exact_known(h + 1, e)) {
          continue;
        }
        for (const auto& [from, to] : {std::pair{b, h}, std::pair{h + 1, e}}) {
          const GazetteerEntry* g = gazetteer_.Match(t, from, to, &len);
          out->push_back(
              {.begin = from, .end = to, .type = g->type, .known = g});
        }
        return;
      }
    }
    // A lone ordinary word capitalized by position ("The", "Since"), or a
    // headline's ordinary words ("Limited Gains").
    bool all_ordinary = true;
    for (uint32_t k = b; k < e && all_ordinary; ++k) {
      all_ordinary = CapitalizedByPosition(t, info, k) ||
                     t.tokens[k].kind != TokenKind::kWord;
    }
    if (all_ordinary && !exact_known(b, e)) return;
    // A lone letter ("R" of "R&B-soul") names nothing.
    if (e == b + 1 && t.Text(t.tokens[b]).size() == 1) return;
    // Events and awards ("Soul Train Music Awards", "Berlin Film Festival")
    // and capitalized words that are no names ("R&B", "Christmas").
    if (!exact_known(b, e) &&
        gazetteer_.IsEventHead(t.Lower(t.tokens[e - 1]))) {
      return;
    }
    // A storm by its name ("Hurricane Katrina", "Typhoon Songda").
    if (e - b >= 2 && IsStorm(t.Lower(t.tokens[b]))) return;
    // An office alone is no name: "the Lord Chancellor" leaves
    // "Chancellor", "the Foreign Secretary" "Secretary".
    if (e == b + 1 && IsOffice(t.Lower(t.tokens[b]))) return;
    // Buildings, roads and grounds ("Stradey Park", "Independence Square",
    // "Roosevelt Hotel"), which the tagger reads as places or
    // organisations.
    if (begin_tag != entities::kBPer && e - b >= 2 && !exact_known(b, e) &&
        gazetteer_.IsFacilityHead(t.Lower(t.tokens[e - 1]))) {
      return;
    }
    bool not_name = true;
    for (uint32_t k = b; k < e && not_name; ++k) {
      not_name = t.tokens[k].kind != TokenKind::kWord ||
                 gazetteer_.IsNotName(t.Lower(t.tokens[k]));
    }
    not_name = not_name || gazetteer_.IsNotName(absl::string_view(
                               t.lowered.data() + t.tokens[b].begin,
                               t.tokens[e - 1].end - t.tokens[b].begin));
    if (not_name) return;
    // A pronoun makes a title, not a name: the songs "My Boo" and "Got
    // You", the service "My Ask Jeeves" ("IT" is no pronoun).
    if (!exact_known(b, e)) {
      for (uint32_t k = b; k < e; ++k) {
        const absl::string_view w = t.Text(t.tokens[k]);
        if (IsPronoun(t.Lower(t.tokens[k])) &&
            (w.size() == 1 || !absl::ascii_isupper(w[1]))) {
          return;
        }
      }
    }
    // A maker's name before a model's ("Sony PSP", "Cadillac BLS",
    // "Vauxhall Astra GSI"): the product is no name of ours, the maker is.
    if (e - b >= 2 && !exact_known(b, e) && IsMakerAndModel(t, b, e)) {
      e = b + 1;
      begin_tag = entities::kBOrg;
    }
    // "German Friedrich Naumann Foundation" -> NORP + ORG.
    if (begin_tag == entities::kBOrg) {
      const GazetteerEntry* lead = gazetteer_.Match(t, b, e, &len);
      // Not when the rest is no name of its own, words of the dictionary:
      // "Welsh Rugby Union", "European Court of Human Rights" (but "German
      // Foundation" is a short form after the foundation's name).
      // Nor a party named after its creed: "Communist Party", "Socialist
      // Party" (a political group and "Party" alone).
      const bool party =
          e - b - len == 1 && (t.Lower(t.tokens[b + len]) == "party" ||
                               t.Lower(t.tokens[b + len]) == "front");
      if (lead && lead->type == v1::ENTITY_TYPE_NORP && len < e - b && !party &&
          StartsCapital(t.Text(t.tokens[b + len])) &&
          !(e - b - len >= 2 &&
            gazetteer_.IsCommon(t.Lower(t.tokens[b + len])))) {
        out->push_back({.begin = b,
                        .end = static_cast<uint32_t>(b + len),
                        .type = lead->type,
                        .known = lead});
        b += len;
      }
    }
    // Part of a longer known name: "Pacific" in "Indo-Pacific".
    for (uint32_t from = b >= info.first + 2 ? b - 2 : info.first; from <= b;
         ++from) {
      const GazetteerEntry* g = gazetteer_.Match(t, from, info.end, &len);
      if (g != nullptr && from + len >= e && (from < b || from + len > e)) {
        b = from;
        e = static_cast<uint32_t>(from + len);
        break;
      }
    }
    const GazetteerEntry* known =
        exact_known(b, e) ? gazetteer_.Match(t, b, e, &len) : nullptr;
    v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
    const bool org_head = gazetteer_.IsOrgHead(t.Lower(t.tokens[e - 1]));
    // A person the tagger saw in context stays a person ("Washington
    // said"), and so does a club named after its city ("Leeds beat
    // Chelsea"). A country keeps its literal type, national teams too
    // (guidelines: metonymy keeps the literal type).
    if (known &&
        (known->type == v1::ENTITY_TYPE_GPE ||
         known->type == v1::ENTITY_TYPE_LOC) &&
        (begin_tag == entities::kBPer ||
         (begin_tag == entities::kBOrg && !known->country && !cut_front))) {
      known = nullptr;
    }
    if (known) {
      type = known->type;
    } else if (begin_tag == entities::kBPer) {
      type = org_head ? v1::ENTITY_TYPE_ORG : v1::ENTITY_TYPE_PERSON;
    } else if (begin_tag == entities::kBOrg) {
      type = v1::ENTITY_TYPE_ORG;
    } else if (begin_tag == entities::kBLoc) {
      type = gazetteer_.IsLocHead(t.Lower(t.tokens[e - 1]))
                 ? v1::ENTITY_TYPE_LOC
                 : v1::ENTITY_TYPE_GPE;
    } else {
      return;  // MISC that is no known nationality or group
    }
    // Never two mentions over one token (the split above, an extension).
    for (const Mention& m : *out) {
      if (m.begin <= b && m.end >= e) return;
    }
    out->push_back({.begin = b, .end = e, .type = type, .known = known});
  }

  std::unique_ptr<entities::Tagger> tagger_;
  const Gazetteer& gazetteer_;
};

}  // namespace

absl::string_view EmbeddedEntitiesModel() {
  return absl::string_view(
      docpipe_entities_model_begin,
      docpipe_entities_model_end - docpipe_entities_model_begin);
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewEntitiesRecognizer(
    absl::string_view model) {
  auto tagger = entities::Tagger::Load(model);
  if (!tagger.ok()) return tagger.status();
  return std::make_unique<EntitiesRecognizer>(*std::move(tagger));
}

absl::StatusOr<std::unique_ptr<Recognizer>> NewEntitiesRecognizer() {
  return NewEntitiesRecognizer(EmbeddedEntitiesModel());
}

}  // namespace docpipe::annotate
