// HostQueue: per-host concurrency and start spacing, Crawl-delay, Retry-After holds, delayed
// (backoff) requests, fairness across hosts, and a simulated crawl over many hosts that checks
// the politeness invariants from the outside. Time is a fake clock; nothing sleeps.
#include "crawler/fetch/host_queue.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace xxgk::crawl {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = TimePoint{} + 1000h;

HostRequest Request(const std::string& url, uint64_t tag = 0) {
  HostRequest request;
  EXPECT_TRUE(CanonicalizeUrl(url, &request.url).ok()) << url;
  request.tag = tag;
  return request;
}

HostKey Host(const std::string& name) { return HostKey("http", name, 80); }

PolitenessOptions Options(int n, Duration delay) {
  PolitenessOptions options;
  options.max_in_flight_per_host = n;
  options.min_delay = delay;
  return options;
}

// The tag of the request NextReady hands out at `now`, or -1.
int64_t Take(HostQueue& queue, TimePoint now) {
  HostQueue::Next next = queue.NextReady(now);
  return next.request ? static_cast<int64_t>(next.request->tag) : -1;
}

TEST(HostQueueTest, OneAtATimeAndOneSecondBetweenStartsByDefault) {
  HostQueue queue;
  for (uint64_t i = 1; i <= 3; ++i) queue.Push(Request("http://a.cn/" + std::to_string(i), i), kT0);
  EXPECT_EQ(queue.pending(), 3u);
  EXPECT_EQ(Take(queue, kT0), 1);
  EXPECT_EQ(queue.in_flight(Host("a.cn")), 1u);
  // At the concurrency limit: nothing to do until Done, so no wake-up time either.
  HostQueue::Next blocked = queue.NextReady(kT0 + 5s);
  EXPECT_FALSE(blocked.request);
  EXPECT_FALSE(blocked.wake_at);
  queue.Done(Host("a.cn"), kT0 + 200ms);
  // Done came early: the next start waits for one second after the previous start.
  HostQueue::Next wait = queue.NextReady(kT0 + 200ms);
  EXPECT_FALSE(wait.request);
  ASSERT_TRUE(wait.wake_at);
  EXPECT_EQ(*wait.wake_at, kT0 + 1s);
  EXPECT_EQ(Take(queue, kT0 + 999ms), -1);
  EXPECT_EQ(Take(queue, kT0 + 1s), 2);
  queue.Done(Host("a.cn"), kT0 + 5s);  // a slow response: the next may start at once
  EXPECT_EQ(Take(queue, kT0 + 5s), 3);
  queue.Done(Host("a.cn"), kT0 + 6s);
  EXPECT_TRUE(queue.empty());
  HostQueue::Next idle = queue.NextReady(kT0 + 7s);
  EXPECT_FALSE(idle.request);
  EXPECT_FALSE(idle.wake_at);
}

TEST(HostQueueTest, ZeroDelayStartsAsSoonAsTheSlotIsFree) {
  HostQueue queue(Options(1, 0s));
  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Push(Request("http://a.cn/2", 2), kT0);
  EXPECT_EQ(Take(queue, kT0), 1);
  EXPECT_EQ(Take(queue, kT0), -1);
  queue.Done(Host("a.cn"), kT0);
  EXPECT_EQ(Take(queue, kT0), 2);
}

TEST(HostQueueTest, UpToNInFlightPerHost) {
  HostQueue queue(Options(2, 0s));
  for (uint64_t i = 1; i <= 3; ++i) queue.Push(Request("http://a.cn/" + std::to_string(i), i), kT0);
  EXPECT_EQ(Take(queue, kT0), 1);
  EXPECT_EQ(Take(queue, kT0), 2);
  EXPECT_EQ(Take(queue, kT0), -1);
  EXPECT_EQ(queue.in_flight(), 2u);
  queue.Done(Host("a.cn"), kT0 + 1s);
  EXPECT_EQ(Take(queue, kT0 + 1s), 3);
}

TEST(HostQueueTest, DelaySpacesStartsEvenWhenMoreMayRunAtOnce) {
  HostQueue queue(Options(2, 1s));
  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Push(Request("http://a.cn/2", 2), kT0);
  EXPECT_EQ(Take(queue, kT0), 1);
  HostQueue::Next next = queue.NextReady(kT0);
  EXPECT_FALSE(next.request);
  ASSERT_TRUE(next.wake_at);
  EXPECT_EQ(*next.wake_at, kT0 + 1s);
  EXPECT_EQ(Take(queue, kT0 + 1s), 2);
}

