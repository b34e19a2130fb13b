#include "annotate/tokenizer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace docpipe::annotate {
namespace {

// Length of the UTF-8 sequence starting with `c`.
int SeqLen(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >> 5 == 0x6) return 2;
  if (c >> 4 == 0xE) return 3;
  return 4;
}

// What a code point is to the tokenizer.
enum class CharClass : uint8_t { kSpace, kDigit, kLetter, kPunct };

// ASCII by table: the hot path of news text.
constexpr std::array<CharClass, 128> kAscii = [] {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    t[c] = CharClass::kPunct;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
        c == '\v') {
      t[c] = CharClass::kSpace;
    } else if (c >= '0' && c <= '9') {
      t[c] = CharClass::kDigit;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      t[c] = CharClass::kLetter;
    }
  }
  return t;
}();

// ASCII letters and digits: the bytes that continue a word without
// decoding (the tight loop of the tokenizer).
constexpr std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 128; ++c) {
    t[c] = kAscii[c] == CharClass::kLetter || kAscii[c] == CharClass::kDigit;
  }
  return t;
}();

// Eight bytes at a time (SWAR): per byte, 0x80 where the byte is ASCII and
// in [lo, hi], else 0. Adding to the low seven bits never carries across
// bytes, so each byte is tested on its own.
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;
inline uint64_t InRange(uint64_t w, unsigned char lo, unsigned char hi) {
  const uint64_t low7 = w & ~kHigh;
  const uint64_t ge_lo = low7 + kOnes * (0x80 - lo);
  const uint64_t gt_hi = low7 + kOnes * (0x7F - hi);
  return ge_lo & ~gt_hi & ~w & kHigh;
}
inline uint64_t Load8(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;  // little-endian: byte 0 is the lowest
}

