// Scoring against gold exactly as the annotation guidelines (sec. 5) say.
#ifndef DOCPIPE_ANNOTATE_EVAL_EVAL_H_
#define DOCPIPE_ANNOTATE_EVAL_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "annotate/engine.h"
#include "annotate/eval/gold.h"

namespace docpipe::annotate {

struct Prf {
  int gold = 0, predicted = 0, matched_gold = 0, matched_predicted = 0;
  double precision() const;
  double recall() const;
  double f1() const;
};

// Spans of one kind/type (or "ALL"), exact and overlap.
struct SpanScores {
  Prf exact, overlap;
};

struct EvalReport {
  std::map<std::string, SpanScores> numbers;  // kind -> scores, plus "ALL"
  int numbers_exact_matches = 0;
  int numbers_values_correct = 0;  // value/low/high, unit, approx, per equal
  // Each field alone, over the same exact matches: value (value, low and
  // high), unit, approx, per.
  int numbers_value_only_correct = 0, numbers_unit_correct = 0,
      numbers_approx_correct = 0, numbers_per_correct = 0;
  std::map<std::string, SpanScores> entities;  // type -> scores, plus "ALL"
  Prf entity_pairs;                            // clustering, pairwise
  Prf attributions;                            // cue overlap detection
  // With EvalOptions::univocal_gold: the same, less the predicted cues that
  // match no gold cue and lie inside a gold attribution's source or content
  // (`unscored`): a univocal scheme cannot mark them, right or wrong.
  Prf attributions_univocal;
  int attributions_unscored = 0;
  bool univocal = false;
  int attribution_source_correct = 0;
  double attribution_content_f1_sum = 0;  // over matched attributions
  bool has_numbers = false, has_entities = false, has_attributions = false;
};

struct EvalOptions {
  // The gold marks each token in at most one attribution (PolNeAR does), so
  // an attribution nested in another's content is never gold; also score
  // attributions without the predictions it could not have marked.
  bool univocal_gold = false;
};

// `gold` and `predicted` pair up by doc name; docs missing from `predicted`
// count as empty. Pure.
EvalReport Evaluate(const std::vector<GoldDoc>& gold,
                    const std::vector<GoldDoc>& predicted,
                    const LayerSet& layers, const EvalOptions& options = {});

std::string FormatReport(const EvalReport& report);
std::string ReportJson(const EvalReport& report);

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_EVAL_EVAL_H_
