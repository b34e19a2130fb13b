#include "clients/docpipe/commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/str_split.h"
#include "clients/docpipe/flags.h"

namespace docpipe::cli {
namespace {

using ::testing::HasSubstr;

class CommandsTest : public ::testing::Test {
 private:
  absl::FlagSaver saver_;  // each test's parsed flags are undone
};

ParsedArgs Parse(const std::vector<std::string>& argv) {
  ParsedArgs out;
  absl::Status st = ParseArgs(argv, &out);
  EXPECT_TRUE(st.ok()) << st;
  return out;
}

TEST_F(CommandsTest, EveryFlagInTheTableExists) {
  for (const Command& c : Commands()) {
    for (const char* flag : c.flags) {
      EXPECT_NE(absl::FindCommandLineFlag(flag), nullptr)
          << c.name << " lists unknown flag --" << flag;
    }
  }
}

TEST_F(CommandsTest, FindsCommandsAndAliases) {
  ASSERT_NE(FindCommand("ls"), nullptr);
  EXPECT_EQ(FindCommand("list"), FindCommand("ls"));
  EXPECT_EQ(FindCommand("lsx"), nullptr);
  EXPECT_EQ(FindCommand(""), nullptr);
  EXPECT_EQ(FindCommand("serve")->signals, SignalMode::kServe);
  EXPECT_EQ(FindCommand("watch")->signals, SignalMode::kCancel);
  EXPECT_EQ(FindCommand("feed")->signals, SignalMode::kCancel);
  EXPECT_EQ(FindCommand("show")->signals, SignalMode::kDefault);
}

TEST_F(CommandsTest, FlagsAnywhereInEveryForm) {
  ParsedArgs p = Parse({"--server", "h:1", "show", "doc.txt", "--json",
                        "--timeout=5s", "-version", "3"});
  EXPECT_EQ(p.command, "show");
  EXPECT_THAT(p.args, ::testing::ElementsAre("doc.txt"));
  EXPECT_THAT(p.flags,
              ::testing::ElementsAre("server", "json", "timeout", "version"));
  EXPECT_EQ(absl::GetFlag(FLAGS_server), "h:1");
  EXPECT_TRUE(absl::GetFlag(FLAGS_json));
  EXPECT_EQ(absl::GetFlag(FLAGS_timeout), absl::Seconds(5));
  EXPECT_FALSE(p.help);

  p = Parse({"watch", "--nojson"});
  EXPECT_FALSE(absl::GetFlag(FLAGS_json));
  p = Parse({"feed", "-", "--", "--not-a-flag"});
  EXPECT_THAT(p.args, ::testing::ElementsAre("-", "--not-a-flag"));
  EXPECT_TRUE(Parse({"correct", "-h"}).help);
  EXPECT_TRUE(Parse({"--help"}).help);
}

TEST_F(CommandsTest, ParseErrorsNameTheFlag) {
  ParsedArgs p;
  absl::Status st = ParseArgs({"show", "--colour", "x"}, &p);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("unknown flag --colour"));
  EXPECT_EQ(p.command, "show");
  st = ParseArgs({"--server"}, &p);
  EXPECT_THAT(st.message(), HasSubstr("--server needs a value"));
  st = ParseArgs({"--timeout=soon", "watch"}, &p);
  EXPECT_THAT(st.message(), HasSubstr("flag --timeout"));
  EXPECT_EQ(p.command, "watch");  // told for the usage line
  st = ParseArgs({"--noserver=x"}, &p);
  EXPECT_THAT(st.message(), HasSubstr("unknown flag --noserver"));
}

TEST_F(CommandsTest, RejectsFlagsTheCommandDoesNotTake) {
  const Command& show = *FindCommand("show");
  EXPECT_TRUE(CheckArgs(show, Parse({"show", "--json", "d"})).ok());
  absl::Status st = CheckArgs(show, Parse({"show", "--yes", "d"}));
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("--yes does not apply to docpipe show"));
  EXPECT_FALSE(CheckArgs(*FindCommand("annotate"),
                         Parse({"annotate", "--server", "x", "f"}))
                   .ok());
}

TEST_F(CommandsTest, ChecksArgumentCounts) {
  EXPECT_THAT(CheckArgs(*FindCommand("show"), Parse({"show"})).message(),
              HasSubstr("missing argument"));
  EXPECT_THAT(
      CheckArgs(*FindCommand("diff"), Parse({"diff", "d", "1"})).message(),
      HasSubstr("expected 3 arguments, got 2"));
  EXPECT_THAT(CheckArgs(*FindCommand("watch"), Parse({"watch", "x"})).message(),
              HasSubstr("unexpected argument 'x'"));
  EXPECT_TRUE(
      CheckArgs(*FindCommand("feed"), Parse({"feed", "a", "b", "c"})).ok());
}

TEST_F(CommandsTest, CommandUsageListsFlagsWithMeaningAndDefault) {
  std::string usage = CommandUsage(*FindCommand("watch"));
  EXPECT_EQ(usage.find("usage: docpipe watch"), 0u);
  EXPECT_THAT(usage, HasSubstr("--from (default: \"\")\n      First revision"));
  for (absl::string_view line : absl::StrSplit(usage, '\n')) {
    EXPECT_LE(line.size(), 80u) << line;
  }
  EXPECT_THAT(usage, HasSubstr("--server (default: 127.0.0.1:50050)"));
  EXPECT_THAT(usage, HasSubstr("--max_backoff (default: 5s)"));
  EXPECT_THAT(usage, ::testing::Not(HasSubstr("--yes")));
  EXPECT_THAT(CommandUsage(*FindCommand("correct")),
              HasSubstr("(exit 1) unless --yes"));
  EXPECT_THAT(UsageLine(*FindCommand("diff")),
              HasSubstr("usage: docpipe diff [--server A] DOC A B"));
}

TEST_F(CommandsTest, GlobalUsageListsEveryCommandAndTheExitCodes) {
  std::string usage = GlobalUsage();
  for (const Command& c : Commands()) {
    if (std::string(c.name) != "help") {
      EXPECT_THAT(usage, HasSubstr(c.name));
    }
  }
  EXPECT_THAT(usage, HasSubstr("exit codes"));
  EXPECT_THAT(usage, HasSubstr("143"));
  for (absl::string_view line : absl::StrSplit(usage, '\n')) {
    EXPECT_LE(line.size(), 80u) << line;
  }
}

}  // namespace
}  // namespace docpipe::cli
