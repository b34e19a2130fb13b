// Cross-document entity linking of machine annotations, private to store/.
//
// The annotator names each entity inside one document and gives its
// mentions a link_key, a spelling-insensitive key ("PERSON:vasanlak" for
// "Wi Song Lak" and "Wi Sunglac"). The store gives every mention with a
// link_key an id that depends only on that key (EntityIdForKey), so two
// feeds of the same articles get the same ids whatever order they are
// committed in. A mention whose entity the annotator found in its
// gazetteer (evidence "gazetteer" on one of its mentions) keeps the
// gazetteer's id. All of a document's mentions with one local id move
// together, and attributions' source_entity_id follow them.
//
// A person's correction wins from then on: when a CORRECTED commit changes
// the type or the id of a machine mention that carries a link_key
// (RecordCorrections), every later machine mention under that key is
// stored with the corrected type and id (evidence: "corrected by ... in
// ..."), in any document.
//
// The canonical name and the evidence text are first-seen: a mention takes
// the canonical name of the first document stored with its key, and its
// evidence names that document. These two depend on commit order; ids do
// not.
#ifndef DOCPIPE_STORE_ENTITY_LINKS_H_
#define DOCPIPE_STORE_ENTITY_LINKS_H_

#include <rocksdb/write_batch.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "docpipe/v1/annotation.pb.h"
#include "store/store_impl.h"

namespace docpipe::store {

// The stored id of a link_key: "PERSON:vasanlak" -> "person:vasanlak",
// "ORG:friedrich naumann foundation" -> "org:friedrich_naumann_foundation".
// The ':' keeps these apart from the annotator's slug ids. Pure.
std::string EntityIdForKey(absl::string_view link_key);

// Relinks the machine annotations in `set` of document `doc_id` as above
// and records keys not seen before in entity_keys, in `batch`. Under the
// writer lock so two documents introducing one key agree on its record.
[[nodiscard]] absl::Status LinkEntities(Store::Impl* impl,
                                        absl::string_view doc_id,
                                        v1::AnnotationSet* set,
                                        rocksdb::WriteBatch* batch)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->write_mu);

// Records, in `batch`, the corrections of `next` (a person's commit of
// document `doc_id`) to the type or id of `base`'s machine mentions that
// carry a link_key, matched by annotation id.
[[nodiscard]] absl::Status RecordCorrections(Store::Impl* impl,
                                             absl::string_view doc_id,
                                             const v1::AnnotationSet& base,
                                             const v1::AnnotationSet& next,
                                             absl::string_view author,
                                             rocksdb::WriteBatch* batch)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(impl->write_mu);

}  // namespace docpipe::store

#endif  // DOCPIPE_STORE_ENTITY_LINKS_H_
