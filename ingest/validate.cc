#include "ingest/validate.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace docpipe::ingest {
namespace {

[[nodiscard]] absl::Status Invalid(absl::string_view field,
                                   absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

[[nodiscard]] absl::Status CheckShortField(absl::string_view field,
                                           const std::string& value,
                                           const ValidateOptions& options) {
  size_t bad = 0;
  if (!IsValidUtf8(value, &bad)) {
    return Invalid(field, absl::StrCat("not valid UTF-8 at byte ", bad));
  }
  if (value.size() > options.max_field_bytes) {
    return Invalid(field,
                   absl::StrCat(value.size(), " bytes, over the limit of ",
                                options.max_field_bytes));
  }
  return absl::OkStatus();
}

// Drops a leading byte-order mark and turns CRLF and lone CR into LF, so the
// same article fed from Windows and Unix files gets one content hash.
std::string CanonicalLineEnds(absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> NormalizeNfc(absl::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) {
    return absl::InternalError(
        absl::StrCat("ICU NFC unavailable: ", u_errorName(error)));
  }
  icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (nfc->isNormalizedUTF8(piece, error) && U_SUCCESS(error)) {
    return std::string(text);
  }
  error = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out,
                                        static_cast<int32_t>(text.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, error);
  if (U_FAILURE(error)) {
    return absl::InternalError(
        absl::StrCat("ICU NFC failed: ", u_errorName(error)));
  }
  return out;
}

absl::StatusOr<v1::Document> ValidateAndNormalize(
    const v1::IngestRequest& request, const ValidateOptions& options) {
  if (!request.has_document() && request.raw_text().empty()) {
    return Invalid("document", "required");
  }
  v1::Document doc = request.document();
  const bool has_raw = !request.raw_text().empty();
  if (has_raw && !doc.text().empty()) {
    return Invalid("raw_text",
                   "set either raw_text or document.text, not both");
  }
  const std::string field = has_raw ? "raw_text" : "document.text";
  const std::string& raw = has_raw ? request.raw_text() : doc.text();
  if (raw.empty()) return Invalid("document.text", "required, got empty text");
  if (raw.size() > options.max_text_bytes) {
    return Invalid(field, absl::StrCat(raw.size(), " bytes, over the limit of ",
                                       options.max_text_bytes));
  }
  size_t bad = 0;
  if (!IsValidUtf8(raw, &bad)) {
    return Invalid(field, absl::StrCat("not valid UTF-8 at byte ", bad));
  }
  if (size_t nul = raw.find('\0'); nul != std::string::npos) {
    return Invalid(field, absl::StrCat("contains a NUL byte at byte ", nul));
  }
  std::string text = CanonicalLineEnds(raw);
  if (absl::StripAsciiWhitespace(text).empty()) {
    return Invalid(field, "blank (only whitespace)");
  }
  absl::StatusOr<std::string> nfc = NormalizeNfc(text);
  if (!nfc.ok()) return nfc.status();
  doc.set_text(*std::move(nfc));

  if (!doc.doc_id().empty()) {
    return Invalid("document.doc_id", "must be empty (the store derives it)");
  }
  if (!doc.content_sha256().empty()) {
    return Invalid("document.content_sha256",
                   "must be empty (the store computes it)");
  }
  if (doc.has_ingested_at()) {
    return Invalid("document.ingested_at", "must be empty (set by the store)");
  }
  if (!doc.language().empty() && doc.language() != "en" &&
      !absl::StartsWith(doc.language(), "en-")) {
    return Invalid("document.language",
                   absl::StrCat("unsupported language \"", doc.language(),
                                "\" (only en)"));
  }
  struct Field {
    const char* name;
    const std::string& value;
  };
  for (const Field& f : {Field{"document.external_id", doc.external_id()},
                         Field{"document.title", doc.title()},
                         Field{"document.source", doc.source()},
                         Field{"document.url", doc.url()}}) {
    if (absl::Status s = CheckShortField(f.name, f.value, options); !s.ok()) {
      return s;
    }
  }
  for (const auto& [key, value] : doc.labels()) {
    std::string name = absl::StrCat("document.labels[\"", key, "\"]");
    if (absl::Status s = CheckShortField(name, key, options); !s.ok()) return s;
    if (absl::Status s = CheckShortField(name, value, options); !s.ok()) {
      return s;
    }
  }
  return doc;
}

}  // namespace docpipe::ingest
