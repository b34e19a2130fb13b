// The averaged perceptron shared by the learned parts of the layers (the
// entities tagger, the attribution cue tagger): hashed features, a weight row
// per feature with one weight per tag, averaging for training and an int16
// model file. What a tagger looks at (its features, its decoding) stays with
// the tagger; this is only the arithmetic and the file format.
#ifndef DOCPIPE_ANNOTATE_PERCEPTRON_H_
#define DOCPIPE_ANNOTATE_PERCEPTRON_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace docpipe::annotate::perceptron {

// FNV-1a, 64 bit: stable across builds and machines, unlike absl::Hash, so
// a saved model keeps its meaning. A feature is a template number and its
// values.
class Fnv {
 public:
  explicit Fnv(uint8_t feature_template) { Byte(feature_template); }
  Fnv& Add(absl::string_view s) {
    for (unsigned char c : s) Byte(c);
    Byte(0x1F);  // separator, so ("ab","c") != ("a","bc")
    return *this;
  }
  Fnv& Add(uint8_t v) {
    Byte(v);
    return *this;
  }
  uint64_t get() const { return h_; }

 private:
  void Byte(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

// scores[0, kTags) += row[0, kTags): a feature's weights added to a token's
// scores, in the taggers' innermost loop. The int16 rows of a loaded model
// widen to int32 eight at a time where SSE2 is there.
template <int kTags, typename Weight, typename Score>
inline void AddRow(const Weight* row, Score* scores) {
  for (int t = 0; t < kTags; ++t) scores[t] += row[t];
}
template <int kTags>
inline void AddRow(const int16_t* row, int32_t* scores) {
  int t = 0;
#if defined(__SSE2__)
  for (; t + 8 <= kTags; t += 8) {
    const __m128i w =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + t));
    // Each int16 into the high half of an int32, shifted down with its sign.
    const __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(w, w), 16);
    const __m128i hi = _mm_srai_epi32(_mm_unpackhi_epi16(w, w), 16);
    __m128i* s = reinterpret_cast<__m128i*>(scores + t);
    _mm_storeu_si128(s, _mm_add_epi32(_mm_loadu_si128(s), lo));
    _mm_storeu_si128(s + 1, _mm_add_epi32(_mm_loadu_si128(s + 1), hi));
  }
#endif
  for (; t < kTags; ++t) scores[t] += row[t];
}

// A loaded model: feature -> int16 weight per tag. Immutable after Load;
// Row is const and thread-safe. Row sits in the taggers' innermost loop, so
// the table is a flat one of its own (see Slot) rather than a general map.
//
// File: magic, uint32 number of tags, uint32 n, n uint64 keys ascending,
// then n rows of kTags int16 (host byte order).
template <int kTags>
class Weights {
 public:
  // `what` names the model in errors ("entities model: truncated header").
  static absl::StatusOr<Weights> Load(absl::string_view bytes,
                                      absl::string_view magic,
                                      absl::string_view what) {
    auto bad = [what](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": ", why));
    };
    if (!absl::StartsWith(bytes, magic)) return bad("not a docpipe model");
    bytes.remove_prefix(magic.size());
    uint32_t tags = 0, n = 0;
    if (bytes.size() < 8) return bad("truncated header");
    std::memcpy(&tags, bytes.data(), 4);
    std::memcpy(&n, bytes.data() + 4, 4);
    bytes.remove_prefix(8);
    if (tags != kTags) return bad(absl::StrCat("has ", tags, " tags"));
    const size_t want = size_t{n} * (8 + 2 * kTags);
    if (bytes.size() != want) {
      return bad(absl::StrCat("size ", bytes.size(), ", want ", want));
    }
    Weights w;
    // At most half full: a probe for an unknown feature (most of them)
    // meets an empty slot within two steps on average.
    int bits = 4;
    while ((size_t{1} << bits) < 2 * size_t{n}) ++bits;
    w.shift_ = 64 - bits;
    w.mask_ = (size_t{1} << bits) - 1;
    w.slots_.assign(size_t{1} << bits, Slot{});
    const char* keys = bytes.data();
    const char* rows = bytes.data() + size_t{n} * 8;
    for (uint32_t i = 0; i < n; ++i) {
      uint64_t key;
      std::array<int16_t, kTags> row;
      std::memcpy(&key, keys + size_t{i} * 8, 8);
      std::memcpy(row.data(), rows + size_t{i} * 2 * kTags, 2 * kTags);
      // A repeated key (Serialize writes none): the first row wins.
      if (key == kEmpty) {
        if (!w.has_empty_key_) w.empty_key_row_ = row;
        w.has_empty_key_ = true;
        continue;
      }
      size_t at = w.Home(key);
      while (w.slots_[at].key != kEmpty && w.slots_[at].key != key) {
        at = (at + 1) & w.mask_;
      }
      if (w.slots_[at].key == kEmpty) {
        w.slots_[at] = Slot{key, row};
        ++w.size_;
      }
    }
    w.size_ += w.has_empty_key_;
    return w;
  }

  // The feature's weights, or null when the model does not know it.
  const int16_t* Row(uint64_t key) const {
    if (key == kEmpty) [[unlikely]] {
      return has_empty_key_ ? empty_key_row_.data() : nullptr;
    }
    for (size_t at = Home(key);; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.key == key) return slot.row.data();
      if (slot.key == kEmpty) return nullptr;
    }
  }
  // Starts loading the slot `key` would be found in, so that a Row(key)
  // shortly after does not wait for memory: call it for all of a token's
  // features before reading their rows.
  void Prefetch(uint64_t key) const { __builtin_prefetch(&slots_[Home(key)]); }
  size_t size() const { return size_; }

 private:
  // Feature keys are FNV hashes; the multiply spreads their low bits (which
  // FNV mixes poorly) into the high bits the table is indexed by.
  static constexpr uint64_t kEmpty = 0;
  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  // Open addressing with linear probing; a row sits next to its key, so a
  // lookup that finds its feature touches one cache line.
  struct alignas(std::min<size_t>(64,
                                  std::bit_ceil(size_t{8 + 2 * kTags}))) Slot {
    uint64_t key = kEmpty;
    std::array<int16_t, kTags> row{};
  };
  std::vector<Slot> slots_ = std::vector<Slot>(16);  // empty until Load
  int shift_ = 60;
  size_t mask_ = 15;
  size_t size_ = 0;
  // Key 0 marks an empty slot; a feature hashing to 0 is kept here.
  bool has_empty_key_ = false;
  std::array<int16_t, kTags> empty_key_row_{};
};

