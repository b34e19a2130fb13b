// The annotation engine: tokenize once, then run each requested layer's
// recognizer over the token stream. A library with no gRPC inside; the
// service in annotate/service/ and the CLI both use it.
#ifndef DOCPIPE_ANNOTATE_ENGINE_H_
#define DOCPIPE_ANNOTATE_ENGINE_H_

#include <google/protobuf/repeated_field.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "annotate/recognizer.h"
#include "docpipe/v1/annotation.pb.h"

namespace docpipe::annotate {

enum class Layer { kNumbers = 0, kEntities = 1, kAttributions = 2 };

// A set of layers. Value type.
class LayerSet {
 public:
  static LayerSet All();
  // "numbers,entities", "all" or "" (= all). INVALID_ARGUMENT naming
  // "layers" on an unknown name.
  static absl::StatusOr<LayerSet> Parse(absl::string_view csv);
  // From AnnotateRequest.layers (empty = all).
  static absl::StatusOr<LayerSet> FromProto(
      const google::protobuf::RepeatedField<int>& layers);
  bool Has(Layer layer) const {
    return bits_ & (1u << static_cast<int>(layer));
  }
  void Add(Layer layer) { bits_ |= 1u << static_cast<int>(layer); }

 private:
  unsigned bits_ = 0;
};

struct EngineOptions {};

// Immutable after Create; Annotate is const and thread-safe.
class Engine {
 public:
  static absl::StatusOr<std::unique_ptr<Engine>> Create(
      const EngineOptions& options = {});

  // INVALID_ARGUMENT "text: ..." unless `text` is valid UTF-8. Annotations
  // carry UTF-8 byte spans, sorted by (begin, end), ids n1.., e1.., a1.. in
  // that order, and provenance naming the annotator and its version.
  absl::StatusOr<std::vector<v1::Annotation>> Annotate(
      absl::string_view text, const LayerSet& layers) const;

  // "docpipe/0.1 numbers/1 entities/0 attributions/0".
  const std::string& version() const { return version_; }

 private:
  Engine() = default;
  std::vector<std::pair<Layer, std::unique_ptr<Recognizer>>> recognizers_;
  std::string version_;
};

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_ENGINE_H_
