// ThreadSanitizer builds only (DOCPIPE_SANITIZE=thread; CMake adds this file
// to the test binaries there).
//
// Debian's Abseil is not built with TSan, so the synchronization inside
// absl::Mutex and absl::CondVar is invisible to it, and every access that
// an absl::Mutex guards reads to TSan as a data race. This file interposes
// the Mutex and CondVar entry points: each tells TSan what the call does to
// the mutex, with the annotations Abseil itself makes when it is built with
// TSan (absl/synchronization/mutex.cc), and forwards to Abseil's own
// definition, found with dlsym(RTLD_NEXT). A definition in the executable
// takes precedence over the shared library's, for docpipe's calls and for
// those of gRPC, whose grpc_core::Mutex is an absl::Mutex.
//
// The *WithTimeout variants are not interposed: Abseil's own compute a
// deadline and call the *WithDeadline ones through the PLT, which are.
//
// Conditions are evaluated by Abseil while it holds the mutex but outside
// the span the calls below announce, so each is wrapped to acquire the
// mutex's happens-before edges before it reads and release them after.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/synchronization/mutex.h"

// This file implements the mutex the analysis reasons about.
#pragma clang diagnostic ignored "-Wthread-safety-analysis"

namespace {

#define DOCPIPE_STR2(x) #x
#define DOCPIPE_STR(x) DOCPIPE_STR2(x)

// Abseil's definition of the member function whose mangled name is
// _ZN4absl<ns>`suffix`, with <ns> Abseil's inline namespace.
template <typename F>
F Next(const char* suffix) {
  const std::string ns = DOCPIPE_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name = "_ZN4absl" + std::to_string(ns.size()) + ns + suffix;
  void* f = dlsym(RTLD_NEXT, name.c_str());
  if (f == nullptr) {
    std::fprintf(stderr, "tsan_absl_mutex: no %s\n", name.c_str());
    std::abort();
  }
  return reinterpret_cast<F>(f);
}

using absl::Condition;
using absl::CondVar;
using absl::Duration;
using absl::Mutex;
using absl::Time;

// A condition that first acquires `mu`'s happens-before edges, as if it
// were evaluated inside a lock TSan knows of.
struct Annotated {
  const Condition* cond;
  Mutex* mu;
  static bool Eval(Annotated* a) {
    __tsan_acquire(a->mu);
    const bool met = a->cond->Eval();
    __tsan_release(a->mu);  // the next holder sees what it read
    return met;
  }
};

void PreLock(Mutex* mu, unsigned flags) { __tsan_mutex_pre_lock(mu, flags); }
void PostLock(Mutex* mu, unsigned flags) {
  __tsan_mutex_post_lock(mu, flags, 0);
}
void Release(Mutex* mu, unsigned flags) {
  __tsan_mutex_pre_unlock(mu, flags);
  __tsan_mutex_post_unlock(mu, flags);
}
void Acquire(Mutex* mu, unsigned flags) {
  PreLock(mu, flags);
  PostLock(mu, flags);
}

constexpr unsigned kRead = __tsan_mutex_read_lock;

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static auto next = Next<void (*)(Mutex*)>("5Mutex4LockEv");
  PreLock(this, 0);
  next(this);
  PostLock(this, 0);
}

void Mutex::ReaderLock() {
  static auto next = Next<void (*)(Mutex*)>("5Mutex10ReaderLockEv");
  PreLock(this, kRead);
  next(this);
  PostLock(this, kRead);
}

bool Mutex::TryLock() {
  static auto next = Next<bool (*)(Mutex*)>("5Mutex7TryLockEv");
  __tsan_mutex_pre_lock(this, __tsan_mutex_try_lock);
  const bool locked = next(this);
  __tsan_mutex_post_lock(
      this, locked ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed, 0);
  return locked;
}

bool Mutex::ReaderTryLock() {
  static auto next = Next<bool (*)(Mutex*)>("5Mutex13ReaderTryLockEv");
  __tsan_mutex_pre_lock(this, kRead | __tsan_mutex_try_lock);
  const bool locked = next(this);
  __tsan_mutex_post_lock(
      this,
      kRead | (locked ? __tsan_mutex_try_lock : __tsan_mutex_try_lock_failed),
      0);
  return locked;
}

void Mutex::Unlock() {
  static auto next = Next<void (*)(Mutex*)>("5Mutex6UnlockEv");
  __tsan_mutex_pre_unlock(this, 0);
  next(this);
  __tsan_mutex_post_unlock(this, 0);
}

void Mutex::ReaderUnlock() {
  static auto next = Next<void (*)(Mutex*)>("5Mutex12ReaderUnlockEv");
  __tsan_mutex_pre_unlock(this, kRead);
  next(this);
  __tsan_mutex_post_unlock(this, kRead);
}

// The timed LockWhen*: a lock whose condition is evaluated along the way.
#define DOCPIPE_LOCK_WHEN(Name, Suffix, Flags, Arg)                           \
  bool Mutex::Name(const Condition& cond, Arg arg) {                          \
    static auto next = Next<bool (*)(Mutex*, const Condition&, Arg)>(Suffix); \
    Annotated a{&cond, this};                                                 \
    const Condition wrapped(&Annotated::Eval, &a);                            \
    PreLock(this, Flags);                                                     \
    const bool met = next(this, wrapped, arg);                                \
    PostLock(this, Flags);                                                    \
    return met;                                                               \
  }

void Mutex::LockWhen(const Condition& cond) {
  static auto next = Next<void (*)(Mutex*, const Condition&)>(
      "5Mutex8LockWhenERKNS0_9ConditionE");
  Annotated a{&cond, this};
  const Condition wrapped(&Annotated::Eval, &a);
  PreLock(this, 0);
  next(this, wrapped);
  PostLock(this, 0);
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  static auto next = Next<void (*)(Mutex*, const Condition&)>(
      "5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  Annotated a{&cond, this};
  const Condition wrapped(&Annotated::Eval, &a);
  PreLock(this, kRead);
  next(this, wrapped);
  PostLock(this, kRead);
}

DOCPIPE_LOCK_WHEN(LockWhenWithDeadline,
                  "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE", 0,
                  Time)
DOCPIPE_LOCK_WHEN(
    ReaderLockWhenWithDeadline,
    "5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE", kRead,
    Time)

// Await*: the mutex is released while waiting and held again on return.
void Mutex::Await(const Condition& cond) {
  static auto next = Next<void (*)(Mutex*, const Condition&)>(
      "5Mutex5AwaitERKNS0_9ConditionE");
  Annotated a{&cond, this};
  const Condition wrapped(&Annotated::Eval, &a);
  Release(this, 0);
  next(this, wrapped);
  Acquire(this, 0);
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  static auto next = Next<bool (*)(Mutex*, const Condition&, Time)>(
      "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  Annotated a{&cond, this};
  const Condition wrapped(&Annotated::Eval, &a);
  Release(this, 0);
  const bool met = next(this, wrapped, deadline);
  Acquire(this, 0);
  return met;
}

void CondVar::Wait(Mutex* mu) {
  static auto next =
      Next<void (*)(CondVar*, Mutex*)>("7CondVar4WaitEPNS0_5MutexE");
  Release(mu, 0);
  next(this, mu);
  Acquire(mu, 0);
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  static auto next = Next<bool (*)(CondVar*, Mutex*, Time)>(
      "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  Release(mu, 0);
  const bool timed_out = next(this, mu, deadline);
  Acquire(mu, 0);
  return timed_out;
}

ABSL_NAMESPACE_END
}  // namespace absl
