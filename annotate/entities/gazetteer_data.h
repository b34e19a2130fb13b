// The embedded gazetteer text (generated at build time, see
// data/gen_gazetteer.py): TYPE \t id \t name|name... lines.
#ifndef DOCPIPE_ANNOTATE_ENTITIES_GAZETTEER_DATA_H_
#define DOCPIPE_ANNOTATE_ENTITIES_GAZETTEER_DATA_H_

namespace docpipe::annotate::entities {
extern const char kGazetteerData[];
}  // namespace docpipe::annotate::entities

#endif  // DOCPIPE_ANNOTATE_ENTITIES_GAZETTEER_DATA_H_
