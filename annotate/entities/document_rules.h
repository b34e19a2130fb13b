// Rules that read the whole document around its mentions, run after tagging
// and before linking (entities.cc). Pure functions; thread-safe. Those
// about the shape of names (coordinations, initials, particles, brand
// plurals) are in document_rules.cc, those that decide what a name is (a
// company, a product, a person) in document_rules_types.cc, those for
// stories about sport (team sheets, nicknames, clubs, grounds) in
// document_rules_sport.cc.
//
//   std::vector<Mention> mentions = ...;  // in text order
//   MarkTeamSheets(text, &mentions);      // "Almunia, Lauren, Toure, ..."
//   SplitCoordinations(text, &mentions);  // "Rogers and Hammerstein"
//   DropProductNames(text, &mentions);    // "the BitTorrent network"
//
// Each keeps `mentions` sorted by position and never leaves two mentions
// over one token.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_H_
#define DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_H_

#include <vector>

#include "annotate/entities/linker.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::entities {

// A team sheet: a line (or a line's part after a full stop and a label)
// of three or more names separated by commas or semicolons, after an
// optional label ("Subs not used:"), each name with optional minutes and a
// bracketed note ("Faye (Berkovic 83)", "J Robinson (capt)"), or a
// replacement ("Everitt for Mapletoft (53)"). Every name on it, the substitutes
// in brackets too, is a PERSON, whatever the tagger made of it; known countries
// and clubs keep their mentions. Call only for a document about sport
// (context.h, IsSportDocument): elsewhere such lines list bands and firms.
void MarkTeamSheets(const TokenizedText& t, std::vector<Mention>* mentions);

// One mention over two names joined by "and" or "&" is two mentions when
// the document names each part on its own elsewhere ("Rogers and
// Hammerstein" after "Richard Rogers" and "Oscar Hammerstein"; "Henman &
// Murray" after "Tim Henman" and "Andy Murray"): as a whole mention, the
// last word of a person's name, or a gazetteer name. "Marks and Spencer"
// stays one name, as neither part stands alone. After a plural role
// ("rappers Ludacris & Lil Jon") both parts are people.
void SplitCoordinations(const TokenizedText& t, std::vector<Mention>* mentions);

// A name with a middle initial is a person's: a capitalized word that is
// no ordinary word or title, a single capital letter (with or without a
// full stop), then a name ("George W Bush", "John F. Kennedy", "Michael J
// Fox"). It replaces what the tagger and the lists made of those words
// ("George" the South African city).
void MarkInitialledNames(const TokenizedText& t,
                         std::vector<Mention>* mentions);

// Arabic names hold lower-case particles: "Osama bin Laden", "Abu Musab
// al-Zarqawi", "Sharm el-Sheikh". Capitalized words joined by "bin",
// "ibn", "bint", "al-" or "el-" are one name, of the type of its first
// mention (a person's when the tagger saw neither part).
void JoinParticleNames(const TokenizedText& t, std::vector<Mention>* mentions);

// A brand in the plural names products, not the company: "two Saabs",
// "Cadillacs" beside the mention "Cadillac" or a listed company, "Vauxhalls"
// where the document names the listed brand "Vauxhall". Drops one-word
// mentions whose singular is an organisation named in the document or the
// gazetteer, or a listed brand the document names (not taken for an
// organisation or a nationality itself).
void DropBrandPlurals(const TokenizedText& t, std::vector<Mention>* mentions);

// A team's plural nickname in a story about sport: a capitalized word that
// is the plural of an ordinary noun, on its own ("the Gunners", "Rovers'
// assistant manager", "the Scarlets"), is the club, ORG, whatever the
// tagger made of it or whether it saw a name at all. Not the plural names
// of events ("the Games", "the Championships"), not a word the document
// uses in a person's name ("Gordon Banks"), and at the start of a sentence
// or in a headline only when the document capitalizes it mid-sentence too.
// Call only for a document about sport (context.h, IsSportDocument).
void MarkTeamNicknames(const TokenizedText& t, std::vector<Mention>* mentions);

// Clubs and grounds in a story about sport: a club named after its town
// ("Portsmouth beat Chelsea"; not after "in") is the club, ORG, linked to
// the club's entry ("Portsmouth" -> Portsmouth FC, so "Pompey" is the same
// entity), even where the tagger read a person ("Chelsea left-back Wayne
// Bridge") unless the story names a person so; it is found where the
// tagger left it out, mid-sentence or at a sentence's start before what a
// club has or does ("Arsenal boss", "Arsenal were"). A one-word place no
// list knows after "at" or "at the" is a ground (OntoNotes FAC), no
// mention ("at Twickenham"). Call only for a document about sport.
void MarkClubsAndGrounds(const TokenizedText& t,
                         std::vector<Mention>* mentions);

// A company the tagger took for a person or an unlisted place: a name the
// document gives a company's attributes ("Turkcell's shares", "Jupiter's
// chief executive", "a stake in Enfish") or lists after a plural of
// companies ("firms such as Google, Copernic and Enfish", "banks
// including ...") is ORG in every mention with its text, unless the
// document also treats it as a person's (a title before it, "Mr Mercer",
// or a longer person's name ending in it, "Gordon Mercer").
void RetypeCompanies(const TokenizedText& t, std::vector<Mention>* mentions);

// A product is no mention of ours (OntoNotes PRODUCT): software, a service
// or a device that the document names where it speaks of a product ("the
// BitTorrent network", "the BitTorrent and Kazaa file-sharing systems",
// "the new Exeem program", "a second version of Blinkx", "Blinkx and other
// search engines", "Blinkx is desktop search software", "Motorola launched
// the Razr"). A name the lists do not know with
// such a use loses every mention with its text, unless the document also
// speaks of it as a company ("search start-up Blinkx", "co-founder of
// Blinkx", "Blinkx said"): then only the product uses go.
void DropProductNames(const TokenizedText& t, std::vector<Mention>* mentions);

// A person's name is not made of ordinary words only: a mention the
// tagger typed PERSON whose every word the dictionary spells in lower case
// only ("Million Dollar Baby", "Garden State", "Eternal Sunshine") names a
// work, an award or a product, no mention of ours; one whose last word is
// an organisation's head word ("Retail Consortium", "Radio Orchestra") or
// that the lists know as a band ("Iron Maiden") is an organisation. First names
// and surnames are capitalized in the dictionary ("Will", "Brown"), so "Will
// Young" and "Gordon Brown" stay.
void DropOrdinaryWordPersons(const TokenizedText& t,
                             std::vector<Mention>* mentions);

// A one-word place the lists know that is no country, right after a
// person's role in lower case ("U2 frontman Bono", "singer Prince";
// context.h IsPersonRole), is a person in every mention with its text: the
// lists hold regions such as Ghana's Bono.
void RetypePlacesNamedAsPeople(const TokenizedText& t,
                               std::vector<Mention>* mentions);

}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_H_
