// The workbench's document routes: list/search, document, annotations at
// any version (UTF-16 offsets), versions, diff, commit (409 with the
// other edits and a rebase on a stale version), entities and mentions.
#include <algorithm>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"
#include "common/status.h"
#include "common/utf8.h"
#include "google/protobuf/util/json_util.h"
#include "store/annotation_set.h"
#include "store/carry.h"
#include "workbench/internal.h"

namespace docpipe::workbench {
namespace {

constexpr v1::OffsetEncoding kUtf16 = v1::OFFSET_ENCODING_UTF16;

bool ContainsFolded(absl::string_view hay, const std::string& needle_lower) {
  return absl::StrContains(absl::AsciiStrToLower(hay), needle_lower);
}

// The head set, or an empty one (version 0) for a document without
// annotations yet.
absl::StatusOr<v1::AnnotationSet> Head(store::Store& store,
                                       const std::string& doc_id,
                                       uint64_t version,
                                       v1::OffsetEncoding encoding) {
  v1::GetAnnotationsRequest req;
  req.set_doc_id(doc_id);
  req.set_version(version);
  req.set_offset_encoding(encoding);
  auto set = store.GetAnnotations(req);
  if (set.ok() || version != 0 || !absl::IsNotFound(set.status())) return set;
  v1::ListVersionsRequest lreq;
  lreq.set_doc_id(doc_id);
  DOCPIPE_ASSIGN_OR_RETURN(auto versions, store.ListVersions(lreq));
  if (versions.head_version() != 0) return set.status();
  v1::AnnotationSet empty;
  empty.set_doc_id(doc_id);
  return empty;
}

struct Filters {
  std::string text, entity, layer, author;
  bool corrected = false, machine = false;
};

// One listed document: the summary, per-layer counts, whether a person
// corrected it, and who committed.
absl::StatusOr<std::string> SummaryJson(store::Store& store,
                                        const v1::DocumentSummary& s,
                                        const Filters& f, bool* matches) {
  *matches = true;
  if (!f.text.empty()) {
    v1::GetDocumentRequest dreq;
    dreq.set_doc_id(s.doc_id());
    DOCPIPE_ASSIGN_OR_RETURN(auto doc, store.GetDocument(dreq));
    if (!ContainsFolded(doc.title(), f.text) &&
        !ContainsFolded(doc.external_id(), f.text) &&
        !ContainsFolded(doc.text(), f.text)) {
      *matches = false;
      return "";
    }
  }
  v1::ListVersionsRequest lreq;
  lreq.set_doc_id(s.doc_id());
  DOCPIPE_ASSIGN_OR_RETURN(auto versions, store.ListVersions(lreq));
  bool corrected = false;
  absl::flat_hash_set<std::string> authors;
  std::vector<std::string> author_list;
  for (const auto& v : versions.versions()) {
    if (v.kind() == v1::CHANGE_KIND_CORRECTED) corrected = true;
    if (authors.insert(v.author()).second) author_list.push_back(v.author());
  }
  if ((f.corrected && !corrected) || (f.machine && corrected) ||
      (!f.author.empty() && !authors.contains(f.author))) {
    *matches = false;
    return "";
  }
  DOCPIPE_ASSIGN_OR_RETURN(
      auto head, Head(store, s.doc_id(), 0, v1::OFFSET_ENCODING_UTF8));
  int numbers = 0, entities = 0, attributions = 0;
  bool entity_hit = f.entity.empty();
  for (const auto& a : head.annotations()) {
    switch (a.body_case()) {
      case v1::Annotation::kNumber:
        ++numbers;
        break;
      case v1::Annotation::kEntity:
        ++entities;
        if (!entity_hit &&
            (a.entity().entity_id() == f.entity ||
             ContainsFolded(a.entity().entity_id(), f.entity) ||
             ContainsFolded(a.entity().canonical_name(), f.entity))) {
          entity_hit = true;
        }
        break;
      case v1::Annotation::kAttribution:
        ++attributions;
        break;
      default:
        break;
    }
  }
  if (!entity_hit || (f.layer == "numbers" && numbers == 0) ||
      (f.layer == "entities" && entities == 0) ||
      (f.layer == "attributions" && attributions == 0)) {
    *matches = false;
    return "";
  }
  std::vector<std::string> quoted;
  for (const auto& a : author_list) quoted.push_back(JsonQuote(a));
  std::string json = ToJson(s);
  json.pop_back();  // the closing brace; the extra fields follow
  absl::StrAppend(&json, ",\"counts\":{\"numbers\":", numbers,
                  ",\"entities\":", entities,
                  ",\"attributions\":", attributions,
                  "},\"corrected\":", corrected ? "true" : "false",
                  ",\"authors\":[", absl::StrJoin(quoted, ","), "]}");
  return json;
}

void ListDocuments(Shared& shared, const httplib::Request& req,
                   httplib::Response& res) {
  store::Store& store = *shared.options.store;
  Filters f;
  f.text = absl::AsciiStrToLower(req.get_param_value("q"));
  f.entity = absl::AsciiStrToLower(req.get_param_value("entity"));
  f.layer = req.get_param_value("layer");
  f.author = req.get_param_value("author");
  f.corrected = req.get_param_value("corrected") == "1" ||
                req.get_param_value("corrected") == "true";
  f.machine = req.get_param_value("machine") == "1" ||
              req.get_param_value("machine") == "true";
  if (!f.layer.empty() && f.layer != "numbers" && f.layer != "entities" &&
      f.layer != "attributions") {
    return ReplyError(res, absl::InvalidArgumentError(absl::StrCat(
                               "layer: \"", f.layer,
                               "\" is not numbers, entities or attributions")));
  }
  auto limit = UintParam(req, "limit");
  if (!limit.ok()) return ReplyError(res, limit.status());
  const uint64_t max = *limit == 0 ? 200 : std::min<uint64_t>(*limit, 1000);
  std::vector<std::string> out;
  uint64_t matched = 0, scanned = 0;
  v1::ListDocumentsRequest lreq;
  lreq.set_page_size(1000);
  for (;;) {
    auto page = store.ListDocuments(lreq);
    if (!page.ok()) return ReplyError(res, page.status());
    for (const auto& s : page->documents()) {
      ++scanned;
      bool matches = false;
      auto json = SummaryJson(store, s, f, &matches);
      if (!json.ok()) return ReplyError(res, json.status());
      if (!matches) continue;
      ++matched;
      if (out.size() < max) out.push_back(*std::move(json));
    }
    if (page->next_page_token().empty()) break;
    lreq.set_page_token(page->next_page_token());
  }
  ReplyJson(res, absl::StrCat("{\"documents\":[", absl::StrJoin(out, ","),
                              "],\"matched\":", matched,
                              ",\"scanned\":", scanned, "}"));
}

// The edits of `req` in UTF-8 bytes (as the store keeps them).
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Edit>> EditsInBytes(
    absl::string_view text, const v1::CommitRequest& req) {
  google::protobuf::RepeatedPtrField<v1::Edit> edits = req.edits().edits();
  v1::OffsetEncoding enc = req.offset_encoding();
  if (enc != v1::OFFSET_ENCODING_UNSPECIFIED &&
      enc != v1::OFFSET_ENCODING_UTF8) {
    DOCPIPE_RETURN_IF_ERROR(store::ConvertEditSpans(text, enc, &edits));
  }
  return edits;
}

// The spans of `edits` (UTF-8 bytes) in UTF-16 code units.
absl::Status EditsToUtf16(absl::string_view text,
                          google::protobuf::RepeatedPtrField<v1::Edit>* edits) {
  for (auto& e : *edits) {
    google::protobuf::RepeatedPtrField<v1::Annotation> one;
    if (e.has_add()) {
      one.Add()->Swap(e.mutable_add());
      DOCPIPE_RETURN_IF_ERROR(store::ConvertSpans(text, kUtf16, false, &one));
      e.mutable_add()->Swap(one.Mutable(0));
    } else if (e.has_change()) {
      one.Add()->Swap(e.mutable_change()->mutable_annotation());
      DOCPIPE_RETURN_IF_ERROR(store::ConvertSpans(text, kUtf16, false, &one));
      e.mutable_change()->mutable_annotation()->Swap(one.Mutable(0));
    }
  }
  return absl::OkStatus();
}

// The 409 body of a stale commit: what others committed since
// expected_version (a diff, UTF-16) and our edits carried onto the head
// as `docpipe correct` rebases them (store/carry.h), conflicts named.
absl::StatusOr<std::string> ConflictJson(store::Store& store,
                                         const v1::CommitRequest& req,
                                         const absl::Status& aborted) {
  v1::GetDocumentRequest dreq;
  dreq.set_doc_id(req.doc_id());
  DOCPIPE_ASSIGN_OR_RETURN(auto doc, store.GetDocument(dreq));
  DOCPIPE_ASSIGN_OR_RETURN(
      auto head, Head(store, req.doc_id(), 0, v1::OFFSET_ENCODING_UTF8));
  v1::DiffRequest diff_req;
  diff_req.set_doc_id(req.doc_id());
  diff_req.set_from_version(req.expected_version());
  diff_req.set_to_version(head.version());
  diff_req.set_offset_encoding(kUtf16);
  DOCPIPE_ASSIGN_OR_RETURN(auto theirs, store.Diff(diff_req));
  std::string rebase = "null";
  if (req.has_edits() && req.expected_version() != 0) {
    DOCPIPE_ASSIGN_OR_RETURN(auto base,
                             Head(store, req.doc_id(), req.expected_version(),
                                  v1::OFFSET_ENCODING_UTF8));
    v1::AnnotationSet ours;
    ours.set_version(base.version() + 1);
    DOCPIPE_ASSIGN_OR_RETURN(*ours.mutable_edits(),
                             EditsInBytes(doc.text(), req));
    DOCPIPE_ASSIGN_OR_RETURN(
        auto carried, store::CarryCorrections(doc.text(), head.annotations(),
                                              {{base, ours}}));
    v1::EditList edits;
    *edits.mutable_edits() = carried.edits;
    DOCPIPE_RETURN_IF_ERROR(EditsToUtf16(doc.text(), edits.mutable_edits()));
    std::vector<std::string> conflicts;
    for (const auto& c : carried.conflicts) conflicts.push_back(JsonQuote(c));
    rebase = absl::StrCat(
        "{\"baseVersion\":\"", head.version(), "\",\"edits\":", ToJson(edits),
        ",\"conflicts\":[", absl::StrJoin(conflicts, ","),
        "],\"alreadyPresent\":", carried.already_present, "}");
  }
  return absl::StrCat(
      "{\"error\":{\"code\":\"ABORTED\",\"message\":", JsonQuote(aborted.message()),
      "},\"headVersion\":\"", head.version(), "\",\"theirs\":", ToJson(theirs),
      ",\"rebase\":", rebase, "}");
}

void Commit(Shared& shared, const std::string& who, const std::string& doc_id,
            const httplib::Request& req, httplib::Response& res) {
  store::Store& store = *shared.options.store;
  v1::CommitRequest creq;
  google::protobuf::util::JsonParseOptions parse;
  if (auto st =
          google::protobuf::util::JsonStringToMessage(req.body, &creq, parse);
      !st.ok()) {
    return ReplyError(res, absl::InvalidArgumentError(absl::StrCat(
                               "body: not a CommitRequest: ", st.ToString())));
  }
  if (!creq.doc_id().empty() && creq.doc_id() != doc_id) {
    return ReplyError(res, absl::InvalidArgumentError(
                               "doc_id: differs from the document in the URL"));
  }
  creq.set_doc_id(doc_id);
  if (creq.offset_encoding() == v1::OFFSET_ENCODING_UNSPECIFIED) {
    creq.set_offset_encoding(kUtf16);
  }
  // The person is who signed in, whatever the page says.
  for (auto& e : *creq.mutable_edits()->mutable_edits()) {
    if (e.has_add()) e.mutable_add()->mutable_provenance()->set_person(who);
  }
  auto done = store.Commit(creq, who);
  if (absl::IsAborted(done.status())) {
    auto body = ConflictJson(store, creq, done.status());
    if (!body.ok()) return ReplyError(res, done.status());
    res.status = 409;
    res.set_content(*body, "application/json");
    return;
  }
  if (!done.ok()) return ReplyError(res, done.status());
  ReplyJson(res, ToJson(*done));
}

// Every entity id in the head versions, with name, type and counts; cached
// per store revision.
struct EntityIndex {
  absl::Mutex mu;
  uint64_t revision ABSL_GUARDED_BY(mu) = ~uint64_t{0};
  struct Entry {
    std::string name;
    int type = 0;
    int mentions = 0;
    int documents = 0;
  };
  std::map<std::string, Entry> entries ABSL_GUARDED_BY(mu);
};

absl::Status Rebuild(store::Store& store, EntityIndex& index)
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(index.mu) {
  const uint64_t revision = store.current_revision();
  if (revision == index.revision) return absl::OkStatus();
  std::map<std::string, EntityIndex::Entry> entries;
  v1::ListDocumentsRequest lreq;
  lreq.set_page_size(1000);
  for (;;) {
    DOCPIPE_ASSIGN_OR_RETURN(auto page, store.ListDocuments(lreq));
    for (const auto& s : page.documents()) {
      if (s.head_version() == 0) continue;
      DOCPIPE_ASSIGN_OR_RETURN(
          auto head, Head(store, s.doc_id(), 0, v1::OFFSET_ENCODING_UTF8));
      absl::flat_hash_set<std::string> seen;
      for (const auto& a : head.annotations()) {
        if (!a.has_entity() || a.entity().entity_id().empty()) continue;
        auto& e = entries[a.entity().entity_id()];
        if (e.name.empty()) e.name = a.entity().canonical_name();
        e.type = a.entity().type();
        ++e.mentions;
        if (seen.insert(a.entity().entity_id()).second) ++e.documents;
      }
    }
    if (page.next_page_token().empty()) break;
    lreq.set_page_token(page.next_page_token());
  }
  index.entries = std::move(entries);
  index.revision = revision;
  return absl::OkStatus();
}

void ListEntities(Shared& shared, EntityIndex& index,
                  const httplib::Request& req, httplib::Response& res) {
  const std::string q = absl::AsciiStrToLower(req.get_param_value("q"));
  auto limit = UintParam(req, "limit");
  if (!limit.ok()) return ReplyError(res, limit.status());
  const uint64_t max = *limit == 0 ? 50 : std::min<uint64_t>(*limit, 1000);
  struct Hit {
    const std::string* id;
    const EntityIndex::Entry* e;
  };
  absl::MutexLock lock(&index.mu);
  if (auto st = Rebuild(*shared.options.store, index); !st.ok()) {
    return ReplyError(res, st);
  }
  std::vector<Hit> hits;
  for (const auto& [id, e] : index.entries) {
    if (q.empty() || ContainsFolded(id, q) || ContainsFolded(e.name, q)) {
      hits.push_back({&id, &e});
    }
  }
  // Exact and prefix matches first, then the most mentioned.
  auto rank = [&q](const Hit& h) {
    std::string name = absl::AsciiStrToLower(h.e->name);
    if (*h.id == q || name == q) return 0;
    if (absl::StartsWith(*h.id, q) || absl::StartsWith(name, q)) return 1;
    return 2;
  };
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    int ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb;
    return a.e->mentions > b.e->mentions;
  });
  std::vector<std::string> out;
  for (const auto& h : hits) {
    if (out.size() >= max) break;
    out.push_back(absl::StrCat(
        "{\"entityId\":", JsonQuote(*h.id), ",\"canonicalName\":", JsonQuote(h.e->name),
        ",\"type\":",
        JsonQuote(v1::EntityType_Name(static_cast<v1::EntityType>(h.e->type))),
        ",\"mentions\":", h.e->mentions, ",\"documents\":", h.e->documents,
        "}"));
  }
  ReplyJson(res, absl::StrCat("{\"entities\":[", absl::StrJoin(out, ","),
                              "],\"matched\":", hits.size(), "}"));
}

