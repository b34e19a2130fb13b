// The store over a real RocksDB in a temp dir.
#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/test_util.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Number;
using testing::Put;
using testing::TempDir;

// "Kyiv has 3 million people; Київ." (Cyrillic is 2 bytes a letter).
constexpr char kText[] =
    "Kyiv has 3 million people; \xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2.";

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(StoreOptions options = {}) {
    store_.reset();
    options.data_dir = dir_.path();
    options.sync_writes = false;  // tests don't need fsync; crash tests do
    auto s = Store::Open(options);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }

  v1::PutDocumentResponse PutOk(const v1::PutDocumentRequest& r) {
    auto put = store_->PutDocument(r, "feeder");
    EXPECT_TRUE(put.ok()) << put.status();
    return put.ok() ? *put : v1::PutDocumentResponse();
  }

  v1::AnnotationSet Head(const std::string& doc_id) {
    v1::GetAnnotationsRequest get;
    get.set_doc_id(doc_id);
    auto set = store_->GetAnnotations(get);
    EXPECT_TRUE(set.ok()) << set.status();
    return set.ok() ? *set : v1::AnnotationSet();
  }

  v1::CommitRequest Edits(const std::string& doc_id, uint64_t expected) {
    v1::CommitRequest c;
    c.set_doc_id(doc_id);
    c.set_expected_version(expected);
    c.mutable_edits();
    return c;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, PutStoresDocumentAndVersionOneAtomically) {
  auto put = PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)}));
  EXPECT_TRUE(put.created());
  EXPECT_EQ(put.head_version(), 1u);
  EXPECT_EQ(put.revision(), 2u);  // DOCUMENT_ADDED, then ANNOTATED
  EXPECT_THAT(put.document().doc_id(), ::testing::StartsWith("d-"));
  EXPECT_EQ(put.document().content_sha256().size(), 64u);
  auto set = Head(put.document().doc_id());
  EXPECT_EQ(set.version(), 1u);
  EXPECT_EQ(set.author(), "feeder");
  ASSERT_EQ(set.annotations_size(), 1);
  EXPECT_EQ(set.annotations(0).id(), "n1");
  EXPECT_EQ(store_->current_revision(), 2u);
}

TEST_F(StoreTest, PutIsIdempotentOnExternalIdThenOnContent) {
  auto first = PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)}));
  auto again = PutOk(Put("a.txt", "other text", {Number(0, 5, 1)}));
  EXPECT_FALSE(again.created());
  EXPECT_EQ(again.document().doc_id(), first.document().doc_id());
  EXPECT_EQ(again.revision(), 0u);
  auto by_text_1 = PutOk(Put("", "same words", {}));
  auto by_text_2 = PutOk(Put("", "same words", {}));
  EXPECT_TRUE(by_text_1.created());
  EXPECT_FALSE(by_text_2.created());
  EXPECT_EQ(by_text_1.document().doc_id(), by_text_2.document().doc_id());
  EXPECT_EQ(store_->current_revision(), 3u);  // no version: one event

  auto create_only = Put("a.txt", kText);
  create_only.set_create_only(true);
  EXPECT_EQ(store_->PutDocument(create_only, "x").status().code(),
            absl::StatusCode::kAlreadyExists);
}

