// IngestService over real gRPC servers on 127.0.0.1:0, with in-memory fakes
// of annotate and store that can fail on demand, to test dedupe, retries,
// error mapping and IngestStream flow control.
#include "ingest/service/ingest_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "common/server.h"
#include "docpipe/v1/annotate.grpc.pb.h"
#include "docpipe/v1/store.grpc.pb.h"

namespace docpipe::ingest {
namespace {

using ::testing::HasSubstr;

// Annotate fake: one number annotation per text. Fails the first
// `fail_next` calls with UNAVAILABLE. With `park` set, holds every call until
// the test releases it, recording the peak number held.
class FakeAnnotate final : public v1::AnnotateService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Annotate(grpc::CallbackServerContext* context,
                                     const v1::AnnotateRequest* /*request*/,
                                     v1::AnnotateResponse* response) override {
    auto* reactor = context->DefaultReactor();
    absl::MutexLock lock(&mu_);
    ++calls_;
    if (fail_next_ > 0) {
      --fail_next_;
      reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
      return reactor;
    }
    auto* a = response->add_annotations();
    a->set_id("n1");
    a->mutable_span()->set_begin(0);
    a->mutable_span()->set_end(1);
    response->set_annotator_version("fake/1");
    if (park_) {
      parked_.push_back(reactor);
      peak_ = std::max(peak_, parked_.size());
    } else {
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }

  // Releases one parked call once `want` are parked (or fewer remain).
  bool ReleaseOne(size_t want) {
    absl::MutexLock lock(&mu_);
    auto parked = [this, want]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return parked_.size() >= want;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&parked), absl::Seconds(20))) {
      return false;
    }
    parked_.front()->Finish(grpc::Status::OK);
    parked_.pop_front();
    return true;
  }

  int calls() {
    absl::MutexLock l(&mu_);
    return calls_;
  }
  size_t peak() {
    absl::MutexLock l(&mu_);
    return peak_;
  }
  void FailNext(int n) {
    absl::MutexLock l(&mu_);
    fail_next_ = n;
  }
  void Park() {
    absl::MutexLock l(&mu_);
    park_ = true;
  }

 private:
  absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
  bool park_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<grpc::ServerUnaryReactor*> parked_ ABSL_GUARDED_BY(mu_);
  size_t peak_ ABSL_GUARDED_BY(mu_) = 0;
};

// Store fake: documents keyed by external_id (else text), version 1 when
// annotations come with the put.
class FakeStore final : public v1::StoreService::CallbackService {
 public:
  grpc::ServerUnaryReactor* PutDocument(
      grpc::CallbackServerContext* context,
      const v1::PutDocumentRequest* request,
      v1::PutDocumentResponse* response) override {
    auto* reactor = context->DefaultReactor();
    absl::MutexLock lock(&mu_);
    ++puts_;
    if (fail_next_ > 0) {
      --fail_next_;
      reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
      return reactor;
    }
    const auto& d = request->document();
    std::string key =
        d.external_id().empty() ? "h:" + d.text() : "x:" + d.external_id();
    auto [it, created] = docs_.try_emplace(key, d);
    if (created) it->second.set_doc_id("d-" + std::to_string(docs_.size()));
    if (request->has_annotations() && heads_[key] == 0) {
      heads_[key] = 1;
      auto user = context->client_metadata().find("docpipe-user");
      last_user_ = user == context->client_metadata().end()
                       ? ""
                       : std::string(user->second.data(), user->second.size());
      response->set_revision(++revision_);
    }
    *response->mutable_document() = it->second;
    response->set_created(created);
    response->set_head_version(heads_[key]);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* context,
                                        const v1::GetDocumentRequest* request,
                                        v1::Document* response) override {
    auto* reactor = context->DefaultReactor();
    absl::MutexLock lock(&mu_);
    auto it = docs_.find("x:" + request->external_id());
    if (it == docs_.end()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such"));
    } else {
      *response = it->second;
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }

  int puts() {
    absl::MutexLock l(&mu_);
    return puts_;
  }
  std::string last_user() {
    absl::MutexLock l(&mu_);
    return last_user_;
  }
  void FailNext(int n) {
    absl::MutexLock l(&mu_);
    fail_next_ = n;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, v1::Document> docs_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, uint64_t> heads_ ABSL_GUARDED_BY(mu_);
  int puts_ ABSL_GUARDED_BY(mu_) = 0;
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t revision_ ABSL_GUARDED_BY(mu_) = 0;
  std::string last_user_ ABSL_GUARDED_BY(mu_);
};

class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(IngesterOptions{}); }

  void Start(IngesterOptions options, size_t max_in_flight = 4) {
    options.downstream.retry.initial_backoff = absl::Milliseconds(1);
    options.downstream.retry.max_backoff = absl::Milliseconds(5);
    auto down = StartServer({.services = {&annotate_, &store_}});
    ASSERT_TRUE(down.ok()) << down.status();
    downstream_ = std::move(*down);
    ingester_ =
        std::make_unique<Ingester>(MakeChannel(downstream_.address),
                                   MakeChannel(downstream_.address), options);
    service_ = std::make_unique<IngestServiceImpl>(
        ingester_.get(),
        IngestServiceOptions{.max_in_flight_per_stream = max_in_flight});
    auto up = StartServer({.services = {service_.get()}});
    ASSERT_TRUE(up.ok()) << up.status();
    server_ = std::move(*up);
    stub_ = v1::IngestService::NewStub(MakeChannel(server_.address));
  }

