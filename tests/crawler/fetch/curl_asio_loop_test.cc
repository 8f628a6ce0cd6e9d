// The event loop under the fetch engine (crawler/fetch/curl_asio_loop.h), with plain curl handles
// against a TestHttpServer on 127.0.0.1: a kept-alive connection that curl parks (REMOVE) and
// hands back (ADD) keeps its epoll registration and still delivers; a new socket that reuses a
// closed one's descriptor number is registered afresh; a parked connection the server closes
// leaves the epoll set; a deadline that curl moves earlier still fires; a transfer that ends in a
// timeout action (unpaused: what the fetch engine's budget does) leaves no timer armed. Every run has a
// generous guard deadline that fails the test instead of hanging; nothing asserts a duration.
#include "crawler/fetch/curl_asio_loop.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

using namespace std::chrono_literals;

// One curl easy handle, its body and its result.
class Transfer {
 public:
  Transfer() : easy_(curl_easy_init()) {
    CurlGlobal();
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  }
  ~Transfer() {
    curl_slist_free_all(resolve_);
    curl_easy_cleanup(easy_);
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  void Target(const TestHttpServer& server, const std::string& path, long timeout_ms = 20000) {
    curl_slist_free_all(resolve_);
    resolve_ = curl_slist_append(nullptr, server.ResolveEntry("a.test").c_str());
    curl_easy_setopt(easy_, CURLOPT_RESOLVE, resolve_);
    curl_easy_setopt(easy_, CURLOPT_URL, server.Url("a.test", path).c_str());
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, timeout_ms);
    body.clear();
    result.reset();
  }

  CURL* easy() const { return easy_; }
  std::string body;
  std::optional<CURLcode> result;
  bool pause_first = false;  // the first write pauses the transfer (CURL_WRITEFUNC_PAUSE)
  bool paused = false;

