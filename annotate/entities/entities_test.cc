// The entities layer through the engine (embedded model and gazetteer):
// boundaries, types, aliases, brackets, possessives, short forms and
// transliterations; and the pieces underneath (gazetteer, model file,
// training determinism).
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/match.h"
#include "annotate/engine.h"
#include "annotate/entities/context.h"
#include "annotate/entities/document_rules.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/linker.h"
#include "annotate/entities/tagger.h"
#include "annotate/eval/conll.h"

namespace docpipe::annotate {
namespace {

struct Found {
  std::string text, type, id, evidence;
};

std::vector<Found> Entities(absl::string_view text) {
  static auto* engine = Engine::Create()->release();
  LayerSet entities;
  entities.Add(Layer::kEntities);
  auto anns = engine->Annotate(text, entities);
  EXPECT_TRUE(anns.ok()) << anns.status();
  std::vector<Found> out;
  for (const auto& a : *anns) {
    out.push_back(
        {std::string(
             text.substr(a.span().begin(), a.span().end() - a.span().begin())),
         std::string(v1::EntityType_Name(a.entity().type()).substr(12)),
         a.entity().entity_id(), a.entity().evidence()});
  }
  return out;
}

const Found* Get(const std::vector<Found>& all, absl::string_view text) {
  for (const Found& f : all) {
    if (f.text == text) return &f;
  }
  return nullptr;
}

TEST(EntitiesTest, NamesWithoutTitlesOrPossessives) {
  auto all = Entities(
      "Former ambassador Wi Song Lak said North Korea's army and "
      "Vladimir Putin\u2019s government would meet. Cofinec CEO Stephen "
      "Frater and Councillor Jane Smith spoke. Tony Blair MP and Education "
      "Secretary Ruth Kelly met Labour MP Diane Abbott and MEP Daniel "
      "Hannan. Baroness Kennedy and the Lord Chancellor met the Liberal "
      "Democrat leader.");
  ASSERT_NE(Get(all, "Wi Song Lak"), nullptr);
  EXPECT_EQ(Get(all, "Chancellor"), nullptr);  // an office, no name
  ASSERT_NE(Get(all, "Liberal Democrat"), nullptr);
  EXPECT_EQ(Get(all, "Liberal Democrat")->type, "NORP");
  for (const char* person :
       {"Stephen Frater", "Jane Smith", "Tony Blair", "Ruth Kelly",
        "Diane Abbott", "Daniel Hannan", "Kennedy"}) {
    ASSERT_NE(Get(all, person), nullptr) << person;  // no "CEO", "Councillor"
    EXPECT_EQ(Get(all, person)->type, "PERSON");
  }
  EXPECT_EQ(Get(all, "Wi Song Lak")->type, "PERSON");
  ASSERT_NE(Get(all, "North Korea"), nullptr);
  EXPECT_EQ(Get(all, "North Korea")->id, "north_korea");
  ASSERT_NE(Get(all, "Vladimir Putin"), nullptr);
  for (const Found& f : all) {
    EXPECT_EQ(f.text.find("'s"), std::string::npos) << f.text;
    EXPECT_EQ(f.text.find("\u2019"), std::string::npos) << f.text;
    EXPECT_EQ(f.text.find("ambassador"), std::string::npos) << f.text;
  }
}

TEST(EntitiesTest, HyphenJoinedNamesAndWorkTitles) {
  auto all = Entities(
      "The Russia-North Korea partnership worried US-China talks. She starred "
      "in the comedy Super Size Me in London. Super Size Me made money.");
  ASSERT_NE(Get(all, "Russia"), nullptr);
  ASSERT_NE(Get(all, "North Korea"), nullptr);
  ASSERT_NE(Get(all, "US"), nullptr);
  ASSERT_NE(Get(all, "China"), nullptr);
  EXPECT_EQ(Get(all, "Russia-North Korea"), nullptr);
  ASSERT_NE(Get(all, "London"), nullptr);
  for (const Found& f : all) {
    EXPECT_EQ(f.text.find("Size"), std::string::npos) << f.text;
  }
}

TEST(EntitiesTest, HyphenatedNamesAreOneName) {
  auto all = Entities(
      "Opel boss Carl-Peter Forster met Magnus McEwen-King in Berlin.");
  ASSERT_NE(Get(all, "Carl-Peter Forster"), nullptr);
  EXPECT_EQ(Get(all, "Carl-Peter Forster")->type, "PERSON");
  EXPECT_EQ(Get(all, "Peter Forster"), nullptr);
  // A first name the tagger left out after a place.
  all = Entities("The former ambassador to Russia Wi Song Lak claims that.");
  ASSERT_NE(Get(all, "Wi Song Lak"), nullptr);
  EXPECT_EQ(Get(all, "Russia")->type, "GPE");
}

TEST(EntitiesTest, CoordinatedNamesShareTheSurerType) {
  const std::string text =
      "Vladimir Putin met the press. Putin said little. Vladimir Putin and "
      "Kim Jong Un.";
  auto all = Entities(text);
  ASSERT_NE(Get(all, "Kim Jong Un"), nullptr);
  EXPECT_EQ(Get(all, "Kim Jong Un")->type, "PERSON");
  EXPECT_EQ(Get(all, "Vladimir Putin")->type, "PERSON");
}

TEST(EntitiesTest, TypographicQuotesReadLikeAscii) {
  auto all =
      Entities("\u201cIf we wait, Vladimir Putin\u2019s army wins.\u201d");
  ASSERT_NE(Get(all, "Vladimir Putin"), nullptr);
  EXPECT_EQ(Get(all, "Vladimir Putin")->type, "PERSON");
  EXPECT_EQ(Get(all, "If"), nullptr);
}

TEST(EntitiesTest, TypesAndNationalityBeforeAnOrganisation) {
  auto all = Entities(
      "A study by the German Friedrich Naumann Foundation says Moscow has "
      "turned to Pyongyang. Russian officials looked to East Asia.");
  ASSERT_NE(Get(all, "German"), nullptr);
  EXPECT_EQ(Get(all, "German")->type, "NORP");
  ASSERT_NE(Get(all, "Friedrich Naumann Foundation"), nullptr);
  EXPECT_EQ(Get(all, "Friedrich Naumann Foundation")->type, "ORG");
  EXPECT_EQ(Get(all, "Moscow")->type, "GPE");
  EXPECT_EQ(Get(all, "Pyongyang")->type, "GPE");
  EXPECT_EQ(Get(all, "Russian")->type, "NORP");
  EXPECT_EQ(Get(all, "East Asia")->type, "LOC");
  // A nationality that is part of the name stays in it.
  all = Entities("He went to the European Court of Human Rights on Monday.");
  ASSERT_NE(Get(all, "European Court of Human Rights"), nullptr);
  EXPECT_EQ(Get(all, "European"), nullptr);
}

TEST(EntitiesTest, AliasesBracketsAndShortForms) {
  auto all = Entities(
      "The DPRK denied it. North Korea later agreed.\n\n"
      "The Friedrich Naumann Foundation for Freedom (FNF) published it. "
      "Olena Guseinova wrote the report. The FNF says Guseinova is right.");
  ASSERT_NE(Get(all, "DPRK"), nullptr);
  EXPECT_EQ(Get(all, "DPRK")->id, Get(all, "North Korea")->id);
  const Found* full = Get(all, "Friedrich Naumann Foundation for Freedom");
  ASSERT_NE(full, nullptr);
  std::vector<const Found*> fnf;
  for (const Found& f : all) {
    if (f.text == "FNF") fnf.push_back(&f);
  }
  ASSERT_EQ(fnf.size(), 2u);
  EXPECT_EQ(fnf[0]->id, full->id);
  EXPECT_EQ(fnf[0]->type, "ORG");
  EXPECT_NE(fnf[0]->evidence.find("abbreviation in brackets"),
            std::string::npos);
  EXPECT_EQ(fnf[1]->id, full->id);
  ASSERT_NE(Get(all, "Guseinova"), nullptr);
  EXPECT_EQ(Get(all, "Guseinova")->id, Get(all, "Olena Guseinova")->id);
  EXPECT_NE(Get(all, "Guseinova")->evidence.find("short form"),
            std::string::npos);
}

TEST(EntitiesTest, PublicationKeepsItsThe) {
  auto all = Entities("It was reported by The Korea Herald on Monday.");
  ASSERT_NE(Get(all, "The Korea Herald"), nullptr);
  EXPECT_EQ(Get(all, "The Korea Herald")->type, "ORG");
}

TEST(EntitiesTest, HeadlineWordsAreNotNames) {
  auto all = Entities("Limited Gains And Historical Context\n\nIt rained.");
  EXPECT_TRUE(all.empty()) << all[0].text;
}

TEST(EntitiesTest, SentenceInitialWordsCutOnlyBeforeAKnownName) {
  auto all = Entities("Since Moscow agreed, talks went on.");
  ASSERT_NE(Get(all, "Moscow"), nullptr);
  EXPECT_EQ(Get(all, "Moscow")->type, "GPE");
  EXPECT_EQ(Get(all, "Since Moscow"), nullptr);
  all = Entities("Tiger Woods won again on Sunday.");
  ASSERT_NE(Get(all, "Tiger Woods"), nullptr);
  EXPECT_EQ(Get(all, "Tiger Woods")->type, "PERSON");
  // A headline's ordinary words after a known name are cut.
  all = Entities("North Korea Gains Financial Support\n\nIt rained.");
  ASSERT_NE(Get(all, "North Korea"), nullptr);
  EXPECT_EQ(Get(all, "North Korea Gains Financial Support"), nullptr);
}

TEST(LinkerTest, TransliterationVariantsShareAKey) {
  using entities::NameKey;
  EXPECT_EQ(NameKey("Olena Guseinova"), NameKey("Elena Huseynova"));
  EXPECT_EQ(NameKey("Wi Song Lak"), NameKey("Wi Son Lak"));
  EXPECT_EQ(NameKey("Wi Song Lak"), NameKey("Wi Sunglac"));
  EXPECT_EQ(NameKey("Vladimir Putin"), NameKey("Wladimir Putin"));
  EXPECT_EQ(NameKey("Jos\u00e9 Mar\u00eda"), NameKey("Jose Maria"));
  EXPECT_NE(NameKey("Olena Guseinova"), NameKey("Olena Petrova"));
  EXPECT_NE(NameKey("Kim Jong Un"), NameKey("Moon Jae-in"));
  EXPECT_EQ(entities::Slug("Friedrich Naumann Foundation"),
            "friedrich_naumann_foundation");
}

// Mentions of the given types over the first occurrences of the one-token
// name in t, in order.
std::vector<entities::Mention> MentionsOf(
    const TokenizedText& t, absl::string_view name,
    const std::vector<v1::EntityType>& types) {
  std::vector<entities::Mention> out;
  for (uint32_t k = 0; k < t.tokens.size() && out.size() < types.size(); ++k) {
    if (t.Text(t.tokens[k]) == name) {
      out.push_back({.begin = k, .end = k + 1, .type = types[out.size()]});
    }
  }
  return out;
}

TEST(LinkerTest, OneEntityOneType) {
  const TokenizedText t = Tokenize("Qwest rose. Qwest fell. Qwest said so.");
  auto m = MentionsOf(
      t, "Qwest",
      {v1::ENTITY_TYPE_ORG, v1::ENTITY_TYPE_ORG, v1::ENTITY_TYPE_PERSON});
  ASSERT_EQ(m.size(), 3u);
  entities::LinkMentions(t, &m);
  for (const auto& x : m) {
    EXPECT_EQ(x.type, v1::ENTITY_TYPE_ORG);
    EXPECT_EQ(x.id, "qwest");
    EXPECT_EQ(x.link_key, m[0].link_key);
  }
}

TEST(LinkerTest, CompanyEvidenceTurnsAPlaceIntoAnOrganisation) {
  // One company context outweighs several bare mentions typed a place.
  const TokenizedText t = Tokenize(
      "Verizon's shareholders agreed. Verizon fell. Verizon rose. Verizon "
      "won.");
  auto m = MentionsOf(t, "Verizon",
                      {v1::ENTITY_TYPE_GPE, v1::ENTITY_TYPE_GPE,
                       v1::ENTITY_TYPE_GPE, v1::ENTITY_TYPE_GPE});
  ASSERT_EQ(m.size(), 4u);
  entities::LinkMentions(t, &m);
  for (const auto& x : m) EXPECT_EQ(x.type, v1::ENTITY_TYPE_ORG);
}

TEST(LinkerTest, ACityAndItsClubKeepTheirTypes) {
  // Without company evidence a place stays a place, and no vote makes the
  // club (or anything else) a place.
  const TokenizedText t =
      Tokenize("Milwaukee beat Detroit. Milwaukee is cold. Milwaukee won.");
  auto m = MentionsOf(
      t, "Milwaukee",
      {v1::ENTITY_TYPE_ORG, v1::ENTITY_TYPE_GPE, v1::ENTITY_TYPE_GPE});
  ASSERT_EQ(m.size(), 3u);
  entities::LinkMentions(t, &m);
  EXPECT_EQ(m[0].type, v1::ENTITY_TYPE_ORG);
  EXPECT_EQ(m[1].type, v1::ENTITY_TYPE_GPE);
  EXPECT_EQ(m[2].type, v1::ENTITY_TYPE_GPE);
}

TEST(LinkerTest, CompanyContext) {
  auto context = [](absl::string_view text, absl::string_view name) {
    const TokenizedText t = Tokenize(text);
    auto m = MentionsOf(t, name, {v1::ENTITY_TYPE_GPE});
    EXPECT_EQ(m.size(), 1u) << text;
    return !m.empty() && entities::CompanyContext(t, m[0]);
  };
  EXPECT_TRUE(context("Enron's shareholders sued.", "Enron"));
  EXPECT_TRUE(context("Saab\u2019s losses grew.", "Saab"));
  EXPECT_TRUE(context("He bought shares in Qwest.", "Qwest"));
  EXPECT_TRUE(context("The chief executive of Verizon left.", "Verizon"));
  EXPECT_TRUE(context("Saab shares fell.", "Saab"));
  EXPECT_TRUE(context("He is general manager of Petofi.", "Petofi"));
  EXPECT_TRUE(context("Comelf's output rose.", "Comelf"));
  EXPECT_TRUE(context("He stays on Petofi's board.", "Petofi"));
  EXPECT_FALSE(context("Enron's weather was fine.", "Enron"));
  EXPECT_FALSE(context("He lives in Qwest.", "Qwest"));
  EXPECT_FALSE(context("Smith said so.", "Smith"));
  EXPECT_FALSE(context("Smith, shares fell.", "Smith"));
}

// All mentions whose text is `text` have type `type` (and there is one).
void ExpectType(const std::vector<Found>& all, absl::string_view text,
                absl::string_view type) {
  int seen = 0;
  for (const Found& f : all) {
    if (f.text != text) continue;
    ++seen;
    EXPECT_EQ(f.type, type) << text;
  }
  EXPECT_GT(seen, 0) << text << " not found";
}

TEST(LinkerTest, ASurnameBeforeTheFullNameIsThatPerson) {
  auto all = Entities(
      "Blair defends Iraq stance\n\nTony Blair has defended the war. Mr "
      "Blair said Bush agreed, as did George W Bush and Laura Bush.");
  std::set<std::string> blair, bush;
  for (const Found& f : all) {
    if (absl::StrContains(f.text, "Blair")) blair.insert(f.id);
    if (absl::StrContains(f.text, "Bush")) bush.insert(f.id);
  }
  EXPECT_EQ(blair.size(), 1u);
  EXPECT_EQ(bush.size(), 3u);  // two full names end in it: no guess
}

TEST(LinkerTest, KoreanNamesKeepTheirSyllablesAndGoByTheSurname) {
  auto all = Entities(
      "North Korean leader Kim Jong-il met Chung Dong-young, head of the "
      "Communist Party's liaison office, in a Seoul-based hall. Kim spoke.");
  ExpectType(all, "Kim Jong-il", "PERSON");
  ExpectType(all, "Chung Dong-young", "PERSON");
  ExpectType(all, "Communist Party", "ORG");  // a creed's party, one name
  ASSERT_NE(Get(all, "Kim"), nullptr);
  EXPECT_EQ(Get(all, "Kim")->id, Get(all, "Kim Jong-il")->id);
  EXPECT_EQ(Get(all, "Seoul-based"), nullptr);
}

TEST(LinkerTest, AShortFormIsItsFullNamesEntityWhateverItsOwnType) {
  auto all = Entities(
      "Arsenal defender Sol Campbell scored twice. \"We are ready,\" said "
      "Campbell. Campbell then left the pitch.");
  ExpectType(all, "Campbell", "PERSON");
  for (const Found& f : all) {
    if (f.text == "Campbell") {
      EXPECT_EQ(f.id, Get(all, "Sol Campbell")->id);
    }
  }
  // A listed name is never taken for a surname: "UN" after "Kim Jong Un".
  all = Entities("Kim Jong Un met envoys. The UN said nothing.");
  ExpectType(all, "UN", "ORG");
}

TEST(LinkerTest, TheWordsAroundANameTypeIt) {
  // Cues for ORG minus cues for PERSON around the first `name` in `text`.
  auto org = [](absl::string_view text, absl::string_view name) {
    const TokenizedText t = Tokenize(text);
    const size_t at = text.find(name);
    entities::Mention m{.type = v1::ENTITY_TYPE_PERSON};
    for (uint32_t k = 0; k < t.tokens.size(); ++k) {
      if (t.tokens[k].begin == at) m.begin = k;
      if (t.tokens[k].end == at + name.size()) m.end = k + 1;
    }
    EXPECT_LT(m.begin, m.end) << text;
    const entities::TypeCues c = entities::ReadTypeCues(t, m);
    return c.org - c.person;
  };
  EXPECT_GT(org("Shares in retailer Laura Ashley fell.", "Laura Ashley"), 0);
  EXPECT_GT(org("He said Icstis spokesman Rob Dwight.", "Icstis"), 0);
  EXPECT_GT(org("We met Laura Ashley, which is listed, today.", "Laura Ashley"),
            0);
  EXPECT_GT(org("Fans say Black Sabbath have split.", "Black Sabbath"), 0);
  EXPECT_LT(org("We met Laura Ashley, who founded it, today.", "Laura Ashley"),
            0);
  EXPECT_LT(org("The award went to producer Brian Grazer.", "Brian Grazer"), 0);
  EXPECT_EQ(org("Fans say Tom and Jerry Lewis have split.", "Jerry Lewis"), 0);
  EXPECT_EQ(org("Yesterday Laura Ashley walked home.", "Laura Ashley"), 0);
  EXPECT_LT(org("\"We are ready,\" said Campbell.", "Campbell"), 0);
  EXPECT_EQ(org("He said Campbell would go.", "Campbell"), 0);
  EXPECT_GT(org("Tony Macklin, spokesman for Ask Jeeves, said.", "Ask Jeeves"),
            0);
  EXPECT_EQ(org("A spokesman for Tony Blair said.", "Tony Blair"), 0);
  EXPECT_GT(
      org("Prices will fall, said analysts at Screen Digest.", "Screen Digest"),
      0);
  EXPECT_GE(org("Mr Bernanke, a former Princeton University professor.",
                "Princeton University"),
            0);
}

TEST(EntitiesTest, ANameFoundOnceIsFoundEverywhere) {
  auto all = Entities(
      "Enron bosses agree payout\n\nEnron went bankrupt in 2001. The suit "
      "against Enron, filed by its shareholders, ends. Apple sold more. "
      "The firm Enron Energy Services is not Enron. Usher sings R&B-soul.");
  int enron = 0;
  for (const Found& f : all) enron += f.text == "Enron";
  EXPECT_EQ(enron, 4);  // not inside "Enron Energy Services"
  EXPECT_EQ(Get(all, "R"), nullptr);
}

TEST(EntitiesTest, AnOrdinaryWordOpeningASentenceIsTheNameBeforeAVerb) {
  // "usher" is an English word: at a sentence's start its capital says
  // nothing, unless a verb follows as it would a subject.
  auto all = Entities(
      "The R&B star Usher won. Usher has five nominations. Usher leads the "
      "field. Usher them in, the star said.");
  int usher = 0;
  for (const Found& f : all) usher += f.text == "Usher";
  EXPECT_EQ(usher, 3);  // not the verb in "Usher them in"
}

TEST(EntitiesTest, AWebsiteByItsAddressIsAnOrganisation) {
  auto all = Entities(
      "Fans listen on latinohiphopradio.com and swap files on suprnova.org, "
      "not on e.g. the radio.");
  ExpectType(all, "latinohiphopradio.com", "ORG");
  ExpectType(all, "suprnova.org", "ORG");
  EXPECT_EQ(all.size(), 2u);
  // Whatever the words around it say, and its name alone is the same site.
  all = Entities(
      "The man behind suprnova.org, who goes by the nickname Sloncek, spoke. "
      "Suprnova administrator Sloncek said moderators on Suprnova check "
      "files.");
  ExpectType(all, "suprnova.org", "ORG");
  ExpectType(all, "Suprnova", "ORG");
  EXPECT_EQ(Get(all, "Suprnova")->id, Get(all, "suprnova.org")->id);
}

TEST(EntitiesTest, ALanguageIsNoNationality) {
  auto all = Entities(
      "Spanish-language radio is popular. The site is in both English and "
      "Spanish. Spanish speakers listen. It plays songs in Spanish. "
      "Spanish fans and the French team agree.");
  int spanish = 0;
  for (const Found& f : all) spanish += f.text == "Spanish";
  EXPECT_EQ(spanish, 1);  // "Spanish fans" only
  EXPECT_EQ(Get(all, "English"), nullptr);
  ExpectType(all, "French", "NORP");
}

TEST(EntitiesTest, InASportStoryAClubNamedAfterItsTownIsTheClub) {
  const std::string sport =
      "The striker scored twice as Portsmouth beat Chelsea in the Premiership "
      "match, and the midfielder was sent off after a penalty. ";
  auto all = Entities(sport + "Fans in Portsmouth celebrated.");
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0].text, "Portsmouth");
  EXPECT_EQ(all[0].type, "ORG");
  EXPECT_EQ(all.back().text, "Portsmouth");  // "in Portsmouth": the town
  EXPECT_EQ(all.back().type, "GPE");
  // At a sentence's start, before what a club has or does.
  all = Entities(sport + "Arsenal boss Arsene Wenger was pleased.");
  ExpectType(all, "Arsenal", "ORG");
  // The club by its nickname is the same entity.
  all = Entities(sport + "Pompey had chances.");
  ASSERT_NE(Get(all, "Pompey"), nullptr);
  EXPECT_EQ(Get(all, "Pompey")->type, "ORG");
  EXPECT_EQ(Get(all, "Pompey")->id, Get(all, "Portsmouth")->id);
  // Not in a story about anything else.
  all = Entities("House prices in Portsmouth rose as Portsmouth grew.");
  for (const Found& f : all) EXPECT_NE(f.type, "ORG") << f.text;
}

