#include "annotate/entities/tagger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace docpipe::annotate::entities {
namespace {

constexpr absl::string_view kTagNames[kNumTags] = {"O",     "B-PER",  "I-PER",
                                                   "B-ORG", "I-ORG",  "B-LOC",
                                                   "I-LOC", "B-MISC", "I-MISC"};
constexpr absl::string_view kMagic = "DPNER2\n";

using perceptron::Fnv;

bool HasUpper(absl::string_view w) {
  for (unsigned char c : w) {
    if (absl::ascii_isupper(c)) return true;
  }
  return false;
}

// "Kim" -> "Xx", "DPRK" -> "X", "G7" -> "Xd", "U.S." -> "X.X.", "1996" -> "d":
// at most 8 characters into `out`, their number returned.
size_t Shape(absl::string_view w, char out[8]) {
  size_t n = 0;
  for (size_t i = 0; i < w.size() && n < 8; ++i) {
    const unsigned char c = w[i];
    char k = absl::ascii_isupper(c)   ? 'X'
             : absl::ascii_islower(c) ? 'x'
             : absl::ascii_isdigit(c) ? 'd'
             : c >= 0x80              ? 'u'
                                      : static_cast<char>(c);
    if (n == 0 || out[n - 1] != k) out[n++] = k;
  }
  return n;
}

// Whether the tagger looks at token k at all: after an O, a token with no
// capital letter (and no non-ASCII letter first) is O. Names are written
// with capitals; this skips most of the text.
bool MayStartName(absl::string_view w) {
  return !w.empty() &&
         (static_cast<unsigned char>(w[0]) >= 0x80 || HasUpper(w));
}

bool IsHeadline(const Sentence& s) {
  int words = 0, capitalized = 0;
  for (uint32_t t : s.tokens) {
    const Token& tok = s.text->tokens[t];
    if (tok.kind != TokenKind::kWord) continue;
    ++words;
    capitalized += absl::ascii_isupper(
        static_cast<unsigned char>(s.text->text[tok.begin]));
  }
  return words >= 3 && capitalized * 10 >= words * 9;
}

constexpr int kMaxFeatures = 48;

// Tagging drops a lattice state once it falls this far below the best (the
// largest weight of the model is 30000, perceptron.h): four times what any
// one feature can weigh. Training decodes exactly.
constexpr int32_t kMargin = 120000;

// The features of token k that do not depend on earlier decisions.
struct TokenFeatures {
  uint64_t f[kMaxFeatures];
  int n = 0;
  void Push(uint64_t h) { f[n++] = h; }
};

// Typographic quotes as the ASCII ones CoNLL's text has, so "Putin’s"
// reads as "Putin's" did in training.
absl::string_view Plain(absl::string_view w) {
  if (w.size() < 2 || static_cast<unsigned char>(w[0]) < 0x80) return w;
  if (w == "\u2019" || w == "\u2018" || w == "\u00b4") return "'";
  if (w == "\u201c" || w == "\u201d") return "\"";
  return w;
}

// The key of a lower-case word in a DocHistory.
uint64_t HistoryKey(absl::string_view lower) {
  return Fnv(0xFF).Add(lower).get();
}

// What the features read of one token (or of a sentence boundary).
struct TokenView {
  absl::string_view word, lower;  // Plain()
  uint8_t gaz = 0xFF;             // 0xFF outside the sentence
  bool may_start = false;         // MayStartName(word)
  // Filled on first use (Context::At): most tokens are never scored.
  bool ready = false;
  uint8_t history = 0;  // DocHistory's type for `lower`, 0 when none
  uint8_t shape_len = 0;
  char shape[8];
  absl::string_view Shape() const { return {shape, shape_len}; }
};

// A sentence as the features read it: one TokenView per token plus two
// boundary tokens on each side, so At(k) works for k in [-2, n + 1].
// Built once per Decode; not thread-safe (At fills the lazy parts).
class Context {
 public:
  Context(const Sentence& s, const DocHistory* history)
      : s(s), headline(IsHeadline(s)), history_(history) {
    const int n = static_cast<int>(s.tokens.size());
    tokens_.resize(n + 4);
    for (int k = 0; k < n + 4; ++k) {
      TokenView& v = tokens_[k];
      if (k < 2 || k >= n + 2) {
        v.word = v.lower = k < 2 ? "<s>" : "</s>";
        continue;
      }
      const Token& tok = s.text->tokens[s.tokens[k - 2]];
      v.word = Plain(s.text->Text(tok));
      v.lower = Plain(s.text->Lower(tok));
      v.gaz = s.gazetteer[k - 2];
      v.may_start = MayStartName(v.word);
    }
  }

