#include "common/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace docpipe {
namespace {

// Length of the sequence starting at `p` if valid, else 0 (RFC 3629 table).
size_t ValidSequenceLength(const unsigned char* p, size_t avail) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i) { return i < avail && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (avail < 3 || !cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (c == 0xED && p[1] > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (avail < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (c == 0xF4 && p[1] > 0x8F) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

bool IsValidUtf8(absl::string_view text, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0, n = text.size();
  while (i < n) {
    // ASCII runs eight bytes at a time: most news text is ASCII.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    size_t len = ValidSequenceLength(p + i, n - i);
    if (len == 0) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

bool IsCharBoundary(absl::string_view text, size_t offset) {
  if (offset == 0 || offset == text.size()) return true;
  if (offset > text.size()) return false;
  return (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

OffsetConverter::OffsetConverter(absl::string_view text) : text_(text) {
  cp_bytes_.reserve(text.size() + 1);
  cp_utf16_.reserve(text.size() + 1);
  uint32_t u16 = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    cp_bytes_.push_back(static_cast<uint32_t>(i));
    cp_utf16_.push_back(u16);
    u16 += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are surrogate pairs
  }
  cp_bytes_.push_back(static_cast<uint32_t>(text.size()));
  cp_utf16_.push_back(u16);
}

uint32_t OffsetConverter::FromByte(uint32_t byte_offset,
                                   OffsetUnit unit) const {
  if (unit == OffsetUnit::kUtf8Byte) return byte_offset;
  auto it = std::lower_bound(cp_bytes_.begin(), cp_bytes_.end(), byte_offset);
  size_t index = static_cast<size_t>(it - cp_bytes_.begin());
  return unit == OffsetUnit::kCodePoint ? static_cast<uint32_t>(index)
                                        : cp_utf16_[index];
}

absl::StatusOr<uint32_t> OffsetConverter::ToByte(uint32_t offset,
                                                 OffsetUnit unit) const {
  if (unit == OffsetUnit::kUtf8Byte) {
    if (offset > text_.size()) {
      return absl::OutOfRangeError(
          absl::StrCat("offset ", offset, " is past the end of the text (",
                       text_.size(), " bytes)"));
    }
    return offset;
  }
  if (unit == OffsetUnit::kCodePoint) {
    if (offset >= cp_bytes_.size()) {
      return absl::OutOfRangeError(absl::StrCat(
          "code point offset ", offset, " is past the end of the text (",
          cp_bytes_.size() - 1, " code points)"));
    }
    return cp_bytes_[offset];
  }
  auto it = std::lower_bound(cp_utf16_.begin(), cp_utf16_.end(), offset);
  if (it == cp_utf16_.end() || *it != offset) {
    return absl::OutOfRangeError(
        absl::StrCat("UTF-16 offset ", offset,
                     " is past the end or inside a surrogate pair"));
  }
  return cp_bytes_[static_cast<size_t>(it - cp_utf16_.begin())];
}

}  // namespace docpipe