TEST(EntitiesTest, InASportStoryATeamSheetListsPeople) {
  const std::string sport =
      "The striker scored twice and the midfielder was sent off after a "
      "penalty in the Premiership match.\n\n";
  auto all = Entities(sport +
                      "Ashdown, Griffin, De Zeeuw, O'Neil, Faye (Berkovic 83), "
                      "LuaLua, Fuller (Yakubu 55).\n\n"
                      "Subs not used: Hislop, Quashie, Cisse.\n\n"
                      "Replacements: Everitt for Mapletoft (53), Paice for "
                      "van der Walt (60), Reid for Murphy (47). Not used: "
                      "Fury, Brooks, Hanley\n");
  for (const char* name :
       {"Ashdown",      "Griffin", "De Zeeuw", "O'Neil",    "Faye",
        "Berkovic",     "LuaLua",  "Fuller",   "Yakubu",    "Hislop",
        "Quashie",      "Cisse",   "Everitt",  "Mapletoft", "Paice",
        "van der Walt", "Reid",    "Murphy",   "Fury",      "Brooks",
        "Hanley"}) {
    ExpectType(all, name, "PERSON");
  }
  // Countries on such a line stay places; prose is no team sheet.
  all = Entities(sport +
                 "Semi-finalists: England, France, Wales, Italy.\n\n"
                 "Fuller, who was booked, went off.\n");
  for (const char* name : {"England", "France", "Wales", "Italy"}) {
    ExpectType(all, name, "GPE");
  }
}

