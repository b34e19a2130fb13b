// One pass over the text: tokens with byte offsets, a coarse class, the
// lower-case form and sentence boundaries. Every recognizer reads this
// stream instead of the raw bytes.
#ifndef DOCPIPE_ANNOTATE_TOKENIZER_H_
#define DOCPIPE_ANNOTATE_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace docpipe::annotate {

enum class TokenKind : uint8_t {
  kWord,    // letters, may contain digits after the first letter ("G7")
  kNumber,  // digits, with inner , or . between digits ("600,000", "5.5")
  kPunct,   // any other single character (code point), or '' or ``
};

struct Token {
  uint32_t begin = 0, end = 0;  // byte offsets into the text
  TokenKind kind = TokenKind::kPunct;
  bool space_before = false;    // whitespace between this and the previous
  bool sentence_start = false;  // first token of a sentence
};

struct TokenizedText {
  absl::string_view text;
  // `text` ASCII-lower-cased once (same length and offsets), so a token's
  // lower-case form is a view, not a string per token.
  std::string lowered;
  std::vector<Token> tokens;
  // Views without substr's range check (a token is inside the text by
  // construction), so they inline into the recognizers' hot loops.
  absl::string_view Text(const Token& t) const {
    return absl::string_view(text.data() + t.begin, t.end - t.begin);
  }
  absl::string_view Lower(const Token& t) const {
    return absl::string_view(lowered.data() + t.begin, t.end - t.begin);
  }
};

// `text` must be valid UTF-8 and outlive the result. Non-ASCII letters
// (any byte >= 0x80 that is not a known punctuation mark) count as letters.
// Thread-safe.
TokenizedText Tokenize(absl::string_view text);
// The same into `*out`, reusing its buffers (no allocation once they have
// grown to the largest text seen).
void Tokenize(absl::string_view text, TokenizedText* out);

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_TOKENIZER_H_
