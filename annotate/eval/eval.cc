#include "annotate/eval/eval.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace docpipe::annotate {
namespace {

bool Overlaps(const v1::Span& a, const v1::Span& b) {
  return a.begin() < b.end() && b.begin() < a.end();
}
bool Same(const v1::Span& a, const v1::Span& b) {
  return a.begin() == b.begin() && a.end() == b.end();
}

std::string Label(const v1::Annotation& a) {
  if (a.has_number()) return KindName(a.number().kind());
  if (a.has_entity()) return TypeName(a.entity().type());
  return "ATTRIBUTION";
}

// One-to-one greedy matching in document order; returns pairs (g, p).
template <typename Pred>
std::vector<std::pair<int, int>> Match(
    const std::vector<const v1::Annotation*>& g,
    const std::vector<const v1::Annotation*>& p, Pred ok) {
  std::vector<bool> used(p.size());
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < g.size(); ++i) {
    for (size_t j = 0; j < p.size(); ++j) {
      if (!used[j] && ok(*g[i], *p[j])) {
        used[j] = true;
        pairs.emplace_back(i, j);
        break;
      }
    }
  }
  return pairs;
}

void ScoreSpans(const std::vector<const v1::Annotation*>& g,
                const std::vector<const v1::Annotation*>& p,
                std::map<std::string, SpanScores>* out,
                std::vector<std::pair<int, int>>* exact_pairs) {
  std::set<std::string> labels = {"ALL"};
  for (auto* a : g) labels.insert(Label(*a));
  for (auto* a : p) labels.insert(Label(*a));
  for (const std::string& label : labels) {
    std::vector<const v1::Annotation*> gl, pl;
    for (auto* a : g)
      if (label == "ALL" || Label(*a) == label) gl.push_back(a);
    for (auto* a : p)
      if (label == "ALL" || Label(*a) == label) pl.push_back(a);
    SpanScores& s = (*out)[label];
    s.exact.gold += gl.size();
    s.exact.predicted += pl.size();
    s.overlap.gold += gl.size();
    s.overlap.predicted += pl.size();
    auto exact = Match(gl, pl, [](auto& x, auto& y) {
      return Same(x.span(), y.span()) && Label(x) == Label(y);
    });
    auto overlap = Match(gl, pl, [](auto& x, auto& y) {
      return Overlaps(x.span(), y.span()) && Label(x) == Label(y);
    });
    s.exact.matched_gold += exact.size();
    s.exact.matched_predicted += exact.size();
    s.overlap.matched_gold += overlap.size();
    s.overlap.matched_predicted += overlap.size();
    if (label == "ALL" && exact_pairs) {
      for (auto [i, j] : exact) {
        exact_pairs->emplace_back(
            std::find(g.begin(), g.end(), gl[i]) - g.begin(),
            std::find(p.begin(), p.end(), pl[j]) - p.begin());
      }
    }
  }
}

// The number alone: value, low and high.
bool NumbersEqual(const v1::NumberAnnotation& a,
                  const v1::NumberAnnotation& b) {
  auto eq = [](bool ha, double x, bool hb, double y) {
    if (ha != hb) return false;
    return !ha || std::fabs(x - y) <= 1e-9 * std::max(1.0, std::fabs(x));
  };
  return eq(a.has_value(), a.value(), b.has_value(), b.value()) &&
         eq(a.has_low(), a.low(), b.has_low(), b.low()) &&
         eq(a.has_high(), a.high(), b.has_high(), b.high());
}

bool ApproxEqual(const v1::NumberAnnotation& a, const v1::NumberAnnotation& b) {
  auto approx = [](v1::Approx x) {
    return x == v1::APPROX_UNSPECIFIED ? v1::APPROX_EXACT : x;
  };
  return approx(a.approx()) == approx(b.approx());
}

bool ValuesEqual(const v1::NumberAnnotation& a, const v1::NumberAnnotation& b) {
  return NumbersEqual(a, b) && a.unit() == b.unit() && ApproxEqual(a, b) &&
         a.per() == b.per();
}

