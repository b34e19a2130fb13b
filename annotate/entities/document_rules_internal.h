// Helpers the document rules share (document_rules.cc, the structure of a
// story: team sheets, coordinations, nicknames; document_rules_types.cc,
// what a name is: companies, products, people). Not part of the entities
// layer's interface.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_INTERNAL_H_
#define DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_INTERNAL_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/tokenizer.h"

namespace docpipe::annotate::entities::internal {

// The text of tokens [b, e), b < e.
inline absl::string_view SpanText(const TokenizedText& t, uint32_t b,
                                  uint32_t e) {
  return absl::string_view(t.text.data() + t.tokens[b].begin,
                           t.tokens[e - 1].end - t.tokens[b].begin);
}

// Whether token k is a word with a capital first letter.
inline bool CapitalWord(const TokenizedText& t, uint32_t k) {
  return t.tokens[k].kind == TokenKind::kWord &&
         StartsCapital(t.Text(t.tokens[k]));
}

// The name starting at token k before `end`, at most four words after any
// leading particles ("J Robinson", "Van Persie", "O'Neil", "J-P
// Grandclaude", "van der Sar"): its end, or k when none.
uint32_t NameAt(const TokenizedText& t, uint32_t k, uint32_t end);

}  // namespace docpipe::annotate::entities::internal

#endif  // DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_INTERNAL_H_
