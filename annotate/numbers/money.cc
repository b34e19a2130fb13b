// Currencies: prefixes ("US$", "MAUD"), glued codes ("USD115"), currency
// words and names after an amount, and subunits ("50 cents").
#include <algorithm>
#include <cstring>
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
  // "dollar 22.5 million": a currency's name before a scaled amount.
  if (auto c = CurrencyWord(k); c && IsNumber(k + 1) && low(k + 2).size() > 2 &&
                                lx_.scales.contains(low(k + 2))) {
    *currency = *c;
    return k + 1;
  }
  return SignPrefix(k, currency);
}

// A sign of data/currencies.tsv before digits at k, of up to three tokens
// ("HK$", "AU $", "Rs."), or an ISO 4217 code in capitals ("DKK 15"). A
// letter sign starts with a capital ("a $5 bill" is no AUD). Sets
// `*currency`; returns the digits' token, or k where there is none.
size_t Scanner::SignPrefix(size_t k, std::string* currency) const {
  if (k >= size() || tok(k).kind == TokenKind::kNumber ||
      absl::ascii_islower(static_cast<unsigned char>(t_.text[tok(k).begin]))) {
    return k;
  }
  if (IsNumber(k + 1) && low(k).size() == 3 && lx_.iso_codes.contains(low(k))) {
    const absl::string_view raw = t_.Text(tok(k));
    if (std::all_of(raw.begin(), raw.end(), absl::ascii_isupper)) {
      *currency = lx_.iso_codes.find(low(k))->second;
      return k + 1;
    }
  }
  // The sign's text so far, on the stack: this runs at every capitalized
  // word a number is near.
  char form[32];
  size_t n = 0;
  for (size_t j = k; j < k + 3 && j < size(); ++j) {
    if (j > k) {
      if (tok(j).kind == TokenKind::kNumber) break;
      if (!adjacent(j) && n < sizeof(form)) form[n++] = ' ';
    }
    const absl::string_view w = low(j);
    if (n + w.size() > sizeof(form)) break;
    std::memcpy(form + n, w.data(), w.size());
    n += w.size();
    if (!IsNumber(j + 1)) continue;
    auto sign = lx_.currency_signs.find(absl::string_view(form, n));
    if (sign == lx_.currency_signs.end() ||
        (!adjacent(j + 1) && !sign->second.spaced)) {
      continue;
    }
    *currency = sign->second.code;
    return j + 1;
  }
  return k;
}

// The core of an amount that is a currency glued to its digits at k: an
// ISO code in capitals ("USD115", "USD115.5"), or a sign of
// data/currencies.tsv ("RM2.05", "Rs500", "$US55,931,000": a "$" glued
// before the letters). Sets `*currency`.
bool Scanner::GluedCodeCore(size_t k, std::string* currency, Amount* a) const {
  auto g = GluedCode(k);
  if (!g) return false;
  size_t w = k;
  if (tok(k).kind != TokenKind::kWord) ++w;  // "$" + "US55"
  std::string digits(low(w).substr(g->second));
  size_t e = w + 1;
  // The groups and decimals the tokenizer split off: ",931,000", ".05".
  while ((low(e) == "," || low(e) == ".") && adjacent(e) && IsNumber(e + 1) &&
         adjacent(e + 1) && (low(e) == "." || low(e + 1).size() >= 3)) {
    absl::StrAppend(&digits, low(e), low(e + 1));
    e += 2;
  }
  auto v = ParseDigits(digits);
  if (!v) return false;
  a->begin = k;
  a->value = *v;
  a->end = e;
  *currency = g->first;
  return true;
}

