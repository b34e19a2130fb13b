#include "annotate/attributions/cues.h"

#include <algorithm>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace docpipe::annotate::attributions {
namespace {

using perceptron::Fnv;

constexpr absl::string_view kMagic = "DPCUE1\n";
constexpr int kMaxFeatures = 40;

bool NewlineBefore(const TokenizedText& t, size_t k) {
  return k > 0 && t.text.substr(t.tokens[k - 1].end,
                                t.tokens[k].begin - t.tokens[k - 1].end)
                          .find('\n') != absl::string_view::npos;
}

std::string Shape(absl::string_view w) {
  if (w.empty()) return "";
  const unsigned char c = w[0];
  if (absl::ascii_isupper(c)) return "X";
  if (absl::ascii_islower(c)) return "x";
  if (absl::ascii_isdigit(c)) return "d";
  if (c >= 0x80 && QuoteMark(w) == Mark::kNone) return "u";
  return std::string(w);
}

struct Features {
  uint64_t f[kMaxFeatures];
  int n = 0;
  void Push(uint64_t h) { f[n++] = h; }
};

struct Context {
  Context(const Discourse& d, uint32_t begin, uint32_t end)
      : d(d), begin(begin), end(end) {
    for (uint32_t j = begin; j < end; ++j) sentence_quoted |= d.quoted[j];
  }
  const Discourse& d;
  uint32_t begin, end;  // the sentence's tokens
  uint8_t sentence_quoted = 0;
  absl::string_view Lower(int64_t k) const {
    if (k < begin) return "<s>";
    if (k >= end) return "</s>";
    return d.text.Lower(d.text.tokens[k]);
  }
  absl::string_view Word(int64_t k) const {
    if (k < begin) return "<s>";
    if (k >= end) return "</s>";
    return d.text.Text(d.text.tokens[k]);
  }
  uint8_t Quoted(int64_t k) const {
    return k < begin || k >= end ? 2 : d.quoted[k];
  }
};

void StaticFeatures(const Context& c, int64_t k, Features* out) {
  const absl::string_view lw = c.Lower(k), stem = Stem(lw);
  // Each shape once: the templates below read them more than once.
  const std::string shape = Shape(c.Word(k)), shape_prev = Shape(c.Word(k - 1)),
                    shape_next = Shape(c.Word(k + 1));
  out->Push(Fnv(0).get());
  out->Push(Fnv(1).Add(lw).get());
  out->Push(Fnv(2).Add(stem).get());
  out->Push(Fnv(3).Add(c.Lower(k - 1)).get());
  out->Push(Fnv(4).Add(c.Lower(k + 1)).get());
  out->Push(Fnv(5).Add(c.Lower(k - 2)).get());
  out->Push(Fnv(6).Add(c.Lower(k + 2)).get());
  out->Push(Fnv(7).Add(shape).get());
  out->Push(Fnv(8).Add(shape_prev).Add(shape).Add(shape_next).get());
  out->Push(Fnv(9).Add(lw.substr(lw.size() > 3 ? lw.size() - 3 : 0)).get());
  out->Push(Fnv(10).Add(c.Lower(k - 1)).Add(lw).get());
  out->Push(Fnv(11).Add(lw).Add(c.Lower(k + 1)).get());
  out->Push(Fnv(12).Add(stem).Add(c.Lower(k + 1)).get());
  out->Push(Fnv(13).Add(c.Lower(k - 1)).Add(stem).get());
  const uint8_t q = c.Quoted(k);
  out->Push(Fnv(14).Add(q).get());
  out->Push(Fnv(15).Add(q).Add(stem).get());
  const int64_t from_end = c.end - k;
  const uint8_t pos = k == c.begin       ? 0
                      : k == c.begin + 1 ? 1
                      : from_end <= 2    ? 2
                      : from_end <= 4    ? 3
                                         : 4;
  out->Push(Fnv(16).Add(pos).get());
  out->Push(Fnv(17).Add(pos).Add(stem).get());
  const bool lex = IsReportingStem(stem);
  out->Push(Fnv(18).Add(static_cast<uint8_t>(lex)).get());
  out->Push(Fnv(19).Add(static_cast<uint8_t>(lex)).Add(q).Add(pos).get());
  // Quotation marks and colons close by: the frame of a direct quote.
  uint8_t quote_near = 0;
  for (int64_t j = k - 3; j <= k + 3; ++j) {
    if (j == k || j < c.begin || j >= c.end) continue;
    if (QuoteMark(c.Word(j)) != Mark::kNone) quote_near |= j < k ? 1 : 2;
  }
  out->Push(Fnv(20).Add(quote_near).get());
  out->Push(Fnv(21).Add(quote_near).Add(stem).get());
  bool that_follows = false;
  for (int64_t j = k + 1; j <= k + 3 && j < c.end; ++j) {
    that_follows |= c.Lower(j) == "that";
  }
  out->Push(Fnv(22).Add(static_cast<uint8_t>(that_follows)).Add(stem).get());
  out->Push(Fnv(23).Add(c.Lower(k + 1)).Add(c.Lower(k + 2)).get());
  out->Push(Fnv(24).Add(c.Lower(k - 2)).Add(c.Lower(k - 1)).get());
  out->Push(Fnv(25).Add(shape_prev).Add(stem).get());
  out->Push(Fnv(26).Add(stem).Add(shape_next).get());
  out->Push(Fnv(27).Add(c.sentence_quoted).Add(q).Add(stem).get());
}

int DynamicFeatures(const Context& c, int64_t k, int prev, uint64_t* out) {
  out[0] = Fnv(30).Add(static_cast<uint8_t>(prev)).get();
  out[1] = Fnv(31).Add(static_cast<uint8_t>(prev)).Add(c.Lower(k)).get();
  out[2] = Fnv(32).Add(static_cast<uint8_t>(prev)).Add(c.Lower(k - 1)).get();
  return 3;
}

// Whether the tagger looks at token k at all after an O: numbers,
// punctuation other than a colon, and capitalized words inside a sentence
// (names) do not start a cue; skipping them halves the work.
bool MayStartCue(const Context& c, int64_t k) {
  const Token& t = c.d.text.tokens[k];
  if (t.kind == TokenKind::kNumber) return false;
  if (t.kind == TokenKind::kPunct) return c.d.text.text[t.begin] == ':';
  const unsigned char first = c.d.text.text[t.begin];
  return k == c.begin || !absl::ascii_isupper(first) ||
         c.Lower(k) == "according";
}

// Greedy left to right, shared by tagging and training. `row(key)` gives a
// feature's weights or null, `prefetch(key)` may start loading them;
// `decided(k, tag, features)` sees each decision. `may_start(k)` may skip
// more tokens after an O than MayStartCue.
template <typename Score, typename RowFn, typename PrefetchFn,
          typename MayStart, typename Decided>
void Decode(const Context& c, RowFn row, PrefetchFn prefetch,
            MayStart may_start, Decided decided, std::vector<uint8_t>* out) {
  out->assign(c.end - c.begin, kOutside);
  int prev = kOutside;
  for (int64_t k = c.begin; k < c.end; ++k) {
    if (prev == kOutside && !(MayStartCue(c, k) && may_start(k))) {
      (*out)[k - c.begin] = kOutside;
      continue;
    }
    Features f;
    StaticFeatures(c, k, &f);
    f.n += DynamicFeatures(c, k, prev, f.f + f.n);
    for (int i = 0; i < f.n; ++i) prefetch(f.f[i]);
    Score scores[kNumCueTags] = {};
    for (int i = 0; i < f.n; ++i) {
      if (const auto* r = row(f.f[i])) {
        for (int t = 0; t < kNumCueTags; ++t) scores[t] += r[t];
      }
    }
    int best = kOutside;
    for (int t = 1; t < kNumCueTags; ++t) {
      if (t == kCueInside && prev == kOutside) continue;  // I after B or I
      if (scores[t] > scores[best]) best = t;
    }
    decided(k, best, f);
    (*out)[k - c.begin] = static_cast<uint8_t>(best);
    prev = best;
  }
}

// Quotations of the line [b, e) into `d` (quoted, quote_of) and the
// closing marks into `closes`. A line break closes any open quotation (a
// quoted paragraph that continues opens again on the next line).
void PairLineQuotations(const TokenizedText& t, size_t b, size_t e,
                        Discourse* d, std::vector<uint8_t>* closes) {
  int64_t open = -1;
  for (size_t j = b; j < e; ++j) {
    const Mark m = QuoteMark(t.Text(t.tokens[j]));
    // A line that starts with a closing mark opens with it (a typo'd
    // opening mark: `”Mr. Trump ...”`).
    const bool opens = m == Mark::kOpen ||
                       (m != Mark::kNone && j == b && open < 0) ||
                       (m == Mark::kEither && open < 0);
    const bool ends = m == Mark::kClose || (m == Mark::kEither && open >= 0);
    if (opens && open < 0) {
      open = static_cast<int64_t>(j);
    } else if (ends && open >= 0) {
      for (int64_t i = open + 1; i < static_cast<int64_t>(j); ++i) {
        d->quoted[i] = 1;
        d->quote_of[i] = {static_cast<uint32_t>(open),
                          static_cast<uint32_t>(j)};
      }
      (*closes)[j] = 1;
      open = -1;
    }
  }
  if (open >= 0) {
    for (size_t i = open + 1; i < e; ++i) {
      d->quoted[i] = 1;
      d->quote_of[i] = {static_cast<uint32_t>(open), static_cast<uint32_t>(e)};
    }
  }
}

// Sentences: the tokenizer's, cut at line breaks, with a closing mark
// (`closes`) kept on the sentence it closes. Marks the first line's
// sentences as headline.
void SplitSentences(const TokenizedText& t, const std::vector<uint8_t>& closes,
                    Discourse* d) {
  const size_t n = t.tokens.size();
  uint32_t begin = 0;
  bool first_line = true;
  auto push = [&](uint32_t end, bool line_ends) {
    if (end <= begin) return;
    d->sentences.emplace_back(begin, end);
    d->headline.push_back(first_line);
    if (line_ends) first_line = false;
    begin = end;
  };
  // A closing mark glued to the full stop before it stays with that
  // sentence, and the next one starts after it (`album." Predicted`).
  bool after_mark = false;
  for (uint32_t k = 1; k <= n; ++k) {
    const bool line_break = k == n || NewlineBefore(t, k);
    const bool glued = k < n && t.tokens[k].sentence_start && closes[k] &&
                       !t.tokens[k].space_before;
    const bool starts =
        k < n && (after_mark || (t.tokens[k].sentence_start && !glued));
    after_mark = glued;
    if (line_break || starts) push(k, line_break);
  }
}

// Lines as sentence ranges; a line that does not end like a sentence is a
// headline, caption or dateline ("Kyiv • UNN", "Details").
void GroupLines(const TokenizedText& t, Discourse* d) {
  const auto& sentences = d->sentences;
  size_t s = 0;
  while (s < sentences.size()) {
    size_t e = s + 1;
    while (e < sentences.size() && !NewlineBefore(t, sentences[e].first)) ++e;
    const absl::string_view last =
        t.Text(t.tokens[sentences[e - 1].second - 1]);
    const bool ends_like_sentence =
        last == "." || last == "?" || last == "!" || last == ":" ||
        QuoteMark(last) != Mark::kNone || last == "\u2019" || last == ")";
    for (size_t i = s; i < e; ++i) d->headline[i] |= !ends_like_sentence;
    d->lines.emplace_back(static_cast<uint32_t>(s), static_cast<uint32_t>(e));
    s = e;
  }
}

}  // namespace