  int size() const { return static_cast<int>(tokens_.size()) - 4; }
  const TokenView& At(int k) const {
    TokenView& v = tokens_[k + 2];
    if (!v.ready) Fill(k, &v);
    return v;
  }
  // Without the lazy parts (shape, history).
  const TokenView& Light(int k) const { return tokens_[k + 2]; }

  const Sentence& s;
  const bool headline;  // every word capitalized: titles, CoNLL's upper-case

 private:
  void Fill(int k, TokenView* v) const {
    v->ready = true;
    v->shape_len = static_cast<uint8_t>(Shape(v->word, v->shape));
    if (history_ != nullptr && k >= 0 && k < size()) {
      auto it = history_->find(HistoryKey(v->lower));
      if (it != history_->end()) v->history = it->second;
    }
  }
  const DocHistory* history_;
  mutable std::vector<TokenView> tokens_;
};

void StaticFeatures(const Context& c, int k, TokenFeatures* out) {
  const TokenView &t = c.At(k), &prev = c.At(k - 1), &next = c.At(k + 1);
  const TokenView &prev2 = c.Light(k - 2), &next2 = c.Light(k + 2);
  const absl::string_view w = t.word, lw = t.lower, shape = t.Shape(),
                          shape_prev = prev.Shape(), shape_next = next.Shape();
  out->Push(Fnv(0).get());
  out->Push(Fnv(1).Add(lw).get());
  out->Push(Fnv(2).Add(w).get());
  out->Push(Fnv(3).Add(prev.lower).get());
  out->Push(Fnv(4).Add(next.lower).get());
  out->Push(Fnv(5).Add(prev2.lower).get());
  out->Push(Fnv(6).Add(next2.lower).get());
  out->Push(Fnv(7).Add(shape).get());
  out->Push(Fnv(8).Add(shape_prev).get());
  out->Push(Fnv(9).Add(shape_next).get());
  out->Push(Fnv(10).Add(shape_prev).Add(shape).Add(shape_next).get());
  for (size_t n = 1; n <= 4 && n <= lw.size(); ++n) {
    out->Push(Fnv(10 + n).Add(lw.substr(lw.size() - n)).get());
  }
  for (size_t n = 1; n <= 3 && n <= lw.size(); ++n) {
    out->Push(Fnv(14 + n).Add(lw.substr(0, n)).get());
  }
  out->Push(Fnv(18).Add(t.gaz).get());
  out->Push(Fnv(19).Add(prev.gaz).get());
  out->Push(Fnv(20).Add(next.gaz).get());
  out->Push(Fnv(21).Add(static_cast<uint8_t>(k == 0)).Add(shape).get());
  out->Push(Fnv(22).Add(prev.lower).Add(lw).get());
  out->Push(Fnv(23).Add(lw).Add(next.lower).get());
  out->Push(Fnv(24).Add(static_cast<uint8_t>(c.headline)).Add(shape).get());
  out->Push(
      Fnv(25).Add(static_cast<uint8_t>(std::min<size_t>(w.size(), 12))).get());
  out->Push(Fnv(26).Add(t.gaz).Add(shape).get());
  out->Push(Fnv(27).Add(t.history).get());
  out->Push(Fnv(28)
                .Add(t.history)
                .Add(shape)
                .Add(static_cast<uint8_t>(k == 0))
                .get());
  out->Push(Fnv(29).Add(prev.history).Add(next.history).get());
  out->Push(Fnv(34).Add(prev.word).get());
  out->Push(Fnv(35).Add(next.word).get());
  out->Push(Fnv(36).Add(next.lower).Add(next2.lower).get());
  out->Push(Fnv(37).Add(prev2.lower).Add(prev.lower).get());
  out->Push(Fnv(38).Add(shape).Add(next.lower).get());
}

void Remember(const Sentence& s, const std::vector<uint8_t>& tags,
              DocHistory* history) {
  if (history == nullptr) return;
  for (size_t k = 0; k < tags.size(); ++k) {
    if (tags[k] != kO) {
      (*history)[HistoryKey(s.text->Lower(s.text->tokens[s.tokens[k]]))] =
          static_cast<uint8_t>(1 + (tags[k] - 1) / 2);
    }
  }
}

// Features of token k that read the previous token's tag: the transition
// (first order, so Viterbi decodes exactly). The first depends on `prev`
// alone (Decode looks it up once per sentence).
constexpr int kDynamicFeatures = 3;
uint64_t TransitionFeature(int prev) {
  return Fnv(30).Add(static_cast<uint8_t>(prev)).get();
}
void DynamicFeatures(int prev, const TokenView& t, uint64_t* out) {
  out[0] = TransitionFeature(prev);
  out[1] = Fnv(32).Add(static_cast<uint8_t>(prev)).Add(t.lower).get();
  out[2] = Fnv(33).Add(static_cast<uint8_t>(prev)).Add(t.Shape()).get();
}

// I-X may only follow B-X or I-X.
bool Allowed(int tag, int prev) {
  if (tag == kO || (tag - 1) % 2 == 0) return true;  // O or B-
  return prev == tag || prev == tag - 1;
}

// Whether token k is scored when the previous tag is `prev`: after an O, a
// token that cannot start a name is O with no features (the skip rule).
bool Scored(const Context& c, int k, int prev) {
  return prev != kO || c.Light(k).may_start;
}

// Viterbi decoding over BIO tags with first-order transitions, shared by
// tagging and training so both see the same features, the same BIO
// constraint and the same skip rule. `row(key)` gives a feature's weights
// (Score per tag) or null.
template <typename Score, typename RowFn, typename PrefetchFn>
void Decode(const Context& c, RowFn row, PrefetchFn prefetch, Score margin,
            std::vector<uint8_t>* out) {
  const int n = c.size();
  out->assign(n, kO);
  if (n == 0) return;
  constexpr Score kNone = std::numeric_limits<Score>::lowest() / 4;
  using Row = decltype(row(0));
  std::vector<std::array<uint8_t, kNumTags>> back(n);
  std::array<Score, kNumTags> delta, next;
  delta.fill(kNone);
  delta[kO] = 0;  // before the sentence: O
  auto add_row = [](Row r, Score* scores) {
    if (r != nullptr) perceptron::AddRow<kNumTags>(r, scores);
  };
  // The transition rows, looked up on first use.
  Row transition[kNumTags];
  uint32_t have_transition = 0;
  for (int k = 0; k < n; ++k) {
    next.fill(kNone);
    bool any_scored = false;
    for (int p = 0; p < kNumTags; ++p) {
      any_scored |= delta[p] != kNone && Scored(c, k, p);
    }
    Score base[kNumTags] = {};
    uint64_t dynamic[kNumTags][kDynamicFeatures];
    if (any_scored) {
      TokenFeatures f;
      StaticFeatures(c, k, &f);
      for (int i = 0; i < f.n; ++i) prefetch(f.f[i]);
      // And the features that read each live previous tag.
      const TokenView& t = c.At(k);
      for (int p = 0; p < kNumTags; ++p) {
        if (delta[p] == kNone || !Scored(c, k, p)) continue;
        DynamicFeatures(p, t, dynamic[p]);
        prefetch(dynamic[p][1]);
        prefetch(dynamic[p][2]);
      }
      for (int i = 0; i < f.n; ++i) add_row(row(f.f[i]), base);
    }
    for (int p = 0; p < kNumTags; ++p) {
      if (delta[p] == kNone) continue;
      if (!Scored(c, k, p)) {
        if (delta[p] > next[kO]) {
          next[kO] = delta[p];
          back[k][kO] = static_cast<uint8_t>(p);
        }
        continue;
      }
      if ((have_transition & (1u << p)) == 0) {
        transition[p] = row(TransitionFeature(p));
        have_transition |= 1u << p;
      }
      Score scores[kNumTags];
      std::copy(base, base + kNumTags, scores);
      add_row(transition[p], scores);
      add_row(row(dynamic[p][1]), scores);
      add_row(row(dynamic[p][2]), scores);
      for (int t = 0; t < kNumTags; ++t) {
        if (!Allowed(t, p)) continue;
        const Score v = delta[p] + scores[t];
        if (v > next[t]) {
          next[t] = v;
          back[k][t] = static_cast<uint8_t>(p);
        }
      }
    }
    // States further than `margin` below the best are dropped: once every
    // name reading has fallen behind, lower-case words are skipped again.
    const Score top = *std::max_element(next.begin(), next.end());
    for (Score& v : next) {
      if (v != kNone && v < top - margin) v = kNone;
    }
    delta = next;
  }
  int best = kO;
  for (int t = 0; t < kNumTags; ++t) {
    if (delta[t] > delta[best]) best = t;
  }
  for (int k = n - 1; k >= 0; --k) {
    (*out)[k] = static_cast<uint8_t>(best);
    best = back[k][best];
  }
}

// One structured-perceptron step on `weights` for a sentence decoded as
// `got` where the gold is `want`.
void Update(const Context& c, const std::vector<uint8_t>& want,
            const std::vector<uint8_t>& got,
            perceptron::Averaged<kNumTags>* weights) {
  // The features of token k with tag `tag` after `prev`, scaled by `sign`,
  // summed into `delta` so features both paths share cancel out.
  absl::flat_hash_map<std::pair<uint64_t, int>, float> delta;
  auto add = [&](int k, int prev, int tag, float sign) {
    if (!Scored(c, k, prev)) return;
    TokenFeatures f;
    StaticFeatures(c, k, &f);
    DynamicFeatures(prev, c.At(k), f.f + f.n);
    f.n += kDynamicFeatures;
    for (int i = 0; i < f.n; ++i) delta[{f.f[i], tag}] += sign;
  };
  int want_prev = kO, got_prev = kO;
  for (size_t k = 0; k < want.size(); ++k) {
    if (want[k] != got[k] || want_prev != got_prev) {
      add(static_cast<int>(k), want_prev, want[k], 1);
      add(static_cast<int>(k), got_prev, got[k], -1);
    }
    want_prev = want[k];
    got_prev = got[k];
  }
  for (const auto& [key, d] : delta) {
    if (d != 0) weights->Update(key.first, key.second, d);
  }
}

}  // namespace

