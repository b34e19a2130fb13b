#include "clients/docpipe/interrupt.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"

namespace docpipe::cli {
namespace {

struct State {
  std::atomic<int> signal{0};
  int wake[2] = {-1, -1};  // a pipe; written once on the first signal
  absl::Mutex mu;
  std::vector<grpc::ClientContext*> contexts ABSL_GUARDED_BY(mu);
};

State& Get() {
  static auto* state = new State;
  return *state;
}

void Watch(sigset_t set) {
  State& s = Get();
  int sig = 0;
  if (sigwait(&set, &sig) != 0) return;
  {
    absl::MutexLock lock(&s.mu);
    s.signal.store(sig);
    for (grpc::ClientContext* ctx : s.contexts) ctx->TryCancel();
  }
  (void)!write(s.wake[1], "x", 1);
  if (sigwait(&set, &sig) == 0) _exit(128 + sig);
}

}  // namespace

void StartInterruptWatcher() {
  State& s = Get();
  if (pipe(s.wake) != 0) return;  // signals keep their default disposition
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(Watch, set).detach();
}

int InterruptSignal() { return Get().signal.load(); }

int InterruptExitCode() { return 128 + InterruptSignal(); }

std::string InterruptName() {
  switch (InterruptSignal()) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "no signal";
  }
}

int InterruptFd() { return Get().wake[0]; }

bool SleepUnlessInterrupted(absl::Duration d) {
  if (InterruptSignal() != 0) return false;
  if (InterruptFd() < 0) {
    absl::SleepFor(d);
    return true;
  }
  pollfd p = {InterruptFd(), POLLIN, 0};
  const absl::Time until = absl::Now() + d;
  for (absl::Duration left = d; left > absl::ZeroDuration();
       left = until - absl::Now()) {
    int ms = static_cast<int>(
        std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 1 << 30));
    if (poll(&p, 1, ms) > 0) return false;
  }
  return InterruptSignal() == 0;
}

CancelOnInterrupt::CancelOnInterrupt(grpc::ClientContext* ctx) : ctx_(ctx) {
  State& s = Get();
  absl::MutexLock lock(&s.mu);
  if (s.signal.load() != 0) ctx_->TryCancel();
  s.contexts.push_back(ctx_);
}

CancelOnInterrupt::~CancelOnInterrupt() {
  State& s = Get();
  absl::MutexLock lock(&s.mu);
  s.contexts.erase(std::find(s.contexts.begin(), s.contexts.end(), ctx_));
}

bool LineReader::Next(std::string* line) {
  for (;;) {
    if (size_t nl = buffer_.find('\n'); nl != std::string::npos) {
      line->assign(buffer_, 0, nl);
      buffer_.erase(0, nl + 1);
      return true;
    }
    if (eof_) {
      if (buffer_.empty()) return false;
      line->swap(buffer_);
      buffer_.clear();
      return true;
    }
    if (InterruptSignal() != 0) return false;
    pollfd p[2] = {{fd_, POLLIN, 0}, {InterruptFd(), POLLIN, 0}};
    const int n = poll(p, InterruptFd() < 0 ? 1 : 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || p[1].revents != 0) return false;
    char chunk[1 << 16];
    ssize_t got = read(fd_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) eof_ = true;
    buffer_.append(chunk, static_cast<size_t>(got));
  }
}

}  // namespace docpipe::cli