Discourse::Discourse(const TokenizedText& t) : text(t) {
  const size_t n = t.tokens.size();
  quoted.assign(n, 0);
  quote_of.assign(n, {0, 0});
  std::vector<uint8_t> closes(n, 0);
  size_t line_begin = 0;
  for (size_t k = 0; k <= n; ++k) {
    if (k < n && !NewlineBefore(t, k)) continue;
    PairLineQuotations(t, line_begin, k, this, &closes);
    line_begin = k;
  }
  SplitSentences(t, closes, this);
  GroupLines(t, this);
}

Mark QuoteMark(absl::string_view w) {
  if (w == "\u201c" || w == "\u00ab" || w == "``") return Mark::kOpen;
  if (w == "\u201d" || w == "\u00bb") return Mark::kClose;
  if (w == "\"" || w == "''") return Mark::kEither;
  return Mark::kNone;
}

bool IsReportingStem(absl::string_view stem) {
  // Asked for every word the tagger scores: a set, not a scan.
  static const auto* kStems = new absl::flat_hash_set<absl::string_view>{
      "say",        "said",      "accord",     "estimat",     "estimate",
      "report",     "write",     "writ",       "wrote",       "not",
      "note",       "believ",    "believe",    "warn",        "claim",
      "confirm",    "indicat",   "indicate",   "recommend",   "call",
      "highlight",  "reveal",    "emphasiz",   "emphasize",   "explain",
      "reportedly", "suggest",   "add",        "told",        "tell",
      "stat",       "state",     "argu",       "argue",       "conclud",
      "conclude",   "underscor", "underscore", "show",        "assum",
      "assume",     "think",     "consider",   "insist",      "announc",
      "announce",   "accus",     "accuse",     "predict",     "stress",
      "observ",     "observe",   "acknowledg", "acknowledge", "admit",
      "deni",       "deny",      "assert",     "contend",     "maintain",
      "alleg",      "allege",    "detail",     "caution",     "prais",
      "praise",     "criticiz",  "criticize",  "view",        "describ",
      "describe",   "underlin",  "underline",  "valu",        "value"};
  return kStems->contains(stem);
}

