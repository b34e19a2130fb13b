#include "annotate/entities/gazetteer.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "annotate/entities/gazetteer_data.h"

namespace docpipe::annotate::entities {
namespace {

std::optional<v1::EntityType> TypeFromName(absl::string_view name) {
  if (name == "PERSON") return v1::ENTITY_TYPE_PERSON;
  if (name == "ORG") return v1::ENTITY_TYPE_ORG;
  if (name == "GPE" || name == "COUNTRY") return v1::ENTITY_TYPE_GPE;
  if (name == "LOC") return v1::ENTITY_TYPE_LOC;
  if (name == "NORP") return v1::ENTITY_TYPE_NORP;
  return std::nullopt;
}

}  // namespace

bool StartsCapital(absl::string_view text) {
  if (text.empty()) return false;
  const unsigned char c = text[0];
  return absl::ascii_isupper(c) || c >= 0x80;
}

std::string NormalizedName(const TokenizedText& t, size_t i, size_t n) {
  std::string out;
  for (size_t k = i; k < i + n && k < t.tokens.size(); ++k) {
    if (k > i && t.tokens[k].space_before) out.push_back(' ');
    absl::StrAppend(&out, t.Lower(t.tokens[k]));
  }
  return out;
}

std::string NormalizedName(absl::string_view text) {
  const TokenizedText t = Tokenize(text);
  return NormalizedName(t, 0, t.tokens.size());
}

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Parse(
    absl::string_view tsv) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (f.size() != 3 || f[2].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "gazetteer line ", line_no, ": want TYPE<tab>id<tab>names"));
    }
    std::vector<absl::string_view> names = absl::StrSplit(f[2], '|');
    absl::flat_hash_set<std::string>* words = nullptr;
    if (f[0] == "TITLE") words = &g->titles_;
    if (f[0] == "ORG_HEAD") words = &g->org_heads_;
    if (f[0] == "LOC_HEAD") words = &g->loc_heads_;
    if (f[0] == "COMMON") words = &g->common_;
    if (f[0] == "CLUB_PLACE") words = &g->club_places_;
    if (f[0] == "EVENT_HEAD") words = &g->event_heads_;
    if (f[0] == "NOT_NAME") words = &g->not_names_;
    if (f[0] == "FAC_HEAD") words = &g->facility_heads_;
    if (f[0] == "BAND") words = &g->bands_;
    if (f[0] == "BRAND") words = &g->brands_;
    if (words != nullptr) {
      for (absl::string_view n : names) {
        words->insert(absl::AsciiStrToLower(absl::StripSuffix(n, ".")));
      }
      continue;
    }
    auto type = TypeFromName(f[0]);
    if (!type) {
      return absl::InvalidArgumentError(absl::StrCat(
          "gazetteer line ", line_no, ": unknown type \"", f[0], "\""));
    }
    auto [it, inserted] = g->by_id_.try_emplace(f[1], g->entries_.size());
    if (inserted) {
      g->entries_.push_back({*type, std::string(f[1]), std::string(names[0])});
    }
    if (f[0] == "COUNTRY") g->entries_[it->second].country = true;
    // "Ernst & Young" is also written "Ernst and Young".
    std::vector<std::string> spelled;
    for (absl::string_view n : names) {
      if (absl::StrContains(n, " & ")) {
        spelled.push_back(absl::StrReplaceAll(n, {{" & ", " and "}}));
      }
    }
    names.insert(names.end(), spelled.begin(), spelled.end());
    for (absl::string_view n : names) {
      const TokenizedText t = Tokenize(n);
      if (t.tokens.empty()) continue;
      // Later lines win: the project's file overrides iso-codes.
      g->names_[NormalizedName(t, 0, t.tokens.size())] = it->second;
      size_t& most = g->first_words_[std::string(t.Lower(t.tokens[0]))];
      most = std::max(most, t.tokens.size());
    }
  }
  return g;
}

const Gazetteer& Gazetteer::Default() {
  static const Gazetteer* g = [] {
    auto parsed = Parse(kGazetteerData);
    // The embedded data is checked by the tests; a failure here is a build
    // defect, so fail loudly.
    if (!parsed.ok()) abort();
    return parsed->release();
  }();
  return *g;
}

const GazetteerEntry* Gazetteer::Match(const TokenizedText& t, size_t i,
                                       size_t end, size_t* len) const {
  // A name starts with a capital, or with an Arabic article joined by a
  // hyphen to one ("al-Qaeda").
  if (i >= end) return nullptr;
  if (!StartsCapital(t.Text(t.tokens[i]))) {
    const absl::string_view w = t.Text(t.tokens[i]);
    if ((w != "al" && w != "el") || i + 2 >= end ||
        t.Text(t.tokens[i + 1]) != "-" || t.tokens[i + 1].space_before ||
        t.tokens[i + 2].space_before ||
        !StartsCapital(t.Text(t.tokens[i + 2]))) {
      return nullptr;
    }
  }
  auto first = first_words_.find(t.Lower(t.tokens[i]));
  if (first == first_words_.end()) return nullptr;
  // No name starting with this word has more tokens than its longest.
  const size_t longest = first->second;
  // The longest candidate key built once; shorter ones are its prefixes.
  std::string key;
  size_t ends[32];
  const size_t most = std::min({longest, end - i, size_t{32}});
  for (size_t n = 0; n < most; ++n) {
    const Token& tok = t.tokens[i + n];
    if (n > 0 && tok.space_before) key.push_back(' ');
    key.append(t.Lower(tok).data(), t.Lower(tok).size());
    ends[n] = key.size();
  }
  for (size_t n = most; n >= 1; --n) {
    auto it = names_.find(absl::string_view(key).substr(0, ends[n - 1]));
    if (it != names_.end()) {
      *len = n;
      return &entries_[it->second];
    }
  }
  return nullptr;
}

const GazetteerEntry* Gazetteer::MatchWord(absl::string_view word) const {
  auto it = names_.find(absl::AsciiStrToLower(word));
  return it == names_.end() ? nullptr : &entries_[it->second];
}

const GazetteerEntry* Gazetteer::Find(absl::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &entries_[it->second];
}

void Gazetteer::Label(const TokenizedText& t,
                      const std::vector<uint32_t>& tokens,
                      std::vector<uint8_t>* out) const {
  out->assign(tokens.size(), 0);
  if (tokens.empty()) return;
  const size_t first = tokens.front(), end = tokens.back() + 1;
  for (size_t k = 0; k < tokens.size();) {
    size_t len = 0;
    if (const GazetteerEntry* e = Match(t, first + k, end, &len)) {
      for (size_t j = 0; j < len; ++j) {
        (*out)[k + j] = static_cast<uint8_t>(2 * e->type + (j > 0));
      }
      k += len;
      continue;
    }
    const absl::string_view lower = t.Lower(t.tokens[first + k]);
    if (StartsCapital(t.Text(t.tokens[first + k]))) {
      if (IsTitle(lower)) (*out)[k] = 2 * kTitle;
      if (IsOrgHead(lower)) (*out)[k] = 2 * kOrgHead;
      if (IsLocHead(lower)) (*out)[k] = 2 * kLocHead;
    }
    ++k;
  }
}

}  // namespace docpipe::annotate::entities