TEST(EntitiesTest, InASportStoryGroundsAreNoNamesAndNicknamesAreClubs) {
  const std::string sport =
      "The striker scored twice and the midfielder was sent off after a "
      "penalty in the Premiership match. ";
  auto all = Entities(sport +
                      "England lost at Twickenham, and Wales won at the "
                      "Gnoll. Arsenal's form slipped, with the Gunners "
                      "winning only three games. The Scarlets have begun "
                      "to rebuild. Gordon Banks saved, and Banks smiled. "
                      "He rested before the Games. Chelsea lost at Old "
                      "Trafford.");
  EXPECT_EQ(Get(all, "Twickenham"), nullptr);
  EXPECT_EQ(Get(all, "Old Trafford"), nullptr);  // a listed ground
  ExpectType(all, "Premiership", "ORG");         // the league
  EXPECT_EQ(Get(all, "Gnoll"), nullptr);
  ExpectType(all, "Gunners", "ORG");
  ExpectType(all, "Scarlets", "ORG");
  ExpectType(all, "Banks", "PERSON");  // a person's name in this story
  EXPECT_EQ(Get(all, "Games"), nullptr);
  // Not in a story about anything else.
  all = Entities("House prices rose fastest at Twickenham, the survey said.");
  EXPECT_NE(Get(all, "Twickenham"), nullptr);
}