// Cross-document linking: a later document's mention whose link_key the
// store already holds takes the first document's id, with evidence; a
// person's correction is not relinked.
TEST_F(StoreTest, EntityKeysLinkMentionsAcrossDocuments) {
  auto person = [](uint32_t b, uint32_t e, std::string id, std::string name) {
    v1::Annotation a = Entity(b, e, std::move(id));
    a.mutable_entity()->set_type(v1::ENTITY_TYPE_PERSON);
    a.mutable_entity()->set_canonical_name(std::move(name));
    a.mutable_entity()->set_link_key("PERSON:alanahasanava");
    return a;
  };
  auto first = PutOk(Put("a.txt", "Olena Guseinova wrote it.",
                         {person(0, 15, "olena_guseinova", "Olena Guseinova")}));
  auto second = PutOk(Put("b.txt", "Elena Huseynova and Huseynova agree.",
                          {person(0, 15, "elena_huseynova", "Elena Huseynova"),
                           Entity(20, 29, "elena_huseynova")}));
  auto set = Head(second.document().doc_id());
  ASSERT_EQ(set.annotations_size(), 2);
  for (const auto& a : set.annotations()) {
    EXPECT_EQ(a.entity().entity_id(), "olena_guseinova");
    EXPECT_EQ(a.entity().canonical_name(), "Olena Guseinova");
    EXPECT_THAT(a.entity().evidence(),
                ::testing::HasSubstr(first.document().doc_id()));
  }
  // The mentions index follows the linked id.
  v1::FindMentionsRequest find;
  find.set_entity_id("olena_guseinova");
  auto mentions = store_->FindMentions(find);
  ASSERT_TRUE(mentions.ok()) << mentions.status();
  EXPECT_EQ(mentions->mentions_size(), 3);  // one in a.txt, two in b.txt
  // A person sets another id: it stays.
  auto c = Edits(second.document().doc_id(), 1);
  auto* change = c.mutable_edits()->add_edits()->mutable_change();
  change->set_id(set.annotations(0).id());
  change->mutable_annotation()->mutable_entity()->set_entity_id("someone_else");
  change->mutable_update_mask()->add_paths("entity.entity_id");
  ASSERT_TRUE(store_->Commit(c, "annotator").ok());
  EXPECT_EQ(Head(second.document().doc_id()).annotations(0).entity().entity_id(),
            "someone_else");
}

TEST_F(StoreTest, BadInputNamesTheFieldAndWritesNothing) {
  auto bad_span = Put("b.txt", kText, {Number(9, 200, 1)});
  auto s = store_->PutDocument(bad_span, "x").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("annotations.annotations[0].span"));
  // Inside the 2-byte letter К.
  s = store_->PutDocument(Put("b.txt", kText, {Number(28, 30, 1)}), "x")
          .status();
  EXPECT_THAT(s.message(), HasSubstr("character boundaries"));
  s = store_->PutDocument(Put("b.txt", ""), "x").status();
  EXPECT_THAT(s.message(), HasSubstr("document.text"));
  s = store_->PutDocument(Put("b.txt", std::string("a\xFF", 2)), "x").status();
  EXPECT_THAT(s.message(), HasSubstr("not valid UTF-8 at byte 1"));
  v1::Annotation no_kind = Number(0, 4, 1);
  no_kind.mutable_number()->set_kind(v1::NUMBER_KIND_UNSPECIFIED);
  s = store_->PutDocument(Put("b.txt", kText, {no_kind}), "x").status();
  EXPECT_THAT(s.message(), HasSubstr("number.kind"));
  EXPECT_EQ(store_->current_revision(), 0u);
  EXPECT_EQ(store_->ListDocuments({})->documents_size(), 0);
}

TEST_F(StoreTest, CommitIsCompareAndSetAndStaleWritesNothing) {
  auto put = PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)}));
  const std::string id = put.document().doc_id();
  auto c = Edits(id, 1);
  c.mutable_edits()->add_edits()->set_delete_id("n1");
  *c.mutable_edits()->add_edits()->mutable_add() = Entity(0, 4, "kyiv");
  c.set_note("fix");
  auto ok = store_->Commit(c, "annotator-ann");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->version(), 2u);
  EXPECT_EQ(ok->revision(), 3u);
  EXPECT_THAT(ok->added_ids(), ::testing::ElementsAre("e1"));

  auto stale = store_->Commit(c, "annotator-bob");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr("head of"));
  EXPECT_EQ(store_->current_revision(), 3u);

  auto set = Head(id);
  EXPECT_EQ(set.version(), 2u);
  EXPECT_EQ(set.parent_version(), 1u);
  EXPECT_EQ(set.author(), "annotator-ann");
  EXPECT_EQ(set.note(), "fix");
  EXPECT_EQ(set.edits_size(), 2);
  v1::GetAnnotationsRequest v1req;
  v1req.set_doc_id(id);
  v1req.set_version(1);
  EXPECT_EQ(store_->GetAnnotations(v1req)->annotations(0).id(), "n1");

  v1::ListVersionsRequest lv;
  lv.set_doc_id(id);
  auto versions = store_->ListVersions(lv);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->versions_size(), 2);
  EXPECT_EQ(versions->versions(1).kind(), v1::CHANGE_KIND_CORRECTED);
  EXPECT_EQ(versions->versions(0).kind(), v1::CHANGE_KIND_ANNOTATED);

  v1::DiffRequest diff;
  diff.set_doc_id(id);
  diff.set_from_version(1);
  diff.set_to_version(2);
  auto d = store_->Diff(diff);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->added_size(), 1);
  EXPECT_EQ(d->removed_size(), 1);

  v1::FindMentionsRequest fm;
  fm.set_entity_id("kyiv");
  auto mentions = store_->FindMentions(fm);
  ASSERT_TRUE(mentions.ok());
  ASSERT_EQ(mentions->mentions_size(), 1);
  EXPECT_EQ(mentions->mentions(0).doc_id(), id);
}

