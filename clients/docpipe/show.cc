// docpipe show: a document with its annotations, highlighted in the
// terminal (or bracketed when not a terminal), followed by a legend of every
// annotation; attributions read "source → cue → content". --json prints the
// document and the annotation set as JSON instead.
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/flags.h"
#include "clients/docpipe/render.h"
#include "common/server.h"
#include "common/status.h"

ABSL_FLAG(uint64_t, version, 0, "show: annotation version (0 = head)");

namespace docpipe::cli {

int RunShow(const std::vector<std::string>& args) {
  auto stub =
      v1::StoreService::NewStub(MakeChannel(absl::GetFlag(FLAGS_server)));
  auto doc = ResolveDocument(*stub, args[0]);
  if (!doc.ok()) return Fail("show", doc.status());
  auto got =
      GetAnnotationSet(*stub, doc->doc_id(), absl::GetFlag(FLAGS_version));
  if (!got.ok()) return Fail("show", got.status());
  const v1::AnnotationSet& set = *got;

  if (absl::GetFlag(FLAGS_json)) {
    google::protobuf::util::JsonPrintOptions opts;
    opts.preserve_proto_field_names = true;
    std::string d, a;
    (void)google::protobuf::util::MessageToJsonString(*doc, &d, opts);
    (void)google::protobuf::util::MessageToJsonString(set, &a, opts);
    std::cout << "{\"document\":" << d << ",\"annotations\":" << a << "}\n";
    return 0;
  }
  const bool color = IsTerminal(1);
  absl::PrintF("%s  (%s)  version %d of %s, by %s%s\n\n", doc->doc_id(),
               doc->external_id(), set.version(), set.doc_id(), set.author(),
               set.note().empty() ? "" : absl::StrCat(": ", set.note()));
  std::cout << RenderHighlighted(doc->text(), set, color) << "\n\n";
  std::cout << RenderLegend(doc->text(), set, color);
  return 0;
}

}  // namespace docpipe::cli
