// What the words around a name say about its type: the evidence the linker
// weighs against the tagger's own guess when it settles one type per
// entity (linker.cc, UnifyTypes). Pure functions; thread-safe.
//
//   TypeCues cues = ReadTypeCues(text, mention);
//   if (cues.org > cues.person) ...  // "retailer Laura Ashley", "X, which"
#ifndef DOCPIPE_ANNOTATE_ENTITIES_CONTEXT_H_
#define DOCPIPE_ANNOTATE_ENTITIES_CONTEXT_H_

#include "annotate/entities/linker.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::entities {

// Counts of cues for two types around one mention; each cue counts 1.
struct TypeCues {
  // An organisation: a descriptor before it ("retailer Laura Ashley",
  // "search firm Ask Jeeves", "rock band Muse"), a role or holding after it
  // ("Icstis spokesman", "Qwest chairman", "Enron shares"), "X, which",
  // a plural verb after a name with no "and" before it ("Black Sabbath
  // have"), and CompanyContext.
  int org = 0;
  // A person: a title or role before it ("producer Brian Grazer",
  // "administrator Sloncek"), "X, who", "said X." after a quote.
  int person = 0;
  // CompanyContext, a descriptor or a role after: what makes a name typed
  // a place an ORG ("net telephony firm Skype", "Skype's success").
  bool company = false;
};

TypeCues ReadTypeCues(const TokenizedText& t, const Mention& m);

// Whether the words around m say it names a company: a possessive before
// what only a company has ("Enron's shareholders", "Saab's losses"), "X
// shares", or a holding or role before "of"/"in" ("shares in Qwest",
// "chief executive of Verizon", "general manager of Petofi").
bool CompanyContext(const TokenizedText& t, const Mention& m);

// Whether a lower-case word is a role written before a person's name
// ("producer", "striker", "newcomer"); with `plural`, its plural form
// before names joined by "and" ("rappers Ludacris & Lil Jon").
bool IsPersonRole(absl::string_view lower, bool plural = false);

// Whether a nationality word names a language here: "Spanish-language",
// "Spanish speakers", "in Spanish.", "in both English and Spanish".
bool IsLanguageUse(const TokenizedText& t, const Mention& m);

// Whether m is the title of a work (a film, a programme, a song, a book),
// which names none of our types: right after a noun for such a work or
// "titled" ("the opera Carmen", "comedy Bill and Ted's Excellent
// Adventure", "series Strictly Come Dancing", "entitled U-Carmen"), or
// right before "programme" ("the Newsnight programme").
bool IsWorkTitle(const TokenizedText& t, const Mention& m);

// Whether a token (lower case; the tokenizer keeps a host name whole) is a
// web address, "suprnova.org", "www.bbc.co.uk": the organisation behind
// the site. Sets *stem to the name it stands for ("suprnova", "bbc").
bool IsWebAddress(absl::string_view lower, absl::string_view* stem = nullptr);

// Whether token k is a lower-case verb that can follow a sentence's
// subject: an auxiliary ("Arsenal were", "Usher has"), or a word in -s or
// -ed ("Usher leads", "Bath faced"). A capitalized ordinary word before it
// is a name the document names elsewhere, not the word: a singular noun
// would need an article.
bool IsFiniteVerb(const TokenizedText& t, uint32_t k);

// Whether the document is about sport: enough of sport's own words
// ("striker", "midfielder", "Premiership", "semi-final", ...) that a club
// named after its town ("Portsmouth beat Chelsea") is the club.
bool IsSportDocument(const TokenizedText& t);

// Whether the document is about music: enough of music's own words
// ("album", "band", "singer", "guitarist", ...) that a musical group's name
// that is also a word or a person's ("Muse", "Iron Maiden") is the group.
bool IsMusicDocument(const TokenizedText& t);

}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_ENTITIES_CONTEXT_H_