TEST_F(StoreTest, InvalidEditsNameTheEditAndWriteNothing) {
  const std::string id =
      PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)})).document().doc_id();
  auto c = Edits(id, 1);
  c.mutable_edits()->add_edits()->set_delete_id("n9");
  EXPECT_THAT(store_->Commit(c, "a").status().message(),
              HasSubstr("edits[0].delete_id"));
  c = Edits(id, 1);
  c.mutable_edits()->add_edits()->set_delete_id("n1");
  *c.mutable_edits()->add_edits()->mutable_add() = Number(0, 999, 1);
  EXPECT_THAT(store_->Commit(c, "a").status().message(),
              HasSubstr("edits[1].add.span"));
  c = Edits(id, 1);
  *c.mutable_edits()->add_edits()->mutable_add() = Number(9, 18, 3e6);
  EXPECT_THAT(store_->Commit(c, "a").status().message(), HasSubstr("edits[0]"));
  c = Edits("d-nope", 1);
  EXPECT_EQ(store_->Commit(c, "a").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->current_revision(), 2u);
  EXPECT_EQ(Head(id).version(), 1u);
}

TEST_F(StoreTest, ChangeEditWithFieldMaskAndUtf16Offsets) {
  const std::string id =
      PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)})).document().doc_id();
  auto c = Edits(id, 1);
  auto* change = c.mutable_edits()->add_edits()->mutable_change();
  change->set_id("n1");
  change->mutable_annotation()->mutable_number()->set_value(3.5e6);
  change->mutable_update_mask()->add_paths("number.value");
  ASSERT_TRUE(store_->Commit(c, "a").ok());
  auto set = Head(id);
  EXPECT_EQ(set.annotations(0).number().value(), 3.5e6);
  EXPECT_EQ(set.annotations(0).number().kind(), v1::NUMBER_KIND_CARDINAL);

  // "Київ" is at UTF-16 27..31, bytes 27..35.
  c = Edits(id, 2);
  c.set_offset_encoding(v1::OFFSET_ENCODING_UTF16);
  *c.mutable_edits()->add_edits()->mutable_add() = Entity(27, 31, "kyiv");
  ASSERT_TRUE(store_->Commit(c, "a").ok());
  set = Head(id);
  EXPECT_EQ(set.annotations(1).span().begin(), 27u);
  EXPECT_EQ(set.annotations(1).span().end(), 35u);
  v1::GetAnnotationsRequest get;
  get.set_doc_id(id);
  get.set_offset_encoding(v1::OFFSET_ENCODING_CODE_POINT);
  EXPECT_EQ(store_->GetAnnotations(get)->annotations(1).span().end(), 31u);
}

TEST_F(StoreTest, ReopenKeepsEverythingAndRevisionsContinue) {
  const std::string id =
      PutOk(Put("a.txt", kText, {Number(9, 18, 3e6)})).document().doc_id();
  Reopen();
  EXPECT_EQ(store_->current_revision(), 2u);
  EXPECT_EQ(Head(id).version(), 1u);
  auto put = PutOk(Put("b.txt", "More text 4", {}));
  EXPECT_EQ(put.revision(), 3u);
  v1::GetDocumentRequest get;
  get.set_external_id("a.txt");
  EXPECT_EQ(store_->GetDocument(get)->doc_id(), id);
  get.set_external_id("zzz");
  EXPECT_THAT(store_->GetDocument(get).status().message(),
              HasSubstr("external_id"));
}

// Collects events from a subscription as on_ready fires.
struct Collector {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<uint64_t> revisions;
  absl::Status ended;
  std::shared_ptr<Subscription> sub;

