// The change stream: subscriptions read their backlog from the change log,
// then take live events the sync thread offers once they are durable.
#include <algorithm>
#include <deque>
#include <optional>

#include "absl/strings/match.h"

#include "store/annotation_set.h"
#include "store/keys.h"
#include "store/store_impl.h"

namespace docpipe::store {
namespace {

bool Matches(const v1::SubscribeFilter& f, const v1::ChangeEvent& e) {
  auto has = [](const auto& list, const auto& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  if ((f.claims_only() || !f.claim_groups().empty()) &&
      e.claim_groups().empty()) {
    return false;
  }
  if (!f.claim_groups().empty() &&
      std::none_of(f.claim_groups().begin(), f.claim_groups().end(),
                   [&](const std::string& prefix) {
                     return std::any_of(e.claim_groups().begin(),
                                        e.claim_groups().end(),
                                        [&](const std::string& g) {
                                          return absl::StartsWith(g, prefix);
                                        });
                   })) {
    return false;
  }
  return has(f.kinds(), static_cast<int>(e.kind())) &&
         has(f.doc_ids(), e.doc_id()) && has(f.authors(), e.author());
}

}  // namespace

// Backlog straight from the change log, then live events from a bounded
// queue the sync thread fills. See Store::Impl::Subscribe for the switch.
// Lock order: the store's publish_mu_, then mu_.
class SubscriptionImpl final : public Subscription {
 public:
  SubscriptionImpl(const Store::Impl* store,
                   const v1::SubscribeRequest& request, uint64_t start,
                   uint64_t backlog_end, std::function<void()> on_ready)
      : store_(store),
        filter_(request.filter()),
        payload_(request.include_annotations()),
        encoding_(request.offset_encoding()),
        start_(start),
        backlog_end_(backlog_end),
        on_ready_(std::move(on_ready)),
        next_backlog_(start),
        seen_(std::max(start - 1, backlog_end)),
        last_delivered_(start - 1) {}

  Poll Next(v1::ChangeEvent* event, absl::Status* status) override
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    if (closed_.ok()) {
      std::optional<v1::ChangeEvent> e = NextEvent();
      if (e) {
        absl::Status delivered = Deliver(*std::move(e), event);
        if (delivered.ok()) return Poll::kEvent;
        closed_ = delivered;
      } else if (closed_.ok()) {
        return Poll::kEmpty;
      }
    }
    *status = closed_;
    return Poll::kEnded;
  }

  void Close(absl::Status status) override ABSL_LOCKS_EXCLUDED(mu_) {
    {
      absl::MutexLock lock(&mu_);
      if (closed_.ok()) closed_ = std::move(status);
    }
    if (on_ready_) on_ready_();
  }

  uint64_t last_delivered() const override ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return last_delivered_;
  }

