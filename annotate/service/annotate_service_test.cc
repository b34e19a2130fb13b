#include "annotate/service/annotate_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/server.h"

namespace docpipe::annotate {
namespace {

class AnnotateServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = *Engine::Create();
    service_ = std::make_unique<AnnotateServiceImpl>(engine_.get(), 1000);
    auto running = StartServer({.services = {service_.get()}});
    ASSERT_TRUE(running.ok());
    server_ = std::move(*running);
    stub_ = v1::AnnotateService::NewStub(MakeChannel(server_.address));
  }
  void TearDown() override { server_.server->Shutdown(); }

  grpc::Status Call(const v1::AnnotateRequest& req,
                    v1::AnnotateResponse* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(DeadlineAfter(absl::Seconds(10)));
    return stub_->Annotate(&ctx, req, resp);
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<AnnotateServiceImpl> service_;
  RunningServer server_;
  std::unique_ptr<v1::AnnotateService::Stub> stub_;
};

TEST_F(AnnotateServiceTest, AnnotatesDeterministicallyWithUtf16Offsets) {
  v1::AnnotateRequest req;
  req.set_text("\xF0\x9F\x98\x80 Київ got $5 million.");  // emoji: 4 bytes, 2
                                                          // UTF-16 units
  v1::AnnotateResponse a, b;
  ASSERT_TRUE(Call(req, &a).ok());
  ASSERT_TRUE(Call(req, &b).ok());
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  ASSERT_EQ(a.annotations_size(), 1);
  EXPECT_EQ(a.annotations(0).id(), "n1");
  EXPECT_EQ(a.annotations(0).span().begin(), 18u);  // bytes
  req.set_offset_encoding(v1::OFFSET_ENCODING_UTF16);
  ASSERT_TRUE(Call(req, &a).ok());
  EXPECT_EQ(a.annotations(0).span().begin(), 12u);  // 2 + 1 + 4 + 1 + 4 UTF-16
  EXPECT_THAT(a.annotator_version(), ::testing::HasSubstr("numbers/"));
}

TEST_F(AnnotateServiceTest, BadRequestsNameTheField) {
  v1::AnnotateResponse resp;
  v1::AnnotateRequest req;
  grpc::Status s = Call(req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("text"));
  req.set_text(std::string(1001, 'x'));
  EXPECT_THAT(Call(req, &resp).error_message(),
              ::testing::HasSubstr("over the limit"));
  req.set_text("ok");
  req.set_language("fr");
  EXPECT_THAT(Call(req, &resp).error_message(),
              ::testing::HasSubstr("language"));
  req.set_language("");
  req.add_layers(v1::LAYER_UNSPECIFIED);
  EXPECT_THAT(Call(req, &resp).error_message(),
              ::testing::HasSubstr("layers[0]"));
}

}  // namespace
}  // namespace docpipe::annotate
