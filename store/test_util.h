// Helpers for store tests: a fresh RocksDB directory per test and small
// document / annotation builders.
#ifndef DOCPIPE_STORE_TEST_UTIL_H_
#define DOCPIPE_STORE_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "docpipe/v1/store.pb.h"

namespace docpipe::store::testing {

// A directory removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "docpipe-store-test-XXXXXX")
            .string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline v1::Annotation Number(uint32_t begin, uint32_t end, double value,
                             std::string id = "") {
  v1::Annotation a;
  a.set_id(std::move(id));
  a.mutable_span()->set_begin(begin);
  a.mutable_span()->set_end(end);
  a.mutable_number()->set_kind(v1::NUMBER_KIND_CARDINAL);
  a.mutable_number()->set_value(value);
  return a;
}

inline v1::Annotation Entity(uint32_t begin, uint32_t end,
                             std::string entity_id, std::string id = "") {
  v1::Annotation a;
  a.set_id(std::move(id));
  a.mutable_span()->set_begin(begin);
  a.mutable_span()->set_end(end);
  a.mutable_entity()->set_type(v1::ENTITY_TYPE_GPE);
  a.mutable_entity()->set_entity_id(std::move(entity_id));
  return a;
}

inline v1::PutDocumentRequest Put(std::string external_id, std::string text,
                                  std::vector<v1::Annotation> annotations = {},
                                  bool with_set = true) {
  v1::PutDocumentRequest r;
  r.mutable_document()->set_external_id(std::move(external_id));
  r.mutable_document()->set_text(std::move(text));
  if (with_set) {
    for (auto& a : annotations) *r.mutable_annotations()->add_annotations() = a;
  }
  return r;
}

}  // namespace docpipe::store::testing

#endif  // DOCPIPE_STORE_TEST_UTIL_H_