  void TearDown() override {
    server_.server->Shutdown();
    downstream_.server->Shutdown();
  }

  grpc::Status Ingest(const v1::IngestRequest& request,
                      v1::IngestResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(DeadlineAfter(absl::Seconds(20)));
    context.AddMetadata("docpipe-user", "feeder-1");
    return stub_->Ingest(&context, request, response);
  }

  static v1::IngestRequest Article(const std::string& id,
                                   const std::string& text) {
    v1::IngestRequest request;
    request.mutable_document()->set_external_id(id);
    request.mutable_document()->set_text(text);
    return request;
  }

  FakeAnnotate annotate_;
  FakeStore store_;
  RunningServer downstream_, server_;
  std::unique_ptr<Ingester> ingester_;
  std::unique_ptr<IngestServiceImpl> service_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
};

TEST_F(IngestServiceTest, CreatesThenDeduplicatesWithoutReannotating) {
  v1::IngestResponse response;
  ASSERT_TRUE(Ingest(Article("a.txt", "5 cats"), &response).ok());
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_CREATED);
  EXPECT_EQ(response.version(), 1u);
  EXPECT_EQ(response.annotation_count(), 1u);
  EXPECT_EQ(store_.last_user(), "feeder-1");

  ASSERT_TRUE(Ingest(Article("a.txt", "5 cats"), &response).ok());
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(response.doc_id(), "d-1");
  EXPECT_EQ(response.version(), 1u);
  EXPECT_EQ(annotate_.calls(), 1);  // the duplicate was not annotated again
}

TEST_F(IngestServiceTest, DeduplicatesOnTextWithoutExternalId) {
  v1::IngestResponse response;
  ASSERT_TRUE(Ingest(Article("", "same words"), &response).ok());
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_CREATED);
  ASSERT_TRUE(Ingest(Article("", "same words"), &response).ok());
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_DUPLICATE);
}

TEST_F(IngestServiceTest,
       BadInputIsInvalidArgumentNamingFieldAndStoresNothing) {
  v1::IngestRequest bad;
  bad.set_raw_text(std::string("caf\xC3", 4));
  v1::IngestResponse response;
  grpc::Status status = Ingest(bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("raw_text"));

  status = Ingest(Article("e.txt", ""), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("document.text"));

  status =
      Ingest(Article("big.txt", std::string((1 << 20) + 1, 'x')), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("over the limit"));

  EXPECT_EQ(store_.puts(), 0);
  EXPECT_EQ(annotate_.calls(), 0);
}

TEST_F(IngestServiceTest, RetriesUnavailableDownstreamWithBackoff) {
  annotate_.FailNext(2);
  store_.FailNext(1);
  v1::IngestResponse response;
  ASSERT_TRUE(Ingest(Article("r.txt", "12 dogs"), &response).ok());
  EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_CREATED);
  EXPECT_EQ(ingester_->counters().retries.load(), 3u);
}

TEST_F(IngestServiceTest, GivesUpAfterMaxAttemptsWithUnavailable) {
  store_.FailNext(1000);
  v1::IngestResponse response;
  grpc::Status status = Ingest(Article("u.txt", "1 bird"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("store.PutDocument"));
  EXPECT_EQ(store_.puts(), 8);  // RetryPolicy::max_attempts
}

TEST_F(IngestServiceTest, StreamAnswersEveryArticleAndBoundsInFlight) {
  constexpr int kArticles = 24;
  annotate_.Park();
  grpc::ClientContext context;
  context.set_deadline(DeadlineAfter(absl::Seconds(60)));
  auto stream = stub_->IngestStream(&context);

  std::thread releaser([&] {
    // Keep the window full: release one only when 4 (the limit) are held,
    // except at the tail. A server that over-reads raises the peak above 4.
    for (int released = 0; released < kArticles - 1; ++released) {
      size_t remaining_valid = (kArticles - 1) - released;
      ASSERT_TRUE(annotate_.ReleaseOne(std::min<size_t>(4, remaining_valid)));
    }
  });
  for (int i = 0; i < kArticles; ++i) {
    v1::IngestRequest request =
        Article("s" + std::to_string(i), "text " + std::to_string(i));
    if (i == 7) request.mutable_document()->clear_text();  // one bad article
    request.set_request_tag(std::to_string(i));
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  std::set<std::string> tags;
  int failed = 0;
  v1::IngestResponse response;
  while (stream->Read(&response)) {
    tags.insert(response.request_tag());
    if (response.outcome() == v1::INGEST_OUTCOME_FAILED) {
      ++failed;
      EXPECT_EQ(response.request_tag(), "7");
      EXPECT_EQ(response.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
      EXPECT_THAT(response.error_message(), HasSubstr("document.text"));
    } else {
      EXPECT_EQ(response.outcome(), v1::INGEST_OUTCOME_CREATED);
    }
  }
  EXPECT_TRUE(stream->Finish().ok());
  releaser.join();
  EXPECT_EQ(tags.size(), static_cast<size_t>(kArticles));
  EXPECT_EQ(failed, 1);
  EXPECT_LE(annotate_.peak(), 4u);
  EXPECT_EQ(annotate_.peak(), 4u);  // and the window was actually used
}

}  // namespace
}  // namespace docpipe::ingest