TEST(EntitiesTest, ACompanysAttributesMakeItACompany) {
  // Without the cues the tagger reads these as a person and a place.
  auto all = Entities(
      "Turkcell's shares rose. Turkcell said it would bid. Desktop search "
      "is offered by firms such as Google, Copernic, Enfish and Apple. "
      "Mr Mercer's shares fell, and Mercer said nothing.");
  for (const Found& f : all) {
    if (f.text == "Turkcell" || f.text == "Copernic" || f.text == "Enfish") {
      EXPECT_EQ(f.type, "ORG") << f.text;
    }
  }
  ExpectType(all, "Copernic", "ORG");
  ExpectType(all, "Turkcell", "ORG");
  ExpectType(all, "Mercer", "PERSON");  // a title before it: a person
}

TEST(EntitiesTest, ProductsAreNoNamesButTheirCompaniesAre) {
  // Without the rule the tagger marks each of these products.
  auto all = Entities(
      "Users swap films on the BitTorrent network. Exeem will combine ideas "
      "from the BitTorrent and Kazaa file-sharing systems, and Kazaa was "
      "sued. A test version of the new Exeem program is due. Search "
      "start-up Blinkx has released its software; Blinkx is desktop search "
      "software, and the latest release of Blinkx, out now, has folders, said "
      "Tom Smith, co-founder of Blinkx. People use Blinkx and other search "
      "engines. Planes landed at Frankfurt, using Frankfurt's airport. "
      "Motorola launched the Razr in Europe.");
  for (const char* product : {"BitTorrent", "Exeem", "Kazaa", "Razr"}) {
    EXPECT_EQ(Get(all, product), nullptr) << product;
  }
  // Blinkx the company stays; Blinkx the software goes.
  int blinkx = 0;
  for (const Found& f : all) blinkx += f.text == "Blinkx";
  EXPECT_EQ(blinkx, 2);
  ExpectType(all, "Frankfurt", "GPE");  // a place the lists know
}