absl::string_view TagName(int tag) {
  return tag >= 0 && tag < kNumTags ? kTagNames[tag] : "?";
}

int TagFromName(absl::string_view name) {
  for (int t = 0; t < kNumTags; ++t) {
    if (kTagNames[t] == name) return t;
  }
  return -1;
}

absl::StatusOr<std::unique_ptr<Tagger>> Tagger::Load(absl::string_view bytes) {
  auto weights =
      perceptron::Weights<kNumTags>::Load(bytes, kMagic, "entities model");
  if (!weights.ok()) return weights.status();
  std::unique_ptr<Tagger> t(new Tagger());
  t->weights_ = *std::move(weights);
  return t;
}

void Tagger::Tag(const Sentence& s, DocHistory* history,
                 std::vector<uint8_t>* out) const {
  Decode<int32_t>(
      Context(s, history), [this](uint64_t key) { return weights_.Row(key); },
      [this](uint64_t key) { weights_.Prefetch(key); }, kMargin, out);
  Remember(s, *out, history);
}

double Trainer::Epoch(const std::vector<Sentence>& sentences,
                      const std::vector<std::vector<uint8_t>>& gold,
                      const std::vector<std::pair<size_t, size_t>>& docs,
                      int epoch) {
  std::vector<size_t> order(docs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Fisher-Yates with our own draw: std::shuffle's output is not specified.
  std::mt19937_64 rng(options_.seed + epoch);
  for (size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[rng() % i]);
  }
  size_t right = 0, total = 0;
  std::vector<uint8_t> tags;
  for (size_t doc : order) {
    DocHistory history;
    for (size_t idx = docs[doc].first; idx < docs[doc].second; ++idx) {
      const Sentence& s = sentences[idx];
      // Decode with the current (not averaged) weights (structured
      // perceptron): where the best path differs from the gold one, reward
      // the gold path's features and penalize the chosen path's.
      const Context c(s, &history);
      Decode<float>(
          c, [this](uint64_t key) { return weights_.Row(key); },
          [](uint64_t) {}, std::numeric_limits<float>::max(), &tags);
      const std::vector<uint8_t>& want = gold[idx];
      for (size_t k = 0; k < tags.size(); ++k) {
        weights_.Tick();
        right += tags[k] == want[k];
        ++total;
      }
      if (tags != want) Update(c, want, tags, &weights_);
      Remember(s, tags, &history);
    }
  }
  return total == 0 ? 0 : static_cast<double>(right) / total;
}

std::string Trainer::Serialize() const {
  return weights_.Serialize(kMagic, options_.prune);
}

}  // namespace docpipe::annotate::entities