TEST(HostQueueTest, CrawlDelayRaisesTheDelayButNeverLowersItAndIsCapped) {
  PolitenessOptions options = Options(1, 2s);
  options.max_crawl_delay = 30s;
  HostQueue queue(options);
  queue.SetCrawlDelay(Host("a.cn"), 5s);
  queue.SetCrawlDelay(Host("b.cn"), 500ms);
  queue.SetCrawlDelay(Host("c.cn"), 3600s);
  EXPECT_EQ(queue.DelayFor(Host("a.cn")), 5s);
  EXPECT_EQ(queue.DelayFor(Host("b.cn")), 2s);
  EXPECT_EQ(queue.DelayFor(Host("c.cn")), 30s);
  EXPECT_EQ(queue.DelayFor(Host("never-seen.cn")), 2s);

  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Push(Request("http://a.cn/2", 2), kT0);
  EXPECT_EQ(Take(queue, kT0), 1);
  queue.Done(Host("a.cn"), kT0 + 1s);
  EXPECT_EQ(queue.NextReady(kT0 + 1s).wake_at, kT0 + 5s);
  EXPECT_EQ(Take(queue, kT0 + 4s), -1);
  EXPECT_EQ(Take(queue, kT0 + 5s), 2);
}

TEST(HostQueueTest, CrawlDelaySetWhileWaitingMovesTheWakeUp) {
  HostQueue queue(Options(1, 1s));
  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Push(Request("http://a.cn/2", 2), kT0);
  EXPECT_EQ(Take(queue, kT0), 1);
  queue.Done(Host("a.cn"), kT0);
  EXPECT_EQ(queue.NextReady(kT0).wake_at, kT0 + 1s);
  queue.SetCrawlDelay(Host("a.cn"), 10s);
  EXPECT_EQ(queue.NextReady(kT0).wake_at, kT0 + 10s);
  EXPECT_EQ(Take(queue, kT0 + 1s), -1);
  EXPECT_EQ(Take(queue, kT0 + 10s), 2);
}

TEST(HostQueueTest, HoldDelaysOnlyItsHostAndOnlyLengthens) {
  HostQueue queue(Options(1, 0s));
  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Push(Request("http://b.cn/1", 2), kT0);
  queue.HoldUntil(Host("a.cn"), kT0 + 30s);
  queue.HoldUntil(Host("a.cn"), kT0 + 10s);  // shorter: ignored
  EXPECT_EQ(Take(queue, kT0), 2);
  HostQueue::Next next = queue.NextReady(kT0);
  EXPECT_FALSE(next.request);
  EXPECT_EQ(next.wake_at, kT0 + 30s);
  EXPECT_EQ(Take(queue, kT0 + 29s), -1);
  EXPECT_EQ(Take(queue, kT0 + 30s), 1);
}

TEST(HostQueueTest, HeldBackWhileHeldOrWithARetryWaitingItsBackoff) {
  HostQueue queue(Options(1, 0s));
  EXPECT_FALSE(queue.HeldBack(Host("a.cn"), kT0));  // never seen
  queue.HoldUntil(Host("a.cn"), kT0 + 30s);         // Retry-After: 30
  EXPECT_TRUE(queue.HeldBack(Host("a.cn"), kT0 + 29s));
  EXPECT_FALSE(queue.HeldBack(Host("a.cn"), kT0 + 30s));
  queue.Push(Request("http://b.cn/retry", 1), kT0 + 10s);  // a retry after its backoff
  queue.Push(Request("http://c.cn/now", 2), kT0);
  EXPECT_TRUE(queue.HeldBack(Host("b.cn"), kT0));
  EXPECT_FALSE(queue.HeldBack(Host("c.cn"), kT0));  // due now: waiting its turn, not held
  EXPECT_FALSE(queue.HeldBack(Host("b.cn"), kT0 + 10s));
}

TEST(HostQueueTest, HoldSetWhileARequestIsInFlightAppliesToTheNext) {
  HostQueue queue(Options(1, 1s));
  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Push(Request("http://a.cn/2", 2), kT0);
  EXPECT_EQ(Take(queue, kT0), 1);
  queue.HoldUntil(Host("a.cn"), kT0 + 120s);  // the response was a 503 with Retry-After: 120
  queue.Done(Host("a.cn"), kT0 + 1s);
  EXPECT_EQ(queue.NextReady(kT0 + 1s).wake_at, kT0 + 120s);
  EXPECT_EQ(Take(queue, kT0 + 120s), 2);
}