// Training weights with lazy averaging. Single-threaded.
template <int kTags>
class Averaged {
 public:
  // The current (not averaged) weights, for decoding while training.
  const float* Row(uint64_t key) const {
    auto it = weights_.find(key);
    return it == weights_.end() ? nullptr : it->second.w.data();
  }
  // One decision made: the clock the averages are taken over.
  void Tick() { ++clock_; }
  void Update(uint64_t key, int tag, float delta) {
    Entry& w = weights_[key];
    w.total[tag] += static_cast<float>(clock_ - w.stamp[tag]) * w.w[tag];
    w.stamp[tag] = clock_;
    w.w[tag] += delta;
  }

  // The averaged model in the Weights file format. Features whose averaged
  // weights all stay below `prune` (absolute) are dropped.
  std::string Serialize(absl::string_view magic, float prune) const {
    struct Kept {
      uint64_t key;
      std::array<float, kTags> avg;
    };
    std::vector<Kept> kept;
    float max_abs = 0;
    for (const auto& [key, w] : weights_) {
      Kept k{key, {}};
      float row_max = 0;
      for (int t = 0; t < kTags; ++t) {
        const float total =
            w.total[t] + static_cast<float>(clock_ - w.stamp[t]) * w.w[t];
        k.avg[t] = clock_ == 0 ? 0 : total / static_cast<float>(clock_);
        row_max = std::max(row_max, std::abs(k.avg[t]));
      }
      if (row_max < prune) continue;
      max_abs = std::max(max_abs, row_max);
      kept.push_back(k);
    }
    std::sort(kept.begin(), kept.end(),
              [](const Kept& a, const Kept& b) { return a.key < b.key; });
    // One scale for every weight: only the argmax of sums matters, so int16
    // with the largest weight at 30000 loses nothing that changes a decision
    // in practice (checked by the held-out score after loading).
    const float scale = max_abs > 0 ? 30000.0f / max_abs : 1;
    std::string out(magic);
    const uint32_t tags = kTags, n = static_cast<uint32_t>(kept.size());
    out.append(reinterpret_cast<const char*>(&tags), 4);
    out.append(reinterpret_cast<const char*>(&n), 4);
    for (const Kept& k : kept) {
      out.append(reinterpret_cast<const char*>(&k.key), 8);
    }
    for (const Kept& k : kept) {
      for (int t = 0; t < kTags; ++t) {
        const int16_t q = static_cast<int16_t>(std::lround(k.avg[t] * scale));
        out.append(reinterpret_cast<const char*>(&q), 2);
      }
    }
    return out;
  }

 private:
  struct Entry {
    std::array<float, kTags> w{}, total{};
    std::array<int64_t, kTags> stamp{};
  };
  absl::flat_hash_map<uint64_t, Entry> weights_;
  int64_t clock_ = 0;
};

}  // namespace docpipe::annotate::perceptron

#endif  // DOCPIPE_ANNOTATE_PERCEPTRON_H_
