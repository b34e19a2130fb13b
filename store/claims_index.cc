// The claims index: staging a head's claims, and FindClaims over them.
#include "store/claims_index.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "claims/claims.h"
#include "store/internal.pb.h"

namespace docpipe::store {
namespace {

// Claims one FindClaims call reads at most before it returns a page with a
// token (at group boundaries, so one group is never split): bounds the
// latency of a filter that matches little.
constexpr int kMaxScannedClaims = 20000;
constexpr uint32_t kDefaultPageSize = 100;
constexpr uint32_t kMaxPageSize = 1000;

const std::string kNul(1, '\0');

std::string DocKey(absl::string_view doc_id) {
  return absl::StrCat("d", doc_id);
}
std::string ClaimKey(absl::string_view group, absl::string_view doc_id,
                     absl::string_view annotation_id) {
  return absl::StrCat("g", group, kNul, doc_id, kNul, annotation_id);
}
// The group key of a "g" key.
absl::string_view GroupOf(absl::string_view claim_key) {
  claim_key.remove_prefix(1);
  return claim_key.substr(0, claim_key.find('\0'));
}

uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string Serialize(const v1::Claim& claim) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  claim.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

bool Matches(const v1::FindClaimsRequest& r, const v1::ClaimGroup& g) {
  if (r.disagree_only() && !g.disagree()) return false;
  if (g.claims_size() < static_cast<int>(std::max<uint32_t>(1, r.min_claims())))
    return false;
  auto any = [&](auto&& pred) {
    for (const v1::Claim& c : g.claims()) {
      if (pred(c)) return true;
    }
    return false;
  };
  if (!r.source_entity_id().empty() && !any([&](const v1::Claim& c) {
        return r.source_entity_id() == "outlet"
                   ? c.outlet()
                   : c.source_entity_id() == r.source_entity_id();
      })) {
    return false;
  }
  if (!r.entity_id().empty() && !any([&](const v1::Claim& c) {
        return c.source_entity_id() == r.entity_id() ||
               std::find(c.entity_ids().begin(), c.entity_ids().end(),
                         r.entity_id()) != c.entity_ids().end();
      })) {
    return false;
  }
  return true;
}

}  // namespace

absl::Status StageClaims(Store::Impl* impl, const v1::Document& doc,
                         const v1::AnnotationSet& head,
                         rocksdb::WriteBatch* batch, v1::ChangeEvent* event) {
  if (!impl->options().derive_claims) return absl::OkStatus();
  const std::string doc_key = DocKey(doc.doc_id());
  absl::flat_hash_map<std::string, uint64_t> before;
  auto bytes = impl->Get(kClaims, doc_key);
  if (bytes.ok()) {
    internal::DocClaims record;
    if (!record.ParseFromString(*bytes)) {
      return absl::DataLossError("corrupt claims record of " + doc.doc_id());
    }
    for (const auto& ref : record.refs()) before[ref.key()] = ref.hash();
  } else if (!absl::IsNotFound(bytes.status())) {
    return bytes.status();
  }
  internal::DocClaims after;
  std::set<std::string> changed;
  for (const v1::Claim& claim : claims::DeriveClaims(doc, head.annotations())) {
    const std::string key =
        ClaimKey(claim.group(), doc.doc_id(), claim.annotation_id());
    const std::string value = Serialize(claim);
    const uint64_t hash = Fnv1a(value);
    auto it = before.find(key);
    if (it == before.end() || it->second != hash) {
      changed.insert(claim.group());
      DOCPIPE_RETURN_IF_ERROR(
          FromRocks(batch->Put(impl->cf(kClaims), key, value), "claims"));
    }
    if (it != before.end()) before.erase(it);
    auto* ref = after.add_refs();
    ref->set_key(key);
    ref->set_hash(hash);
  }
  for (const auto& [key, hash] : before) {
    changed.insert(std::string(GroupOf(key)));
    DOCPIPE_RETURN_IF_ERROR(
        FromRocks(batch->Delete(impl->cf(kClaims), key), "claims"));
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(
      after.refs().empty()
          ? batch->Delete(impl->cf(kClaims), doc_key)
          : batch->Put(impl->cf(kClaims), doc_key, after.SerializeAsString()),
      "claims"));
  for (const std::string& group : changed) event->add_claim_groups(group);
  return absl::OkStatus();
}

absl::StatusOr<v1::FindClaimsResponse> FindClaimsIn(
    const Store::Impl& impl, const v1::FindClaimsRequest& request) {
  if (request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: at most ", kMaxPageSize));
  }
  const uint32_t page_size =
      request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  const std::string prefix = absl::StrCat("g", request.key_prefix());
  std::string start = prefix;
  if (!request.page_token().empty()) {
    std::string group;
    if (!absl::WebSafeBase64Unescape(request.page_token(), &group) ||
        !absl::StartsWith(absl::StrCat("g", group), prefix)) {
      return absl::InvalidArgumentError(
          "page_token: not a token of this query's key_prefix");
    }
    start = absl::StrCat("g", group);
  }
  v1::FindClaimsResponse response;
  std::vector<v1::Claim> pending;
  std::string pending_group;
  auto finish = [&] {
    if (pending.empty()) return;
    for (v1::ClaimGroup& g : claims::GroupClaims(std::move(pending))) {
      if (Matches(request, g)) *response.add_groups() = std::move(g);
    }
    pending.clear();
  };
  int scanned = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db()->NewIterator(rocksdb::ReadOptions(), impl.cf(kClaims)));
  for (it->Seek(start); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    const absl::string_view group = GroupOf(key);
    if (group != pending_group) {
      finish();
      if (response.groups_size() >= static_cast<int>(page_size) ||
          scanned >= kMaxScannedClaims) {
        response.set_next_page_token(absl::WebSafeBase64Escape(group));
        return response;
      }
      pending_group = std::string(group);
    }
    v1::Claim& claim = pending.emplace_back();
    if (!claim.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
      return absl::DataLossError("corrupt claims record");
    }
    ++scanned;
  }
  DOCPIPE_RETURN_IF_ERROR(FromRocks(it->status(), "claims"));
  finish();
  return response;
}

}  // namespace docpipe::store