std::vector<std::pair<uint32_t, uint32_t>> CueRuns(
    uint32_t sentence_begin, const std::vector<uint8_t>& tags) {
  std::vector<std::pair<uint32_t, uint32_t>> runs;
  for (uint32_t i = 0; i < tags.size(); ++i) {
    if (tags[i] == kCueBegin) {
      runs.emplace_back(sentence_begin + i, sentence_begin + i + 1);
    } else if (tags[i] == kCueInside && !runs.empty() &&
               runs.back().second == sentence_begin + i) {
      ++runs.back().second;
    }
  }
  return runs;
}

bool IsVerbSatellite(absl::string_view lw) {
  static const auto* kWords = new absl::flat_hash_set<absl::string_view>{
      "also",    "has",   "have",  "had",   "further", "recently", "previously",
      "again",   "then",  "later", "would", "will",    "could",    "may",
      "might",   "did",   "does",  "do",    "not",     "is",       "are",
      "was",     "were",  "been",  "often", "even",    "only",     "still",
      "already", "first", "now",   "once",  "can",     "should",   "must"};
  // Contractions, which the tokenizer splits at the apostrophe: "he ' s
  // said", "doesn ' t say", "they ' ve argued".
  static const auto* kClitics = new absl::flat_hash_set<absl::string_view>{
      "'",     "\u2019", "s",    "t",   "ve",     "d",      "ll",
      "doesn", "didn",   "don",  "isn", "wasn",   "aren",   "weren",
      "hasn",  "haven",  "hadn", "won", "wouldn", "couldn", "shouldn"};
  return kWords->contains(lw) || kClitics->contains(lw) ||
         (lw.size() > 4 && absl::EndsWith(lw, "ly"));
}

