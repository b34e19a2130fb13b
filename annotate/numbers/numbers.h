// The numbers layer (annotation guidelines sec. 1): cardinals, money,
// percents, quantities with units, ordinals and dates, with normalized
// values, qualifiers, ranges and rates.
#ifndef DOCPIPE_ANNOTATE_NUMBERS_NUMBERS_H_
#define DOCPIPE_ANNOTATE_NUMBERS_NUMBERS_H_

#include <memory>

#include "annotate/recognizer.h"

namespace docpipe::annotate {

std::unique_ptr<Recognizer> NewNumbersRecognizer();

}  // namespace docpipe::annotate

#endif  // DOCPIPE_ANNOTATE_NUMBERS_NUMBERS_H_
