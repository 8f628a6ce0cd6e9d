// HostQueue: a ready set of hosts ordered by (earliest start, arrival), per-host FIFOs, and a
// min-heap of requests that are not yet due.
#include "crawler/fetch/host_queue.h"

#include <algorithm>
#include <utility>

namespace xxgk::crawl {
namespace {

// Orders the delayed heap so that the earliest (ready_at, seq) is at the front.
template <typename T>
bool LaterDue(const T& a, const T& b) {
  return a.ready_at != b.ready_at ? a.ready_at > b.ready_at : a.seq > b.seq;
}

}  // namespace

HostQueue::HostQueue(PolitenessOptions options) : options_(options) {
  options_.max_in_flight_per_host = std::max(1, options_.max_in_flight_per_host);
  options_.min_delay = std::max(Duration::zero(), options_.min_delay);
}

HostQueue::Host& HostQueue::HostFor(const HostKey& key) {
  auto [it, inserted] = hosts_.try_emplace(key);
  if (inserted) {
    it->second.key = key;
    it->second.delay = options_.min_delay;
  }
  return it->second;
}

bool HostQueue::Schedulable(const Host& host) const {
  return !host.fifo.empty() && host.in_flight < options_.max_in_flight_per_host;
}

TimePoint HostQueue::EarliestStart(const Host& host) const {
  TimePoint at = host.hold_until;
  if (host.last_start) at = std::max(at, *host.last_start + host.delay);
  return at;
}

void HostQueue::Reschedule(Host& host) {
  Unschedule(host);
  if (!Schedulable(host)) return;
  const TimePoint at = std::max(EarliestStart(host), host.eligible_since);
  host.ready = ready_.insert(ReadyEntry{at, seq_++, &host}).first;
}

void HostQueue::Unschedule(Host& host) {
  if (!host.ready) return;
  ready_.erase(*host.ready);
  host.ready.reset();
}

void HostQueue::Push(HostRequest request, TimePoint ready_at) {
  delayed_.push_back(Delayed{ready_at, seq_++, std::move(request)});
  std::push_heap(delayed_.begin(), delayed_.end(), LaterDue<Delayed>);
  ++pending_;
}

void HostQueue::PromoteDue(TimePoint now) {
  while (!delayed_.empty() && delayed_.front().ready_at <= now) {
    std::pop_heap(delayed_.begin(), delayed_.end(), LaterDue<Delayed>);
    Delayed due = std::move(delayed_.back());
    delayed_.pop_back();
    Host& host = HostFor(due.request.url.host_key());
    const bool was_schedulable = Schedulable(host);
    host.fifo.push_back(std::move(due.request));
    if (!was_schedulable && Schedulable(host)) {
      // Ready since the request became due, not since we noticed: keeps arrival order fair.
      host.eligible_since = due.ready_at;
      Reschedule(host);
    }
  }
}

HostQueue::Next HostQueue::NextReady(TimePoint now) {
  PromoteDue(now);
  Next next;
  if (!ready_.empty()) {
    const ReadyEntry first = *ready_.begin();
    if (first.at <= now) {
      Host& host = *first.host;
      next.request = std::move(host.fifo.front());
      host.fifo.pop_front();
      --pending_;
      ++host.in_flight;
      ++in_flight_;
      host.last_start = now;
      // Still schedulable (N > 1 and more queued): back of the line among hosts ready now.
      host.eligible_since = now;
      Reschedule(host);
      return next;
    }
    next.wake_at = first.at;
  }
  if (!delayed_.empty()) {
    const TimePoint due = delayed_.front().ready_at;
    next.wake_at = next.wake_at ? std::min(*next.wake_at, due) : due;
  }
  return next;
}

void HostQueue::Done(const HostKey& key, TimePoint now) {
  const auto it = hosts_.find(key);
  if (it == hosts_.end() || it->second.in_flight == 0) return;  // REQUIRES violated: ignore
  Host& host = it->second;
  --host.in_flight;
  --in_flight_;
  if (!host.ready && Schedulable(host)) {
    host.eligible_since = now;
    Reschedule(host);
  }
}

void HostQueue::SetCrawlDelay(const HostKey& key, Duration delay) {
  Host& host = HostFor(key);
  host.delay = std::max(options_.min_delay, std::min(delay, options_.max_crawl_delay));
  if (host.ready) Reschedule(host);
}

void HostQueue::HoldUntil(const HostKey& key, TimePoint until) {
  Host& host = HostFor(key);
  if (until <= host.hold_until) return;
  host.hold_until = until;
  if (host.ready) Reschedule(host);
}

Duration HostQueue::DelayFor(const HostKey& key) const {
  const auto it = hosts_.find(key);
  return it == hosts_.end() ? options_.min_delay : it->second.delay;
}

size_t HostQueue::in_flight(const HostKey& key) const {
  const auto it = hosts_.find(key);
  return it == hosts_.end() ? 0 : static_cast<size_t>(it->second.in_flight);
}

bool HostQueue::HeldBack(const HostKey& key, TimePoint now) const {
  const auto it = hosts_.find(key);
  if (it != hosts_.end() && it->second.hold_until > now) return true;
  return std::any_of(delayed_.begin(), delayed_.end(), [&](const Delayed& d) {
    return d.ready_at > now && d.request.url.host_key() == key;
  });
}

}  // namespace xxgk::crawl