bool IsCueParticle(absl::string_view lw) {
  static const auto* kWords = new absl::flat_hash_set<absl::string_view>{
      "to", "for", "alarms", "doubts", "out", "concern", "concerns", "on"};
  return kWords->contains(lw);
}

bool IsOutOfScopeStem(absl::string_view stem) {
  static const auto* kStems = new absl::flat_hash_set<absl::string_view>{
      // intentions and desires
      "want", "hop", "hope", "plan", "plann", "intend", "seek", "sought", "aim",
      "decid", "decide", "refus", "refuse", "wish", "desir", "desire",
      "determin", "determine",
      // appearances
      "seem", "appear",
      // support and opposition
      "support", "propos", "propose", "endors", "endorse", "oppos", "oppose",
      "favor", "favour"};
  return kStems->contains(stem);
}

bool IsOutOfScopeCue(const TokenizedText& t, size_t b, size_t e) {
  for (size_t k = b; k < e; ++k) {
    const absl::string_view stem = Stem(t.Lower(t.tokens[k]));
    if (IsOutOfScopeStem(stem)) return true;
    if (IsReportingStem(stem)) return false;
  }
  return false;
}

absl::string_view Stem(absl::string_view w) {
  auto strip = [&](absl::string_view suffix, size_t min_left) {
    if (w.size() >= suffix.size() + min_left && absl::EndsWith(w, suffix)) {
      w.remove_suffix(suffix.size());
      return true;
    }
    return false;
  };
  if (strip("ing", 3) || strip("ed", 3) || strip("es", 3)) return w;
  if (!absl::EndsWith(w, "ss")) strip("s", 3);
  return w;
}