// Decodes the (valid) UTF-8 sequence of `len` bytes at p.
uint32_t Decode(const unsigned char* p, int len) {
  switch (len) {
    case 2:
      return (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    case 3:
      return (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    default:
      return (p[0] & 0x07) << 18 | (p[1] & 0x3F) << 12 | (p[2] & 0x3F) << 6 |
             (p[3] & 0x3F);
  }
}

// Non-ASCII code points: spaces (no-break, thin), and the punctuation news
// text uses: quotes, dashes, ellipsis, bullets, and the currency signs the
// numbers layer reads as symbols. Everything else counts as a letter.
CharClass ClassifyNonAscii(uint32_t cp) {
  if (cp >= 0x20A0 && cp <= 0x20CF) return CharClass::kPunct;  // currency
  switch (cp) {
    case 0x00A0:
    case 0x2009:
    case 0x202F:
      return CharClass::kSpace;
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019:
    case 0x00AB:
    case 0x00BB:
    case 0x2013:
    case 0x2014:
    case 0x2026:
    case 0x2022:
    case 0x20AC:
    case 0x00A3:
    case 0x20A9:
    case 0x20BD:
    case 0x00A5:
    case 0x00B4:
    case 0x2032:
    case 0x00B7:
    case 0x2212:
      return CharClass::kPunct;
    default:
      return CharClass::kLetter;
  }
}

// Abbreviations whose period does not end a sentence.
bool IsAbbreviation(absl::string_view lower) {
  static const auto* kAbbr = new absl::flat_hash_set<std::string>{
      "mr",  "mrs", "ms",  "dr",  "prof", "gen", "col", "lt",  "sgt",
      "st",  "jr",  "sr",  "vs",  "etc",  "inc", "ltd", "co",  "corp",
      "no",  "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec",
      "u.s", "u.k", "a.m", "p.m", "e.g",  "i.e", "gov", "rep", "sen"};
  return kAbbr->contains(lower);
}

// The last label of a host name, in lower case as hosts are written in
// prose: "Paypal.com", not the virus "Bagle.AU".
bool IsTopLevelDomain(absl::string_view label) {
  static const auto* kTlds = new absl::flat_hash_set<absl::string_view>{
      "com", "net", "org", "gov", "edu", "int", "mil", "info", "biz",
      "io",  "tv",  "co",  "uk",  "us",  "de",  "fr",  "ru",   "eu",
      "jp",  "cn",  "ua",  "kr",  "kp",  "ca",  "au",  "ch",   "it"};
  return label.size() <= 4 && kTlds->contains(label);
}

}  // namespace

TokenizedText Tokenize(absl::string_view text) {
  TokenizedText out;
  Tokenize(text, &out);
  return out;
}

void Tokenize(absl::string_view text, TokenizedText* into) {
  TokenizedText& out = *into;
  out.text = text;
  out.tokens.clear();
  // `__restrict`: the two buffers do not overlap.
  out.lowered.resize(text.size());
  {
    const unsigned char* __restrict src =
        reinterpret_cast<const unsigned char*>(text.data());
    unsigned char* __restrict dst =
        reinterpret_cast<unsigned char*>(out.lowered.data());
    const size_t len = text.size();
    size_t k = 0;
    // GCC does not vectorize the byte loop at -O2; eight at a time does.
    for (; k + 8 <= len; k += 8) {
      const uint64_t w = Load8(src + k);
      const uint64_t lowered = w | (InRange(w, 'A', 'Z') >> 2);
      std::memcpy(dst + k, &lowered, 8);
    }
    for (; k < len; ++k) {
      const unsigned char c = src[k];
      dst[k] = static_cast<unsigned char>(
          c + ((static_cast<unsigned>(c - 'A') < 26u) << 5));
    }
  }
  out.tokens.reserve(text.size() / 4 + 16);  // news: ~5 bytes a token
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  // The class of the code point at k and its length in bytes.
  auto classify = [&](size_t k, int* len) {
    const unsigned char c = bytes[k];
    if (c < 0x80) {
      *len = 1;
      return kAscii[c];
    }
    *len = SeqLen(c);
    if (*len > static_cast<int>(n - k)) {  // truncated: only if not UTF-8
      *len = static_cast<int>(n - k);
      return CharClass::kLetter;
    }
    return ClassifyNonAscii(Decode(bytes + k, *len));
  };
  auto is_digit = [&](size_t k) {
    return k < n && static_cast<unsigned>(bytes[k] - '0') < 10u;
  };
  auto is_letter = [&](size_t k) {
    int len;
    return k < n && classify(k, &len) == CharClass::kLetter;
  };
  bool space = true;
  bool next_starts_sentence = true;
  // The token a full stop (not a paragraph break) made a sentence start,
  // until the first word after it shows whether it really is one.
  int64_t tentative_start = -1;
  size_t i = 0;
  while (i < n) {
    int len;
    const CharClass cls = classify(i, &len);
    if (cls == CharClass::kSpace) {
      if (bytes[i] == '\n' && i + 1 < n && bytes[i + 1] == '\n') {
        next_starts_sentence = true;  // paragraph break
        tentative_start = -1;
      }
      space = true;
      i += len;
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(i);
    t.space_before = space;
    if (cls == CharClass::kDigit) {
      t.kind = TokenKind::kNumber;
      size_t k = i + 1;
      while (is_digit(k) ||
             (k + 1 < n && (bytes[k] == ',' || bytes[k] == '.') &&
              is_digit(k + 1) && is_digit(k - 1))) {
        ++k;
      }
      i = k;
    } else if (cls == CharClass::kLetter) {
      t.kind = TokenKind::kWord;
      size_t k = i + len;
      while (k < n) {
        // ASCII letters and digits eight at a time, then by table, the
        // rest decoded.
        bool stopped = false;
        while (k + 8 <= n) {
          const uint64_t w = Load8(bytes + k);
          const uint64_t word =
              InRange(w | (kOnes * 0x20), 'a', 'z') | InRange(w, '0', '9');
          const uint64_t stop = ~word & kHigh;
          if (stop != 0) {
            k += std::countr_zero(stop) / 8;
            stopped = true;
            break;
          }
          k += 8;
        }
        if (!stopped) {
          while (k < n && kWordByte[bytes[k]]) ++k;
        }
        if (k >= n || bytes[k] < 0x80) break;
        int l;
        const CharClass c = classify(k, &l);
        if (c != CharClass::kLetter && c != CharClass::kDigit) break;
        k += l;
      }
      // Dotted abbreviations stay one token: "U.S.", "a.m.".
      while (k + 1 < n && bytes[k] == '.' && is_letter(k + 1) &&
             (k + 2 >= n || bytes[k + 2] == '.' || !is_letter(k + 2))) {
        k += 2;
      }
      // A host name stays one token: "Paypal.com", "www.arsenal.com".
      if (k + 1 < n && bytes[k] == '.' && is_letter(k + 1)) [[unlikely]] {
        size_t e = k, last = k;
        while (e + 1 < n && bytes[e] == '.' && is_letter(e + 1)) {
          last = e + 1;
          e = last;
          while (e < n && absl::ascii_isalnum(bytes[e])) ++e;
        }
        if (IsTopLevelDomain(absl::string_view(text.data() + last, e - last))) {
          k = e;
        }
      }
      i = k;
    } else {
      t.kind = TokenKind::kPunct;
      // The typewriter quotation marks '' and `` are one token, as “ is.
      const bool pair = (bytes[i] == '\'' || bytes[i] == '`') && i + 1 < n &&
                        bytes[i + 1] == bytes[i];
      i += pair ? 2 : len;
    }
    t.end = static_cast<uint32_t>(std::min(i, n));
    t.sentence_start = next_starts_sentence;
    next_starts_sentence = false;
    // A lower-case word after the full stop means the stop closed an
    // abbreviation we do not list: "Sen. Claire McCaskill (D-Mo.) said",
    // "apples, pears etc. and more". Only the first word, past closing
    // brackets, decides: "5%. 20 people" is two sentences.
    if (tentative_start >= 0) [[unlikely]] {
      if (t.kind == TokenKind::kWord) {
        // With a space before it: "round.said" is a missing space.
        if (absl::ascii_islower(bytes[t.begin]) && t.space_before) {
          if (tentative_start < static_cast<int64_t>(out.tokens.size())) {
            out.tokens[tentative_start].sentence_start = false;
          } else {
            t.sentence_start = false;
          }
        }
        tentative_start = -1;
      } else if (bytes[t.begin] != ')' && bytes[t.begin] != ']') {
        tentative_start = -1;
      }
    }
    space = false;
    // A sentence ends at . ! ? unless the period closes an abbreviation or
    // an initial ("J. Smith").
    const unsigned char c = bytes[t.begin];
    if (t.kind == TokenKind::kPunct && (c == '.' || c == '!' || c == '?')) {
      bool abbreviation = false;
      if (c == '.' && !out.tokens.empty()) {
        const Token& prev = out.tokens.back();
        abbreviation = !t.space_before && prev.end == t.begin &&
                       prev.kind == TokenKind::kWord &&
                       (IsAbbreviation(out.Lower(prev)) ||
                        (prev.end - prev.begin == 1 &&
                         absl::ascii_isupper(bytes[prev.begin])));
      }
      next_starts_sentence = !abbreviation;
      if (next_starts_sentence) {
        tentative_start = static_cast<int64_t>(out.tokens.size()) + 1;
      }
    }
    out.tokens.push_back(t);
  }
}

}  // namespace docpipe::annotate
