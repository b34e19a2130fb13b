#include "annotate/eval/polnear.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "annotate/attributions/cues.h"
#include "annotate/tokenizer.h"
#include "common/utf8.h"

namespace docpipe::annotate::attributions {
namespace {

absl::StatusOr<std::string> Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path.string(), ": cannot open"));
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "12 20;25 30" in code points -> byte pieces.
absl::StatusOr<Pieces> ParseRanges(absl::string_view ranges,
                                   const OffsetConverter& conv) {
  Pieces out;
  for (absl::string_view piece : absl::StrSplit(ranges, ';')) {
    std::vector<absl::string_view> be =
        absl::StrSplit(piece, ' ', absl::SkipEmpty());
    uint32_t b = 0, e = 0;
    if (be.size() != 2 || !absl::SimpleAtoi(be[0], &b) ||
        !absl::SimpleAtoi(be[1], &e) || e < b) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad range \"", piece, "\""));
    }
    auto bb = conv.ToByte(b, OffsetUnit::kCodePoint);
    auto eb = conv.ToByte(e, OffsetUnit::kCodePoint);
    if (!bb.ok() || !eb.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("range \"", piece, "\" past the end of the text"));
    }
    out.emplace_back(*bb, *eb);
  }
  return out;
}

bool IsSpace(char c) { return absl::ascii_isspace(static_cast<uint8_t>(c)); }

void Trim(absl::string_view text, uint32_t* b, uint32_t* e) {
  while (*b < *e && IsSpace(text[*b])) ++*b;
  while (*e > *b && IsSpace(text[*e - 1])) --*e;
}

bool EatPrefix(absl::string_view text, uint32_t* b, uint32_t e,
               absl::string_view s) {
  if (e - *b < s.size() || text.substr(*b, s.size()) != s) return false;
  *b += static_cast<uint32_t>(s.size());
  return true;
}

bool EatSuffix(absl::string_view text, uint32_t b, uint32_t* e,
               absl::string_view s) {
  if (*e - b < s.size() || text.substr(*e - s.size(), s.size()) != s) {
    return false;
  }
  *e -= static_cast<uint32_t>(s.size());
  return true;
}

// Our content rules: no complementizer, no enclosing quotation marks, no
// closing full stop or comma.
void NormalizeContent(absl::string_view text, uint32_t* b, uint32_t* e) {
  Trim(text, b, e);
  if (*e - *b > 5 && absl::EqualsIgnoreCase(text.substr(*b, 5), "that ")) {
    *b += 5;
    Trim(text, b, e);
  }
  const bool quoted =
      EatPrefix(text, b, *e, "\u201c") || EatPrefix(text, b, *e, "\"") ||
      EatPrefix(text, b, *e, "''") || EatPrefix(text, b, *e, "``");
  for (bool changed = true; changed && *e > *b;) {
    changed = false;
    Trim(text, b, e);
    if (*e > *b && (text[*e - 1] == '.' || text[*e - 1] == ',')) {
      --*e;
      changed = true;
    }
    if (quoted &&
        (EatSuffix(text, *b, e, "\u201d") || EatSuffix(text, *b, e, "\"") ||
         EatSuffix(text, *b, e, "''"))) {
      changed = true;
    }
  }
  Trim(text, b, e);
}

// From the first piece's begin to the last piece's end.
std::pair<uint32_t, uint32_t> Hull(const Pieces& pieces) {
  uint32_t b = pieces.front().first, e = pieces.front().second;
  for (const auto& [pb, pe] : pieces) {
    b = std::min(b, pb);
    e = std::max(e, pe);
  }
  return {b, e};
}

}  // namespace

