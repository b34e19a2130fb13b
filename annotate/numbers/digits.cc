// Amounts written in digits: "600,000", "1 234 567", "2 1/4", "1e10", "½".
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// Value of a digit token: "600,000" -> 600000, "5.5" -> 5.5, Indian
// "12,34,567" -> 1234567. A single comma that cannot group thousands (not
// three digits after it, nor a dot) is a decimal comma: "5,00" -> 5,
// "1.111,11" -> 1111.11. Several with no group of three last are a list
// ("22,24,26"), no one value.
std::optional<double> Scanner::DigitValue(size_t i) const {
  if (!IsNumber(i)) return std::nullopt;
  return ParseDigits(low(i));
}

namespace {

// absl::SimpleAtod, with a fast path for the common "123" and "12.5" of
// at most 15 digits: the digits as an integer are exact in a double, and so
// is a power of ten up to 1e22, so one division gives the correctly rounded
// value, as SimpleAtod does (Clinger's fast path). SimpleAtod was a
// twentieth of the layer's instructions.
bool Atod(absl::string_view w, double* v) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
                                      1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15};
  if (!w.empty() && w.size() <= 16) {
    uint64_t m = 0;
    size_t digits = 0, point = absl::string_view::npos;
    bool plain = true;
    for (size_t j = 0; j < w.size() && plain; ++j) {
      const char c = w[j];
      if (c >= '0' && c <= '9') {
        m = m * 10 + static_cast<uint64_t>(c - '0');
        ++digits;
      } else if (c == '.' && point == absl::string_view::npos && j > 0 &&
                 j + 1 < w.size()) {
        point = j;
      } else {
        plain = false;
      }
    }
    if (plain && digits <= 15) {
      const size_t frac =
          point == absl::string_view::npos ? 0 : w.size() - point - 1;
      *v = static_cast<double>(m) / kPow10[frac];
      return true;
    }
  }
  return absl::SimpleAtod(w, v);
}

}  // namespace

// DigitValue of the digits `w` (also digits glued to letters: "RM2.05").
std::optional<double> Scanner::ParseDigits(absl::string_view w) {
  double v = 0;
  const size_t comma = w.rfind(',');
  if (comma == absl::string_view::npos) {  // most tokens: no copy
    if (!Atod(w, &v)) return std::nullopt;
    return v;
  }
  // Into a stack buffer, not a string: this runs several times per number.
  char buf[64];
  if (w.size() >= sizeof(buf)) return std::nullopt;
  size_t n = 0;
  bool dot = false;
  const bool decimal_comma = w.find('.', comma) == absl::string_view::npos &&
                             w.size() - comma - 1 != 3;
  if (decimal_comma && w.find(',') != comma) {
    return std::nullopt;  // "22,24,26"
  }
  for (size_t j = 0; j < w.size(); ++j) {
    const char c = w[j];
    if (c == ',') {
      if (j != comma || !decimal_comma) continue;  // a thousands comma
    } else if (c == '.') {
      if (decimal_comma) continue;  // "1.111,11": dots group thousands
    } else {
      buf[n++] = c;
      continue;
    }
    if (dot) return std::nullopt;  // two decimal points
    dot = true;
    buf[n++] = '.';
  }
  if (!Atod(absl::string_view(buf, n), &v)) return std::nullopt;
  return v;
}

// The core of an amount in digits at k: ".08", "600,000", "1 234 567",
// "2 1/4", "1e10", "2½". kReject where ".08" cannot be read.
Read Scanner::DigitCore(size_t k, bool negative, Amount* a) const {
  if (low(k) == "." && IsNumber(k + 1) && adjacent(k + 1) &&
      (k == 0 || tok(k).space_before || negative) &&
      low(k + 1).find_first_of(".,") == std::string::npos) {
    // ".08"
    double v = 0;
    if (!absl::SimpleAtod(absl::StrCat("0.", low(k + 1)), &v)) {
      return Read::kReject;
    }
    a->begin = k;
    a->value = v;
    a->end = k + 2;
    return Read::kDone;
  }
  auto v = DigitValue(k);
  if (!v) return Read::kNo;
  a->begin = k;
  a->value = *v;
  a->end = k + 1;
  SpaceGroups(a);
  DigitFraction(a);
  if (auto x = ExponentAt(a->end, a->value)) {
    std::tie(a->value, a->end) = *x;
  }
  // "2½"
  if (auto f = Vulgar(a->end); f && adjacent(a->end)) {
    a->value += *f;
    ++a->end;
  }
  return Read::kDone;
}

// "1 234 567", "40 000", "1\u202f234.5": digits grouped by one space
// (or a no-break or thin space). A first group of one to three digits,
// then groups of exactly three; not after another number ("0845 8 505
// 505" is a phone number), not before a hyphen, slash, letter or another
// number ("10 737-800 planes" is ten Boeing 737-800s).
void Scanner::SpaceGroups(Amount* a) const {
  const size_t k = a->end - 1;
  const absl::string_view first = low(k);
  if (!IsNumber(k + 1) || first.size() > 3 || first[0] == '0' ||
      !std::all_of(first.begin(), first.end(), absl::ascii_isdigit) ||
      (k > 0 && IsNumber(k - 1)) || !OneSpaceBefore(k + 1)) {
    return;
  }
  std::string digits(first);
  size_t e = k + 1;
  for (; IsNumber(e) && OneSpaceBefore(e); ++e) {
    const absl::string_view g = low(e);
    const size_t dot = g.find('.');
    const absl::string_view head = g.substr(0, dot);
    if (head.size() != 3 ||
        !std::all_of(head.begin(), head.end(), absl::ascii_isdigit) ||
        g.find(',') != absl::string_view::npos) {
      return;
    }
    absl::StrAppend(&digits, g);
    if (dot != absl::string_view::npos) {  // decimals end it: "567.89"
      ++e;
      break;
    }
  }
  if (IsNumber(e) ||
      (e < size() && adjacent(e) &&
       (tok(e).kind == TokenKind::kWord || low(e) == "-" || low(e) == "/"))) {
    return;
  }
  double v = 0;
  if (!absl::SimpleAtod(digits, &v)) return;
  a->value = v;
  a->end = e;
}

