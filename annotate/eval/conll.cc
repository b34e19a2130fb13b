#include "annotate/eval/conll.h"

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace docpipe::annotate::entities {
namespace {

// Type of a tag ("B-PER" -> "PER"), "" for O.
absl::string_view TypeOf(absl::string_view tag) {
  return tag.size() > 2 ? tag.substr(2) : absl::string_view();
}

// Spans [begin, end) of a tag sequence, by type.
std::vector<std::tuple<size_t, size_t, std::string>> Spans(
    const std::vector<uint8_t>& tags) {
  std::vector<std::tuple<size_t, size_t, std::string>> out;
  for (size_t i = 0; i < tags.size();) {
    if (tags[i] == kO) {
      ++i;
      continue;
    }
    const int begin_tag = (tags[i] - 1) / 2 * 2 + 1;
    size_t j = i + 1;
    while (j < tags.size() && tags[j] == begin_tag + 1) ++j;
    out.emplace_back(i, j, std::string(TypeOf(TagName(begin_tag))));
    i = j;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<ConllDoc>> ReadConll(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<ConllDoc> docs(1);
  ConllSentence sentence;
  auto flush = [&] {
    if (!sentence.words.empty()) docs.back().sentences.push_back(sentence);
    sentence = {};
  };
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) {
      flush();
      continue;
    }
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    if (f.size() < 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": want WORD ... TAG"));
    }
    if (f[0] == "-DOCSTART-") {
      flush();
      if (!docs.back().sentences.empty()) docs.emplace_back();
      continue;
    }
    std::string tag(f.back());
    // IOB1 -> IOB2: an I- that does not continue its type begins a span.
    if (absl::StartsWith(tag, "I-")) {
      const absl::string_view prev =
          sentence.tags.empty() ? "O" : absl::string_view(sentence.tags.back());
      if (TypeOf(prev) != TypeOf(tag)) tag[0] = 'B';
    }
    sentence.words.emplace_back(f[0]);
    sentence.tags.push_back(tag);
  }
  flush();
  if (docs.back().sentences.empty()) docs.pop_back();
  return docs;
}

TaggedCorpus BuildCorpus(const std::vector<ConllDoc>& docs,
                         const Gazetteer& gazetteer) {
  TaggedCorpus c;
  for (const ConllDoc& doc : docs) {
    c.docs.emplace_back(c.sentences.size(), c.sentences.size());
    for (const ConllSentence& s : doc.sentences) {
      std::string& text = c.texts.emplace_back();
      std::vector<size_t> starts;
      for (const std::string& w : s.words) {
        if (!text.empty()) text.push_back(' ');
        starts.push_back(text.size());
        text += w;
      }
      const TokenizedText& t = c.tokenized.emplace_back(Tokenize(text));
      Sentence sentence{&t, {}, {}};
      std::vector<uint8_t> gold;
      size_t word = 0;
      for (uint32_t k = 0; k < t.tokens.size(); ++k) {
        while (word + 1 < starts.size() && starts[word + 1] <= t.tokens[k].begin) {
          ++word;
        }
        const bool first_piece = t.tokens[k].begin == starts[word];
        int tag = TagFromName(s.tags[word]);
        if (tag < 0) tag = kO;
        if (tag != kO && !first_piece && (tag - 1) % 2 == 0) ++tag;  // B -> I
        sentence.tokens.push_back(k);
        gold.push_back(static_cast<uint8_t>(tag));
      }
      gazetteer.Label(t, sentence.tokens, &sentence.gazetteer);
      c.sentences.push_back(std::move(sentence));
      c.gold.push_back(std::move(gold));
    }
    c.docs.back().second = c.sentences.size();
  }
  return c;
}

std::map<std::string, SpanCounts> ScoreTagger(const Tagger& tagger,
                                              const TaggedCorpus& corpus) {
  std::map<std::string, SpanCounts> out;
  std::vector<uint8_t> predicted;
  DocHistory history;
  size_t doc = 0;
  for (size_t i = 0; i < corpus.sentences.size(); ++i) {
    while (doc < corpus.docs.size() && i >= corpus.docs[doc].second) {
      ++doc;
      history.clear();
    }
    tagger.Tag(corpus.sentences[i], &history, &predicted);
    auto gold = Spans(corpus.gold[i]);
    auto pred = Spans(predicted);
    for (const auto& g : gold) {
      ++out[std::get<2>(g)].gold;
      if (std::get<2>(g) != "MISC") ++out["ALL"].gold;
    }
    for (const auto& p : pred) {
      ++out[std::get<2>(p)].predicted;
      const bool counted = std::get<2>(p) != "MISC";
      if (counted) ++out["ALL"].predicted;
      if (std::find(gold.begin(), gold.end(), p) != gold.end()) {
        ++out[std::get<2>(p)].correct;
        if (counted) ++out["ALL"].correct;
      }
    }
  }
  return out;
}

ConllText ToText(const ConllDoc& doc) {
  ConllText out;
  for (const ConllSentence& s : doc.sentences) {
    if (!out.text.empty()) out.text += "\n\n";
    for (size_t i = 0; i < s.words.size(); ++i) {
      if (i > 0) out.text.push_back(' ');
      const size_t begin = out.text.size();
      out.text += s.words[i];
      if (absl::StartsWith(s.tags[i], "B-")) {
        out.spans.push_back({begin, out.text.size(), s.tags[i].substr(2)});
      } else if (absl::StartsWith(s.tags[i], "I-") && !out.spans.empty()) {
        out.spans.back().end = out.text.size();
      }
    }
  }
  return out;
}

}  // namespace docpipe::annotate::entities
