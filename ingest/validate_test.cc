#include "ingest/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace docpipe::ingest {
namespace {

using ::testing::HasSubstr;

v1::IngestRequest WithText(std::string text) {
  v1::IngestRequest request;
  request.mutable_document()->set_text(std::move(text));
  return request;
}

TEST(ValidateTest, AcceptsPlainTextUnchanged) {
  auto doc = ValidateAndNormalize(WithText("Prices rose 5% in May."));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text(), "Prices rose 5% in May.");
}

TEST(ValidateTest, NormalizesToNfcAndLineEnds) {
  // "Cafe" + combining acute -> precomposed U+00E9; CRLF -> LF; BOM dropped.
  auto doc =
      ValidateAndNormalize(WithText("\xEF\xBB\xBF"
                                    "Cafe\xCC\x81\r\nx\ry"));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text(), "Caf\xC3\xA9\nx\ny");
}

TEST(ValidateTest, RawTextBytesAreValidatedAndNamed) {
  v1::IngestRequest request;
  request.set_raw_text(std::string("ok \xC3\x28 bad", 10));
  auto doc = ValidateAndNormalize(request);
  ASSERT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(doc.status().message(), HasSubstr("raw_text"));
  EXPECT_THAT(doc.status().message(), HasSubstr("byte 3"));

  request.set_raw_text("fine text");
  doc = ValidateAndNormalize(request);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text(), "fine text");
}

TEST(ValidateTest, RejectsEmptyBlankOversizedAndNul) {
  EXPECT_THAT(ValidateAndNormalize(WithText("")).status().message(),
              HasSubstr("document.text"));
  EXPECT_THAT(ValidateAndNormalize(WithText(" \n\t ")).status().message(),
              HasSubstr("blank"));
  ValidateOptions small{.max_text_bytes = 8};
  auto big = ValidateAndNormalize(WithText("123456789"), small);
  EXPECT_EQ(big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(big.status().message(), HasSubstr("over the limit of 8"));
  EXPECT_THAT(
      ValidateAndNormalize(WithText(std::string("a\0b", 3))).status().message(),
      HasSubstr("NUL"));
  EXPECT_EQ(ValidateAndNormalize(v1::IngestRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ValidateTest, RejectsStoreOwnedFieldsAndBothTexts) {
  auto request = WithText("text");
  request.mutable_document()->set_doc_id("d-1");
  EXPECT_THAT(ValidateAndNormalize(request).status().message(),
              HasSubstr("document.doc_id"));
  request = WithText("text");
  request.mutable_document()->set_content_sha256("ab");
  EXPECT_THAT(ValidateAndNormalize(request).status().message(),
              HasSubstr("document.content_sha256"));
  request = WithText("text");
  request.set_raw_text("other");
  EXPECT_THAT(ValidateAndNormalize(request).status().message(),
              HasSubstr("not both"));
  request = WithText("text");
  request.mutable_document()->set_language("de");
  EXPECT_THAT(ValidateAndNormalize(request).status().message(),
              HasSubstr("document.language"));
  request = WithText("text");
  request.mutable_document()->set_external_id(std::string(5000, 'x'));
  EXPECT_THAT(ValidateAndNormalize(request).status().message(),
              HasSubstr("document.external_id"));
}

}  // namespace
}  // namespace docpipe::ingest