TEST(EntitiesTest, NamesOfOrdinaryWordsAreNoPeople) {
  // The tagger reads each of these as a person's name.
  auto all = Entities(
      "Clint Eastwood's Million Dollar Baby won, ahead of Garden State, and "
      "beside Eternal Sunshine. Gordon Brown met Will Young and the Radio "
      "Orchestra.");
  EXPECT_EQ(Get(all, "Million Dollar Baby"), nullptr);
  EXPECT_EQ(Get(all, "Garden State"), nullptr);
  EXPECT_EQ(Get(all, "Eternal Sunshine"), nullptr);
  ExpectType(all, "Clint Eastwood", "PERSON");
  ExpectType(all, "Gordon Brown", "PERSON");
  ExpectType(all, "Will Young", "PERSON");
  // With an organisation's head word last: an organisation.
  const TokenizedText t = Tokenize("They met the Radio Orchestra.");
  std::vector<entities::Mention> m = {
      {.begin = 3, .end = 5, .type = v1::ENTITY_TYPE_PERSON}};
  entities::DropOrdinaryWordPersons(t, &m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].type, v1::ENTITY_TYPE_ORG);
}

TEST(EntitiesTest, AnOrganisationsHeadWordMakesItOne) {
  // Without the head words the tagger reads these as people.
  auto all =
      Entities("Asahi Breweries lost ground, and Takeda Pharmaceuticals grew.");
  ExpectType(all, "Asahi Breweries", "ORG");
  ExpectType(all, "Takeda Pharmaceuticals", "ORG");
}

