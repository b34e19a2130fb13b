// Dates: "October 28, 2024", "July 2023", "28 October", "27.10.2024",
// "5/17/2018" and bare years.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

// Dates: "October 28[, 2024]", "July 2023", "28 October [2024]",
// "27.10.2024", and bare years. A capitalized month name that opens no
// date ends the search: "May" alone is no date nor number.
bool Scanner::MatchDate(size_t i, v1::Annotation* out, size_t* end) const {
  if (auto month = lx_.months.find(low(i));
      month != lx_.months.end() &&
      absl::ascii_isupper(static_cast<unsigned char>(t_.text[tok(i).begin]))) {
    return MonthFirstDate(i, month->second, out, end);
  }
  return DayFirstDate(i, out, end) || NumericDate(i, out, end) ||
         YearDate(i, out, end);
}

// After the month `m` at i: "October 28[, 2024]", "July 2023". "May" alone
// is a verb too often; a day or year must follow.
bool Scanner::MonthFirstDate(size_t i, int m, v1::Annotation* out,
                             size_t* end) const {
  // "Oct. 31": an abbreviated month's full stop.
  const size_t j =
      low(i).size() <= 4 && low(i + 1) == "." && adjacent(i + 1) ? i + 1 : i;
  if (int d = DayOf(j + 1)) {
    if (low(j + 2) == "," && IsYear(j + 3)) {
      return SetDate(out, i, j + 4,
                     absl::StrFormat("%s-%02d-%02d", low(j + 3), m, d), end);
    }
    if (IsYear(j + 2)) {
      return SetDate(out, i, j + 3,
                     absl::StrFormat("%s-%02d-%02d", low(j + 2), m, d), end);
    }
    return SetDate(out, i, j + 2, absl::StrFormat("--%02d-%02d", m, d), end);
  }
  if (IsYear(j + 1)) {
    return SetDate(out, i, j + 2, absl::StrFormat("%s-%02d", low(j + 1), m),
                   end);
  }
  return false;
}

// "28 October [2024]".
bool Scanner::DayFirstDate(size_t i, v1::Annotation* out, size_t* end) const {
  const int d = DayOf(i);
  if (!d) return false;
  auto m2 = lx_.months.find(low(i + 1));
  if (m2 == lx_.months.end() || low(i + 1).size() <= 2) return false;
  if (IsYear(i + 2)) {
    return SetDate(out, i, i + 3,
                   absl::StrFormat("%s-%02d-%02d", low(i + 2), m2->second, d),
                   end);
  }
  return SetDate(out, i, i + 2, absl::StrFormat("--%02d-%02d", m2->second, d),
                 end);
}

// "27.10.2024" (one number token with two dots); "27/10/2024",
// "5/17/2018": day and month by which can be a month; when both can, day
// first (British usage, as in the BBC's). Without a year, "24/7" is no
// date.
bool Scanner::NumericDate(size_t i, v1::Annotation* out, size_t* end) const {
  if (IsNumber(i) && std::count(low(i).begin(), low(i).end(), '.') == 2) {
    std::vector<std::string> parts = absl::StrSplit(low(i), '.');
    int d = 0, m = 0, y = 0;
    if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &d) &&
        absl::SimpleAtoi(parts[1], &m) && absl::SimpleAtoi(parts[2], &y) &&
        d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1800 && y <= 2100) {
      return SetDate(out, i, i + 1, absl::StrFormat("%04d-%02d-%02d", y, m, d),
                     end);
    }
  }
  if (IsNumber(i) && low(i + 1) == "/" && adjacent(i + 1) && adjacent(i + 2) &&
      low(i + 3) == "/" && adjacent(i + 3) && adjacent(i + 4) &&
      IsYear(i + 4) && !(IsNumber(i + 5) && adjacent(i + 5))) {
    int a = DayOf(i), b = DayOf(i + 2);
    if (a && b && (a <= 12 || b <= 12)) {
      const bool day_first = b <= 12;
      return SetDate(out, i, i + 5,
                     absl::StrFormat("%s-%02d-%02d", low(i + 4),
                                     day_first ? b : a, day_first ? a : b),
                     end);
    }
  }
  return false;
}

// A bare year: not when a scale, unit or currency follows ("2000 tons") or
// a currency symbol precedes.
bool Scanner::YearDate(size_t i, v1::Annotation* out, size_t* end) const {
  if (!IsYear(i)) return false;
  const absl::string_view next = low(i + 1);
  if (lx_.scales.contains(next) || lx_.units.contains(next) ||
      CurrencyWord(i + 1) || next == "%" || next == "percent" ||
      (i > 0 && lx_.currency_symbols.contains(low(i - 1)))) {
    return false;
  }
  return SetDate(out, i, i + 1, std::string(low(i)), end);
}

// The day of the month at k (1-31), or 0.
int Scanner::DayOf(size_t k) const {
  int d = 0;
  if (IsNumber(k) && low(k).size() <= 2 && absl::SimpleAtoi(low(k), &d) &&
      d >= 1 && d <= 31) {
    return d;
  }
  return 0;
}

// Tokens [b, e) as the date `date`; the match ends at e. Always true, for
// the matchers' `return`.
bool Scanner::SetDate(v1::Annotation* out, size_t b, size_t e, std::string date,
                      size_t* end) const {
  out->mutable_span()->set_begin(tok(b).begin);
  out->mutable_span()->set_end(tok(e - 1).end);
  auto* n = out->mutable_number();
  n->set_kind(v1::NUMBER_KIND_DATE);
  n->set_approx(v1::APPROX_EXACT);
  n->set_date(std::move(date));
  *end = e;
  return true;
}

bool Scanner::IsYear(size_t i) const {
  if (!IsNumber(i) || low(i).size() != 4) return false;
  int y = 0;
  return absl::SimpleAtoi(low(i), &y) && y >= 1800 && y <= 2100;
}

}  // namespace docpipe::annotate::numbers
