// Entity ids do not depend on commit order: the seed articles and BBC
// business articles, annotated by the engine, written into two fresh stores
// in opposite orders (one at a time, then all in flight at once) get the
// same entity_id and source_entity_id on every annotation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "absl/synchronization/mutex.h"
#include "annotate/engine.h"
#include "store/store.h"
#include "store/test_util.h"

namespace docpipe::store {
namespace {

namespace fs = std::filesystem;

// (external id, begin, end, layer) -> entity_id or source_entity_id.
using Ids =
    std::map<std::tuple<std::string, uint32_t, uint32_t, int>, std::string>;

struct Article {
  std::string external_id;
  v1::PutDocumentRequest put;
};

std::vector<Article> ReadAndAnnotate(const annotate::Engine& engine) {
  const fs::path shared(DOCPIPE_SHARED_DIR);
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(shared / "corpus/seed")) {
    files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  for (int i = 1; i <= 30; ++i) {
    char name[16];
    std::snprintf(name, sizeof(name), "%03d.txt", i);
    files.push_back(shared / "corpus/bbc/business" / name);
  }
  std::vector<Article> out;
  for (const fs::path& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << path;
    auto annotations = engine.Annotate(text.str(), annotate::LayerSet::All());
    EXPECT_TRUE(annotations.ok()) << path << ": " << annotations.status();
    if (!annotations.ok()) continue;
    Article& a = out.emplace_back();
    a.external_id =
        path.parent_path().filename().string() + "/" + path.filename().string();
    a.put = testing::Put(a.external_id, text.str(), *annotations);
  }
  return out;
}

// Every entity and attribution id in the head versions of `articles`.
Ids Collect(Store& store, const std::vector<Article>& articles) {
  Ids ids;
  for (const Article& article : articles) {
    v1::GetDocumentRequest get;
    get.set_external_id(article.external_id);
    auto doc = store.GetDocument(get);
    EXPECT_TRUE(doc.ok()) << doc.status();
    if (!doc.ok()) continue;
    v1::GetAnnotationsRequest head;
    head.set_doc_id(doc->doc_id());
    auto set = store.GetAnnotations(head);
    EXPECT_TRUE(set.ok()) << set.status();
    if (!set.ok()) continue;
    for (const auto& a : set->annotations()) {
      auto key = std::make_tuple(article.external_id, a.span().begin(),
                                 a.span().end(), a.body_case());
      if (a.has_entity()) ids[key] = a.entity().entity_id();
      if (a.has_attribution()) ids[key] = a.attribution().source_entity_id();
    }
  }
  return ids;
}

std::unique_ptr<Store> OpenStore(const testing::TempDir& dir) {
  auto store = Store::Open({.data_dir = dir.path(), .sync_writes = false});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

// All of `articles` in flight at once, in reverse order; returns when every
// put is acknowledged.
void PutAllAsync(Store& store, const std::vector<Article>& articles) {
  absl::Mutex mu;
  size_t acked = 0;
  for (auto it = articles.rbegin(); it != articles.rend(); ++it) {
    store.PutDocumentAsync(it->put, "annotator:docpipe",
                           [&](absl::StatusOr<v1::PutDocumentResponse> r) {
                             EXPECT_TRUE(r.ok()) << r.status();
                             absl::MutexLock lock(&mu);
                             ++acked;
                           });
  }
  std::pair<size_t*, size_t> all(&acked, articles.size());
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](std::pair<size_t*, size_t>* p) { return *p->first == p->second; },
      &all));
}

TEST(EntityIdsTest, SameIdsWhateverTheCommitOrder) {
  auto engine = annotate::Engine::Create();
  ASSERT_TRUE(engine.ok()) << engine.status();
  const std::vector<Article> articles = ReadAndAnnotate(**engine);
  ASSERT_EQ(articles.size(), 35u);

  testing::TempDir dir_a, dir_b;
  auto a = OpenStore(dir_a);
  auto b = OpenStore(dir_b);
  ASSERT_TRUE(a && b);
  for (const Article& article : articles) {
    auto put = a->PutDocument(article.put, "annotator:docpipe");
    ASSERT_TRUE(put.ok()) << put.status();
  }
  PutAllAsync(*b, articles);

  const Ids ids_a = Collect(*a, articles);
  const Ids ids_b = Collect(*b, articles);
  ASSERT_GT(ids_a.size(), 500u);
  EXPECT_EQ(ids_a, ids_b);
  // The spellings of one person in two seed articles share the key's id.
  std::map<std::string, std::set<std::string>> docs_of;
  for (const auto& [key, id] : ids_a) docs_of[id].insert(std::get<0>(key));
  EXPECT_GE(docs_of["person:vasanlak"].size(), 2u);
}

}  // namespace
}  // namespace docpipe::store
