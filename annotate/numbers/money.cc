// Currencies: prefixes ("US$", "MAUD"), glued codes ("USD115"), currency
// words and names after an amount, and subunits ("50 cents").
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

const WordMap<std::string>& DollarPrefixes() {
  static const auto* prefixes = new WordMap<std::string>{
      {"us", "USD"},  {"u.s", "USD"}, {"c", "CAD"},  {"hk", "HKD"},
      {"nz", "NZD"},  {"a", "AUD"},   {"s", "SGD"},  {"usd", "USD"},
      {"mxn", "MXN"}, {"mex", "MXN"}, {"mx", "MXN"}, {"aud", "AUD"},
      {"au", "AUD"},  {"cad", "CAD"}, {"ca", "CAD"}, {"nzd", "NZD"},
      {"sgd", "SGD"}, {"hkd", "HKD"}};
  return *prefixes;
}

namespace {

// "australian dollars", "swiss francs", "us dollars", "turkish lira": the
// nation's word, the currency's words after it, the code.
using NationalMap = WordMap<std::pair<std::vector<std::string>, std::string>>;
const NationalMap& NationalCurrencies() {
  static const auto* national = new NationalMap{
      {"australian", {{"dollar", "dollars"}, "AUD"}},
      {"canadian", {{"dollar", "dollars"}, "CAD"}},
      {"singapore", {{"dollar", "dollars"}, "SGD"}},
      {"taiwan", {{"dollar", "dollars"}, "TWD"}},
      {"us", {{"dollar", "dollars"}, "USD"}},
      {"u.s", {{"dollar", "dollars"}, "USD"}},
      {"american", {{"dollar", "dollars"}, "USD"}},
      {"mexican", {{"peso", "pesos"}, "MXN"}},
      {"swiss", {{"franc", "francs"}, "CHF"}},
      {"chinese", {{"yuan"}, "CNY"}},
      {"japanese", {{"yen"}, "JPY"}},
      {"turkish", {{"lira", "liras"}, "TRY"}},
      {"indian", {{"rupee", "rupees"}, "INR"}},
      {"russian", {{"rouble", "roubles", "ruble", "rubles"}, "RUB"}},
      {"dutch", {{"guilder", "guilders"}, "NLG"}},
      {"finnish", {{"markka", "markkaa"}, "FIM"}},
      {"spanish", {{"peseta", "pesetas"}, "ESP"}}};
  return *national;
}

}  // namespace

// A currency before an amount's core at k: "$", "US$" ("US" + "$"; "C$",
// "HK$" likewise, and tokenized text may space them: "hk $ 10"), "MAUD"
// (millions of AUD: sets `*millions`). Sets `*currency` and returns the
// token after the prefix; k where there is none.
size_t Scanner::CurrencyPrefix(size_t k, std::string* currency,
                               bool* millions) const {
  if (k >= size()) return k;
  const auto& prefixes = DollarPrefixes();
  auto pre = prefixes.find(low(k));
  // Spaced forms only for unambiguous prefixes ("a $5 bill" is not AUD).
  const bool spaced_ok =
      pre != prefixes.end() && (pre->first == "us" || pre->first == "u.s" ||
                                pre->first == "c" || pre->first == "hk");
  if (pre != prefixes.end() && low(k + 1) == "$" &&
      (adjacent(k + 1) || spaced_ok) &&
      (IsNumber(k + 2) || IsNumberWord(k + 2))) {
    *currency = pre->second;
    return k + 2;
  }
  if (auto c = lx_.currency_symbols.find(low(k));
      c != lx_.currency_symbols.end() &&
      (IsNumber(k + 1) || IsNumberWord(k + 1))) {
    *currency = c->second;
    return k + 1;
  }
  if (auto m = MillionsCode(k); m && (IsNumber(k + 1) || IsNumberWord(k + 1))) {
    *currency = *m;  // "MAUD 60": millions of AUD
    *millions = true;
    return k + 1;
  }
  return k;
}

// The core of an amount that is a code glued to its digits at k: "USD115",
// "USD115.5". Sets `*currency`.
bool Scanner::GluedCodeCore(size_t k, std::string* currency, Amount* a) const {
  auto g = GluedCode(k);
  if (!g) return false;
  a->begin = k;
  a->value = g->second;
  a->end = k + 1;
  *currency = g->first;
  if (low(k + 1) == "." && adjacent(k + 1) && IsNumber(k + 2) &&
      adjacent(k + 2) && low(k + 2).find_first_of(".,") == std::string::npos) {
    double frac = 0;
    if (absl::SimpleAtod(absl::StrCat("0.", low(k + 2)), &frac)) {
      a->value += frac;
      a->end = k + 3;
    }
  }
  return true;
}

// "USD115": an upper-case ISO code we know glued to digits. Code and
// value.
std::optional<std::pair<std::string, double>> Scanner::GluedCode(
    size_t k) const {
  if (k >= size() || tok(k).kind != TokenKind::kWord) return std::nullopt;
  const absl::string_view raw = t_.Text(tok(k));
  if (raw.size() < 4 || raw.size() > 18 || !absl::ascii_isdigit(raw[3]) ||
      !absl::ascii_isupper(raw[0]) || !absl::ascii_isupper(raw[1]) ||
      !absl::ascii_isupper(raw[2]) ||
      !std::all_of(raw.begin() + 3, raw.end(), absl::ascii_isdigit)) {
    return std::nullopt;
  }
  const absl::string_view code = low(k).substr(0, 3);
  if (!lx_.currency_codes.contains(code)) return std::nullopt;
  double v = 0;
  if (!absl::SimpleAtod(raw.substr(3), &v)) return std::nullopt;
  return std::make_pair(lx_.currency_words.find(code)->second, v);
}