// Start of the character containing byte `i`.
size_t Boundary(absl::string_view text, size_t i) {
  while (i > 0 && i < text.size() && !IsCharBoundary(text, i)) --i;
  return std::min(i, text.size());
}

void Mentions(Shared& shared, const std::string& entity_id,
              httplib::Response& res) {
  store::Store& store = *shared.options.store;
  v1::FindMentionsRequest freq;
  freq.set_entity_id(entity_id);
  auto found = store.FindMentions(freq);
  if (!found.ok()) return ReplyError(res, found.status());
  std::vector<std::string> out;
  std::string cached_id;
  v1::Document doc;
  std::unique_ptr<OffsetConverter> conv;
  for (const auto& m : found->mentions()) {
    if (m.doc_id() != cached_id) {
      v1::GetDocumentRequest dreq;
      dreq.set_doc_id(m.doc_id());
      auto d = store.GetDocument(dreq);
      if (!d.ok()) return ReplyError(res, d.status());
      doc = *std::move(d);
      cached_id = m.doc_id();
      conv = std::make_unique<OffsetConverter>(doc.text());
    }
    const absl::string_view text = doc.text();
    const size_t b = m.span().begin(), e = m.span().end();
    const size_t from = Boundary(text, b > 60 ? b - 60 : 0);
    const size_t to = Boundary(text, std::min(text.size(), e + 60));
    out.push_back(absl::StrCat(
        "{\"docId\":", JsonQuote(m.doc_id()), ",\"title\":", JsonQuote(doc.title()),
        ",\"externalId\":", JsonQuote(doc.external_id()), ",\"version\":\"",
        m.version(), "\",\"annotationId\":", JsonQuote(m.annotation_id()),
        ",\"span\":{\"begin\":", conv->FromByte(b, OffsetUnit::kUtf16),
        ",\"end\":", conv->FromByte(e, OffsetUnit::kUtf16),
        "},\"before\":", JsonQuote(text.substr(from, b - from)),
        ",\"mention\":", JsonQuote(text.substr(b, e - b)),
        ",\"after\":", JsonQuote(text.substr(e, to - e)), "}"));
  }
  ReplyJson(res,
            absl::StrCat("{\"mentions\":[", absl::StrJoin(out, ","), "]}"));
}

