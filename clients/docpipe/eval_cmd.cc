// docpipe eval: annotate the documents a gold file names and score them
// exactly as the guidelines (sec. 5) say, a table per layer and kind.
#include <array>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "annotate/engine.h"
#include "annotate/eval/claims_eval.h"
#include "annotate/eval/conll.h"
#include "annotate/eval/eval.h"
#include "annotate/eval/gold.h"
#include "annotate/eval/polnear.h"
#include "claims/claims.h"
#include "clients/docpipe/cli.h"
#include "clients/docpipe/files.h"
#include "clients/docpipe/flags.h"

ABSL_FLAG(std::string, gold, "", "eval: gold JSONL file");
ABSL_FLAG(std::string, docs, "",
          "eval: directory holding the gold's documents");
ABSL_FLAG(std::string, conll, "",
          "eval: score the entities layer on a CoNLL-2003 file instead");
ABSL_FLAG(std::string, polnear, "",
          "eval: score on a PolNeAR split folder (e.g. "
          "../shared/data/polnear/dev), converted to our guidelines, instead "
          "of --gold/--docs");
ABSL_FLAG(std::string, claims_gold, "",
          "eval: score claims (--layers claims) against this claims gold "
          "JSONL (tests/data/dev/claims/README.md), documents from --docs");

namespace docpipe::cli {
namespace {

// The entities layer on CoNLL-2003 text, scored as the issue asks: exact
// spans, PER/ORG/LOC, our GPE and LOC both counted as LOC, NORP and MISC
// left out.
int RunEvalConll(const std::string& path) {
  auto docs = annotate::entities::ReadConll(path);
  if (!docs.ok()) return Fail("eval", docs.status());
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("eval", engine.status());
  annotate::LayerSet entities;
  entities.Add(annotate::Layer::kEntities);
  std::map<std::string, std::array<int, 3>> counts;  // gold, pred, correct
  for (const auto& doc : *docs) {
    const auto text = annotate::entities::ToText(doc);
    auto anns = (*engine)->Annotate(text.text, entities);
    if (!anns.ok()) return Fail("eval", anns.status());
    std::set<std::tuple<size_t, size_t, std::string>> gold, pred;
    for (const auto& s : text.spans) {
      if (s.type != "MISC") gold.emplace(s.begin, s.end, s.type);
    }
    for (const auto& a : *anns) {
      std::string type;
      switch (a.entity().type()) {
        case v1::ENTITY_TYPE_PERSON:
          type = "PER";
          break;
        case v1::ENTITY_TYPE_ORG:
          type = "ORG";
          break;
        case v1::ENTITY_TYPE_GPE:
        case v1::ENTITY_TYPE_LOC:
          type = "LOC";
          break;
        default:
          continue;
      }
      pred.emplace(a.span().begin(), a.span().end(), type);
    }
    for (const auto& g : gold) {
      ++counts[std::get<2>(g)][0];
      ++counts["ALL"][0];
    }
    for (const auto& p : pred) {
      ++counts[std::get<2>(p)][1];
      ++counts["ALL"][1];
      if (gold.count(p)) {
        ++counts[std::get<2>(p)][2];
        ++counts["ALL"][2];
      }
    }
  }
  std::cout << "docpipe eval --conll " << path << ": " << docs->size()
            << " documents, engine " << (*engine)->version()
            << "\n\n  type   gold   pred   exact P / R / F1\n";
  for (const auto& [type, c] : counts) {
    const double p = c[1] ? 1.0 * c[2] / c[1] : 0,
                 r = c[0] ? 1.0 * c[2] / c[0] : 0;
    std::cout << absl::StrFormat("  %-5s %5d  %5d   %.3f / %.3f / %.3f\n", type,
                                 c[0], c[1], p, r,
                                 p + r > 0 ? 2 * p * r / (p + r) : 0);
  }
  return 0;
}

// The store's cross-document grouping, in memory, for documents annotated
// offline: every mention with one link_key joins one cluster (the store
// names it from the key, store/entity_links.h; clustering F1 reads only
// the grouping, so the first id seen under the key serves as its name).
void LinkAcrossDocuments(std::map<std::string, std::string>* first_id,
                         std::vector<v1::Annotation>* annotations) {
  std::map<std::string, std::string> moved;
  for (const auto& a : *annotations) {
    if (!a.has_entity() || a.entity().link_key().empty()) continue;
    auto [it, inserted] =
        first_id->emplace(a.entity().link_key(), a.entity().entity_id());
    if (it->second != a.entity().entity_id()) {
      moved.emplace(a.entity().entity_id(), it->second);
    }
  }
  for (auto& a : *annotations) {
    if (a.has_attribution()) {
      auto* at = a.mutable_attribution();
      if (auto it = moved.find(at->source_entity_id()); it != moved.end()) {
        at->set_source_entity_id(it->second);
      }
    }
    if (!a.has_entity()) continue;
    if (auto it = moved.find(a.entity().entity_id()); it != moved.end()) {
      a.mutable_entity()->set_entity_id(it->second);
    }
  }
}

// A PolNeAR split as gold in our format, the texts included.
absl::StatusOr<std::vector<annotate::GoldDoc>> PolnearGold(
    const std::string& dir) {
  auto docs = annotate::attributions::ReadPolnear(dir);
  if (!docs.ok()) return docs.status();
  std::vector<annotate::GoldDoc> gold;
  for (const auto& d : *docs) {
    gold.push_back(annotate::attributions::ToGuidelines(d));
  }
  return gold;
}

// Claims (claims/claims.h) against claims gold: the engine annotates every
// document, entities are linked across documents as the store links them,
// DeriveClaims and GroupClaims run as `docpipe claims` runs them.
int RunEvalClaims(const std::string& gold_path, const std::string& docs) {
  auto gold = annotate::ReadClaimsGold(gold_path);
  if (!gold.ok()) return Fail("eval", gold.status());
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("eval", engine.status());
  std::vector<annotate::PredictedClaimsDoc> predicted;
  std::vector<v1::Claim> all;
  std::map<std::string, std::string> first_id;  // link_key -> entity id
  for (const annotate::ClaimsGoldDoc& g : *gold) {
    auto text = ReadFile((std::filesystem::path(docs) / g.doc).string());
    if (!text.ok()) return Fail("eval", text.status());
    auto annotations = (*engine)->Annotate(*text, annotate::LayerSet::All());
    if (!annotations.ok()) return Fail("eval", annotations.status());
    LinkAcrossDocuments(&first_id, &*annotations);
    annotate::PredictedClaimsDoc p;
    p.doc = g.doc;
    for (const auto& a : *annotations) {
      if (a.has_entity() && !a.entity().canonical_name().empty()) {
        p.entity_names.emplace(a.entity().entity_id(),
                               a.entity().canonical_name());
      }
    }
    v1::Document doc;
    doc.set_doc_id(g.doc);
    doc.set_external_id(g.doc);
    doc.set_text(*text);
    google::protobuf::RepeatedPtrField<v1::Annotation> set(annotations->begin(),
                                                           annotations->end());
    p.claims = claims::DeriveClaims(doc, set);
    all.insert(all.end(), p.claims.begin(), p.claims.end());
    predicted.push_back(std::move(p));
  }
  std::map<std::pair<std::string, uint32_t>, int> group_of;
  const std::vector<v1::ClaimGroup> groups = claims::GroupClaims(all);
  for (size_t i = 0; i < groups.size(); ++i) {
    for (const v1::Claim& c : groups[i].claims()) {
      group_of[{c.doc_id(), c.span().begin()}] = static_cast<int>(i);
    }
  }
  const annotate::ClaimsReport report =
      annotate::ScoreClaims(*gold, predicted, group_of);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << annotate::ClaimsReportJson(report) << "\n";
  } else {
    std::cout << "docpipe eval: " << predicted.size() << " documents, engine "
              << (*engine)->version() << "\n\n"
              << annotate::FormatClaimsReport(report);
  }
  return 0;
}

}  // namespace

