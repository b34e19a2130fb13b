// Scoring against gold exactly as the annotation guidelines (sec. 5) say.
#ifndef DOCPIPE_ANNOTATE_EVAL_H_
#define DOCPIPE_ANNOTATE_EVAL_H_

#include <map>
#include <string>
#include <vector>

#include "annotate/engine.h"
#include "annotate/gold.h"

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
  std::map<std::string, SpanScores> entities;  // type -> scores, plus "ALL"
  Prf entity_pairs;                            // clustering, pairwise
  Prf attributions;                            // cue overlap detection
  int attribution_source_correct = 0;
  double attribution_content_f1_sum = 0;  // over matched attributions
  bool has_numbers = false, has_entities = false, has_attributions = false;
};

// `gold` and `predicted` pair up by doc name; docs missing from `predicted`
// count as empty. Pure.
EvalReport Evaluate(const std::vector<GoldDoc>& gold,
                    const std::vector<GoldDoc>& predicted,
                    const LayerSet& layers);

std::string FormatReport(const EvalReport& report);
std::string ReportJson(const EvalReport& report);

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_EVAL_H_