TEST(EntitiesTest, APlaceNamedAfterAPersonsRoleIsThePerson) {
  // The lists know "Bono" as a region of Ghana.
  auto all = Entities(
      "Fans cheered U2 frontman Bono. Earlier this week, Bono announced a "
      "tour. Former England captain Will Carling spoke.");
  ExpectType(all, "Bono", "PERSON");
  ExpectType(all, "England", "GPE");  // a title, not a role: the team
}

TEST(EntitiesTest, ANameWithAMiddleInitialIsAPersons) {
  // The lists know George as a South African city.
  auto all = Entities(
      "He would meet President George W Bush. John F. Kennedy and Michael J "
      "Fox were named; analysts at Edward D. Jones & Co agreed.\n\n"
      "Australia\n\nM. Waugh c and b Jayasuriya 50");
  for (const char* person :
       {"George W Bush", "John F. Kennedy", "Michael J Fox"}) {
    ExpectType(all, person, "PERSON");
  }
  EXPECT_EQ(Get(all, "Edward D. Jones"), nullptr);  // a firm's name
  ExpectType(all, "Australia", "GPE");              // a heading
}

TEST(EntitiesTest, ArabicNamesKeepTheirParticles) {
  auto all = Entities(
      "Osama bin Laden and Abu Musab al-Zarqawi were blamed. Talks in Sharm "
      "el-Sheikh ended. He said al-Qaeda was behind it, and the al-Qaeda "
      "leader spoke.");
  ExpectType(all, "Osama bin Laden", "PERSON");
  ExpectType(all, "Abu Musab al-Zarqawi", "PERSON");
  ExpectType(all, "Sharm el-Sheikh", "GPE");
  ExpectType(all, "al-Qaeda", "ORG");  // listed, after a lower-case word too
}

TEST(EntitiesTest, AKnownPlaceSplitAcrossTwoSpansIsOneName) {
  // The tagger reads "West" and "Yorkshire Police" apart.
  auto all = Entities(
      "Officers from West Yorkshire Police arrested a man who lives in West "
      "Yorkshire.");
  ExpectType(all, "West Yorkshire Police", "ORG");
  ExpectType(all, "West Yorkshire", "GPE");
  EXPECT_EQ(Get(all, "West"), nullptr);
}

