// HostQueue: the politeness scheduler. It holds the requests waiting to be fetched, one FIFO
// per host (HostKey: scheme, host, port), and hands out a request only when its host may take
// one: fewer than N requests in flight (default 1), at least D since the host's last request
// start (default 1 s; 0 allowed), D raised by the host's robots.txt Crawl-delay, and no start
// before a hold set from Retry-After. The engine asks NextReady(now) and arms one timer for the
// time it returns; no thread ever sleeps here, and time is always passed in, so tests drive it
// with a fake clock.
//
// Guarantees: per host, starts are never closer than its delay and never more than N overlap;
// across hosts, the host that has been ready longest goes first (ties in arrival order), so
// every host with work is served in turn however many others there are. Within a host,
// requests start in the order they became due. Push, NextReady, Done, HoldUntil and
// SetCrawlDelay cost O(log n) in the number of hosts and delayed requests.
// Host state (last start, delay, hold) is kept after a host's queue empties, so a request pushed
// later still respects it; memory grows with the number of distinct hosts seen.
//
// Thread safety: not thread-safe; owned by the network thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "crawler/fetch/crawl_clock.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

struct HostRequest {
  CanonicalUrl url;  // its host_key() decides the queue
  uint64_t tag = 0;  // the caller's own handle (frontier id, attempt count, ...)
};

struct PolitenessOptions {
  int max_in_flight_per_host = 1;
  Duration min_delay = std::chrono::seconds(1);  // between request starts to one host
  // robots.txt Crawl-delay above this is capped: a portal asking for an hour between requests
  // would never be crawled. The engine logs the cap when it applies.
  Duration max_crawl_delay = std::chrono::seconds(60);
};

class HostQueue {
 public:
  explicit HostQueue(PolitenessOptions options = {});
  HostQueue(const HostQueue&) = delete;
  HostQueue& operator=(const HostQueue&) = delete;

  // Queues `request`; it may start no earlier than `ready_at` (now, or later for a retry's
  // backoff).
  void Push(HostRequest request, TimePoint ready_at);

  struct Next {
    std::optional<HostRequest> request;  // start it now; it counts as in flight until Done
    std::optional<TimePoint> wake_at;    // otherwise, ask again at this time
    // Neither set: nothing can start until a Push or a Done.
  };
  Next NextReady(TimePoint now);

  // A request handed out by NextReady for `host` has finished (whatever its outcome).
  // REQUIRES: such a request is in flight.
  void Done(const HostKey& host, TimePoint now);

  // The host's robots.txt asked for `delay` between requests: the host's delay becomes
  // max(min_delay, min(delay, max_crawl_delay)).
  void SetCrawlDelay(const HostKey& host, Duration delay);
  // No request to `host` starts before `until` (Retry-After on 429/503). Holds only lengthen.
  void HoldUntil(const HostKey& host, TimePoint until);

  // The delay in force for `host`.
  Duration DelayFor(const HostKey& host) const;
  size_t pending() const { return pending_; }  // queued or delayed, not yet started
  size_t in_flight() const { return in_flight_; }
  size_t in_flight(const HostKey& host) const;
  // Whether `host` is backing off at `now`: held by Retry-After (HoldUntil), or with a request
  // pushed to start later (a retry's backoff). For progress displays; O(delayed requests).
  bool HeldBack(const HostKey& host, TimePoint now) const;
  bool empty() const { return pending_ == 0 && in_flight_ == 0; }

 private:
  struct Host;
  struct ReadyEntry {
    TimePoint at;  // when the host can start its next request
    uint64_t seq;  // arrival order, for ties
    Host* host;
    friend bool operator<(const ReadyEntry& a, const ReadyEntry& b) {
      return a.at != b.at ? a.at < b.at : a.seq < b.seq;
    }
  };
  struct Host {
    HostKey key;
    std::deque<HostRequest> fifo;  // due requests, in the order they became due
    int in_flight = 0;
    Duration delay{};
    std::optional<TimePoint> last_start;
    TimePoint hold_until = TimePoint::min();
    TimePoint eligible_since = TimePoint::min();          // when it last became schedulable
    std::optional<std::set<ReadyEntry>::iterator> ready;  // its entry, while schedulable
  };
  struct Delayed {
    TimePoint ready_at;
    uint64_t seq;
    HostRequest request;
  };

  Host& HostFor(const HostKey& key);
  bool Schedulable(const Host& host) const;
  TimePoint EarliestStart(const Host& host) const;
  // (Re)inserts a schedulable host in the ready set at max(EarliestStart, eligible_since).
  void Reschedule(Host& host);
  void Unschedule(Host& host);
  void PromoteDue(TimePoint now);

  PolitenessOptions options_;
  std::unordered_map<HostKey, Host> hosts_;
  std::set<ReadyEntry> ready_;
  std::vector<Delayed> delayed_;  // a min-heap on (ready_at, seq)
  uint64_t seq_ = 0;
  size_t pending_ = 0;
  size_t in_flight_ = 0;
};

}  // namespace xxgk::crawl
