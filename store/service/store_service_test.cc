// StoreService over a real gRPC server on 127.0.0.1:0 and a real RocksDB.
#include "store/service/store_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/server.h"
#include "store/test_util.h"

namespace docpipe::store {
namespace {

using ::testing::HasSubstr;
using testing::Number;
using testing::Put;

class StoreServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open({.data_dir = dir_.path(), .sync_writes = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    service_ = std::make_unique<StoreServiceImpl>(
        store_.get(), StoreServiceOptions{.heartbeat = absl::Milliseconds(50)});
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

}  // namespace
}  // namespace docpipe::store
