// From the tagger's tags to our cues: reporting verbs the tagger left out,
// taken on form; each run cut to the words our guidelines mark; and the
// runs that are no cue of ours (nouns, imperatives to the reader).
#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "annotate/attributions/attributions_internal.h"

namespace docpipe::annotate::attributions {
namespace {

// An impersonal passive takes its auxiliary and `it`: "are estimated",
// "it is noted", "it has been reported". `r` starts at the participle.
Range WithPassiveSubject(const Rules& rules, Range r, uint32_t sb) {
  if (!absl::EndsWith(rules.Lower(r.b), "ed") || r.b <= sb ||
      !IsBe(rules.Lower(r.b - 1))) {
    return r;
  }
  --r.b;
  uint32_t it = r.b;
  if (it > sb + 1 && rules.Lower(it) == "been" &&
      OneOf(rules.Lower(it - 1), {"has", "had"})) {
    --it;
  }
  if (it > sb && rules.Lower(it - 1) == "it") r.b = it - 1;
  return r;
}

}  // namespace

void AddCuesOnForm(const Rules& rules, const Discourse& d, uint32_t sb,
                   uint32_t se, std::vector<uint8_t>* tags_buf) {
  std::vector<uint8_t>& tags = *tags_buf;
  for (uint32_t k = sb; k < se; ++k) {
    if (tags[k - sb] == kOutside && VerbOnForm(rules, d, k, sb, se)) {
      tags[k - sb] = kCueBegin;
      // With its particles: "raises alarms".
      for (uint32_t j = k + 1;
           j < se && tags[j - sb] == kOutside && IsCueParticle(rules.Lower(j));
           ++j) {
        tags[j - sb] = kCueInside;
      }
    }
  }
}

// Long for its list of forms, one `if` each; splitting it would scatter
// one decision over several functions.
bool VerbOnForm(const Rules& rules, const Discourse& d, uint32_t k, uint32_t sb,
                uint32_t se) {
  const absl::string_view lw = rules.Lower(k);
  if (d.quoted[k] || k == sb || k + 1 >= se) return false;
  // A capital inside the sentence is a name or title: "the BBC's World
  // Business Report:".
  if (absl::ascii_isupper(static_cast<uint8_t>(rules.Word(k)[0]))) {
    return false;
  }
  const absl::string_view next = rules.Lower(k + 1);
  // "The report raises alarms"; things also raise doubts and questions
  // ("this disparity raises questions"), which says nothing of a source.
  if (OneOf(lw, {"raises", "raised"})) return next == "alarms";
  if (!IsReportingStem(Stem(lw))) return false;
  // ", viewing ...", ", emphasizing ...": a secondary reporting verb.
  if (absl::EndsWith(lw, "ing")) return rules.Comma(k - 1);
  // `He said:` ending its sentence, a quotation opening the next line.
  if (next == ":" && k + 2 == se && se < d.text.tokens.size() &&
      IsOpeningQuote(rules.Word(se))) {
    return true;
  }
  // "..., the German foundation believes.": a cue that closes its
  // sentence after the content, its subject (up to six words) after a
  // comma.
  if (k + 2 == se && OneOf(next, {".", "!", "?"})) {
    uint32_t j = k - 1;
    while (j > sb && !rules.Punct(j) && k - j <= 6) --j;
    return j > sb && j < k - 1 && rules.Comma(j);
  }
  // "are estimated to", "is assumed that": an impersonal passive; and
  // one set off by commas in mid-sentence: "..., it is emphasized, ...".
  if (absl::EndsWith(lw, "ed") && IsBe(rules.Lower(k - 1))) {
    if (next == "," && k >= sb + 3 && rules.Lower(k - 2) == "it" &&
        rules.Comma(k - 3)) {
      return true;
    }
    return OneOf(next, {"to", "that", "at"});
  }
  // A second verb of the same subject with a clause: "analyzes ... and
  // concludes that ...".
  if (rules.Lower(k - 1) == "and" && next == "that" &&
      (absl::EndsWith(lw, "s") || absl::EndsWith(lw, "ed"))) {
    return true;
  }
  // A plural subject before a base form: "Recent reports suggest that".
  const bool base = !absl::EndsWith(lw, "s") && !absl::EndsWith(lw, "ed") &&
                    absl::EndsWith(rules.Lower(k - 1), "s");
  if (!base && !absl::EndsWith(lw, "s") && !absl::EndsWith(lw, "ed")) {
    return false;
  }
  if ((rules.Punct(k - 1) && rules.Word(k - 1) != ")") ||
      OneOf(rules.Lower(k - 1),
            {"the", "a", "an", "this", "its", "his", "her", "their", "our",
             "of", "in", "by", "new", "recent", "latest", "and"})) {
    return false;
  }
  return OneOf(next, {"that", "the", "a", "an", "how", "what", "whether",
                      "some", "no", ":", "\u201c", "alarms", "doubts"});
}

Range CueWords(const Rules& rules, Range r, uint32_t sb, uint32_t se) {
  while (!r.empty() && rules.Punct(r.b)) ++r.b;
  while (!r.empty() && rules.Punct(r.e - 1)) --r.e;
  if (r.empty()) return r;
  auto reporting = [&](uint32_t k) {
    return IsReportingStem(Stem(rules.Lower(k)));
  };
  if (IsOutOfScopeCue(rules.text(), r.b, r.e)) return {};
  for (uint32_t k = r.b; k < r.e; ++k) {
    if (reporting(k)) {
      r.b = k;
      break;
    }
  }
  // "the INSS report notes", "estimate values": the noun before the verb.
  while (r.b + 1 < r.e && reporting(r.b + 1)) ++r.b;
  // Titles and analyses are not said, and a possessive's stray "s" is
  // no word.
  const absl::string_view head = Stem(rules.Lower(r.b));
  if (OneOf(head, {"titl", "analyz", "s"}) ||
      (head == "express" && !ExpressesStance(rules, r.b, se))) {
    return {};
  }
  while (r.b + 1 < se && IsVerbSatellite(rules.Lower(r.b)) &&
         !IsBe(rules.Lower(r.b)) && rules.Lower(r.b) != "reportedly") {
    ++r.b;
  }
  // A run from an article is a noun phrase ("is not a household name"),
  // not a cue of ours.
  if (OneOf(rules.Lower(r.b), {"a", "an", "the"})) return {};
  r.e = std::max(r.e, r.b + 1);
  uint32_t e = r.b + 1;
  while (e < r.e && e < se && IsCueParticle(rules.Lower(e))) ++e;
  r.e = e;
  if (rules.Lower(r.b) == "according" && r.e < se && rules.Lower(r.e) == "to") {
    ++r.e;
  }
  if (r.b > sb && OneOf(rules.Lower(r.b - 1),
                        {"the", "a", "an", "this", "its", "his", "her", "their",
                         "our", "new", "recent", "latest"})) {
    return {};
  }
  return WithPassiveSubject(rules, r, sb);
}

bool ExpressesStance(const Rules& rules, uint32_t k, uint32_t se) {
  for (uint32_t j = k + 1; j < se && j <= k + 3; ++j) {
    const absl::string_view w = rules.Lower(j);
    if (OneOf(w, {"doubts",     "doubt",      "concern",      "concerns",
                  "outrage",    "misgivings", "reservations", "frustration",
                  "anger",      "regret",     "skepticism",   "scepticism",
                  "confidence", "optimism",   "pessimism",    "disappointment",
                  "surprise",   "alarm",      "fear",         "fears",
                  "worry",      "worries",    "dismay",       "shock"})) {
      return j + 1 < se && OneOf(rules.Lower(j + 1),
                                 {"about", "over", "at", "that", "as", "on",
                                  "regarding", "in", "whether", "with"});
    }
    if (rules.Punct(j) || !absl::ascii_islower(rules.Word(j)[0])) break;
  }
  return false;
}

bool Imperative(const Rules& rules, const Frame& f, uint32_t sb) {
  if (!f.source.empty() || f.cue.b != sb) return false;
  const absl::string_view lw = rules.Lower(f.cue.b);
  return !absl::EndsWith(lw, "s") && !absl::EndsWith(lw, "ed") &&
         !absl::EndsWith(lw, "ing") && !absl::EndsWith(lw, "ly") &&
         !OneOf(lw, {"according", "said", "told", "wrote", "it"});
}

}  // namespace docpipe::annotate::attributions
