// The change stream: backlog, live, filters, overflow, retention. Over a real
// RocksDB in a temp dir.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "store/store_test_fixture.h"

namespace docpipe::store {
namespace {

using testing::Entity;
using ::testing::HasSubstr;
using testing::Number;
using testing::Put;

// Collects events from a subscription as on_ready fires.
struct Collector {
  absl::Mutex mu;
  std::vector<uint64_t> revisions ABSL_GUARDED_BY(mu);
  absl::Status ended ABSL_GUARDED_BY(mu);
  std::shared_ptr<Subscription> sub ABSL_GUARDED_BY(mu);

  void Drain() {
    absl::MutexLock lock(&mu);
    if (!sub) return;
    v1::ChangeEvent e;
    absl::Status st;
    for (;;) {
      auto poll = sub->Next(&e, &st);
      if (poll == Subscription::Poll::kEvent) {
        revisions.push_back(e.revision());
      } else {
        if (poll == Subscription::Poll::kEnded) ended = st;
        break;
      }
    }
  }

  bool WaitFor(size_t n) {
    absl::MutexLock lock(&mu);
    auto arrived = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
      return revisions.size() >= n || !ended.ok();
    };
    return mu.AwaitWithTimeout(absl::Condition(&arrived), absl::Seconds(30));
  }
};

TEST_F(StoreTest, SubscribeDeliversBacklogThenLiveInOrderAcrossTheSwitch) {
  for (int i = 0; i < 20; ++i) {
    PutOk(Put("doc" + std::to_string(i), "text " + std::to_string(i), {}));
  }
  // Writers race the subscription's start; every revision must arrive once.
  std::atomic<bool> go{false};
  std::thread writer([&] {
    while (!go) {
    }
    for (int i = 20; i < 120; ++i) {
      PutOk(Put("doc" + std::to_string(i), "text " + std::to_string(i), {}));
    }
  });
  Collector c;
  go = true;
  v1::SubscribeRequest req;
  req.set_start_revision(1);
  auto sub = store_->Subscribe(req, [&] { c.Drain(); });
  ASSERT_TRUE(sub.ok());
  {
    absl::MutexLock lock(&c.mu);
    c.sub = *sub;
  }
  c.Drain();
  writer.join();
  ASSERT_TRUE(c.WaitFor(120));
  absl::MutexLock lock(&c.mu);
  ASSERT_EQ(c.revisions.size(), 120u);
  for (size_t i = 0; i < c.revisions.size(); ++i) {
    EXPECT_EQ(c.revisions[i], i + 1);
  }
}

TEST_F(StoreTest, SubscribeFiltersAndAttachesPayload) {
  PutOk(Put("a", kText, {Number(9, 18, 3e6)}));
  v1::SubscribeRequest req;
  req.set_start_revision(1);
  req.set_include_annotations(true);
  req.mutable_filter()->add_kinds(v1::CHANGE_KIND_ANNOTATED);
  auto sub = store_->Subscribe(req, nullptr);
  ASSERT_TRUE(sub.ok());
  v1::ChangeEvent e;
  absl::Status st;
  ASSERT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEvent);
  EXPECT_EQ(e.revision(), 2u);
  EXPECT_EQ(e.annotations().annotations_size(), 1);
  EXPECT_EQ((*sub)->Next(&e, &st), Subscription::Poll::kEmpty);
  EXPECT_EQ((*sub)->progress_revision(), 2u);
}

TEST_F(StoreTest, SlowSubscriberIsCutOffWithItsLastRevision) {
  Reopen({.subscriber_queue = 4});
  auto sub = store_->Subscribe({}, nullptr);  // live from now
  ASSERT_TRUE(sub.ok());
  for (int i = 0; i < 10; ++i)
    PutOk(Put("d" + std::to_string(i), "t" + std::to_string(i), {}));
  v1::ChangeEvent e;
  absl::Status st;
  int delivered = 0;
  while ((*sub)->Next(&e, &st) == Subscription::Poll::kEvent) ++delivered;
  EXPECT_EQ(delivered, 4);
  EXPECT_EQ(st.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(st.message(), HasSubstr("last delivered revision 4"));
}

TEST_F(StoreTest, RetentionPrunesAndOldRevisionsAreOutOfRange) {
  Reopen({.retention_revisions = 5});
  for (int i = 0; i < 10; ++i)
    PutOk(Put("d" + std::to_string(i), "t" + std::to_string(i), {}));
  EXPECT_EQ(store_->oldest_revision(), 6u);
  v1::SubscribeRequest req;
  req.set_start_revision(2);
  auto sub = store_->Subscribe(req, nullptr);
  EXPECT_EQ(sub.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(sub.status().message(),
              HasSubstr("oldest available revision is 6"));
  req.set_start_revision(6);
  EXPECT_TRUE(store_->Subscribe(req, nullptr).ok());
  Reopen({.retention_revisions = 5});
  EXPECT_EQ(store_->oldest_revision(), 6u);
}

}  // namespace
}  // namespace docpipe::store
