#include "store/entity_links.h"

#include <unordered_map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "common/sha256.h"
#include "store/internal.pb.h"

namespace docpipe::store {
namespace {

using internal::EntityRecord;

// Where one local id of the document goes.
struct Target {
  std::string entity_id;
  std::string link_key;
  const EntityRecord* record;  // the key's first-seen record
};

// Ids of the entities the annotator took from its gazetteer.
absl::flat_hash_set<std::string> GazetteerIds(const v1::AnnotationSet& set) {
  absl::flat_hash_set<std::string> ids;
  for (const auto& a : set.annotations()) {
    if (a.has_entity() && a.entity().evidence() == "gazetteer") {
      ids.insert(a.entity().entity_id());
    }
  }
  return ids;
}

// The record of `key`: staged by this document already, stored, or new
// (then put in `batch` with this mention's name and document).
absl::StatusOr<const EntityRecord*> FindOrAddRecord(
    Store::Impl* impl, absl::string_view doc_id, const v1::EntityAnnotation& e,
    absl::string_view entity_id,
    std::unordered_map<std::string, EntityRecord>* staged,
    rocksdb::WriteBatch* batch) {
  if (auto it = staged->find(e.link_key()); it != staged->end()) {
    return &it->second;
  }
  auto got = impl->GetProto<EntityRecord>(kEntityKeys, e.link_key());
  if (!got.ok() && !absl::IsNotFound(got.status())) return got.status();
  EntityRecord r;
  if (got.ok()) {
    r = *std::move(got);
  } else {
    r.set_entity_id(std::string(entity_id));
    r.set_canonical_name(e.canonical_name());
    r.set_first_doc_id(std::string(doc_id));
    DOCPIPE_RETURN_IF_ERROR(FromRocks(
        batch->Put(impl->cf(kEntityKeys), e.link_key(), r.SerializeAsString()),
        "entity_keys"));
  }
  return &staged->emplace(e.link_key(), std::move(r)).first->second;
}

bool Corrected(const EntityRecord& r) {
  return r.corrected_type() != v1::ENTITY_TYPE_UNSPECIFIED ||
         !r.corrected_entity_id().empty();
}

// The new name, canonical name, type and evidence of a moved mention.
void Apply(const Target& target, absl::string_view doc_id,
           v1::EntityAnnotation* e) {
  const EntityRecord& r = *target.record;
  std::string why =
      absl::StrCat("store: key ", target.link_key, " is ", target.entity_id);
  if (Corrected(r)) {
    absl::StrAppend(&why, ", corrected by ", r.corrected_by(), " in ",
                    r.corrected_in_doc_id());
    if (r.corrected_type() != v1::ENTITY_TYPE_UNSPECIFIED) {
      e->set_type(static_cast<v1::EntityType>(r.corrected_type()));
    }
  } else if (r.first_doc_id() != doc_id) {
    absl::StrAppend(&why, ", first seen in ", r.first_doc_id(), " as \"",
                    r.canonical_name(), "\"");
  }
  e->set_evidence(
      e->evidence().empty() ? why : absl::StrCat(e->evidence(), "; ", why));
  e->set_entity_id(target.entity_id);
  e->set_canonical_name(r.canonical_name());
}

}  // namespace

std::string EntityIdForKey(absl::string_view link_key) {
  absl::string_view type = "entity";
  absl::string_view name = link_key;
  if (size_t colon = link_key.find(':'); colon != absl::string_view::npos) {
    type = link_key.substr(0, colon);
    name = link_key.substr(colon + 1);
  }
  std::string slug;
  for (char c : name) {
    const unsigned char u = c;
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      slug.push_back(absl::ascii_tolower(u));
    } else if (!slug.empty() && slug.back() != '_') {
      slug.push_back('_');
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  if (slug.empty()) slug = Sha256Hex(link_key).substr(0, 16);
  return absl::StrCat(absl::AsciiStrToLower(type), ":", slug);
}

absl::Status LinkEntities(Store::Impl* impl, absl::string_view doc_id,
                          v1::AnnotationSet* set, rocksdb::WriteBatch* batch) {
  const absl::flat_hash_set<std::string> gazetteer = GazetteerIds(*set);
  // Node-based: targets point into it.
  std::unordered_map<std::string, EntityRecord> staged;
  // Local id -> where it goes; absent for ids that stay.
  absl::flat_hash_map<std::string, Target> moved;
  absl::flat_hash_set<std::string> decided;
  for (const auto& a : set->annotations()) {
    if (!a.has_entity() || a.entity().link_key().empty()) continue;
    const v1::EntityAnnotation& e = a.entity();
    if (!decided.insert(e.entity_id()).second) continue;
    const bool known = gazetteer.contains(e.entity_id());
    std::string id = known ? e.entity_id() : EntityIdForKey(e.link_key());
    DOCPIPE_ASSIGN_OR_RETURN(
        const EntityRecord* record,
        FindOrAddRecord(impl, doc_id, e, id, &staged, batch));
    if (!record->corrected_entity_id().empty()) {
      id = record->corrected_entity_id();
    }
    if (id != e.entity_id() || Corrected(*record)) {
      moved.emplace(e.entity_id(), Target{std::move(id), e.link_key(), record});
    }
  }
  for (auto& a : *set->mutable_annotations()) {
    if (a.has_attribution()) {
      auto it = moved.find(a.attribution().source_entity_id());
      if (it != moved.end()) {
        a.mutable_attribution()->set_source_entity_id(it->second.entity_id);
      }
    } else if (a.has_entity()) {
      auto it = moved.find(a.entity().entity_id());
      if (it != moved.end()) Apply(it->second, doc_id, a.mutable_entity());
    }
  }
  return absl::OkStatus();
}

absl::Status RecordCorrections(Store::Impl* impl, absl::string_view doc_id,
                               const v1::AnnotationSet& base,
                               const v1::AnnotationSet& next,
                               absl::string_view author,
                               rocksdb::WriteBatch* batch) {
  absl::flat_hash_map<absl::string_view, const v1::EntityAnnotation*> before;
  for (const auto& a : base.annotations()) {
    if (a.has_entity() && !a.entity().link_key().empty()) {
      before.emplace(a.id(), &a.entity());
    }
  }
  for (const auto& a : next.annotations()) {
    if (!a.has_entity()) continue;
    auto it = before.find(a.id());
    if (it == before.end()) continue;
    const v1::EntityAnnotation& was = *it->second;
    const v1::EntityAnnotation& now = a.entity();
    if (was.type() == now.type() && was.entity_id() == now.entity_id()) {
      continue;
    }
    auto got = impl->GetProto<EntityRecord>(kEntityKeys, was.link_key());
    if (!got.ok() && !absl::IsNotFound(got.status())) return got.status();
    EntityRecord r;
    if (got.ok()) {
      r = *std::move(got);
    } else {
      r.set_entity_id(was.entity_id());
      r.set_canonical_name(was.canonical_name());
      r.set_first_doc_id(std::string(doc_id));
    }
    r.set_corrected_type(now.type());
    r.set_corrected_entity_id(now.entity_id());
    r.set_corrected_by(std::string(author));
    r.set_corrected_in_doc_id(std::string(doc_id));
    DOCPIPE_RETURN_IF_ERROR(FromRocks(
        batch->Put(impl->cf(kEntityKeys), was.link_key(), r.SerializeAsString()),
        "entity_keys"));
  }
  return absl::OkStatus();
}

}  // namespace docpipe::store