template <typename Fn>
httplib::Server::Handler Route(Shared& shared, Permission p, Fn fn) {
  return [&shared, p, fn](const httplib::Request& req, httplib::Response& res) {
    auto who = Authorize(shared, req, p);
    if (!who.ok()) return ReplyError(res, who.status());
    fn(*who, req, res);
  };
}

}  // namespace

void AddApiRoutes(httplib::Server& server, Shared& shared) {
  store::Store& store = *shared.options.store;
  auto index = std::make_shared<EntityIndex>();  // per workbench
  server.Get("/api/v1/documents",
             Route(shared, Permission::kRead,
                   [&shared](const std::string&, const httplib::Request& req,
                             httplib::Response& res) {
                     ListDocuments(shared, req, res);
                   }));
  server.Get(R"(/api/v1/documents/([^/]+))",
             Route(shared, Permission::kRead,
                   [&store](const std::string&, const httplib::Request& req,
                            httplib::Response& res) {
                     v1::GetDocumentRequest dreq;
                     dreq.set_doc_id(req.matches[1]);
                     auto doc = store.GetDocument(dreq);
                     if (!doc.ok()) return ReplyError(res, doc.status());
                     ReplyJson(res, ToJson(*doc));
                   }));
  server.Get(R"(/api/v1/documents/([^/]+)/annotations)",
             Route(shared, Permission::kRead,
                   [&store](const std::string&, const httplib::Request& req,
                            httplib::Response& res) {
                     auto version = UintParam(req, "version");
                     if (!version.ok())
                       return ReplyError(res, version.status());
                     auto set = Head(store, req.matches[1], *version, kUtf16);
                     if (!set.ok()) return ReplyError(res, set.status());
                     ReplyJson(res, ToJson(*set));
                   }));
  server.Get(R"(/api/v1/documents/([^/]+)/versions)",
             Route(shared, Permission::kRead,
                   [&store](const std::string&, const httplib::Request& req,
                            httplib::Response& res) {
                     v1::ListVersionsRequest lreq;
                     lreq.set_doc_id(req.matches[1]);
                     auto v = store.ListVersions(lreq);
                     if (!v.ok()) return ReplyError(res, v.status());
                     ReplyJson(res, ToJson(*v));
                   }));
  server.Get(R"(/api/v1/documents/([^/]+)/diff)",
             Route(shared, Permission::kRead,
                   [&store](const std::string&, const httplib::Request& req,
                            httplib::Response& res) {
                     auto from = UintParam(req, "from");
                     if (!from.ok()) return ReplyError(res, from.status());
                     auto to = UintParam(req, "to");
                     if (!to.ok()) return ReplyError(res, to.status());
                     v1::DiffRequest dreq;
                     dreq.set_doc_id(req.matches[1]);
                     dreq.set_from_version(*from);
                     dreq.set_to_version(*to);
                     dreq.set_offset_encoding(kUtf16);
                     auto d = store.Diff(dreq);
                     if (!d.ok()) return ReplyError(res, d.status());
                     ReplyJson(res, ToJson(*d));
                   }));
  server.Post(
      R"(/api/v1/documents/([^/]+)/commit)",
      Route(shared, Permission::kCorrect,
            [&shared](const std::string& who, const httplib::Request& req,
                      httplib::Response& res) {
              Commit(shared, who, req.matches[1], req, res);
            }));
  server.Get(
      "/api/v1/entities",
      Route(shared, Permission::kRead,
            [&shared, index](const std::string&, const httplib::Request& req,
                             httplib::Response& res) {
              ListEntities(shared, *index, req, res);
            }));
  server.Get(R"(/api/v1/entities/(.+)/mentions)",
             Route(shared, Permission::kRead,
                   [&shared](const std::string&, const httplib::Request& req,
                             httplib::Response& res) {
                     Mentions(shared, req.matches[1], res);
                   }));
  server.Get("/api/v1/stats",
             Route(shared, Permission::kRead,
                   [&store](const std::string&, const httplib::Request&,
                            httplib::Response& res) {
                     auto s = store.GetStats();
                     if (!s.ok()) return ReplyError(res, s.status());
                     ReplyJson(res, ToJson(*s));
                   }));
}

}  // namespace docpipe::workbench