TEST(HostQueueTest, DelayedRequestDoesNotBlockItsHostsOtherRequests) {
  HostQueue queue(Options(1, 0s));
  queue.Push(Request("http://a.cn/retry", 1), kT0 + 10s);  // a retry after backoff
  queue.Push(Request("http://a.cn/new", 2), kT0);
  EXPECT_EQ(Take(queue, kT0), 2);
  queue.Done(Host("a.cn"), kT0 + 1s);
  HostQueue::Next next = queue.NextReady(kT0 + 1s);
  EXPECT_FALSE(next.request);
  EXPECT_EQ(next.wake_at, kT0 + 10s);
  EXPECT_EQ(queue.pending(), 1u);
  EXPECT_EQ(Take(queue, kT0 + 10s), 1);
}

TEST(HostQueueTest, HostsAreServedInTurn) {
  HostQueue queue(Options(1, 0s));
  for (const char* host : {"a.cn", "b.cn", "c.cn"}) {
    for (int i = 0; i < 3; ++i) {
      queue.Push(Request(std::string("http://") + host + "/" + std::to_string(i),
                         static_cast<uint64_t>(host[0])),
                 kT0);
    }
  }
  std::string order;
  TimePoint now = kT0;
  while (!queue.empty()) {
    HostQueue::Next next = queue.NextReady(now);
    ASSERT_TRUE(next.request);
    order.push_back(static_cast<char>(next.request->tag));
    now += 1ms;
    queue.Done(next.request->url.host_key(), now);
  }
  EXPECT_EQ(order, "abcabcabc");
}

TEST(HostQueueTest, HostReadyLongestGoesFirst) {
  HostQueue queue(Options(1, 0s));
  queue.Push(Request("http://a.cn/", 'a'), kT0);
  queue.Push(Request("http://b.cn/", 'b'), kT0);
  queue.Push(Request("http://c.cn/", 'c'), kT0);
  queue.HoldUntil(Host("a.cn"), kT0 + 5s);
  queue.HoldUntil(Host("b.cn"), kT0 + 2s);
  queue.HoldUntil(Host("c.cn"), kT0 + 3s);
  std::string order;
  for (int i = 0; i < 3; ++i) order.push_back(static_cast<char>(Take(queue, kT0 + 10s)));
  EXPECT_EQ(order, "bca");
}

TEST(HostQueueTest, WithinAHostRequestsStartInTheOrderTheyBecameDue) {
  HostQueue queue(Options(1, 0s));
  queue.Push(Request("http://a.cn/3", 3), kT0 + 3s);
  queue.Push(Request("http://a.cn/1", 1), kT0 + 1s);
  queue.Push(Request("http://a.cn/2", 2), kT0 + 2s);
  std::vector<int64_t> order;
  for (int i = 0; i < 3; ++i) {
    order.push_back(Take(queue, kT0 + 5s));
    queue.Done(Host("a.cn"), kT0 + 5s);
  }
  EXPECT_EQ(order, (std::vector<int64_t>{1, 2, 3}));
}

TEST(HostQueueTest, DoneForAnIdleOrUnknownHostIsIgnored) {
  HostQueue queue(Options(1, 0s));
  queue.Done(Host("nobody.cn"), kT0);
  queue.Push(Request("http://a.cn/1", 1), kT0);
  queue.Done(Host("a.cn"), kT0);  // nothing in flight yet
  EXPECT_EQ(queue.in_flight(), 0u);
  EXPECT_EQ(Take(queue, kT0), 1);
  EXPECT_EQ(queue.in_flight(), 1u);
}