 private:
  static size_t OnBody(char* data, size_t size, size_t count, void* opaque) {
    auto* self = static_cast<Transfer*>(opaque);
    if (self->pause_first && !self->paused) {
      self->paused = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    self->body.append(data, size * count);
    return size * count;
  }
  CURL* easy_;
  curl_slist* resolve_ = nullptr;
};

// Runs `io` until `done()`, failing the test at the guard deadline instead of hanging; then lets
// it run out of work, which it must (an idle loop holds no pending operation).
void RunUntil(boost::asio::io_context& io, const std::function<bool()>& done,
              std::chrono::seconds guard = 30s) {
  bool guard_fired = false;
  boost::asio::steady_timer deadline(io, guard);
  deadline.async_wait([&](const boost::system::error_code& ec) { guard_fired = !ec; });
  while (!done() && !guard_fired && io.run_one() > 0) {
  }
  EXPECT_FALSE(guard_fired) << "the loop stalled";
  deadline.cancel();
  io.run_for(10s);
  EXPECT_TRUE(io.stopped()) << "work left pending after the transfers ended";
  io.restart();
}

TestResponse Page(const TestRequest& r, bool close = false) {
  TestResponse response;
  response.body = "page " + r.target;
  response.close = close;
  return response;
}

// Fetches /p0 .. /p{n-1} one after another on one handle; each completion starts the next.
void FetchInSequence(CurlAsioLoop& loop, boost::asio::io_context& io, const TestHttpServer& server,
                     Transfer& transfer, int n, std::vector<std::string>* bodies) {
  auto next = std::make_shared<std::function<void(int)>>();
  *next = [&, next, n](int i) {
    transfer.Target(server, "/p" + std::to_string(i));
    ASSERT_TRUE(loop.Add(transfer.easy(), [&, next, n, i](CURL*, CURLcode code) {
      EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
      bodies->push_back(transfer.body);
      if (i + 1 < n) (*next)(i + 1);
    }));
  };
  (*next)(0);
  RunUntil(io, [&] { return static_cast<int>(bodies->size()) == n; });
  *next = nullptr;  // breaks the self-reference
}

TEST(CurlAsioLoop, ParkedConnectionHandedBackKeepsItsRegistrationAndDelivers) {
  // The delay makes curl wait for each answer (an answer already there when curl looks is read
  // without any socket callback, and the hand-back would go unseen).
  TestHttpServer server([](const TestRequest& r) {
    TestResponse response = Page(r);
    response.first_byte_delay = 50ms;
    return response;
  });
  boost::asio::io_context io;
  CurlAsioLoop loop(io);
  Transfer transfer;
  std::vector<std::string> bodies;
  FetchInSequence(loop, io, server, transfer, 6, &bodies);
  ASSERT_EQ(bodies.size(), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(bodies[i], "page /p" + std::to_string(i));
  EXPECT_EQ(server.connections_accepted(), 1);  // curl reused its connection ...
  // ... whose descriptor entered the epoll set once: every REMOVE parked it, every hand-back
  // only verified it (EPOLL_CTL_MOD; the first one is transfer 1's switch from writing to
  // reading), and the answers still arrived.
  EXPECT_EQ(loop.counters().registrations, 1u);
  EXPECT_GE(loop.counters().modifications, 2u);
  EXPECT_EQ(loop.watched_descriptors(), 0u);
  EXPECT_EQ(loop.running(), 0u);
}

TEST(CurlAsioLoop, NewSocketReusingAClosedDescriptorNumberIsRegisteredAfresh) {
  // Connection: close on every response: curl closes each socket, and the next one gets the
  // lowest free number, usually the same. Its registration left with the old socket, so the
  // verification finds it missing (ENOENT) and adds it; without that it would never deliver.
  TestHttpServer server([](const TestRequest& r) { return Page(r, /*close=*/true); });
  boost::asio::io_context io;
  CurlAsioLoop loop(io);
  Transfer transfer;
  std::vector<std::string> bodies;
  FetchInSequence(loop, io, server, transfer, 5, &bodies);
  ASSERT_EQ(bodies.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(bodies[i], "page /p" + std::to_string(i));
  EXPECT_EQ(server.connections_accepted(), 5);
  EXPECT_EQ(loop.counters().registrations, 5u);  // one per socket, whatever its number
  EXPECT_EQ(loop.watched_descriptors(), 0u);
}

TEST(CurlAsioLoop, ParkedConnectionClosedByTheServerLeavesTheEpollSet) {
  boost::asio::io_context io;
  CurlAsioLoop loop(io);
  Transfer first;
  {
    TestHttpServer gone([](const TestRequest& r) { return Page(r); });
    first.Target(gone, "/first");
    ASSERT_TRUE(loop.Add(first.easy(), [&](CURL*, CURLcode code) { first.result = code; }));
    RunUntil(io, [&] { return first.result.has_value(); });
    ASSERT_EQ(first.result, CURLE_OK);
  }  // the server closes the connection curl keeps in its cache (parked with us)
  TestHttpServer server([](const TestRequest& r) {
    TestResponse response = Page(r);
    response.first_byte_delay = 300ms;  // the loop waits a while with the closed one parked
    return response;
  });
  const uint64_t wakeups_before = loop.counters().wakeups;
  Transfer second;
  second.Target(server, "/second");
  ASSERT_TRUE(loop.Add(second.easy(), [&](CURL*, CURLcode code) { second.result = code; }));
  RunUntil(io, [&] { return second.result.has_value(); });
  EXPECT_EQ(second.result, CURLE_OK);
  EXPECT_EQ(second.body, "page /second");
  // The parked descriptor became readable (end of stream) while curl did not watch it: it was
  // taken out of the set, not reported again and again while the second transfer waited (a
  // level-triggered descriptor left in the set would wake the loop thousands of times). (If
  // curl happened to prune the dead connection first, it closed it: no event at all.)
  EXPECT_LE(loop.counters().deregistrations, 1u);
  EXPECT_LT(loop.counters().wakeups - wakeups_before, 50u);
}

TEST(CurlAsioLoop, DeadlineMovedEarlierStillFires) {
  TestHttpServer server([](const TestRequest& r) {
    TestResponse response = Page(r);
    response.first_byte_delay = 10s;  // neither transfer gets an answer in time
    return response;
  });
  boost::asio::io_context io;
  CurlAsioLoop loop(io);
  Transfer slow;  // its 60 s timeout sets curl's deadline far away
  slow.Target(server, "/slow", /*timeout_ms=*/60000);
  ASSERT_TRUE(loop.Add(slow.easy(), [&](CURL*, CURLcode code) { slow.result = code; }));
  Transfer quick;  // added once the far deadline is armed; its 300 ms timeout moves it earlier
  boost::asio::steady_timer later(io, 200ms);
  later.async_wait([&](const boost::system::error_code&) {
    quick.Target(server, "/quick", /*timeout_ms=*/300);
    ASSERT_TRUE(loop.Add(quick.easy(), [&](CURL*, CURLcode code) {
      quick.result = code;
      EXPECT_FALSE(slow.result.has_value());  // the far deadline did not have to come first
      loop.Abort(slow.easy());
    }));
  });
  RunUntil(io, [&] { return quick.result.has_value(); });
  EXPECT_EQ(quick.result, CURLE_OPERATION_TIMEDOUT);
  EXPECT_FALSE(slow.result.has_value());  // aborted: no completion
  EXPECT_GE(loop.counters().timer_arms, 2u);
  EXPECT_EQ(loop.running(), 0u);
}

TEST(CurlAsioLoop, ATransferEndingInATimeoutActionLeavesNoTimerArmed) {
  // Paused at its first bytes and unpaused, the transfer ends inside the timeout action that
  // curl_easy_pause asks for. libcurl 7.88 says nothing of its deadlines after such an action
  // when it has none left: the timer armed for the low-speed check (1 s) must not stay armed,
  // or io_context::run() would wait for it after the last transfer.
  TestHttpServer server([](const TestRequest& r) { return Page(r); });
  boost::asio::io_context io;
  CurlAsioLoop loop(io);
  Transfer transfer;
  transfer.Target(server, "/paused");
  transfer.pause_first = true;
  curl_easy_setopt(transfer.easy(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(transfer.easy(), CURLOPT_LOW_SPEED_TIME, 60L);
  ASSERT_TRUE(loop.Add(transfer.easy(), [&](CURL*, CURLcode code) { transfer.result = code; }));
  bool guard_fired = false;
  boost::asio::steady_timer guard(io, 30s);
  guard.async_wait([&](const boost::system::error_code& ec) { guard_fired = !ec; });
  while (!transfer.paused && !guard_fired && io.run_one() > 0) {
  }
  ASSERT_TRUE(transfer.paused);
  ASSERT_EQ(curl_easy_pause(transfer.easy(), CURLPAUSE_CONT), CURLE_OK);  // not in a callback
  while (!transfer.result && !guard_fired && io.run_one() > 0) {
  }
  guard.cancel();
  ASSERT_EQ(transfer.result, CURLE_OK);
  EXPECT_EQ(transfer.body, "page /paused");
  while (io.poll() > 0) {  // what is ready now, no waiting
  }
  EXPECT_FALSE(loop.timer_armed());
  EXPECT_EQ(loop.watched_descriptors(), 0u);
}

}  // namespace
}  // namespace xxgk::crawl::testing
