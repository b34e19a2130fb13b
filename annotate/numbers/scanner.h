// The numbers layer's scanner: private to annotate/numbers, not part of
// its interface (numbers.h is).
//
// A Scanner reads one tokenized text. NumbersRecognizer (numbers.cc) calls
// MatchAt at each token that can start a number; MatchAt tries, in order:
// a date, then [qualifier] amount [unit|currency|percent] [range] [rate]
// [counted noun]. Each step is a small matcher reading the vocabulary of
// lexicon.cc; the first match wins and the scan resumes after it.
//
// Contract: a Scanner holds references to the text and the lexicon and no
// other state; every method is const and reads tokens by index. Indexes
// past the end are allowed wherever a method reads ahead: low() is then
// empty, IsNumber() false. Matchers that build an annotation write its span
// and number into `out`, set `*end` to the token after the match and return
// true; on false they leave `out` and `*end` as they found them, except
// where a comment says so.
//
// The methods are defined in one file per concern:
//   digits.cc    amounts written in digits: groups, fractions, exponents
//   words.cc     spelled numbers, spelled fractions and ordinals
//   amount.cc    one amount: sign, currency prefix, core, scale words
//   money.cc     currencies: symbols, codes, names, subunits
//   units.cc     what follows an amount: percent, currency, unit; rates
//   ranges.cc    two amounts in one: ranges, ratios; counted nouns
//   context.cc   what is no number: names, times, phones, URLs; qualifiers
//   dates.cc     dates
//   match.cc     MatchAt, and the v1 annotations it emits
#ifndef DOCPIPE_ANNOTATE_NUMBERS_SCANNER_H_
#define DOCPIPE_ANNOTATE_NUMBERS_SCANNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "annotate/numbers/lexicon.h"
#include "annotate/tokenizer.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate::numbers {

// Letters before "$" that name the dollar: "US$", "C$", "HK$", "MXN$".
const WordMap<std::string>& DollarPrefixes();

// How an amount's value changes with what follows it: subunits scale it
// ("50 cents" = 0.50 USD) or add to it ("3 dollars 50 cents").
struct Subunits {
  double factor = 1;
  double plus = 0;
};

// An amount: [currency symbol] core [scale...], tokens [begin, end).
struct Amount {
  size_t begin = 0, end = 0;
  double value = 0;
  bool scaled = false;    // a scale word applied
  double last_scale = 1;  // the last scale word's value ("million": 1e6)
  bool vague = false;     // "hundreds of"
  bool words = false;     // spelled out ("two")
  std::string currency;
  bool is_half = false;
  bool ordinal = false;  // a spelled ordinal: "twenty-first"
};

// A second amount joined to a first: "600,000 to 700,000 tons".
struct Range {
  double low = 0, high = 0;
  v1::NumberKind kind = v1::NUMBER_KIND_CARDINAL;  // the second's
  std::string unit;                                // the second's
  size_t end = 0;
};

// The outcome of one reading tried at a token: it does not apply (try the
// next one), it read something, or it applies and rules out any amount.
enum class Read : uint8_t { kNo, kDone, kReject };

// Sets the normalized fields of a QUANTITY (dimension, base value and
// unit, from the unit registry); leaves other kinds as they are.
void Normalize(const Lexicon& lx, v1::NumberAnnotation* n);

class Scanner {
 public:
  explicit Scanner(const TokenizedText& t) : t_(t), lx_(GetLexicon()) {}

  // Token access; inline, as every matcher calls these per token.
  size_t size() const { return t_.tokens.size(); }
  const Token& tok(size_t i) const { return t_.tokens[i]; }
  absl::string_view low(size_t i) const {
    return i < size() ? t_.Lower(t_.tokens[i]) : absl::string_view();
  }
  bool adjacent(size_t i) const {  // token i touches token i-1
    return i < size() && i > 0 && !tok(i).space_before;
  }
  bool IsNumber(size_t i) const {
    return i < size() && tok(i).kind == TokenKind::kNumber;
  }
  // Token k is the end of the text or a clause-ending punctuation mark.
  bool ClauseEnd(size_t k) const {
    if (k >= size()) return true;
    const absl::string_view w = low(k);
    return w == "." || w == "," || w == ";" || w == ":" || w == "?" ||
           w == "!" || w == ")";
  }
  bool IsNumberWord(size_t i) const {
    return i < size() && (lx_.units_words.contains(low(i)) ||
                          lx_.tens_words.contains(low(i)));
  }

  // match.cc: the entry point.
  bool MatchAt(size_t i, v1::Annotation* out, size_t* end) const;
  Read MatchOrdinal(size_t i, v1::Annotation* out, size_t* end) const;
  bool HalfShare(size_t i, size_t k, v1::Approx approx, v1::Annotation* out,
                 size_t* end) const;
  bool PercentOf(size_t i, v1::Annotation* out, size_t* end) const;
  bool EmitAmount(size_t i, Amount a, bool between, v1::Approx approx,
                  v1::Annotation* out, size_t* end) const;
  size_t TrailingQualifier(size_t e, v1::Approx* approx) const;
  size_t OrEqual(size_t e, v1::Approx approx) const;
  bool PointsMove(size_t i) const;
  bool ScoreAfter(const Amount& a, v1::NumberKind kind, size_t h) const;
  void SetSpan(v1::Annotation* out, size_t b, size_t e) const;
  bool Exact(v1::Annotation* out, size_t b, size_t e, v1::NumberKind kind,
             double value, size_t* end) const;