// "USD115", "RM2", "$US55": a currency glued to digits at k (see
// GluedCodeCore). The code, and where the digits start in the word.
std::optional<std::pair<std::string, size_t>> Scanner::GluedCode(
    size_t k) const {
  if (k >= size()) return std::nullopt;
  std::string form;
  size_t w = k;
  if (tok(k).kind == TokenKind::kPunct) {  // "$US55"
    if (!lx_.currency_symbols.contains(low(k)) || !adjacent(k + 1) ||
        k + 1 >= size()) {
      return std::nullopt;
    }
    form = std::string(low(k));
    w = k + 1;
  }
  if (tok(w).kind != TokenKind::kWord) return std::nullopt;
  const absl::string_view raw = t_.Text(tok(w));
  size_t p = 0;
  while (p < raw.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(raw[p]))) {
    ++p;
  }
  if (p == 0 || p == raw.size() || raw.size() > 24 ||
      !std::all_of(raw.begin() + p, raw.end(), absl::ascii_isdigit) ||
      !absl::ascii_isupper(static_cast<unsigned char>(raw[0]))) {
    return std::nullopt;
  }
  const absl::string_view letters = low(w).substr(0, p);
  if (form.empty() && p == 3 &&
      std::all_of(raw.begin(), raw.begin() + 3, absl::ascii_isupper)) {
    if (lx_.currency_codes.contains(letters)) {
      return std::make_pair(lx_.currency_words.find(letters)->second, p);
    }
  }
  absl::StrAppend(&form, letters);
  auto sign = lx_.currency_signs.find(form);
  if (sign == lx_.currency_signs.end()) return std::nullopt;
  return std::make_pair(std::string(sign->second.code), p);
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
  // "the 12 Euro zone countries": the currency names a region there.
  if (w == "euro" && (low(i + 1) == "zone" || low(i + 1) == "area")) {
    return std::nullopt;
  }
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
        c != lx_.currency_symbols.end() && tok(k).kind != TokenKind::kWord) {
      // "10 $ 30 $": the sign after, where the next number has its own;
      // "10 $ 30 cent": and its cents.
      const absl::string_view after = low(k + 2);
      const bool next_own =
          IsNumber(k + 1) &&
          (after == low(k) || after == "cent" || after == "cents");
      if (!IsNumber(k + 1) || next_own) {
        *unit = c->second;
        *end = k + 1;
        if (next_own && after != low(k) && subunits) {
          subunits->plus = DigitValue(k + 1).value_or(0) / 100;
          *end = k + 3;
        }
        return true;
      }
    }
  }
  if (currency.empty() && subunits && Pence(k)) {
    *unit = "GBP";  // "164p"
    subunits->factor = 0.01;
    *end = k + 1;
    return true;
  }
  if (NationalCurrency(k, end, unit)) return true;
  if (CurrencyName(k, end, unit, currency.empty() ? subunits : nullptr)) {
    return true;
  }
  if (auto m = MillionsCode(k); m && currency.empty() && subunits) {
    *unit = *m;  // "30 MUSD"
    subunits->factor = 1e6;
    *end = k + 1;
    return true;
  }
  if (auto c = CurrencyWord(k); c && (currency.empty() || *c == currency)) {
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

// A currency named after an amount at k from ISO 4217 and
// data/currencies.tsv: "danish crowns", "shekels", "ringgit", "DKK" (a code
// in capitals); with `subunits`, a subunit: "50 sen" (a hundredth).
bool Scanner::CurrencyName(size_t k, size_t* end, std::string* unit,
                           Subunits* subunits) const {
  if (k >= size() || tok(k).kind != TokenKind::kWord) return false;
  if (low(k) == "euro" && (low(k + 1) == "zone" || low(k + 1) == "area")) {
    return false;  // "the 12 Euro zone countries"
  }
  if (auto p = PhraseAt(k, lx_.currency_names)) {
    *unit = *p->second;
    *end = p->first;
    return true;
  }
  // "Sen." is a senator: a subunit in lower case only.
  if (subunits &&
      absl::ascii_islower(static_cast<unsigned char>(t_.text[tok(k).begin]))) {
    if (auto p = PhraseAt(k, lx_.currency_subunits)) {
      *unit = *p->second;
      *end = p->first;
      subunits->factor = 0.01;
      return true;
    }
  }
  if (low(k).size() == 3 && !lx_.currency_words.contains(low(k))) {
    const absl::string_view raw = t_.Text(tok(k));
    auto c = lx_.iso_codes.find(low(k));
    if (c != lx_.iso_codes.end() &&
        std::all_of(raw.begin(), raw.end(), absl::ascii_isupper)) {
      *unit = c->second;
      *end = k + 1;
      return true;
    }
  }
  return false;
}

// "164p": pence glued to the digits before k. Not a video resolution
// ("720p", "1080p").
bool Scanner::Pence(size_t k) const {
  if (k >= size() || low(k) != "p" || !adjacent(k) || !IsNumber(k - 1) ||
      t_.text[tok(k).begin] != 'p') {
    return false;
  }
  const absl::string_view d = low(k - 1);
  return d != "480" && d != "576" && d != "720" && d != "1080" && d != "2160";
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