// "MUSD", "MEUR": millions of a currency (their code after an M).
std::optional<std::string> Scanner::MillionsCode(size_t k) const {
  const absl::string_view w = low(k);
  if (w.size() != 4 || w[0] != 'm') return std::nullopt;
  // The rest is an ISO 4217 code we know ("usd" -> "USD").
  if (!lx_.currency_codes.contains(w.substr(1))) return std::nullopt;
  // All capitals: "MUSD", not "musd" in prose.
  for (size_t b = tok(k).begin; b < tok(k).end; ++b) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(t_.text[b]))) {
      return std::nullopt;
    }
  }
  return lx_.currency_words.find(w.substr(1))->second;
}

// Typo-tolerant currency words: "dalars", "dolars" -> USD.
std::optional<std::string> Scanner::CurrencyWord(size_t i) const {
  if (i >= size() || tok(i).kind != TokenKind::kWord) return std::nullopt;
  const absl::string_view w = low(i);
  if (auto c = lx_.currency_words.find(w); c != lx_.currency_words.end()) {
    return c->second;
  }
  if (w.size() >= 5 && w.size() <= 8 && w[0] == 'd' &&
      EditDistance(std::string(w), "dollars") <= 2) {
    return std::string("USD");
  }
  return std::nullopt;
}

int Scanner::EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min(
          {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// A currency after an amount at k: a subunit ("50 cents" is $0.50, "470
// pence" is 4.70 GBP), a symbol ("10 $", "5 €"), a national name
// ("swiss francs"), millions of a code ("30 MUSD"), a currency word
// ("euros", "USD"), or else the amount's own `currency`. Sets `*unit` and
// `*end`; `subunits` (null for a range's second amount) takes a scale or
// an added subunit.
bool Scanner::MoneySuffix(size_t k, size_t* end, std::string* unit,
                          const std::string& currency,
                          Subunits* subunits) const {
  if (currency.empty() && subunits &&
      (low(k) == "cent" || low(k) == "cents" || low(k) == "pence" ||
       low(k) == "penny")) {
    *unit = low(k)[0] == 'c' ? "USD" : "GBP";
    subunits->factor = 0.01;
    *end = k + 1;
    return true;
  }
  if (currency.empty()) {
    if (auto c = lx_.currency_symbols.find(low(k));
        c != lx_.currency_symbols.end() && tok(k).kind != TokenKind::kWord &&
        !IsNumber(k + 1)) {
      *unit = c->second;
      *end = k + 1;
      return true;
    }
  }
  if (NationalCurrency(k, end, unit)) return true;
  if (auto m = MillionsCode(k); m && currency.empty() && subunits) {
    *unit = *m;  // "30 MUSD"
    subunits->factor = 1e6;
    *end = k + 1;
    return true;
  }
  if (auto c = CurrencyWord(k)) {
    *unit = *c;
    *end = k + 1;
    if (subunits) CurrencyWordSuffix(k, *c, end, subunits);
    return true;
  }
  if (!currency.empty()) {
    *unit = currency;
    return true;
  }
  return false;
}

// "australian dollars", "hong kong dollars" at k.
bool Scanner::NationalCurrency(size_t k, size_t* end, std::string* unit) const {
  const NationalMap& national = NationalCurrencies();
  if (auto c = national.find(low(k)); c != national.end()) {
    const auto& words = c->second.first;
    if (std::find(words.begin(), words.end(), low(k + 1)) != words.end()) {
      *unit = c->second.second;
      *end = k + 2;
      return true;
    }
  }
  if (low(k) == "hong" && low(k + 1) == "kong" &&
      (low(k + 2) == "dollar" || low(k + 2) == "dollars")) {
    *unit = "HKD";
    *end = k + 3;
    return true;
  }
  return false;
}

// What can follow the currency word at k whose code is `code`: a scale
// after a code ("75 USD million"), or a subunit that joins the amount ("3
// dollars 50 cents", "thirteen dollars and forty-five cents", "15 dollars
// and 50"). Advances `*end` past it.
void Scanner::CurrencyWordSuffix(size_t k, const std::string& code, size_t* end,
                                 Subunits* subunits) const {
  if (code.size() == 3 && lx_.currency_symbols.contains(low(k))) {
    if (auto s = lx_.scales.find(low(k + 1));
        s != lx_.scales.end() && s->first.size() > 2 && s->second >= 1e3) {
      subunits->factor = s->second;
      *end = k + 2;
      return;
    }
  }
  if (code != "USD" && code != "EUR" && code != "GBP") return;
  const size_t s = low(k + 1) == "and" ? k + 2 : k + 1;
  std::optional<double> sub;
  size_t after = s + 1;
  if (auto d = DigitValue(s);
      d && *d < 100 && low(s).find('.') == std::string::npos) {
    sub = d;
  } else if (auto w = ParseWords(s); w && w->value < 100) {
    sub = w->value;
    after = w->end;
  }
  const absl::string_view next = low(after);
  const bool subunit =
      next == "cents" || next == "cent" || next == "pence" || next == "penny";
  // A bare number after "dollars" joins only when nothing else can claim
  // it (not "5 dollars 3 times", "dollars 50%").
  if (sub && (subunit || next.empty() || next == "." || next == ",")) {
    subunits->plus = *sub / 100;
    *end = subunit ? after + 1 : after;
  }
}

}  // namespace docpipe::annotate::numbers