  void Drain() {
    std::lock_guard lock(mu);
    if (!sub) return;
    v1::ChangeEvent e;
    absl::Status st;
    for (;;) {
      auto poll = sub->Next(&e, &st);
      if (poll == Subscription::Poll::kEvent) {
        revisions.push_back(e.revision());
      } else {
        if (poll == Subscription::Poll::kEnded) ended = st;
        break;
      }
    }
    cv.notify_all();
  }

  bool WaitFor(size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(30),
                       [&] { return revisions.size() >= n || !ended.ok(); });
  }
};

TEST_F(StoreTest, SubscribeDeliversBacklogThenLiveInOrderAcrossTheSwitch) {
  for (int i = 0; i < 20; ++i) {
    PutOk(Put("doc" + std::to_string(i), "text " + std::to_string(i), {}));
  }
  // Writers race the subscription's start; every revision must arrive once.
  std::atomic<bool> go{false};
  std::thread writer([&] {
    while (!go) {
    }
    for (int i = 20; i < 120; ++i) {
      PutOk(Put("doc" + std::to_string(i), "text " + std::to_string(i), {}));
    }
  });
  Collector c;
  go = true;
  v1::SubscribeRequest req;
  req.set_start_revision(1);
  auto sub = store_->Subscribe(req, [&] { c.Drain(); });
  ASSERT_TRUE(sub.ok());
  {
    std::lock_guard lock(c.mu);
    c.sub = *sub;
  }
  c.Drain();
  writer.join();
  ASSERT_TRUE(c.WaitFor(120));
  std::lock_guard lock(c.mu);
  ASSERT_EQ(c.revisions.size(), 120u);
  for (size_t i = 0; i < c.revisions.size(); ++i) {
    EXPECT_EQ(c.revisions[i], i + 1);
  }
}

TEST_F(StoreTest, SubscribeFiltersAndAttachesPayload) {
  PutOk(Put("a", kText, {Number(9, 18, 3e6)}));
  v1::SubscribeRequest req;
  req.set_start_revision(1);
  req.set_include_annotations(true);
  req.mutable_filter()->add_kinds(v1::CHANGE_KIND_ANNOTATED);
  auto sub = store_->Subscribe(req, nullptr);
  ASSERT_TRUE(sub.ok());
  v1::ChangeEvent e;
  absl::Status st;
  ASSERT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEvent);
  EXPECT_EQ(e.revision(), 2u);
  EXPECT_EQ(e.annotations().annotations_size(), 1);
  EXPECT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEmpty);
  EXPECT_EQ((*sub)->progress_revision(), 2u);
}

TEST_F(StoreTest, SlowSubscriberIsCutOffWithItsLastRevision) {
  Reopen({.subscriber_queue = 4});
  auto sub = store_->Subscribe({}, nullptr);  // live from now
  ASSERT_TRUE(sub.ok());
  for (int i = 0; i < 10; ++i)
    PutOk(Put("d" + std::to_string(i), "t" + std::to_string(i), {}));
  v1::ChangeEvent e;
  absl::Status st;
  int delivered = 0;
  while ((*sub)->Next(&e, &st) == Subscription::Poll::kEvent) ++delivered;
  EXPECT_EQ(delivered, 4);
  EXPECT_EQ(st.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(st.message(), HasSubstr("last delivered revision 4"));
}

TEST_F(StoreTest, RetentionPrunesAndOldRevisionsAreOutOfRange) {
  Reopen({.retention_revisions = 5});
  for (int i = 0; i < 10; ++i)
    PutOk(Put("d" + std::to_string(i), "t" + std::to_string(i), {}));
  EXPECT_EQ(store_->oldest_revision(), 6u);
  v1::SubscribeRequest req;
  req.set_start_revision(2);
  auto sub = store_->Subscribe(req, nullptr);
  EXPECT_EQ(sub.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(sub.status().message(),
              HasSubstr("oldest available revision is 6"));
  req.set_start_revision(6);
  EXPECT_TRUE(store_->Subscribe(req, nullptr).ok());
  Reopen({.retention_revisions = 5});
  EXPECT_EQ(store_->oldest_revision(), 6u);
}

}  // namespace
}  // namespace docpipe::store