TEST(EntitiesTest, AMakersModelIsTheMaker) {
  auto all = Entities(
      "The Nintendo DS and Sony PSP hit the shops, and GM showed the "
      "Cadillac BLS beside the Vauxhall Astra GSI, made with Sony BMG.");
  for (const char* maker : {"Nintendo", "Sony", "Cadillac", "Vauxhall"}) {
    ExpectType(all, maker, "ORG");
  }
  EXPECT_EQ(Get(all, "Sony PSP"), nullptr);
  EXPECT_EQ(Get(all, "Cadillac BLS"), nullptr);
  EXPECT_EQ(Get(all, "PSP"), nullptr);
}

TEST(EntitiesTest, NamesJoinedByAndAreTwoWhenEachStandsAlone) {
  auto all = Entities(
      "Tim Henman beat Andy Murray. Later Henman & Murray played doubles. "
      "Marks and Spencer sales rose. Usher worked with rappers Ludacris & "
      "Lil Jon.");
  ExpectType(all, "Henman", "PERSON");
  ExpectType(all, "Murray", "PERSON");
  EXPECT_EQ(Get(all, "Henman & Murray"), nullptr);
  EXPECT_NE(Get(all, "Marks and Spencer"), nullptr);
  ExpectType(all, "Ludacris", "PERSON");
  ExpectType(all, "Lil Jon", "PERSON");
}

TEST(EntitiesTest, BuildingsAndGroundsAreNoNames) {
  auto all = Entities(
      "Thousands of protesters gathered in Independence Square in Kiev on "
      "Sunday, and the guests met at "
      "the Roosevelt Hotel before the game at Stradey Park.");
  EXPECT_EQ(Get(all, "Independence Square"), nullptr);
  EXPECT_EQ(Get(all, "Roosevelt Hotel"), nullptr);
  EXPECT_EQ(Get(all, "Stradey Park"), nullptr);
  ExpectType(all, "Kiev", "GPE");
}

TEST(EntitiesTest, TitlesWithPronounsAndBrandPluralsAreNoNames) {
  auto all = Entities(
      "The singer Usher sang My Boo and Got You, and the IT staff tried My "
      "Ask Jeeves. "
      "Saab makes cars; dealers sold 2,000 Saabs and a few Cadillacs beside "
      "the Cadillac range at speeds of 8 Mbps.");
  EXPECT_EQ(Get(all, "My Boo"), nullptr);
  EXPECT_EQ(Get(all, "Got You"), nullptr);
  EXPECT_EQ(Get(all, "My Ask Jeeves"), nullptr);
  EXPECT_EQ(Get(all, "Saabs"), nullptr);
  EXPECT_EQ(Get(all, "Cadillacs"), nullptr);
  EXPECT_EQ(Get(all, "Mbps"), nullptr);
  EXPECT_NE(Get(all, "Saab"), nullptr);
}

TEST(EntitiesTest, WorksNamedAfterTheirKindAreNoNames) {
  auto all = Entities(
      "The festival shows the US horror hit Boogeyman, the MTV series The "
      "Osbournes and his track Uno Contra Veinte. They hit Boston hard. He "
      "told the BBC's Newsnight programme, then the Peter Pan story Finding "
      "Neverland opened.");
  EXPECT_EQ(Get(all, "Boogeyman"), nullptr);
  EXPECT_EQ(Get(all, "Osbournes"), nullptr);
  EXPECT_EQ(Get(all, "Uno Contra Veinte"), nullptr);
  ExpectType(all, "Boston", "GPE");  // "hit" is a verb here
  EXPECT_EQ(Get(all, "Newsnight"), nullptr);
  EXPECT_EQ(Get(all, "Finding Neverland"), nullptr);
  ExpectType(all, "BBC", "ORG");
}

TEST(EntitiesTest, EventsAwardsAndGenresAreNoNames) {
  auto all = Entities(
      "Usher leads the Soul Train Music Awards shortlist for R&B, and the "
      "Berlin Film Festival opens at Christmas. She won a Golden Globe "
      "before Hurricane Katrina struck.");
  EXPECT_EQ(Get(all, "Soul Train Music Awards"), nullptr);
  EXPECT_EQ(Get(all, "Berlin Film Festival"), nullptr);
  EXPECT_EQ(Get(all, "R&B"), nullptr);
  EXPECT_EQ(Get(all, "Christmas"), nullptr);
  EXPECT_EQ(Get(all, "Golden Globe"), nullptr);
  EXPECT_EQ(Get(all, "Hurricane Katrina"), nullptr);
}

