#include "annotate/entities/tagger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace docpipe::annotate::entities {
namespace {

constexpr absl::string_view kTagNames[kNumTags] = {
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC",
    "I-MISC"};
constexpr absl::string_view kMagic = "DPNER1\n";

using perceptron::Fnv;

bool HasUpper(absl::string_view w) {
  for (unsigned char c : w) {
    if (absl::ascii_isupper(c)) return true;
  }
  return false;
}

// "Kim" -> "Xx", "DPRK" -> "X", "G7" -> "Xd", "U.S." -> "X.X.", "1996" -> "d".
std::string Shape(absl::string_view w) {
  std::string s;
  for (size_t i = 0; i < w.size() && s.size() < 8; ++i) {
    const unsigned char c = w[i];
    char k = absl::ascii_isupper(c)   ? 'X'
             : absl::ascii_islower(c) ? 'x'
             : absl::ascii_isdigit(c) ? 'd'
             : c >= 0x80              ? 'u'
                                      : static_cast<char>(c);
    if (s.empty() || s.back() != k) s.push_back(k);
  }
  return s;
}

// Whether the tagger looks at token k at all: after an O, a token with no
// capital letter (and no non-ASCII letter first) is O. Names are written
// with capitals; this skips most of the text.
bool MayStartName(absl::string_view w) {
  return !w.empty() && (static_cast<unsigned char>(w[0]) >= 0x80 || HasUpper(w));
}

constexpr int kMaxFeatures = 48;

// The features of token k that do not depend on earlier decisions.
struct TokenFeatures {
  uint64_t f[kMaxFeatures];
  int n = 0;
  void Push(uint64_t h) { f[n++] = h; }
};

struct Context {
  const Sentence& s;
  bool headline;  // every word capitalized: titles, CoNLL's upper-case lines
  const DocHistory* history;
  uint8_t History(int k) const {
    if (history == nullptr || k < 0 || k >= static_cast<int>(s.tokens.size())) {
      return 0;
    }
    auto it = history->find(Lower(k));
    return it == history->end() ? 0 : it->second;
  }
  absl::string_view Word(int k) const {
    if (k < 0) return "<s>";
    if (k >= static_cast<int>(s.tokens.size())) return "</s>";
    return s.text->Text(s.text->tokens[s.tokens[k]]);
  }
  absl::string_view Lower(int k) const {
    if (k < 0) return "<s>";
    if (k >= static_cast<int>(s.tokens.size())) return "</s>";
    return s.text->Lower(s.text->tokens[s.tokens[k]]);
  }
  uint8_t Gaz(int k) const {
    if (k < 0 || k >= static_cast<int>(s.tokens.size())) return 0xFF;
    return s.gazetteer[k];
  }
};

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

void StaticFeatures(const Context& c, int k, TokenFeatures* out) {
  const absl::string_view w = c.Word(k), lw = c.Lower(k);
  const std::string shape = Shape(w), shape_prev = Shape(c.Word(k - 1)),
                    shape_next = Shape(c.Word(k + 1));
  out->Push(Fnv(0).get());
  out->Push(Fnv(1).Add(lw).get());
  out->Push(Fnv(2).Add(w).get());
  out->Push(Fnv(3).Add(c.Lower(k - 1)).get());
  out->Push(Fnv(4).Add(c.Lower(k + 1)).get());
  out->Push(Fnv(5).Add(c.Lower(k - 2)).get());
  out->Push(Fnv(6).Add(c.Lower(k + 2)).get());
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
  out->Push(Fnv(18).Add(c.Gaz(k)).get());
  out->Push(Fnv(19).Add(c.Gaz(k - 1)).get());
  out->Push(Fnv(20).Add(c.Gaz(k + 1)).get());
  out->Push(Fnv(21).Add(static_cast<uint8_t>(k == 0)).Add(shape).get());
  out->Push(Fnv(22).Add(c.Lower(k - 1)).Add(lw).get());
  out->Push(Fnv(23).Add(lw).Add(c.Lower(k + 1)).get());
  out->Push(Fnv(24).Add(static_cast<uint8_t>(c.headline)).Add(shape).get());
  out->Push(Fnv(25).Add(static_cast<uint8_t>(std::min<size_t>(w.size(), 12)))
                .get());
  out->Push(Fnv(26).Add(c.Gaz(k)).Add(shape).get());
  const uint8_t hist = c.History(k);
  out->Push(Fnv(27).Add(hist).get());
  out->Push(Fnv(28).Add(hist).Add(shape).Add(static_cast<uint8_t>(k == 0)).get());
  out->Push(Fnv(29).Add(c.History(k - 1)).Add(c.History(k + 1)).get());
  out->Push(Fnv(34).Add(c.Word(k - 1)).get());
  out->Push(Fnv(35).Add(c.Word(k + 1)).get());
  out->Push(Fnv(36).Add(c.Lower(k + 1)).Add(c.Lower(k + 2)).get());
  out->Push(Fnv(37).Add(c.Lower(k - 2)).Add(c.Lower(k - 1)).get());
  out->Push(Fnv(38).Add(shape).Add(c.Lower(k + 1)).get());
}

void Remember(const Sentence& s, const std::vector<uint8_t>& tags,
              DocHistory* history) {
  if (history == nullptr) return;
  for (size_t k = 0; k < tags.size(); ++k) {
    if (tags[k] != kO) {
      (*history)[s.text->Lower(s.text->tokens[s.tokens[k]])] =
          static_cast<uint8_t>(1 + (tags[k] - 1) / 2);
    }
  }
}

// Features of token k that read the tags already chosen.
int DynamicFeatures(const Context& c, int k, int prev, int prev2,
                    uint64_t* out) {
  out[0] = Fnv(30).Add(static_cast<uint8_t>(prev)).get();
  out[1] = Fnv(31)
               .Add(static_cast<uint8_t>(prev2))
               .Add(static_cast<uint8_t>(prev))
               .get();
  out[2] = Fnv(32).Add(static_cast<uint8_t>(prev)).Add(c.Lower(k)).get();
  out[3] = Fnv(33).Add(static_cast<uint8_t>(prev)).Add(Shape(c.Word(k))).get();
  return 4;
}

// I-X may only follow B-X or I-X.
bool Allowed(int tag, int prev) {
  if (tag == kO || (tag - 1) % 2 == 0) return true;  // O or B-
  return prev == tag || prev == tag - 1;
}

template <typename ScoreFn>
int Best(ScoreFn score, int prev) {
  int best = kO;
  double best_score = -1e300;
  for (int t = 0; t < kNumTags; ++t) {
    if (!Allowed(t, prev)) continue;
    const double v = score(t);
    if (v > best_score) {
      best_score = v;
      best = t;
    }
  }
  return best;
}

// Greedy left-to-right decoding, shared by tagging and training so both
// see the same features and the same skip rule. `row(key)` gives a
// feature's weights (Score per tag) or null; `decided(k, tag, features)`
// sees every decision, with null features for a token skipped as O.
template <typename Score, typename RowFn, typename Decided>
void Decode(const Context& c, RowFn row, Decided decided,
            std::vector<uint8_t>* out) {
  out->assign(c.s.tokens.size(), kO);
  int prev = kO, prev2 = kO;
  for (int k = 0; k < static_cast<int>(c.s.tokens.size()); ++k) {
    int tag = kO;
    TokenFeatures f;
    const bool scored = prev != kO || MayStartName(c.Word(k));
    if (scored) {
      StaticFeatures(c, k, &f);
      f.n += DynamicFeatures(c, k, prev, prev2, f.f + f.n);
      Score scores[kNumTags] = {};
      for (int i = 0; i < f.n; ++i) {
        if (const auto* r = row(f.f[i])) {
          for (int t = 0; t < kNumTags; ++t) scores[t] += r[t];
        }
      }
      tag = Best([&](int t) { return scores[t]; }, prev);
    }
    decided(k, tag, scored ? &f : nullptr);
    (*out)[k] = static_cast<uint8_t>(tag);
    prev2 = prev;
    prev = tag;
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
      Context{s, IsHeadline(s), history},
      [this](uint64_t key) { return weights_.Row(key); },
      [](int, int, const TokenFeatures*) {}, out);
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
      // Decode with the current (not averaged) weights; on a wrong tag,
      // reward the gold tag's features and penalize the chosen one's.
      Decode<float>(
          Context{s, IsHeadline(s), &history},
          [this](uint64_t key) { return weights_.Row(key); },
          [&](int k, int tag, const TokenFeatures* f) {
            weights_.Tick();
            const int want = gold[idx][k];
            if (f != nullptr && tag != want) {
              for (int i = 0; i < f->n; ++i) {
                weights_.Update(f->f[i], want, 1);
                weights_.Update(f->f[i], tag, -1);
              }
            }
            right += tag == want;
            ++total;
          },
          &tags);
      Remember(s, tags, &history);
    }
  }
  return total == 0 ? 0 : static_cast<double>(right) / total;
}

std::string Trainer::Serialize() const {
  return weights_.Serialize(kMagic, options_.prune);
}

}  // namespace docpipe::annotate::entities