  uint64_t progress_revision() const override ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return seen_;
  }

  // Called by the sync thread under publish_mu_, in revision order, once
  // durable.
  void Offer(const v1::ChangeEvent& e) ABSL_LOCKS_EXCLUDED(mu_) {
    store_->publish_mu_.AssertHeld();
    if (e.revision() <= backlog_end_) return;
    {
      absl::MutexLock lock(&mu_);
      if (!closed_.ok() || overflow_) return;
      if (e.revision() < start_ || !Matches(filter_, e)) {
        if (queue_.empty()) seen_ = e.revision();
        return;
      }
      if (queue_.size() >= store_->options().subscriber_queue) {
        overflow_ = true;
      } else {
        queue_.push_back(e);
      }
    }
    if (on_ready_) on_ready_();
  }

  bool closed() const ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return !closed_.ok();
  }

 private:
  // The next matching event from the backlog or the live queue; nullopt
  // with closed_ set when the subscription ends, nullopt alone when there
  // is nothing now.
  std::optional<v1::ChangeEvent> NextEvent()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    while (next_backlog_ <= backlog_end_) {
      uint64_t rev = next_backlog_++;
      auto e =
          store_->GetProto<v1::ChangeEvent>(kChangelog, keys::BigEndian(rev));
      if (!e.ok()) {
        closed_ = absl::IsNotFound(e.status())
                      ? absl::OutOfRangeError(absl::StrCat(
                            "revision ", rev,
                            " was compacted while streaming; oldest is ",
                            store_->oldest_revision()))
                      : e.status();
        return std::nullopt;
      }
      if (Matches(filter_, *e)) return *std::move(e);
    }
    if (!queue_.empty()) {
      v1::ChangeEvent e = std::move(queue_.front());
      queue_.pop_front();
      return e;
    }
    if (overflow_) {
      closed_ = absl::ResourceExhaustedError(absl::StrCat(
          "subscriber too slow: more than ", store_->options().subscriber_queue,
          " events queued; last delivered revision ", last_delivered_,
          "; resume from ", last_delivered_ + 1));
    }
    return std::nullopt;
  }

  // Attaches the payload the subscriber asked for and hands `e` out.
  [[nodiscard]] absl::Status Deliver(v1::ChangeEvent e, v1::ChangeEvent* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (payload_ && e.version() > 0) {
      DOCPIPE_ASSIGN_OR_RETURN(
          v1::AnnotationSet set,
          store_->LoadVersion(e.doc_id(), e.version(), "version"));
      if (encoding_ > v1::OFFSET_ENCODING_UTF8) {
        DOCPIPE_ASSIGN_OR_RETURN(v1::Document doc,
                                 store_->LoadDocument(e.doc_id()));
        DOCPIPE_RETURN_IF_ERROR(ConvertSpans(doc.text(), encoding_, false,
                                             set.mutable_annotations()));
      }
      *e.mutable_annotations() = std::move(set);
    }
    last_delivered_ = e.revision();
    seen_ = std::max(seen_, e.revision());
    *out = std::move(e);
    return absl::OkStatus();
  }

  const Store::Impl* const store_;
  const v1::SubscribeFilter filter_;
  const bool payload_;
  const v1::OffsetEncoding encoding_;
  const uint64_t start_;        // first revision wanted (may be future)
  const uint64_t backlog_end_;  // last revision read from the change log
  const std::function<void()> on_ready_;
  mutable absl::Mutex mu_;
  uint64_t next_backlog_ ABSL_GUARDED_BY(mu_);
  uint64_t seen_ ABSL_GUARDED_BY(mu_);  // see progress_revision()
  uint64_t last_delivered_ ABSL_GUARDED_BY(mu_);
  // Live events > backlog_end_.
  std::deque<v1::ChangeEvent> queue_ ABSL_GUARDED_BY(mu_);
  bool overflow_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status closed_ ABSL_GUARDED_BY(mu_);  // non-OK once ended
};

void Store::Impl::Publish(const std::vector<v1::ChangeEvent>& events) {
  size_t live = 0;
  for (auto& weak : subscribers_) {
    auto sub = weak.lock();
    if (!sub || sub->closed()) continue;
    for (const auto& e : events) sub->Offer(e);
    subscribers_[live++] = weak;
  }
  subscribers_.resize(live);
}

void Store::Impl::CloseSubscribers() {
  absl::MutexLock lock(&publish_mu_);
  for (auto& weak : subscribers_) {
    if (auto sub = weak.lock()) {
      sub->Close(absl::UnavailableError("store closed"));
    }
  }
}

absl::StatusOr<std::shared_ptr<Subscription>> Store::Impl::Subscribe(
    const v1::SubscribeRequest& request, std::function<void()> on_ready) {
  for (int i = 0; i < request.filter().kinds_size(); ++i) {
    int k = request.filter().kinds(i);
    if (k == v1::CHANGE_KIND_UNSPECIFIED || !v1::ChangeKind_IsValid(k)) {
      return absl::InvalidArgumentError(
          absl::StrCat("filter.kinds[", i, "]: unknown kind ", k));
    }
  }
  // Registering and fixing the backlog's end under the publishers' mutex is
  // what makes the switch from backlog to live exact: every revision up to
  // backlog_end is durable in the change log already, every later one is
  // offered to this subscriber by the group commit that makes it durable.
  absl::MutexLock lock(&publish_mu_);
  const uint64_t last = durable_revision_;
  uint64_t start =
      request.start_revision() == 0 ? last + 1 : request.start_revision();
  if (start < oldest_revision_) {
    return absl::OutOfRangeError(
        absl::StrCat("start_revision: ", start,
                     " is older than the change log's retention;"
                     " oldest available revision is ",
                     oldest_revision_.load()));
  }
  auto sub = std::make_shared<SubscriptionImpl>(this, request, start, last,
                                                std::move(on_ready));
  subscribers_.push_back(sub);
  return std::shared_ptr<Subscription>(sub);
}

absl::StatusOr<std::shared_ptr<Subscription>> Store::Subscribe(
    const v1::SubscribeRequest& request, std::function<void()> on_ready) {
  return impl_->Subscribe(request, std::move(on_ready));
}

}  // namespace docpipe::store
