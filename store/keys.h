// Key encodings of the store's column families. Big-endian integers so
// RocksDB's bytewise order is numeric order.
#ifndef DOCPIPE_STORE_KEYS_H_
#define DOCPIPE_STORE_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace docpipe::store::keys {

inline std::string BigEndian(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xff);
  return out;
}

inline uint64_t FromBigEndian(absl::string_view s) {
  if (s.size() != 8) return 0;
  uint64_t v = 0;
  for (unsigned char c : s) v = (v << 8) | c;
  return v;
}

inline std::string Version(absl::string_view doc_id, uint64_t version) {
  return absl::StrCat(doc_id, std::string(1, '\0'), BigEndian(version));
}
inline std::string VersionPrefix(absl::string_view doc_id) {
  return absl::StrCat(doc_id, std::string(1, '\0'));
}
inline std::string Mention(absl::string_view entity_id,
                           absl::string_view doc_id) {
  return absl::StrCat(entity_id, std::string(1, '\0'), doc_id);
}
inline std::string MentionPrefix(absl::string_view entity_id) {
  return absl::StrCat(entity_id, std::string(1, '\0'));
}

// The first key after every Mention(entity_id, ...).
inline std::string MentionPrefixEnd(absl::string_view entity_id) {
  return absl::StrCat(entity_id, std::string(1, '\1'));
}

inline constexpr char kLastRevision[] = "last_revision";
// Present once the listing family holds every document (meta family).
inline constexpr char kListingComplete[] = "listing_complete";

}  // namespace docpipe::store::keys

#endif  // DOCPIPE_STORE_KEYS_H_
