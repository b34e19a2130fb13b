// JSON string literals for hand-assembled JSON.
//
// Most JSON docpipe writes comes from protobuf's own mapping
// (MessageToJsonString); the few envelopes built by hand (error bodies,
// session replies, CLI rows) quote their strings here so every writer
// escapes the same way. Pure and thread-safe.
//
//   absl::StrCat("{\"title\":", JsonQuote(title), "}")
#ifndef DOCPIPE_COMMON_JSON_H_
#define DOCPIPE_COMMON_JSON_H_

#include <string>

#include "absl/strings/string_view.h"

namespace docpipe {

// `s` as a JSON string literal, quotes included: `"` and `\` escaped,
// \n \r \t as themselves, other control characters as \u00XX. Bytes at
// or above 0x80 pass through unchanged (the input is UTF-8).
std::string JsonQuote(absl::string_view s);

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_JSON_H_
