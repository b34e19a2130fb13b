// SIGINT/SIGTERM for client commands that must stop cleanly (feed, watch,
// reannotate; SignalMode::kCancel in commands.h): both signals are blocked
// in every thread and a watcher thread receives them. On the first it
// records the signal, cancels the registered in-flight gRPC calls and wakes
// InterruptFd(); the command notices, finishes what it was printing and
// exits with InterruptExitCode(). A second signal ends the process at once.
#ifndef DOCPIPE_CLIENTS_DOCPIPE_INTERRUPT_H_
#define DOCPIPE_CLIENTS_DOCPIPE_INTERRUPT_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/time/time.h"

namespace docpipe::cli {

// Call first in main, before any other thread starts.
void StartInterruptWatcher();

// The signal received, 0 while none has (always 0 without the watcher).
int InterruptSignal();

// 128 + InterruptSignal(): 130 for SIGINT, 143 for SIGTERM.
int InterruptExitCode();

// "SIGINT" / "SIGTERM".
std::string InterruptName();

// Readable once a signal has arrived; -1 without the watcher.
int InterruptFd();

// Waits `d`; false when a signal arrived first (or before).
bool SleepUnlessInterrupted(absl::Duration d);

// While alive, a signal cancels `ctx` (ClientContext::TryCancel); cancels
// it at once if a signal came before.
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(grpc::ClientContext* ctx);
  ~CancelOnInterrupt();
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

 private:
  grpc::ClientContext* ctx_;
};

// Lines from a file descriptor (a pipe, a terminal) that stop at a signal
// instead of blocking on input that never comes.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  // The next line without its newline (a last line without one counts);
  // false at the end of input, on a read error, or once a signal arrived.
  bool Next(std::string* line);

 private:
  int fd_;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace docpipe::cli

#endif  // DOCPIPE_CLIENTS_DOCPIPE_INTERRUPT_H_
