#include "annotate/service/annotate_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "common/utf8.h"

namespace docpipe::annotate {
namespace {}  // namespace

absl::StatusOr<v1::AnnotateResponse> AnnotateRequest(
    const Engine& engine, const v1::AnnotateRequest& request,
    size_t max_text_bytes) {
  if (request.text().empty()) {
    return absl::InvalidArgumentError("text: required, got empty text");
  }
  if (request.text().size() > max_text_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text: ", request.text().size(),
                     " bytes, over the limit of ", max_text_bytes));
  }
  const std::string& lang = request.language();
  if (!lang.empty() && lang != "en" && !absl::StartsWith(lang, "en-")) {
    return absl::InvalidArgumentError(
        absl::StrCat("language: unsupported \"", lang, "\" (only en)"));
  }
  DOCPIPE_ASSIGN_OR_RETURN(LayerSet layers,
                           LayerSet::FromProto(request.layers()));
  DOCPIPE_ASSIGN_OR_RETURN(std::vector<v1::Annotation> annotations,
                           engine.Annotate(request.text(), layers));
  v1::AnnotateResponse response;
  response.set_annotator_version(engine.version());
  const auto enc = request.offset_encoding();
  if (enc == v1::OFFSET_ENCODING_CODE_POINT ||
      enc == v1::OFFSET_ENCODING_UTF16) {
    OffsetConverter conv(request.text());
    OffsetUnit unit = enc == v1::OFFSET_ENCODING_UTF16 ? OffsetUnit::kUtf16
                                                       : OffsetUnit::kCodePoint;
    auto convert = [&](v1::Span* s) {
      s->set_begin(conv.FromByte(s->begin(), unit));
      s->set_end(conv.FromByte(s->end(), unit));
    };
    for (auto& a : annotations) {
      convert(a.mutable_span());
      if (a.has_attribution()) {
        if (a.attribution().has_source()) {
          convert(a.mutable_attribution()->mutable_source());
        }
        convert(a.mutable_attribution()->mutable_content());
      }
    }
  }
  for (auto& a : annotations) *response.add_annotations() = std::move(a);
  return response;
}

AnnotateServiceImpl::AnnotateServiceImpl(const Engine* engine,
                                         size_t max_text_bytes,
                                         std::shared_ptr<const Authorizer> auth)
    : engine_(engine),
      max_text_bytes_(max_text_bytes),
      auth_(std::move(auth)) {}

grpc::ServerUnaryReactor* AnnotateServiceImpl::Annotate(
    grpc::CallbackServerContext* context, const v1::AnnotateRequest* request,
    v1::AnnotateResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (auto who = auth_->Authorize(*context, Permission::kRead); !who.ok()) {
    reactor->Finish(ToGrpcStatus(who.status()));
    return reactor;
  }
  auto result = AnnotateRequest(*engine_, *request, max_text_bytes_);
  if (result.ok()) {
    *response = *std::move(result);
    reactor->Finish(grpc::Status::OK);
  } else {
    reactor->Finish(ToGrpcStatus(result.status()));
  }
  return reactor;
}

}  // namespace docpipe::annotate
