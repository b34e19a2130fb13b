// Helpers the document rules share (document_rules.cc, the structure of
// names: coordinations, initials, particles, brand plurals;
// document_rules_types.cc, what a name is: companies, products, people;
// document_rules_sport.cc, sport stories: team sheets, nicknames, clubs,
// grounds). Not part of the entities layer's interface.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_INTERNAL_H_
#define DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_INTERNAL_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "annotate/entities/gazetteer.h"
#include "annotate/entities/linker.h"
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

using Span = std::pair<uint32_t, uint32_t>;  // token range [first, second)

// Sorts mentions by their first token.
inline void SortByPosition(std::vector<Mention>* mentions) {
  std::sort(
      mentions->begin(), mentions->end(),
      [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
}

// The name starting at token k before `end`, at most four words after any
// leading particles ("J Robinson", "Van Persie", "O'Neil", "J-P
// Grandclaude", "van der Sar"): its end, or k when none.
uint32_t NameAt(const TokenizedText& t, uint32_t k, uint32_t end);

}  // namespace docpipe::annotate::entities::internal

#endif  // DOCPIPE_ANNOTATE_ENTITIES_DOCUMENT_RULES_INTERNAL_H_
