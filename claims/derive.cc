// DeriveClaims: one document's numbers turned into claims.
#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "annotate/tokenizer.h"
#include "claims/claims.h"

namespace docpipe::claims {
namespace {

using annotate::Token;
using annotate::TokenizedText;
using annotate::TokenKind;

// The predicate class of a word around a figure: what the figure is a
// figure of. One class per meaning, so that "sent", "dispatched" and
// "deployment" meet.
const absl::flat_hash_map<absl::string_view, absl::string_view>& Predicates() {
  static const auto* table =
      new absl::flat_hash_map<absl::string_view, absl::string_view>{
          {"send", "send"},
          {"sends", "send"},
          {"sent", "send"},
          {"sending", "send"},
          {"dispatch", "send"},
          {"dispatched", "send"},
          {"deploy", "send"},
          {"deployed", "send"},
          {"deploying", "send"},
          {"deployment", "send"},
          {"deployments", "send"},
          {"transferred", "send"},
          {"die", "die"},
          {"died", "die"},
          {"dead", "die"},
          {"killed", "die"},
          {"deaths", "die"},
          {"casualties", "die"},
          {"wounded", "injure"},
          {"injured", "injure"},
          {"value", "value"},
          {"valued", "value"},
          {"values", "value"},
          {"worth", "value"},
          {"deal", "value"},
          {"earn", "value"},
          {"earned", "value"},
          {"earns", "value"},
          {"earnings", "value"},
          {"revenue", "value"},
          {"revenues", "value"},
          {"income", "value"},
          {"gains", "value"},
          {"payments", "value"},
          {"paid", "value"},
          {"pay", "value"},
          {"receive", "value"},
          {"received", "value"},
          {"receives", "value"},
          {"receiving", "value"},
          {"pays", "value"},
          {"paying", "value"},
          {"earning", "value"},
          {"salary", "value"},
          {"cost", "value"},
          {"costs", "value"},
          {"price", "value"},
          {"sales", "sales"},
          {"profit", "profit"},
          {"profits", "profit"},
          {"loss", "profit"},
          {"losses", "profit"},
          {"produce", "produce"},
          {"produces", "produce"},
          {"produced", "produce"},
          {"production", "produce"},
          {"output", "produce"},
          {"yielding", "produce"},
          {"supply", "supply"},
          {"supplies", "supply"},
          {"offer", "supply"},
          {"offers", "supply"},
          {"offered", "supply"},
          {"provide", "supply"},
          {"trade", "trade"},
          {"exports", "trade"},
          {"imports", "trade"},
          {"need", "need"},
          {"needed", "need"},
          {"needs", "need"},
          {"population", "population"},
          {"jobs", "jobs"},
          {"unemployment", "jobs"},
          {"rose", "change"},
          {"fell", "change"},
          {"grew", "change"},
          {"increase", "change"},
          {"increased", "change"},
          {"decline", "change"},
          {"declined", "change"}};
  return *table;
}

// Nouns counted under another name: "troops" are "soldiers".
absl::string_view Synonym(absl::string_view noun) {
  static const auto* table =
      new absl::flat_hash_map<absl::string_view, absl::string_view>{
          {"troop", "soldier"},
          {"serviceman", "soldier"},
          {"servicemen", "soldier"},
          {"fighter", "soldier"},
          {"men", "man"},
          {"women", "woman"},
          {"people", "person"},
          {"children", "child"},
          {"employee", "worker"},
          {"staff", "worker"}};
  auto it = table->find(noun);
  return it == table->end() ? noun : it->second;
}

// "soldiers" -> "soldier", "shells" -> "shell", "casualties" ->
// "casualty"; words that are no plurals stay.
std::string Singular(absl::string_view w) {
  if (w.size() > 4 && absl::EndsWith(w, "ies")) {
    return absl::StrCat(w.substr(0, w.size() - 3), "y");
  }
  if (w.size() > 3 && absl::EndsWith(w, "s") && !absl::EndsWith(w, "ss") &&
      !absl::EndsWith(w, "us")) {
    return std::string(w.substr(0, w.size() - 1));
  }
  return std::string(w);
}

// Words between a figure and what it counts: "20 thousand of its
// soldiers", "15,000 more troops".
bool IsFiller(absl::string_view w) {
  static const auto* words = new absl::flat_hash_set<absl::string_view>{
      "of",      "its",    "their",   "his",  "her",  "the",
      "a",       "an",     "our",     "more", "new",  "additional",
      "extra",   "other",  "own",     "some", "such", "elite",
      "regular", "active", "trained", "armed"};
  return words->contains(w);
}

// Words that are no counted nouns: "20,000 to", "10,000 will".
bool IsFunctionWord(absl::string_view w) {
  static const auto* words = new absl::flat_hash_set<absl::string_view>{
      "to",    "and",  "or",      "in",      "on",     "at",    "by",
      "for",   "from", "with",    "than",    "will",   "would", "may",
      "could", "have", "has",     "had",     "is",     "are",   "was",
      "were",  "be",   "been",    "per",     "a",      "each",  "every",
      "this",  "that", "which",   "who",     "as",     "less",  "fewer",
      "times", "year", "years",   "month",   "months", "week",  "weeks",
      "day",   "days", "percent", "per cent"};
  return words->contains(w);
}

struct Sentence {
  uint32_t begin, end;  // bytes
};

// Sentences as the tokenizer marks them, and a line break ends one too.
std::vector<Sentence> Sentences(const TokenizedText& t) {
  std::vector<Sentence> out;
  uint32_t start = 0;
  for (size_t k = 1; k < t.tokens.size(); ++k) {
    const bool line = t.text
                          .substr(t.tokens[k - 1].end,
                                  t.tokens[k].begin - t.tokens[k - 1].end)
                          .find('\n') != absl::string_view::npos;
    if (t.tokens[k].sentence_start || line) {
      out.push_back({start, t.tokens[k - 1].end});
      start = t.tokens[k].begin;
    }
  }
  if (!t.tokens.empty()) out.push_back({start, t.tokens.back().end});
  return out;
}

// Whether token k can be (part of) a counted noun: a lower-case word of
// three letters or more that is no function word and no predicate
// ("soldiers sent": "sent" is the predicate).
bool IsNoun(const TokenizedText& t, size_t k) {
  const Token& tok = t.tokens[k];
  const absl::string_view w = t.Lower(tok);
  return tok.kind == TokenKind::kWord && w.size() >= 3 &&
         absl::ascii_islower(static_cast<unsigned char>(t.Text(tok)[0])) &&
         !IsFunctionWord(w) && !IsFiller(w) && !Predicates().contains(w);
}

// The counted noun after a figure ending at token `after`: the first
// lower-case word, past fillers and names ("20,000 North Korean
// soldiers"), within four words.
std::string CountedAfter(const TokenizedText& t, size_t after,
                         const std::vector<bool>& in_entity) {
  int words = 0;
  for (size_t k = after; k < t.tokens.size() && words < 4; ++k) {
    const Token& tok = t.tokens[k];
    if (tok.sentence_start || tok.kind != TokenKind::kWord) return "";
    ++words;
    if (in_entity[k]) continue;
    const absl::string_view w = t.Lower(tok);
    if (IsFiller(w)) continue;
    if (!IsNoun(t, k)) return "";
    // The head of a compound is its last noun: "artillery shells".
    while (k + 1 < t.tokens.size() && !t.tokens[k + 1].sentence_start &&
           IsNoun(t, k + 1)) {
      ++k;
    }
    return std::string(Synonym(Singular(t.Lower(t.tokens[k]))));
  }
  return "";
}

// Whether a predicate class can say what an amount of money or a
// quantity is: money is not "sent" nor "died".
bool FitsAmount(absl::string_view predicate) {
  return predicate != "send" && predicate != "die" && predicate != "injure" &&
         predicate != "population" && predicate != "jobs";
}

// The predicate class nearest the figure [b, e) (token indices) in its
// sentence [sb, se); for money and quantities, a class that fits them.
std::string PredicateNear(const TokenizedText& t, size_t b, size_t e, size_t sb,
                          size_t se, bool amount) {
  const auto& table = Predicates();
  for (size_t d = 1; d < se - sb; ++d) {
    for (const size_t k : {b >= sb + d ? b - d : se, e - 1 + d}) {
      if (k < sb || k >= se) continue;
      auto it = table.find(t.Lower(t.tokens[k]));
      if (it != table.end() && (!amount || FitsAmount(it->second))) {
        return std::string(it->second);
      }
    }
  }
  return "";
}

// A rate the numbers layer left as an adjective: "annual revenue of
// $200 million", "produces 4 million tons annually".
std::string PeriodWord(const TokenizedText& t, size_t sb, size_t se) {
  for (size_t k = sb; k < se; ++k) {
    const absl::string_view w = t.Lower(t.tokens[k]);
    if (w == "annual" || w == "annually" || w == "yearly") return "year";
    if (w == "monthly") return "month";
  }
  return "";
}

// A number in a name: "Band Aid 20", "Top 500 list", "Halo 2" (a
// capitalized word right before it, not starting the sentence).
bool InName(const TokenizedText& t, size_t b, size_t sb) {
  if (b == 0 || b - 1 <= sb) return false;
  const Token& prev = t.tokens[b - 1];
  const absl::string_view w = t.Text(prev);
  return prev.kind == TokenKind::kWord && prev.end == t.tokens[b].begin - 1 &&
         !w.empty() && absl::ascii_isupper(static_cast<unsigned char>(w[0]));
}

// A score or a vote split: "a 2-1 decision", "Italy 8-38 Wales".
bool InScore(const TokenizedText& t, size_t b, size_t e) {
  auto digit = [&](size_t k) {
    return absl::ascii_isdigit(
        static_cast<unsigned char>(t.Text(t.tokens[k])[0]));
  };
  auto dash = [&](size_t k) { return t.Text(t.tokens[k]) == "-"; };
  if (b >= 2 && dash(b - 1) && digit(b - 2) &&
      t.tokens[b - 1].begin == t.tokens[b - 2].end &&
      t.tokens[b].begin == t.tokens[b - 1].end) {
    return true;
  }
  return e + 1 < t.tokens.size() && dash(e) && digit(e + 1) &&
         t.tokens[e].begin == t.tokens[e - 1].end &&
         t.tokens[e + 1].begin == t.tokens[e].end;
}

// A period that frames another figure, not a figure itself: "over the
// past 50 years", "every six months", "in its first three days", "20
// years ago"; "topped the charts for three weeks" stays a claim.
bool FramingPeriod(const TokenizedText& t, const v1::NumberAnnotation& n,
                   size_t b, size_t e) {
  static const auto* units = new absl::flat_hash_set<absl::string_view>{
      "year", "month", "week", "day", "decade", "hour", "century"};
  if (!units->contains(Singular(absl::AsciiStrToLower(n.unit())))) {
    return false;
  }
  if (b > 0) {
    const absl::string_view w = t.Lower(t.tokens[b - 1]);
    if (w == "past" || w == "last" || w == "every" || w == "first" ||
        w == "next" || w == "recent") {
      return true;
    }
  }
  return e < t.tokens.size() && t.Lower(t.tokens[e]) == "ago";
}

std::string Measure(const v1::NumberAnnotation& n, absl::string_view counted) {
  switch (n.kind()) {
    case v1::NUMBER_KIND_MONEY:
      return absl::StrCat("money:", n.unit().empty() ? "?" : n.unit());
    case v1::NUMBER_KIND_PERCENT:
      return absl::StrCat("percent:", counted);
    case v1::NUMBER_KIND_QUANTITY:
      return counted.empty()
                 ? absl::StrCat("quantity:", n.unit())
                 : absl::StrCat("quantity:", n.unit(), ":", counted);
    default:
      return absl::StrCat("count:", counted);
  }
}

}  // namespace

std::vector<v1::Claim> DeriveClaims(
    const v1::Document& doc,
    const google::protobuf::RepeatedPtrField<v1::Annotation>& annotations) {
  const TokenizedText t = annotate::Tokenize(doc.text());
  const std::vector<Sentence> sentences = Sentences(t);
  // Token index of a byte offset: the first token ending after it.
  auto token_at = [&](uint32_t byte) {
    return static_cast<size_t>(
        std::lower_bound(
            t.tokens.begin(), t.tokens.end(), byte,
            [](const Token& tok, uint32_t b) { return tok.end <= b; }) -
        t.tokens.begin());
  };
  std::vector<bool> in_entity(t.tokens.size());
  std::vector<const v1::Annotation*> entities, attributions;
  for (const v1::Annotation& a : annotations) {
    if (a.has_entity()) {
      entities.push_back(&a);
      for (size_t k = token_at(a.span().begin());
           k < t.tokens.size() && t.tokens[k].begin < a.span().end(); ++k) {
        in_entity[k] = true;
      }
    } else if (a.has_attribution()) {
      attributions.push_back(&a);
    }
  }
  std::sort(entities.begin(), entities.end(),
            [](const v1::Annotation* a, const v1::Annotation* b) {
              return a->span().begin() < b->span().begin();
            });
  std::vector<v1::Claim> out;
  for (const v1::Annotation& a : annotations) {
    if (!a.has_number()) continue;
    const v1::NumberAnnotation& n = a.number();
    if (n.kind() == v1::NUMBER_KIND_DATE ||
        n.kind() == v1::NUMBER_KIND_ORDINAL) {
      continue;
    }
    const uint32_t nb = a.span().begin(), ne = a.span().end();
    const size_t b = token_at(nb), e = token_at(ne - 1) + 1;
    auto s = std::find_if(sentences.begin(), sentences.end(),
                          [&](const Sentence& s) { return s.end >= ne; });
    if (s == sentences.end() || b >= t.tokens.size()) continue;
    const size_t sb = token_at(s->begin), se = token_at(s->end - 1) + 1;
    // "the two countries": a reference, not a figure; "the seven million
    // barrier", "the 40 trillion mark" are figures.
    if (b > 0 && t.Lower(t.tokens[b - 1]) == "the" &&
        n.kind() == v1::NUMBER_KIND_CARDINAL && n.value() < 100) {
      continue;
    }
    if (n.kind() == v1::NUMBER_KIND_CARDINAL &&
        (InName(t, b, sb) || InScore(t, b, e))) {
      continue;
    }
    if (n.kind() == v1::NUMBER_KIND_QUANTITY && FramingPeriod(t, n, b, e)) {
      continue;
    }
    const std::string given = absl::AsciiStrToLower(n.counted());
    std::string counted =
        given.empty() || IsFiller(given) || IsFunctionWord(given)
            ? CountedAfter(t, e, in_entity)
            : std::string(Synonym(Singular(given)));
    // "four times", "500,000 times": a multiple is a figure too.
    if (counted.empty() && e < se && t.Lower(t.tokens[e]) == "times") {
      counted = "times";
    }
    if (n.kind() == v1::NUMBER_KIND_CARDINAL && counted.empty()) continue;
    const bool amount = n.kind() == v1::NUMBER_KIND_MONEY ||
                        n.kind() == v1::NUMBER_KIND_QUANTITY;
    v1::Claim c;
    c.set_doc_id(doc.doc_id());
    c.set_external_id(doc.external_id());
    if (doc.has_published_at()) *c.mutable_published_at() = doc.published_at();
    *c.mutable_span() = a.span();
    c.set_text(doc.text().substr(nb, ne - nb));
    *c.mutable_number() = n;
    const auto [low, high] = Interval(n);
    c.set_low(low);
    c.set_high(high);
    c.set_counted(counted);
    c.set_measure(Measure(n, counted));
    c.set_predicate(PredicateNear(t, b, e, sb, se, amount));
    c.set_per(n.per().empty() && amount ? PeriodWord(t, sb, se) : n.per());
    // The innermost attribution whose content holds the figure and that
    // names who speaks: a source phrase or an entity ("is expected to",
    // with neither, says nothing of who gives the figure).
    const v1::Annotation* by = nullptr;
    for (const v1::Annotation* at : attributions) {
      const v1::Span& content = at->attribution().content();
      if (!at->attribution().has_source() &&
          at->attribution().source_entity_id().empty()) {
        continue;
      }
      if (content.begin() <= nb && ne <= content.end() &&
          (by == nullptr || content.end() - content.begin() <
                                by->attribution().content().end() -
                                    by->attribution().content().begin())) {
        by = at;
      }
    }
    if (by != nullptr) {
      const v1::AttributionAnnotation& at = by->attribution();
      c.set_source_entity_id(at.source_entity_id());
      if (at.has_source()) {
        c.set_source_text(doc.text().substr(
            at.source().begin(), at.source().end() - at.source().begin()));
      }
      c.set_cue(doc.text().substr(by->span().begin(),
                                  by->span().end() - by->span().begin()));
    } else {
      c.set_outlet(true);
      c.set_source_text(doc.source());
    }
    absl::flat_hash_set<std::string> seen;
    for (const v1::Annotation* en : entities) {
      if (en->span().begin() >= s->begin && en->span().end() <= s->end &&
          seen.insert(en->entity().entity_id()).second) {
        c.add_entity_ids(en->entity().entity_id());
      }
    }
    c.set_sentence(doc.text().substr(s->begin, s->end - s->begin));
    // "$280bn (£155bn)": an amount converted in brackets is the amount
    // before it, measured alike.
    if (n.kind() == v1::NUMBER_KIND_MONEY && !out.empty() &&
        out.back().number().kind() == v1::NUMBER_KIND_MONEY &&
        out.back().span().end() <= nb &&
        absl::StripAsciiWhitespace(doc.text().substr(
            out.back().span().end(), nb - out.back().span().end())) == "(") {
      c.set_measure(out.back().measure());
      c.set_predicate(out.back().predicate());
      c.set_per(out.back().per());
    }
    c.set_annotation_id(a.id());
    c.set_group(n.claim_group().empty() ? DerivedKey(c) : n.claim_group());
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const v1::Claim& x, const v1::Claim& y) {
    return x.span().begin() < y.span().begin();
  });
  return out;
}

}  // namespace docpipe::claims