// Word tokens (byte ranges of alphanumeric runs) inside a span.
std::set<std::pair<uint32_t, uint32_t>> Words(const std::string& text,
                                              const v1::Span& s) {
  std::set<std::pair<uint32_t, uint32_t>> out;
  uint32_t i = s.begin();
  while (i < s.end() && i < text.size()) {
    while (i < s.end() && !std::isalnum(static_cast<unsigned char>(text[i])) &&
           static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    }
    uint32_t b = i;
    while (i < s.end() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                           static_cast<unsigned char>(text[i]) >= 0x80)) {
      ++i;
    }
    if (i > b) out.emplace(b, i);
  }
  return out;
}

double TokenF1(const std::string& text, const v1::Span& g, const v1::Span& p) {
  auto a = Words(text, g), b = Words(text, p);
  if (a.empty() && b.empty()) return 1;
  int common = 0;
  for (auto& w : a) common += b.count(w);
  if (common == 0) return 0;
  double prec = double(common) / b.size(), rec = double(common) / a.size();
  return 2 * prec * rec / (prec + rec);
}

double Ratio(double a, double b) { return b == 0 ? 0 : a / b; }

bool Within(const v1::Span& inner, const v1::Span& outer) {
  return outer.begin() < outer.end() && outer.begin() <= inner.begin() &&
         inner.end() <= outer.end();
}

// Whether `cue` lies inside the source or content of one of `gold`.
bool InsideAttribution(const std::vector<const v1::Annotation*>& gold,
                       const v1::Span& cue) {
  for (const v1::Annotation* g : gold) {
    if (Within(cue, g->attribution().source()) ||
        Within(cue, g->attribution().content())) {
      return true;
    }
  }
  return false;
}

}  // namespace

