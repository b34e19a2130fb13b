// Validation and normalization of incoming articles: the first thing ingest
// does, before anything is annotated or stored.
//
// Every rejection is INVALID_ARGUMENT with a message that starts with the
// offending field ("document.text: not valid UTF-8 at byte 17"), so a feed
// script can report exactly what was wrong with which article.
#ifndef DOCPIPE_INGEST_VALIDATE_H_
#define DOCPIPE_INGEST_VALIDATE_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "docpipe/v1/ingest.pb.h"

namespace docpipe::ingest {

struct ValidateOptions {
  // Upper bound on the article text in bytes, before normalization. Long-form
  // journalism stays far below 1 MiB; anything bigger is a feed bug.
  size_t max_text_bytes = 1 << 20;
  // Upper bound on each short metadata field (external_id, title, ...).
  size_t max_field_bytes = 4096;
};

// Checks `request` and returns the Document to store: text taken from
// `raw_text` or `document.text` (exactly one may be set), valid UTF-8,
// without a byte-order mark, CRLF/CR line ends as LF, Unicode NFC, not empty
// or blank, within the size limit; `doc_id`, `content_sha256` and
// `ingested_at` empty (the store sets them); language empty or "en".
// Pure and thread-safe.
absl::StatusOr<v1::Document> ValidateAndNormalize(
    const v1::IngestRequest& request, const ValidateOptions& options = {});

// Unicode NFC of valid UTF-8 `text`; a fast quick-check skips the (rare)
// texts that are already normalized. Thread-safe.
absl::StatusOr<std::string> NormalizeNfc(absl::string_view text);

}  // namespace docpipe::ingest

#endif  // DOCPIPE_INGEST_VALIDATE_H_