TEST(HostQueueTest, ThousandsOfHostsStartTogetherThenWaitTheirDelay) {
  constexpr int kHosts = 5000;
  HostQueue queue(Options(1, 1s));
  for (int h = 0; h < kHosts; ++h) {
    for (int i = 0; i < 2; ++i) {
      queue.Push(Request("http://h" + std::to_string(h) + ".cn/" + std::to_string(i),
                         static_cast<uint64_t>(h)),
                 kT0);
    }
  }
  std::vector<int> seen(kHosts, 0);
  for (int k = 0; k < kHosts; ++k) {
    HostQueue::Next next = queue.NextReady(kT0);
    ASSERT_TRUE(next.request) << k;
    ++seen[next.request->tag];
    queue.Done(next.request->url.host_key(), kT0 + 10ms);
  }
  for (int h = 0; h < kHosts; ++h) ASSERT_EQ(seen[h], 1) << h;  // each host once, in turn
  HostQueue::Next next = queue.NextReady(kT0 + 10ms);
  EXPECT_FALSE(next.request);
  EXPECT_EQ(next.wake_at, kT0 + 1s);
  int second_round = 0;
  while (queue.NextReady(kT0 + 1s).request) ++second_round;
  EXPECT_EQ(second_round, kHosts);
}

// A simulated crawl: requests take varying times, some hosts get Crawl-delays and holds, retries
// are pushed with backoff. Checked from the outside: per host, never more than N in flight and
// never two starts closer than its delay or inside a hold; no request starts before it is due;
// every request is served.
TEST(HostQueueTest, SimulatedCrawlKeepsThePolitenessInvariants) {
  constexpr int kHosts = 40;
  constexpr int kPerHost = 25;
  constexpr int kN = 2;
  HostQueue queue(Options(kN, 300ms));
  uint64_t rng = 12345;
  auto random = [&](uint64_t bound) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (rng >> 33) % bound;
  };
  std::map<uint64_t, TimePoint> due;  // tag -> ready_at
  uint64_t next_tag = 0;
  for (int h = 0; h < kHosts; ++h) {
    if (h % 5 == 0) queue.SetCrawlDelay(Host("h" + std::to_string(h) + ".cn"), 2s);
    for (int i = 0; i < kPerHost; ++i) {
      const TimePoint ready = kT0 + std::chrono::milliseconds(random(20000));
      due[next_tag] = ready;
      queue.Push(Request("http://h" + std::to_string(h) + ".cn/" + std::to_string(i), next_tag++),
                 ready);
    }
  }
  struct Running {
    TimePoint ends;
    HostKey host;
  };
  std::vector<Running> running;
  std::map<HostKey, std::vector<TimePoint>> starts;
  std::map<HostKey, TimePoint> holds;
  std::map<HostKey, int> live;
  size_t served = 0;
  TimePoint now = kT0;
  for (int step = 0; step < 100000 && !queue.empty(); ++step) {
    // Finish whatever has ended by now.
    for (size_t i = 0; i < running.size();) {
      if (running[i].ends <= now) {
        --live[running[i].host];
        queue.Done(running[i].host, now);
        running[i] = running.back();
        running.pop_back();
      } else {
        ++i;
      }
    }
    if (queue.empty()) break;
    HostQueue::Next next = queue.NextReady(now);
    if (next.request) {
      const HostKey host = next.request->url.host_key();
      ASSERT_GE(now, due[next.request->tag]) << "started before it was due";
      ASSERT_LT(live[host], kN) << host.str();
      ++live[host];
      if (auto hold = holds.find(host); hold != holds.end()) ASSERT_GE(now, hold->second);
      std::vector<TimePoint>& s = starts[host];
      if (!s.empty()) ASSERT_GE(now - s.back(), queue.DelayFor(host)) << host.str();
      s.push_back(now);
      running.push_back({now + std::chrono::milliseconds(50 + random(3000)), host});
      ++served;
      if (random(10) == 0) {  // a 503 with Retry-After: hold the host
        const TimePoint until = now + std::chrono::seconds(1 + random(5));
        queue.HoldUntil(host, until);
        holds[host] = std::max(holds[host], until);
      }
      continue;  // more may be ready at the same instant
    }
    // Advance the fake clock to the next event.
    TimePoint wake = next.wake_at.value_or(TimePoint::max());
    for (const Running& r : running) wake = std::min(wake, r.ends);
    ASSERT_NE(wake, TimePoint::max())
        << "stalled with " << queue.pending() << " pending, " << queue.in_flight() << " in flight, "
        << running.size() << " running, step " << step << ", served " << served;
    ASSERT_GT(wake, now);
    now = wake;
  }
  EXPECT_EQ(served, static_cast<size_t>(kHosts * kPerHost));
  EXPECT_EQ(queue.pending(), 0u);
}

}  // namespace
}  // namespace xxgk::crawl
