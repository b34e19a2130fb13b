// The normalized quantity: a QUANTITY's dimension, and its value in the
// dimension's base unit, from the unit registry (data/units.tsv), so that
// figures written in different units compare ("15 miles" = 24140.16 m).
// MONEY needs no more: its unit is already an ISO 4217 code.
#include "annotate/numbers/scanner.h"

namespace docpipe::annotate::numbers {

void Normalize(const Lexicon& lx, v1::NumberAnnotation* n) {
  if (n->kind() != v1::NUMBER_KIND_QUANTITY || n->unit().empty()) return;
  auto it = lx.unit_info.find(n->unit());
  if (it == lx.unit_info.end()) return;
  const UnitInfo& u = it->second;
  n->set_dimension(u.dimension);
  n->set_base_unit(u.base);
  if (u.factor > 0 && n->has_value()) {
    n->set_base_value(n->value() * u.factor);
  }
}

}  // namespace docpipe::annotate::numbers