int RunConvert(const std::vector<std::string>& args) {
  if (args[0] != "polnear") {
    return UsageError("convert",
                      absl::StrCat("unknown format '", args[0], "' (polnear)"));
  }
  auto gold = PolnearGold(args[1]);
  if (!gold.ok()) return Fail("convert", gold.status());
  for (const auto& g : *gold) {
    std::cout << annotate::ToGoldJson(g.doc, g.text, g.annotations) << "\n";
  }
  return 0;
}

int RunEval(const std::vector<std::string>&) {
  if (!absl::GetFlag(FLAGS_conll).empty()) {
    return RunEvalConll(absl::GetFlag(FLAGS_conll));
  }
  if (absl::GetFlag(FLAGS_layers) == "claims" ||
      !absl::GetFlag(FLAGS_claims_gold).empty()) {
    if (absl::GetFlag(FLAGS_claims_gold).empty() ||
        absl::GetFlag(FLAGS_docs).empty()) {
      return UsageError("eval",
                        "--layers claims needs --claims_gold and --docs");
    }
    return RunEvalClaims(absl::GetFlag(FLAGS_claims_gold),
                         absl::GetFlag(FLAGS_docs));
  }
  const std::string polnear = absl::GetFlag(FLAGS_polnear);
  const std::string gold_path = absl::GetFlag(FLAGS_gold);
  const std::string docs = absl::GetFlag(FLAGS_docs);
  if (polnear.empty() && (gold_path.empty() || docs.empty())) {
    return UsageError("eval", "give --gold and --docs, --polnear or --conll");
  }
  auto layers = annotate::LayerSet::Parse(absl::GetFlag(FLAGS_layers));
  if (!layers.ok()) return Fail("eval", layers.status());
  auto gold = polnear.empty() ? annotate::ReadGoldFile(gold_path)
                              : PolnearGold(polnear);
  if (!gold.ok()) return Fail("eval", gold.status());
  auto engine = annotate::Engine::Create();
  if (!engine.ok()) return Fail("eval", engine.status());

  std::vector<annotate::GoldDoc> predicted;
  std::map<std::string, std::string> first_id;  // link_key -> entity id
  for (const annotate::GoldDoc& g : *gold) {
    auto text = !g.text.empty()
                    ? absl::StatusOr<std::string>(g.text)
                    : ReadFile((std::filesystem::path(docs) / g.doc).string());
    if (!text.ok()) return Fail("eval", text.status());
    auto annotations = (*engine)->Annotate(*text, *layers);
    if (!annotations.ok()) return Fail("eval", annotations.status());
    // Cross-document grouping by link_key, as the store links on
    // PutDocument (store/entity_links.h).
    LinkAcrossDocuments(&first_id, &*annotations);
    annotate::GoldDoc p;
    p.doc = g.doc;
    p.text = *std::move(text);
    p.annotations = *std::move(annotations);
    predicted.push_back(std::move(p));
  }
  // PolNeAR is univocal (a token in at most one attribution): also score
  // without the nested attributions it cannot mark.
  annotate::EvalOptions options;
  options.univocal_gold = !polnear.empty();
  annotate::EvalReport report =
      annotate::Evaluate(*gold, predicted, *layers, options);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << annotate::ReportJson(report) << "\n";
  } else {
    std::cout << "docpipe eval: " << predicted.size() << " documents, engine "
              << (*engine)->version() << "\n\n"
              << annotate::FormatReport(report);
  }
  return 0;
}

}  // namespace docpipe::cli
