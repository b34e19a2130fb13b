// StoreService over a real gRPC server on 127.0.0.1:0 and a real RocksDB.
#include "store/service/store_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/server.h"
#include "store/test_util.h"

namespace docpipe::store {
namespace {

using ::testing::HasSubstr;
using testing::Number;
using testing::Put;

class StoreServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({.heartbeat = absl::Milliseconds(50)}); }

  void Start(StoreServiceOptions options) {
    auto store = Store::Open({.data_dir = dir_.path(), .sync_writes = true});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    service_ = std::make_unique<StoreServiceImpl>(store_.get(), options);
    auto running = StartServer({.services = {service_.get()}});
    ASSERT_TRUE(running.ok()) << running.status();
    server_ = std::move(*running);
    stub_ = v1::StoreService::NewStub(MakeChannel(server_.address));
  }

  void TearDown() override {
    service_->Shutdown();
    server_.server->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> Context(
      const std::string& user = "ann") {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(DeadlineAfter(absl::Seconds(20)));
    // The server is up for the whole test: a connection attempt that fails
    // under a loaded machine (sanitizers, eight fresh channels at once) is
    // retried within the deadline instead of failing the call.
    c->set_wait_for_ready(true);
    c->AddMetadata("docpipe-user", user);
    return c;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<StoreServiceImpl> service_;
  RunningServer server_;
  std::unique_ptr<v1::StoreService::Stub> stub_;
};

TEST_F(StoreServiceTest, PutCommitGetWithIdentityAndErrorCodes) {
  v1::PutDocumentResponse put;
  ASSERT_TRUE(stub_
                  ->PutDocument(Context("feeder").get(),
                                Put("a", "Some 12 words", {Number(5, 7, 12)}),
                                &put)
                  .ok());
  const std::string id = put.document().doc_id();

  v1::CommitRequest commit;
  commit.set_doc_id(id);
  commit.set_expected_version(1);
  commit.mutable_edits()->add_edits()->set_delete_id("n1");
  v1::CommitResponse committed;
  ASSERT_TRUE(stub_->Commit(Context("ann").get(), commit, &committed).ok());
  EXPECT_EQ(committed.version(), 2u);

  grpc::Status stale = stub_->Commit(Context().get(), commit, &committed);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);

  v1::GetAnnotationsRequest get;
  get.set_doc_id(id);
  v1::AnnotationSet set;
  ASSERT_TRUE(stub_->GetAnnotations(Context().get(), get, &set).ok());
  EXPECT_EQ(set.author(), "ann");
  EXPECT_EQ(set.version(), 2u);

  get.set_doc_id("d-0000000000000000");
  grpc::Status missing = stub_->GetAnnotations(Context().get(), get, &set);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("doc_id"));

  v1::PutDocumentRequest empty;
  grpc::Status bad = stub_->PutDocument(Context().get(), empty, &put);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("document.text"));
}

TEST_F(StoreServiceTest, GetStatsCountsDocumentsRevisionsAndDiskUse) {
  for (int i = 0; i < 3; ++i) {
    v1::PutDocumentResponse put;
    ASSERT_TRUE(stub_
                    ->PutDocument(Context("feeder").get(),
                                  Put(absl::StrCat("s", i),
                                      absl::StrCat("Stats text ", i), {}),
                                  &put)
                    .ok());
  }
  v1::GetStatsResponse stats;
  ASSERT_TRUE(stub_->GetStats(Context().get(), {}, &stats).ok());
  EXPECT_EQ(stats.document_count(), 3u);
  EXPECT_EQ(stats.current_revision(), store_->current_revision());
  EXPECT_GE(stats.current_revision(), 3u);
  EXPECT_EQ(stats.oldest_revision(), 1u);
  EXPECT_GT(stats.wal_bytes(), 0u) << "unflushed writes are in the WAL";
  EXPECT_EQ(stats.live_sst_bytes(), 0u);

  // A clean close flushes everything into SST files; the WAL is empty.
  const uint64_t revision = stats.current_revision();
  TearDown();
  store_.reset();
  Start({});
  ASSERT_TRUE(stub_->GetStats(Context().get(), {}, &stats).ok());
  EXPECT_EQ(stats.document_count(), 3u);
  EXPECT_EQ(stats.current_revision(), revision);
  EXPECT_GT(stats.live_sst_bytes(), 0u);
  EXPECT_GE(stats.total_sst_bytes(), stats.live_sst_bytes());
  EXPECT_EQ(stats.wal_bytes(), 0u);
}

