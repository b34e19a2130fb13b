// The PolNeAR reader, its conversion to our guidelines, and the cue
// training corpus built from it (annotate/eval).
#include "annotate/eval/polnear.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "annotate/attributions/attributions_test_util.h"
#include "annotate/eval/cue_training.h"

namespace docpipe::annotate::attributions {
namespace {

TEST(PolnearTest, ReadsCodePointSpansAndConvertsToOurGuidelines) {
  // Code points, not bytes: the title's "é" is two bytes, one code point.
  const std::string text =
      "Caf\u00e9 title\n\nThe Post reports that \u201cprices will rise.\u201d "
      "More, sources said.";
  // Offsets in code points: "The Post" 12-20, "reports" 21-28,
  // content 29-55 ("that “prices will rise.”"), discontinuous source.
  const std::string ann =
      "T1\tSource 12 20\tThe Post\n"
      "T2\tCue 21 28\treports\n"
      "T3\tContent 29 54\tthat \u201cprices will rise.\u201d\n"
      "E1\tAttribution:T9 Cue:T2 Source:T1 Content:T3\n"
      "T4\tCue 0 4\tCaf\u00e9\n"
      "T5\tContent 5 10\ttitle\n"
      "E2\tAttribution:T8 Cue:T4 Content:T5\n";
  auto doc = attributions::ParsePolnear("x.txt", text, ann);
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->relations.size(), 2u);
  const GoldDoc g = attributions::ToGuidelines(*doc);
  ASSERT_EQ(g.annotations.size(), 1u);  // the headline's one is dropped
  const auto& a = g.annotations[0];
  EXPECT_EQ(Cut(text, a.span()), "reports");
  EXPECT_EQ(Cut(text, a.attribution().source()), "The Post");
  EXPECT_EQ(Cut(text, a.attribution().content()), "prices will rise");
}

// Brat standoff for ASCII `text` (code points are bytes): one relation per
// (cue, content) pair, each found in order after the one before.
std::string Ann(
    absl::string_view text,
    std::vector<std::pair<absl::string_view, absl::string_view>> relations) {
  std::string out;
  size_t from = 0;
  int t = 0;
  for (const auto& [cue, content] : relations) {
    const size_t c = text.find(cue, from);
    const size_t x = text.find(content, c + cue.size());
    from = x + content.size();
    const int cue_id = ++t, content_id = ++t;
    absl::StrAppend(&out, "T", cue_id, "\tCue ", c, " ", c + cue.size(), "\t",
                    cue, "\n", "T", content_id, "\tContent ", x, " ",
                    x + content.size(), "\t", content, "\n", "E", cue_id,
                    "\tAttribution:T99 Cue:T", cue_id, " Content:T", content_id,
                    "\n");
  }
  return out;
}

TEST(PolnearTest, DropsRelationsOurGuidelinesLeaveOut) {
  const std::string text =
      "Title\nThe senator is determined to block it. Aides said so. "
      "She wants more. He supports it.";
  auto doc =
      attributions::ParsePolnear("x.txt", text,
                                 Ann(text, {{"is determined to", "block it"},
                                            {"said", "so"},
                                            {"wants", "more"},
                                            {"supports", "it"}}));
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->relations.size(), 4u);
  const GoldDoc g = attributions::ToGuidelines(*doc);
  ASSERT_EQ(g.annotations.size(), 1u);
  EXPECT_EQ(Cut(text, g.annotations[0].span()), "said");
}

TEST(CueCorpusTest, GoldCuesAreTheVerbAndItsParticles) {
  const std::string text =
      "Title\nThe senator has also said so. He told us. They called for "
      "calm. She sent a letter urging calm.";
  const std::string ann = Ann(text, {{"has also said", "so"},
                                     {"told", "us"},
                                     {"called for", "calm"},
                                     {"sent a letter urging", "calm"}});
  auto doc = attributions::ParsePolnear("x.txt", text, ann);
  ASSERT_TRUE(doc.ok()) << doc.status();
  std::vector<attributions::PolnearDoc> docs{*std::move(doc)};
  const attributions::CueCorpus c = attributions::BuildCueCorpus(docs);
  std::vector<std::string> tagged;
  const TokenizedText& t = *c.texts[0];
  for (size_t k = 0; k < t.tokens.size(); ++k) {
    if (c.gold[0][k] != attributions::kOutside) {
      tagged.push_back(
          absl::StrCat(c.gold[0][k] == attributions::kCueBegin ? "B:" : "I:",
                       t.Text(t.tokens[k])));
    }
  }
  EXPECT_THAT(tagged, ::testing::ElementsAre("B:said", "B:told", "B:called",
                                             "I:for", "B:sent"));
}

TEST(PolnearTest, MalformedSpansNameTheLine) {
  auto bad = attributions::ParsePolnear("x.txt", "short", "T1\tCue 2 99\tx\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("x.txt.ann:1"), std::string::npos)
      << bad.status();
  EXPECT_FALSE(
      attributions::ParsePolnear("x.txt", "short", "T1\tCue 3 1\tx\n").ok());
}

}  // namespace
}  // namespace docpipe::annotate::attributions