absl::StatusOr<std::unique_ptr<CueTagger>> CueTagger::Load(
    absl::string_view bytes) {
  auto weights =
      perceptron::Weights<kNumCueTags>::Load(bytes, kMagic, "cue model");
  if (!weights.ok()) return weights.status();
  std::unique_ptr<CueTagger> t(new CueTagger());
  t->weights_ = *std::move(weights);
  return t;
}

void CueTagger::Tag(const Discourse& d, size_t s,
                    std::vector<uint8_t>* out) const {
  const Context c{d, d.sentences[s].first, d.sentences[s].second};
  // After an O, a word whose own features (word, stem) lean against
  // starting a cue is not scored in context: two lookups instead of 31,
  // for the nine words in ten that never start one.
  auto leans_to_cue = [&](int64_t k) {
    const absl::string_view lw = c.Lower(k), stem = Stem(lw);
    if (IsReportingStem(stem)) return true;
    for (uint64_t key : {Fnv(1).Add(lw).get(), Fnv(2).Add(stem).get()}) {
      const int16_t* r = weights_.Row(key);
      if (r != nullptr && r[kCueBegin] > r[kOutside]) return true;
    }
    return false;
  };
  Decode<int32_t>(
      c, [this](uint64_t key) { return weights_.Row(key); },
      [this](uint64_t key) { weights_.Prefetch(key); }, leans_to_cue,
      [](int64_t, int, const Features&) {}, out);
}

double CueTrainer::Epoch(const std::vector<std::unique_ptr<Discourse>>& docs,
                         const std::vector<std::vector<uint8_t>>& gold,
                         int epoch) {
  std::vector<size_t> order(docs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Fisher-Yates with our own draw: std::shuffle's output is not specified.
  std::mt19937_64 rng(seed_ + epoch);
  for (size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[rng() % i]);
  }
  size_t right = 0, total = 0;
  std::vector<uint8_t> tags;
  for (size_t doc : order) {
    const Discourse& d = *docs[doc];
    for (const auto& [b, e] : d.sentences) {
      Decode<float>(
          Context{d, b, e}, [this](uint64_t key) { return weights_.Row(key); },
          [](uint64_t) {}, [](int64_t) { return true; },
          [&](int64_t k, int tag, const Features& f) {
            weights_.Tick();
            const int want = gold[doc][k];
            if (tag != want) {
              for (int i = 0; i < f.n; ++i) {
                weights_.Update(f.f[i], want, 1);
                weights_.Update(f.f[i], tag, -1);
              }
            }
            right += tag == want;
            ++total;
          },
          &tags);
    }
  }
  return total == 0 ? 0 : static_cast<double>(right) / total;
}

std::string CueTrainer::Serialize() const {
  return weights_.Serialize(kMagic, 0.05f);
}

}  // namespace docpipe::annotate::attributions
