// UTF-8 helpers: validation, character boundaries and offset conversion.
//
// docpipe stores every span as UTF-8 byte offsets into the normalized text;
// clients in Python and JavaScript want code points or UTF-16 units. All
// functions are pure and thread-safe.
#ifndef DOCPIPE_COMMON_UTF8_H_
#define DOCPIPE_COMMON_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace docpipe {

enum class OffsetUnit { kUtf8Byte, kCodePoint, kUtf16 };

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, no
// code points above U+10FFFF). On failure *bad_offset, if non-null, is the
// byte offset of the first invalid sequence.
bool IsValidUtf8(absl::string_view text, size_t* bad_offset = nullptr);

// True when `offset` (<= text.size()) falls on a character boundary.
bool IsCharBoundary(absl::string_view text, size_t offset);

// Converts offsets between units for one text. Build once per text (O(n)),
// then each conversion is O(log n). `text` must be valid UTF-8 and outlive
// the converter.
class OffsetConverter {
 public:
  explicit OffsetConverter(absl::string_view text);

  // Byte offset -> `unit`. `byte_offset` must be a char boundary <= size.
  uint32_t FromByte(uint32_t byte_offset, OffsetUnit unit) const;
  // `unit` offset -> byte offset; OutOfRange if past the end.
  absl::StatusOr<uint32_t> ToByte(uint32_t offset, OffsetUnit unit) const;

 private:
  absl::string_view text_;
  // Byte offset of every code point start, plus text.size() at the end.
  std::vector<uint32_t> cp_bytes_;
  // UTF-16 offset of every code point start, plus the total at the end.
  std::vector<uint32_t> cp_utf16_;
};

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_UTF8_H_