  // amount.cc
  std::optional<Amount> ParseAmount(size_t i, bool ratio = true) const;
  bool SignAt(size_t k) const;
  Read ReadCore(size_t k, bool negative, std::string* currency,
                Amount* a) const;
  void ScaleWords(Amount* a) const;
  void FinanceMillions(Amount* a) const;
  void DigitsAndScales(Amount* a) const;

  // digits.cc
  std::optional<double> DigitValue(size_t i) const;
  static std::optional<double> ParseDigits(absl::string_view w);
  Read DigitCore(size_t k, bool negative, Amount* a) const;
  void SpaceGroups(Amount* a) const;
  bool OneSpaceBefore(size_t k) const;
  void DigitFraction(Amount* a) const;
  std::optional<std::pair<double, size_t>> ExponentAt(size_t k,
                                                      double base) const;
  std::optional<double> Vulgar(size_t k) const;

  // words.cc
  std::optional<Amount> ParseWords(size_t i, bool join_and = true) const;
  size_t ScaleLead(size_t k, double* current) const;
  bool SpelledFractionCore(size_t k, Amount* a) const;
  Read WordsCore(size_t k, bool negative, const std::string& currency,
                 Amount* a) const;
  bool VagueCore(size_t k, Amount* a) const;
  std::optional<std::pair<double, size_t>> OrdinalAfter(const Amount& w) const;
  void FractionOfScale(Amount* a) const;
  void AndFraction(Amount* a) const;
  std::optional<std::pair<double, size_t>> FractionAt(size_t k) const;
  std::optional<std::pair<double, size_t>> Denominator(size_t k) const;
  void WordFraction(Amount* a) const;

  // money.cc
  size_t CurrencyPrefix(size_t k, std::string* currency, bool* millions) const;
  size_t SignPrefix(size_t k, std::string* currency) const;
  bool CurrencyName(size_t k, size_t* end, std::string* unit,
                    Subunits* subunits) const;
  bool Pence(size_t k) const;
  bool GluedCodeCore(size_t k, std::string* currency, Amount* a) const;
  std::optional<std::pair<std::string, size_t>> GluedCode(size_t k) const;
  std::optional<std::string> MillionsCode(size_t k) const;
  std::optional<std::string> CurrencyWord(size_t i) const;
  static int EditDistance(const std::string& a, const std::string& b);
  bool MoneySuffix(size_t k, size_t* end, std::string* unit,
                   const std::string& currency, Subunits* subunits) const;
  bool NationalCurrency(size_t k, size_t* end, std::string* unit) const;
  void CurrencyWordSuffix(size_t k, const std::string& code, size_t* end,
                          Subunits* subunits) const;

  // units.cc
  v1::NumberKind Suffix(size_t* end, std::string* unit,
                        const std::string& currency,
                        Subunits* subunits = nullptr) const;
  bool PercentSuffix(size_t k, size_t* end) const;
  bool UnitSuffix(size_t k, size_t* end, std::string* unit) const;
  std::optional<std::pair<size_t, const std::string*>> PhraseAt(
      size_t k, const PhraseMap<std::string>& map) const;
  bool UnitPhrase(size_t k, size_t* end, std::string* unit) const;
  bool WeightPounds(size_t k) const;
  bool GluedPercent(size_t k) const;
  std::optional<std::string> GluedLength(size_t k) const;
  size_t SlashUnit(size_t k, std::string* unit) const;
  bool TitleWord(size_t k) const;
  std::optional<std::pair<size_t, std::string>> Rate(size_t k) const;
  bool RateNoun(size_t k) const;

  // ranges.cc
  void Ratio(Amount* a) const;
  std::optional<Range> RangeAfter(const Amount& a, v1::NumberKind kind,
                                  size_t joiner) const;
  bool Change(const Amount& a, const Amount& b) const;
  bool ChangeWordBefore(size_t k, size_t reach) const;
  bool CountedWord(size_t k, std::string* counted) const;
  size_t RateOrCounted(size_t e, v1::NumberKind kind,
                       v1::NumberAnnotation* n) const;

  // context.cc
  bool Excluded(size_t i) const;
  bool PartOfName(size_t i) const;
  bool ProductName(size_t i) const;
  bool NumberWordInName(size_t i) const;
  bool TimeOrListMarker(size_t i) const;
  bool GluedToLetters(size_t i) const;
  bool PronounOne(size_t i) const;
  bool PhoneOrId(size_t i) const;
  bool InUrl(size_t k) const;
  bool LineStart(size_t i) const;
  size_t HyphenChainLength(size_t i) const;
  std::optional<std::pair<size_t, v1::Approx>> Qualifier(size_t i) const;
  bool IsYear(size_t i) const;

  // dates.cc
  bool MatchDate(size_t i, v1::Annotation* out, size_t* end) const;
  bool MonthFirstDate(size_t i, int month, v1::Annotation* out,
                      size_t* end) const;
  bool DayFirstDate(size_t i, v1::Annotation* out, size_t* end) const;
  bool NumericDate(size_t i, v1::Annotation* out, size_t* end) const;
  bool YearDate(size_t i, v1::Annotation* out, size_t* end) const;
  int DayOf(size_t k) const;
  bool SetDate(v1::Annotation* out, size_t b, size_t e, std::string date,
               size_t* end) const;

 private:
  const TokenizedText& t_;
  const Lexicon& lx_;
};

}  // namespace docpipe::annotate::numbers

#endif  // DOCPIPE_ANNOTATE_NUMBERS_SCANNER_H_