absl::StatusOr<PolnearDoc> ParsePolnear(std::string name, std::string text,
                                        absl::string_view ann) {
  PolnearDoc doc{std::move(name), std::move(text), {}};
  if (!IsValidUtf8(doc.text)) {
    return absl::InvalidArgumentError(doc.name + ": text is not UTF-8");
  }
  const OffsetConverter conv(doc.text);
  // T lines: id -> (type, pieces). A span's text may hold newlines, so a
  // line that starts with neither T, E nor # continues the previous one.
  std::map<std::string, std::pair<std::string, Pieces>> spans;
  std::vector<std::vector<std::pair<std::string, std::string>>> events;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(ann, '\n')) {
    ++line_no;
    std::vector<absl::string_view> cols = absl::StrSplit(line, '\t');
    if (cols.size() < 2) continue;
    auto where = [&] { return absl::StrCat(doc.name, ".ann:", line_no, ": "); };
    if (cols[0].size() > 1 && cols[0][0] == 'T' &&
        absl::ascii_isdigit(static_cast<uint8_t>(cols[0][1]))) {
      const size_t sp = cols[1].find(' ');
      if (sp == absl::string_view::npos) {
        return absl::InvalidArgumentError(where() + "no span");
      }
      auto pieces = ParseRanges(cols[1].substr(sp + 1), conv);
      if (!pieces.ok()) {
        return absl::InvalidArgumentError(
            where() + std::string(pieces.status().message()));
      }
      spans[std::string(cols[0])] = {std::string(cols[1].substr(0, sp)),
                                     *std::move(pieces)};
    } else if (cols[0].size() > 1 && cols[0][0] == 'E' &&
               absl::ascii_isdigit(static_cast<uint8_t>(cols[0][1]))) {
      auto& roles = events.emplace_back();
      for (absl::string_view arg :
           absl::StrSplit(cols[1], ' ', absl::SkipEmpty())) {
        std::pair<std::string, std::string> kv =
            absl::StrSplit(arg, absl::MaxSplits(':', 1));
        roles.push_back(std::move(kv));
      }
    }
  }
  for (const auto& roles : events) {
    PolnearRelation r;
    for (const auto& [role, id] : roles) {
      auto it = spans.find(id);
      if (it == spans.end()) continue;
      if (role == "Cue") r.cue = it->second.second;
      if (role == "Source") r.source = it->second.second;
      if (role == "Content") r.content = it->second.second;
    }
    if (!r.cue.empty()) doc.relations.push_back(std::move(r));
  }
  return doc;
}

absl::StatusOr<std::vector<PolnearDoc>> ReadPolnear(const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path ann_dir = fs::path(dir) / "attributions";
  std::error_code ec;
  std::vector<fs::path> anns;
  for (const auto& entry : fs::directory_iterator(ann_dir, ec)) {
    if (entry.path().extension() == ".ann") anns.push_back(entry.path());
  }
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat(ann_dir.string(), ": ", ec.message()));
  }
  std::sort(anns.begin(), anns.end());
  std::vector<PolnearDoc> docs;
  for (const fs::path& ann : anns) {
    // "<name>_<annotator>.ann" -> "<name>.txt"
    const std::string stem = ann.stem().string();
    const size_t us = stem.rfind('_');
    if (us == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(ann.string(), ": no _<annotator> in the name"));
    }
    const std::string name = stem.substr(0, us) + ".txt";
    // Articles used to train the annotators were marked by several; the
    // first (in name order) stands for the article.
    if (!docs.empty() && docs.back().name == name) continue;
    auto text = Slurp(fs::path(dir) / "text" / name);
    if (!text.ok()) return text.status();
    auto bytes = Slurp(ann);
    if (!bytes.ok()) return bytes.status();
    auto doc = ParsePolnear(name, *std::move(text), *bytes);
    if (!doc.ok()) return doc.status();
    docs.push_back(*std::move(doc));
  }
  if (docs.empty()) {
    return absl::NotFoundError(
        absl::StrCat(ann_dir.string(), ": no .ann files"));
  }
  return docs;
}

GoldDoc ToGuidelines(const PolnearDoc& doc) {
  GoldDoc g;
  g.doc = doc.name;
  g.text = doc.text;
  const absl::string_view text = doc.text;
  const size_t first_line_end = std::min(text.find('\n'), text.size());
  for (const PolnearRelation& r : doc.relations) {
    if (r.content.empty()) continue;
    uint32_t cb = r.cue.front().first, ce = r.cue.front().second;
    Trim(text, &cb, &ce);
    if (cb >= ce || cb < first_line_end) continue;
    const TokenizedText cue = Tokenize(text.substr(cb, ce - cb));
    if (IsOutOfScopeCue(cue, 0, cue.tokens.size())) continue;
    auto [tb, te] = Hull(r.content);
    NormalizeContent(text, &tb, &te);
    if (tb >= te) continue;
    v1::Annotation a;
    a.mutable_span()->set_begin(cb);
    a.mutable_span()->set_end(ce);
    auto* at = a.mutable_attribution();
    at->mutable_content()->set_begin(tb);
    at->mutable_content()->set_end(te);
    if (!r.source.empty()) {
      auto [sb, se] = Hull(r.source);
      Trim(text, &sb, &se);
      if (sb < se) {
        at->mutable_source()->set_begin(sb);
        at->mutable_source()->set_end(se);
      }
    }
    g.annotations.push_back(std::move(a));
  }
  std::sort(g.annotations.begin(), g.annotations.end(),
            [](const v1::Annotation& a, const v1::Annotation& b) {
              return a.span().begin() < b.span().begin();
            });
  return g;
}

}  // namespace docpipe::annotate::attributions