TEST(EntitiesTest, ListedBandsInAMusicStoryAndBrandsAreOrganisations) {
  // A music story: the tagger reads these groups as people.
  auto music = Entities(
      "The band played a rock album in the charts.\n\nThe top five "
      "includes Led Zeppelin, Iron Maiden and Sex Pistols. Queen, Muse and "
      "The Clash complete the top 10.");
  for (const char* band :
       {"Led Zeppelin", "Iron Maiden", "Sex Pistols", "Muse", "Clash"}) {
    ASSERT_NE(Get(music, band), nullptr) << band;
    EXPECT_EQ(Get(music, band)->type, "ORG") << band;
  }
  // Elsewhere a band's name is read as the tagger reads it, unless it is
  // made of ordinary words, which no person's name is.
  auto other = Entities("The minister met Iron Maiden and Muse in London.");
  ASSERT_NE(Get(other, "Iron Maiden"), nullptr);
  EXPECT_EQ(Get(other, "Iron Maiden")->type, "ORG");
  other = Entities("The minister met Muse in London.");
  ASSERT_NE(Get(other, "Muse"), nullptr);
  EXPECT_EQ(Get(other, "Muse")->type, "PERSON");
  // Brands the tagger takes for a person or a place; a brand in the plural
  // is its products.
  auto cars = Entities(
      "Saab has said it competes with BMW, Mercedes and Jaguar. GM is "
      "building Cadillacs in Sweden, and the first Cadillac with a diesel "
      "engine. Travelodge and Vauxhall also said so.");
  ASSERT_NE(Get(cars, "Jaguar"), nullptr);
  EXPECT_EQ(Get(cars, "Jaguar")->type, "ORG");
  ASSERT_NE(Get(cars, "Vauxhall"), nullptr);
  EXPECT_EQ(Get(cars, "Vauxhall")->type, "ORG");
  EXPECT_EQ(Get(cars, "Cadillacs"), nullptr);
  ASSERT_NE(Get(cars, "Cadillac"), nullptr);
}

TEST(GazetteerTest, OrganisationListsLeaveOutPeoplesNames) {
  const entities::Gazetteer& g = entities::Gazetteer::Default();
  EXPECT_TRUE(g.IsBand("iron maiden"));
  EXPECT_TRUE(g.IsBand("motorhead"));  // folded from "Motörhead"
  EXPECT_TRUE(g.IsBrand("opel"));
  // People's names and the gazetteer's own names are no bands or brands.
  EXPECT_FALSE(g.IsBand("kate bush"));
  EXPECT_FALSE(g.IsBrand("hilton"));
  EXPECT_FALSE(g.IsBand("uk"));
  EXPECT_FALSE(g.IsBrand("moscow"));
}

TEST(GazetteerTest, EmbeddedDataParsesAndMatchesLongestFirst) {
  const auto& g = entities::Gazetteer::Default();
  EXPECT_GT(g.size(), 500u);  // iso-codes countries and subdivisions at least
  const TokenizedText t = Tokenize("in North Korea and in the Indo-Pacific");
  size_t len = 0;
  const auto* e = g.Match(t, 1, t.tokens.size(), &len);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, "north_korea");
  EXPECT_EQ(len, 2u);
  EXPECT_TRUE(e->country);
  e = g.Match(t, 6, t.tokens.size(), &len);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, "indo_pacific");
  // Lower case is no name: "turkey" the bird.
  const TokenizedText bird = Tokenize("roast turkey");
  EXPECT_EQ(g.Match(bird, 1, 2, &len), nullptr);
  EXPECT_TRUE(g.IsCommon("since"));
  EXPECT_FALSE(g.IsCommon("moscow"));
  // English names of regions iso-codes spells otherwise, and past states.
  for (const char* name : {"Chechnya", "Jiangsu", "Burma", "Yugoslavia",
                           "Knesset", "Whitehall", "Gartner", "Napster"}) {
    const TokenizedText place = Tokenize(name);
    EXPECT_NE(g.Match(place, 0, 1, &len), nullptr) << name;
  }
  // "&" in a listed name is also "and".
  const TokenizedText firm = Tokenize("Ernst and Young");
  e = g.Match(firm, 0, firm.tokens.size(), &len);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->id, "ernst_young");
  EXPECT_EQ(len, 3u);
}

TEST(GazetteerTest, BadLinesNameTheLine) {
  auto g = entities::Gazetteer::Parse("GPE\tx\tX\nPLANET\tmars\tMars\n");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(entities::Gazetteer::Parse("GPE\tonly-two\n").ok());
}

TEST(TaggerTest, RejectsBadModelFiles) {
  EXPECT_FALSE(entities::Tagger::Load("").ok());
  EXPECT_FALSE(entities::Tagger::Load("DPNER2\n\x09").ok());
  std::string truncated = "DPNER2\n";
  truncated += std::string("\x09\0\0\0\x05\0\0\0", 8);
  EXPECT_FALSE(entities::Tagger::Load(truncated).ok());
}

TEST(TaggerTest, TrainingIsDeterministicAndLearns) {
  entities::ConllDoc doc;
  for (int i = 0; i < 20; ++i) {
    doc.sentences.push_back({{"Peter", "Smith", "visited", "Paris", "."},
                             {"B-PER", "I-PER", "O", "B-LOC", "O"}});
    doc.sentences.push_back({{"Acme", "Corp", "hired", "Mary", "Jones", "."},
                             {"B-ORG", "I-ORG", "O", "B-PER", "I-PER", "O"}});
  }
  const auto corpus =
      entities::BuildCorpus({doc}, entities::Gazetteer::Default());
  std::string models[2];
  for (std::string& model : models) {
    entities::Trainer trainer({});
    for (int epoch = 1; epoch <= 3; ++epoch) {
      trainer.Epoch(corpus.sentences, corpus.gold, corpus.docs, epoch);
    }
    model = trainer.Serialize();
  }
  EXPECT_EQ(models[0], models[1]);
  auto tagger = entities::Tagger::Load(models[0]);
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  auto scores = entities::ScoreTagger(**tagger, corpus);
  EXPECT_EQ(scores["ALL"].f1(), 1.0);
}

}  // namespace
}  // namespace docpipe::annotate