double Prf::precision() const { return Ratio(matched_predicted, predicted); }
double Prf::recall() const { return Ratio(matched_gold, gold); }
double Prf::f1() const {
  double p = precision(), r = recall();
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

EvalReport Evaluate(const std::vector<GoldDoc>& gold,
                    const std::vector<GoldDoc>& predicted,
                    const LayerSet& layers, const EvalOptions& options) {
  EvalReport r;
  r.univocal = options.univocal_gold;
  r.has_numbers = layers.Has(Layer::kNumbers);
  r.has_entities = layers.Has(Layer::kEntities);
  r.has_attributions = layers.Has(Layer::kAttributions);
  absl::flat_hash_map<std::string, const GoldDoc*> by_name;
  for (const auto& p : predicted) by_name[p.doc] = &p;
  // For clustering: (doc, begin, end) -> entity id, gold and predicted, over
  // mentions found by both.
  std::vector<std::pair<std::string, std::string>> matched_ids;
  for (const GoldDoc& g : gold) {
    static const GoldDoc kEmpty;
    auto it = by_name.find(g.doc);
    const GoldDoc& p = it == by_name.end() ? kEmpty : *it->second;
    const std::string& text = p.text;
    auto pick = [](const GoldDoc& d, v1::Annotation::BodyCase body) {
      std::vector<const v1::Annotation*> out;
      for (const auto& a : d.annotations)
        if (a.body_case() == body) out.push_back(&a);
      return out;
    };
    if (r.has_numbers) {
      auto gn = pick(g, v1::Annotation::kNumber);
      auto pn = pick(p, v1::Annotation::kNumber);
      std::vector<std::pair<int, int>> pairs;
      ScoreSpans(gn, pn, &r.numbers, &pairs);
      r.numbers_exact_matches += pairs.size();
      for (auto [i, j] : pairs) {
        const auto &gnum = gn[i]->number(), &pnum = pn[j]->number();
        r.numbers_values_correct += ValuesEqual(gnum, pnum);
        r.numbers_value_only_correct += NumbersEqual(gnum, pnum);
        r.numbers_unit_correct += gnum.unit() == pnum.unit();
        r.numbers_approx_correct += ApproxEqual(gnum, pnum);
        r.numbers_per_correct += gnum.per() == pnum.per();
      }
    }
    if (r.has_entities) {
      auto ge = pick(g, v1::Annotation::kEntity);
      auto pe = pick(p, v1::Annotation::kEntity);
      std::vector<std::pair<int, int>> pairs;
      ScoreSpans(ge, pe, &r.entities, &pairs);
      for (auto [i, j] : pairs) {
        matched_ids.emplace_back(ge[i]->entity().entity_id(),
                                 pe[j]->entity().entity_id());
      }
    }
    if (r.has_attributions) {
      auto ga = pick(g, v1::Annotation::kAttribution);
      auto pa = pick(p, v1::Annotation::kAttribution);
      r.attributions.gold += ga.size();
      r.attributions.predicted += pa.size();
      auto pairs = Match(ga, pa, [](auto& x, auto& y) {
        return Overlaps(x.span(), y.span());
      });
      r.attributions.matched_gold += pairs.size();
      r.attributions.matched_predicted += pairs.size();
      if (options.univocal_gold) {
        std::vector<bool> matched(pa.size());
        for (auto [i, j] : pairs) matched[j] = true;
        int unscored = 0;
        for (size_t j = 0; j < pa.size(); ++j) {
          if (!matched[j] && InsideAttribution(ga, pa[j]->span())) ++unscored;
        }
        Prf& u = r.attributions_univocal;
        u.gold += ga.size();
        u.predicted += pa.size() - unscored;
        u.matched_gold += pairs.size();
        u.matched_predicted += pairs.size();
        r.attributions_unscored += unscored;
      }
      for (auto [i, j] : pairs) {
        const auto& gs = ga[i]->attribution();
        const auto& ps = pa[j]->attribution();
        bool g_empty = gs.source().end() <= gs.source().begin();
        bool p_empty = ps.source().end() <= ps.source().begin();
        r.attribution_source_correct +=
            (g_empty && p_empty) ||
            (!g_empty && !p_empty && Overlaps(gs.source(), ps.source()));
        r.attribution_content_f1_sum +=
            TokenF1(text, gs.content(), ps.content());
      }
    }
  }
  // Pairwise clustering over mentions both sides found.
  for (size_t i = 0; i < matched_ids.size(); ++i) {
    for (size_t j = i + 1; j < matched_ids.size(); ++j) {
      bool same_gold = !matched_ids[i].first.empty() &&
                       matched_ids[i].first == matched_ids[j].first;
      bool same_pred = !matched_ids[i].second.empty() &&
                       matched_ids[i].second == matched_ids[j].second;
      r.entity_pairs.gold += same_gold;
      r.entity_pairs.predicted += same_pred;
      r.entity_pairs.matched_gold += same_gold && same_pred;
      r.entity_pairs.matched_predicted += same_gold && same_pred;
    }
  }
  return r;
}

namespace {

void Table(std::string* out, const std::string& layer,
           const std::map<std::string, SpanScores>& rows) {
  absl::StrAppendFormat(out, "%s\n  %-12s %5s %5s  %-20s  %-20s\n", layer,
                        "kind", "gold", "pred", "exact P / R / F1",
                        "overlap P / R / F1");
  auto row = [&](const std::string& k, const SpanScores& s) {
    absl::StrAppendFormat(
        out, "  %-12s %5d %5d  %.3f / %.3f / %.3f   %.3f / %.3f / %.3f\n", k,
        s.exact.gold, s.exact.predicted, s.exact.precision(), s.exact.recall(),
        s.exact.f1(), s.overlap.precision(), s.overlap.recall(),
        s.overlap.f1());
  };
  for (const auto& [k, s] : rows)
    if (k != "ALL") row(k, s);
  if (auto it = rows.find("ALL"); it != rows.end()) row("ALL", it->second);
}

std::string PrfJson(const Prf& p) {
  return absl::StrFormat(
      "{\"gold\": %d, \"predicted\": %d, \"precision\": %.4f, \"recall\": "
      "%.4f, \"f1\": %.4f}",
      p.gold, p.predicted, p.precision(), p.recall(), p.f1());
}

std::string RowsJson(const std::map<std::string, SpanScores>& rows) {
  std::string out = "{";
  for (const auto& [k, s] : rows) {
    if (out.size() > 1) out += ", ";
    absl::StrAppend(&out, "\"", k, "\": {\"exact\": ", PrfJson(s.exact),
                    ", \"overlap\": ", PrfJson(s.overlap), "}");
  }
  return out + "}";
}

}  // namespace

std::string FormatReport(const EvalReport& r) {
  std::string out;
  if (r.has_numbers) {
    Table(&out, "numbers", r.numbers);
    absl::StrAppendFormat(
        &out, "  values: %d of %d exact matches fully right (%.3f)\n",
        r.numbers_values_correct, r.numbers_exact_matches,
        Ratio(r.numbers_values_correct, r.numbers_exact_matches));
    absl::StrAppendFormat(
        &out,
        "  fields of exact matches: value %.3f  unit %.3f  approx %.3f  "
        "per %.3f\n\n",
        Ratio(r.numbers_value_only_correct, r.numbers_exact_matches),
        Ratio(r.numbers_unit_correct, r.numbers_exact_matches),
        Ratio(r.numbers_approx_correct, r.numbers_exact_matches),
        Ratio(r.numbers_per_correct, r.numbers_exact_matches));
  }
  if (r.has_entities) {
    Table(&out, "entities", r.entities);
    absl::StrAppendFormat(&out,
                          "  clustering (pairwise over matched mentions): P "
                          "%.3f R %.3f F1 %.3f\n\n",
                          r.entity_pairs.precision(), r.entity_pairs.recall(),
                          r.entity_pairs.f1());
  }
  if (r.has_attributions) {
    const Prf& a = r.attributions;
    absl::StrAppendFormat(
        &out,
        "attributions\n  detection (cue overlap): gold %d pred %d  P %.3f R "
        "%.3f F1 %.3f\n"
        "  source correct: %.3f of matched; content token F1: %.3f\n",
        a.gold, a.predicted, a.precision(), a.recall(), a.f1(),
        Ratio(r.attribution_source_correct, a.matched_gold),
        Ratio(r.attribution_content_f1_sum, a.matched_gold));
    if (r.univocal) {
      const Prf& u = r.attributions_univocal;
      absl::StrAppendFormat(
          &out,
          "  detection, univocal gold (%d predicted cues inside a gold source "
          "or content not scored): pred %d  P %.3f R %.3f F1 %.3f\n",
          r.attributions_unscored, u.predicted, u.precision(), u.recall(),
          u.f1());
    }
  }
  return out;
}

std::string ReportJson(const EvalReport& r) {
  std::string out = "{";
  if (r.has_numbers) {
    absl::StrAppendFormat(
        &out,
        "\"numbers\": {\"spans\": %s, \"exact_matches\": %d, "
        "\"values_correct\": %d, \"value_accuracy\": %.4f, "
        "\"field_accuracy\": {\"value\": %.4f, \"unit\": %.4f, "
        "\"approx\": %.4f, \"per\": %.4f}}",
        RowsJson(r.numbers), r.numbers_exact_matches, r.numbers_values_correct,
        Ratio(r.numbers_values_correct, r.numbers_exact_matches),
        Ratio(r.numbers_value_only_correct, r.numbers_exact_matches),
        Ratio(r.numbers_unit_correct, r.numbers_exact_matches),
        Ratio(r.numbers_approx_correct, r.numbers_exact_matches),
        Ratio(r.numbers_per_correct, r.numbers_exact_matches));
  }
  if (r.has_entities) {
    if (out.size() > 1) out += ", ";
    absl::StrAppend(&out, "\"entities\": {\"spans\": ", RowsJson(r.entities),
                    ", \"clustering\": ", PrfJson(r.entity_pairs), "}");
  }
  if (r.has_attributions) {
    if (out.size() > 1) out += ", ";
    absl::StrAppendFormat(
        &out,
        "\"attributions\": {\"detection\": %s, \"source_accuracy\": %.4f, "
        "\"content_token_f1\": %.4f",
        PrfJson(r.attributions),
        Ratio(r.attribution_source_correct, r.attributions.matched_gold),
        Ratio(r.attribution_content_f1_sum, r.attributions.matched_gold));
    if (r.univocal) {
      absl::StrAppendFormat(
          &out, ", \"detection_univocal\": %s, \"unscored\": %d",
          PrfJson(r.attributions_univocal), r.attributions_unscored);
    }
    out += "}";
  }
  return out + "}";
}

}  // namespace docpipe::annotate
