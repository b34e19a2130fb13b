// The interrupt watcher's parts that need no signal: LineReader over a
// pipe, and the no-watcher defaults. Signals themselves are exercised with
// real processes in tests/cli_test.py.
#include "clients/docpipe/interrupt.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace docpipe::cli {
namespace {

TEST(LineReader, ReadsLinesAndALastLineWithoutNewline) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const std::string data = "one\n\nthree\nlast";
  ASSERT_EQ(write(fds[1], data.data(), data.size()),
            static_cast<ssize_t>(data.size()));
  close(fds[1]);
  LineReader reader(fds[0]);
  std::vector<std::string> lines;
  for (std::string line; reader.Next(&line);) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "", "three", "last"}));
  close(fds[0]);
}

TEST(Interrupt, NothingWithoutTheWatcher) {
  EXPECT_EQ(InterruptSignal(), 0);
  EXPECT_EQ(InterruptFd(), -1);
  EXPECT_TRUE(SleepUnlessInterrupted(absl::Milliseconds(1)));
  grpc::ClientContext ctx;
  CancelOnInterrupt cancel(&ctx);  // registers and unregisters cleanly
}

}  // namespace
}  // namespace docpipe::cli