TEST_F(StoreServiceTest, SubscribeStreamsBacklogLiveHeartbeatsAndShutdown) {
  v1::PutDocumentResponse put;
  ASSERT_TRUE(stub_
                  ->PutDocument(Context().get(),
                                Put("a", "text 1", {Number(5, 6, 1)}), &put)
                  .ok());
  auto ctx = Context();
  ctx->set_deadline(DeadlineAfter(absl::Seconds(60)));
  v1::SubscribeRequest req;
  req.set_start_revision(1);
  req.set_include_annotations(true);
  auto reader = stub_->Subscribe(ctx.get(), req);
  v1::SubscribeResponse r;
  ASSERT_TRUE(reader->Read(&r));
  EXPECT_EQ(r.event().revision(), 1u);
  ASSERT_TRUE(reader->Read(&r));
  EXPECT_EQ(r.event().revision(), 2u);
  EXPECT_EQ(r.event().annotations().annotations_size(), 1);

  ASSERT_TRUE(
      stub_->PutDocument(Context().get(), Put("b", "text 2", {}), &put).ok());
  ASSERT_TRUE(reader->Read(&r));
  EXPECT_EQ(r.event().revision(), 3u);
  EXPECT_EQ(r.event().kind(), v1::CHANGE_KIND_DOCUMENT_ADDED);

  // Idle now: the next message is a progress notice at the current revision.
  ASSERT_TRUE(reader->Read(&r));
  ASSERT_TRUE(r.has_progress());
  EXPECT_EQ(r.progress().revision(), 3u);

  service_->Shutdown();
  while (reader->Read(&r)) {
  }
  grpc::Status end = reader->Finish();
  EXPECT_EQ(end.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(StoreServiceTest, SubscribeFromPrunedOrBadKindFailsFast) {
  v1::SubscribeRequest req;
  req.mutable_filter()->add_kinds(static_cast<v1::ChangeKind>(42));
  auto ctx = Context();
  auto reader = stub_->Subscribe(ctx.get(), req);
  v1::SubscribeResponse r;
  EXPECT_FALSE(reader->Read(&r));
  grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("filter.kinds[0]"));
}

// Eight clients, each on its own channel, race corrections on one document:
// read the head, add one number of their own, commit against the head read,
// retry on ABORTED. Every commit is applied exactly once or rejected; the
// history ends linear (1, 2, ..., each the parent of the next) and the head
// holds every accepted edit.
TEST_F(StoreServiceTest, RacingCorrectionsApplyOnceAndHistoryIsLinear) {
  constexpr int kClients = 8, kRounds = 6;
  std::string text;
  for (int i = 0; i < kClients * kRounds; ++i) {
    absl::StrAppend(&text, i % 10, " ");  // one digit per slot, 2 bytes apart
  }
  const uint32_t last = text.size();
  text += "99";
  v1::PutDocumentResponse put;
  ASSERT_TRUE(stub_
                  ->PutDocument(Context().get(),
                                Put("race", text, {Number(last, last + 2, 99)}),
                                &put)
                  .ok());
  const std::string doc = put.document().doc_id();

  std::atomic<int> aborted{0};
  std::vector<std::vector<uint64_t>> applied(kClients);
  std::vector<std::string> errors(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      // A channel per client: separate connections, real interleaving.
      grpc::ChannelArguments args;
      args.SetInt("docpipe.client", c);
      auto stub = v1::StoreService::NewStub(grpc::CreateCustomChannel(
          server_.address, grpc::InsecureChannelCredentials(), args));
      for (int r = 0; r < kRounds; ++r) {
        const int slot = c * kRounds + r;
        for (;;) {
          v1::GetAnnotationsRequest get;
          get.set_doc_id(doc);
          v1::AnnotationSet head;
          grpc::Status s = stub->GetAnnotations(Context().get(), get, &head);
          if (!s.ok()) {
            errors[c] = s.error_message();
            return;
          }
          v1::CommitRequest commit;
          commit.set_doc_id(doc);
          commit.set_expected_version(head.version());
          commit.set_note(absl::StrCat("c", c, "r", r));
          *commit.mutable_edits()->add_edits()->mutable_add() =
              Number(2 * slot, 2 * slot + 1, slot % 10);
          v1::CommitResponse done;
          s = stub->Commit(Context(absl::StrCat("ann", c)).get(), commit,
                           &done);
          if (s.ok()) {
            applied[c].push_back(done.version());
            break;
          }
          if (s.error_code() != grpc::StatusCode::ABORTED) {
            errors[c] = s.error_message();
            return;
          }
          ++aborted;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  for (int c = 0; c < kClients; ++c) ASSERT_EQ(errors[c], "") << "client " << c;

  std::set<uint64_t> versions;
  for (auto& a : applied) versions.insert(a.begin(), a.end());
  EXPECT_EQ(versions.size(), size_t{kClients * kRounds});  // each once

  v1::ListVersionsRequest list;
  list.set_doc_id(doc);
  v1::ListVersionsResponse history;
  ASSERT_TRUE(stub_->ListVersions(Context().get(), list, &history).ok());
  ASSERT_EQ(history.versions_size(), kClients * kRounds + 1);
  std::set<std::string> notes;
  for (int i = 0; i < history.versions_size(); ++i) {
    const auto& v = history.versions(i);
    EXPECT_EQ(v.version(), uint64_t(i + 1));
    EXPECT_EQ(v.parent_version(), uint64_t(i));
    if (i > 0) notes.insert(v.note());
  }
  EXPECT_EQ(notes.size(), size_t{kClients * kRounds});

  v1::GetAnnotationsRequest get;
  get.set_doc_id(doc);
  v1::AnnotationSet head;
  ASSERT_TRUE(stub_->GetAnnotations(Context().get(), get, &head).ok());
  std::set<uint32_t> begins;
  for (const auto& a : head.annotations()) begins.insert(a.span().begin());
  EXPECT_EQ(begins.size(), size_t{kClients * kRounds + 1});  // none lost
  RecordProperty("aborted_attempts", aborted.load());
}

// Subscribers disconnect after a random number of events and resume from
// the last revision they saw + 1, while a writer keeps committing. Each sees
// every revision exactly once, in order.
TEST_F(StoreServiceTest, ResumingSubscribersSeeEveryRevisionOnceInOrder) {
  constexpr int kDocs = 150, kSubscribers = 3;
  constexpr uint64_t kLast = kDocs;  // one DOCUMENT_ADDED each
  std::thread writer([&] {
    for (int i = 0; i < kDocs; ++i) {
      v1::PutDocumentResponse put;
      grpc::Status s = stub_->PutDocument(
          Context().get(),
          Put(absl::StrCat("doc", i), absl::StrCat("text ", i), {}), &put);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  });
  std::vector<std::vector<uint64_t>> seen(kSubscribers);
  std::vector<int> reconnects(kSubscribers);
  std::vector<std::thread> subscribers;
  for (int k = 0; k < kSubscribers; ++k) {
    subscribers.emplace_back([&, k] {
      std::mt19937 rng(1234 + k);
      std::uniform_int_distribution<int> burst(1, 25);
      uint64_t next = 1;
      while (next <= kLast) {
        auto ctx = Context();
        v1::SubscribeRequest req;
        req.set_start_revision(next);
        auto reader = stub_->Subscribe(ctx.get(), req);
        int want = burst(rng);
        v1::SubscribeResponse r;
        while (want > 0 && next <= kLast && reader->Read(&r)) {
          if (r.has_progress()) continue;
          seen[k].push_back(r.event().revision());
          next = r.event().revision() + 1;
          --want;
        }
        ctx->TryCancel();  // hang up mid-stream
        while (reader->Read(&r)) {
        }
        reader->Finish();
        ++reconnects[k];
      }
    });
  }
  writer.join();
  for (auto& t : subscribers) t.join();
  for (int k = 0; k < kSubscribers; ++k) {
    ASSERT_EQ(seen[k].size(), kLast) << "subscriber " << k;
    for (uint64_t i = 0; i < kLast; ++i) {
      ASSERT_EQ(seen[k][i], i + 1) << "subscriber " << k << " at " << i;
    }
    EXPECT_GT(reconnects[k], 5);
  }
}

// Token authentication and roles, over a real server: each denied call gets
// UNAUTHENTICATED or PERMISSION_DENIED and changes nothing.
class AuthTest : public StoreServiceTest {
 protected:
  void SetUp() override {
    auto auth = Authorizer::FromTokens(
        "# token identity role\n"
        "r-tok  rita   reader\n"
        "f-tok  fred   feeder\n"
        "a-tok  anna   annotator\n"
        "x-tok  ingest admin\n");
    ASSERT_TRUE(auth.ok()) << auth.status();
    Start({.auth = *auth});
  }
  std::unique_ptr<grpc::ClientContext> As(const std::string& token,
                                          const std::string& user = "") {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(DeadlineAfter(absl::Seconds(20)));
    AddCallCredentials(c.get(), token, user);
    return c;
  }
};

TEST_F(AuthTest, RolesGateEachCallAndDeniedCallsWriteNothing) {
  v1::PutDocumentResponse put;
  auto put_req = Put("a", "Some 12 words", {Number(5, 7, 12)});
  EXPECT_EQ(stub_->PutDocument(As("").get(), put_req, &put).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->PutDocument(As("bogus").get(), put_req, &put).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status denied = stub_->PutDocument(As("r-tok").get(), put_req, &put);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(denied.error_message(), HasSubstr("rita may not ingest"));
  EXPECT_EQ(store_->current_revision(), 0u);

  // A feeder may ingest; the author is the token's identity, whatever
  // docpipe-user the client claims.
  ASSERT_TRUE(
      stub_->PutDocument(As("f-tok", "mallory").get(), put_req, &put).ok());
  const std::string id = put.document().doc_id();
  v1::GetAnnotationsRequest get;
  get.set_doc_id(id);
  v1::AnnotationSet set;
  ASSERT_TRUE(stub_->GetAnnotations(As("r-tok").get(), get, &set).ok());
  EXPECT_EQ(set.author(), "fred");

  v1::CommitRequest commit;
  commit.set_doc_id(id);
  commit.set_expected_version(1);
  commit.mutable_edits()->add_edits()->set_delete_id("n1");
  v1::CommitResponse committed;
  const uint64_t before = store_->current_revision();
  for (const char* who : {"r-tok", "f-tok"}) {
    EXPECT_EQ(stub_->Commit(As(who).get(), commit, &committed).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << who;
  }
  EXPECT_EQ(store_->current_revision(), before);
  ASSERT_TRUE(stub_->Commit(As("a-tok").get(), commit, &committed).ok());
  ASSERT_TRUE(stub_->GetAnnotations(As("r-tok").get(), get, &set).ok());
  EXPECT_EQ(set.author(), "anna");

  // An admin (a service such as ingest) may act for the user it serves.
  ASSERT_TRUE(stub_
                  ->PutDocument(As("x-tok", "fred").get(),
                                Put("b", "Other 7 words", {Number(6, 7, 7)}),
                                &put)
                  .ok());
  get.set_doc_id(put.document().doc_id());
  ASSERT_TRUE(stub_->GetAnnotations(As("r-tok").get(), get, &set).ok());
  EXPECT_EQ(set.author(), "fred");

  // Streams too.
  v1::SubscribeRequest sub;
  sub.set_start_revision(1);
  auto ctx = As("");
  auto reader = stub_->Subscribe(ctx.get(), sub);
  v1::SubscribeResponse r;
  EXPECT_FALSE(reader->Read(&r));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto ok_ctx = As("r-tok");
  auto ok_reader = stub_->Subscribe(ok_ctx.get(), sub);
  ASSERT_TRUE(ok_reader->Read(&r));
  EXPECT_EQ(r.event().revision(), 1u);
  ok_ctx->TryCancel();
}

TEST_F(AuthTest, OnlyAnAdminMayBackUpAndTheBackupRunsWhileServing) {
  v1::PutDocumentResponse put;
  ASSERT_TRUE(stub_
                  ->PutDocument(As("f-tok").get(),
                                Put("a", "Some 12 words", {Number(5, 7, 12)}),
                                &put)
                  .ok());
  testing::TempDir backups;
  v1::BackupRequest request;
  request.set_backup_dir(backups.path());
  v1::BackupResponse response;
  for (const char* who : {"r-tok", "f-tok", "a-tok"}) {
    grpc::Status denied = stub_->Backup(As(who).get(), request, &response);
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    EXPECT_THAT(denied.error_message(), HasSubstr("may not administer"));
  }
  EXPECT_EQ(stub_->Backup(As("").get(), request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(std::filesystem::exists(backups.path() + "/meta"));
  grpc::Status ok = stub_->Backup(As("x-tok").get(), request, &response);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(response.backup_id(), 1u);
  EXPECT_EQ(response.revision(), store_->current_revision());
  // A relative directory means nothing to the server.
  request.set_backup_dir("relative/dir");
  EXPECT_EQ(stub_->Backup(As("x-tok").get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(AuthorizerTest, TokenFileErrorsNameTheLine) {
  auto bad_role = Authorizer::FromTokens("t1 a reader\nt2 b superuser\n");
  EXPECT_THAT(bad_role.status().message(), HasSubstr("line 2"));
  EXPECT_THAT(bad_role.status().message(), HasSubstr("superuser"));
  auto twice = Authorizer::FromTokens("t1 a reader\nt1 b admin\n");
  EXPECT_THAT(twice.status().message(),
              HasSubstr("line 2: token listed twice"));
  auto short_line = Authorizer::FromTokens("t1 a\n");
  EXPECT_THAT(short_line.status().message(), HasSubstr("line 1"));
  EXPECT_FALSE(Authorizer::FromTokens("# nothing\n").ok());
}

}  // namespace
}  // namespace docpipe::store