// Exactly one space character between token k-1 and token k.
bool Scanner::OneSpaceBefore(size_t k) const {
  if (k >= size() || k == 0) return false;
  const absl::string_view gap =
      t_.text.substr(tok(k - 1).end, tok(k).begin - tok(k - 1).end);
  return gap == " " || gap == "\u00a0" || gap == "\u202f" || gap == "\u2009";
}

// "3/4", "2 1/4" after the digits of `a`: a proper fraction, not a date
// ("10/28", "27/10/2024").
void Scanner::DigitFraction(Amount* a) const {
  auto fraction = [&](size_t k, double* out) {
    if (!IsNumber(k) || low(k + 1) != "/" || !adjacent(k + 1) ||
        !IsNumber(k + 2) || !adjacent(k + 2) || low(k + 3) == "/") {
      return false;
    }
    auto num = DigitValue(k), den = DigitValue(k + 2);
    // Denominators of everyday fractions only: "10/28" is a date.
    if (!num || !den || *den == 0 || *num >= *den ||
        (*den > 10 && *den != 12 && *den != 16 && *den != 32 && *den != 64) ||
        low(k).find_first_of(".,") != std::string::npos) {
      return false;
    }
    *out = *num / *den;
    return true;
  };
  double f = 0;
  const size_t k = a->end - 1;
  if (fraction(k, &f)) {  // "3/4"
    a->value = f;
    a->end = k + 3;
  } else if (low(k).find_first_of(".,") == std::string::npos &&
             tok(k + 1 < size() ? k + 1 : k).space_before &&
             fraction(k + 1, &f)) {  // "2 1/4"
    a->value += f;
    a->end = k + 4;
  }
}

// An exponent glued on at k: "e10", "e+14", "^23", "^-1", "x10^6". The
// value it makes of `base`, and its end. Lower-case "e" only: "7E7" is a
// Boeing.
std::optional<std::pair<double, size_t>> Scanner::ExponentAt(
    size_t k, double base) const {
  if (k >= size() || !adjacent(k) || t_.text[tok(k).begin] == 'E') {
    return std::nullopt;
  }
  const absl::string_view w = low(k);
  if (w.size() > 1 && w[0] == 'e' &&
      std::all_of(w.begin() + 1, w.end(), absl::ascii_isdigit)) {
    int p = 0;
    if (!absl::SimpleAtoi(w.substr(1), &p) || p > 300) return std::nullopt;
    return std::make_pair(base * std::pow(10.0, p), k + 1);
  }
  if (w == "e" && (low(k + 1) == "+" || low(k + 1) == "-") && adjacent(k + 1) &&
      IsNumber(k + 2) && adjacent(k + 2)) {
    int p = 0;
    if (!absl::SimpleAtoi(low(k + 2), &p) || p > 300) return std::nullopt;
    return std::make_pair(base * std::pow(10.0, low(k + 1) == "-" ? -p : p),
                          k + 3);
  }
  bool times_ten = false;
  if ((w == "x10" || w == "\u00d710") && low(k + 1) == "^" && adjacent(k + 1)) {
    times_ten = true;
    k += 2;
  } else if (w == "^") {
    k += 1;
  } else {
    return std::nullopt;
  }
  // After "^": [sign...] digits.
  bool neg = false;
  while (k < size() && (low(k) == "-" || low(k) == "+") && adjacent(k)) {
    if (low(k) == "-") neg = !neg;
    ++k;
  }
  if (!IsNumber(k) || !adjacent(k)) return std::nullopt;
  auto p = DigitValue(k);
  if (!p || *p > 300) return std::nullopt;
  const double e = neg ? -*p : *p;
  if (times_ten) return std::make_pair(base * std::pow(10.0, e), k + 1);
  // "-2.5^-1" is -(2.5^-1): the sign is the number's, not the base's.
  const double power = std::pow(std::abs(base), e);
  return std::make_pair(base < 0 ? -power : power, k + 1);
}

// Unicode vulgar fractions: "½", "¾".
std::optional<double> Scanner::Vulgar(size_t k) const {
  static const auto* kVulgar = new WordMap<double>{
      {"\u00bd", 0.5},     {"\u00bc", 0.25},    {"\u00be", 0.75},
      {"\u2153", 1.0 / 3}, {"\u2154", 2.0 / 3}, {"\u2155", 0.2},
      {"\u2156", 0.4},     {"\u2157", 0.6},     {"\u2158", 0.8},
      {"\u2159", 1.0 / 6}, {"\u215a", 5.0 / 6}, {"\u215b", 0.125},
      {"\u215c", 0.375},   {"\u215d", 0.625},   {"\u215e", 0.875}};
  // All of them start 0xC2 or 0xE2 in UTF-8: skip the hash for the rest.
  if (k >= size()) return std::nullopt;
  const unsigned char c = t_.text[tok(k).begin];
  if (c != 0xC2 && c != 0xE2) return std::nullopt;
  auto it = kVulgar->find(low(k));
  if (it == kVulgar->end()) return std::nullopt;
  return it->second;
}

}  // namespace docpipe::annotate::numbers
