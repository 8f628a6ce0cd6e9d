// What libcurl itself holds while the budget of bodies in flight pauses transfers of compressed
// bodies (issue 17): many hosts serve gzip bodies that inflate a thousand times, under a small
// budget. libcurl 7.88, left to decode, went on inflating a paused transfer's data into its own
// pause buffer (up to 64 MiB each, outside the budget); the engine decodes itself
// (content_decoder.h), so a paused transfer keeps at most one read of compressed bytes.
//
// Counted, not timed: this binary gives libcurl a counting allocator (curl_global_init_mem,
// before anything initialises libcurl; its own main for that reason) that keeps the most bytes
// libcurl ever had allocated at once. The test fails if that peak grows with the bodies rather
// than with the number of transfers. The pauses are made certain (a hold of the whole budget
// while the bodies arrive), not hoped for: left to chance they came in one run of five or none.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/fetch_harness.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

std::atomic<size_t> g_in_use{0};
std::atomic<size_t> g_peak{0};

void Count(void* p) {
  if (p == nullptr) return;
  const size_t now = g_in_use += malloc_usable_size(p);
  size_t peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}
void Uncount(void* p) {
  if (p != nullptr) g_in_use -= malloc_usable_size(p);
}
void* CountingMalloc(size_t size) {
  void* p = std::malloc(size);
  Count(p);
  return p;
}
void CountingFree(void* p) {
  Uncount(p);
  std::free(p);
}
void* CountingRealloc(void* p, size_t size) {
  const size_t before = p != nullptr ? malloc_usable_size(p) : 0;
  void* q = std::realloc(p, size);
  if (q == nullptr) return nullptr;  // p unchanged (or freed for size 0: counted as gone below)
  g_in_use -= before;
  Count(q);
  return q;
}
char* CountingStrdup(const char* text) {
  const size_t size = std::strlen(text) + 1;
  auto* copy = static_cast<char*>(CountingMalloc(size));
  if (copy != nullptr) std::memcpy(copy, text, size);
  return copy;
}
void* CountingCalloc(size_t count, size_t size) {
  void* p = std::calloc(count, size);
  Count(p);
  return p;
}

// Polls the engine's budget every 10 ms; drops the hold once `transfers` refusals were counted
// (every transfer paused) or at the deadline. Each wait's handler owns a copy (and the timer).
struct DropHoldOncePaused {
  const Fetcher* fetcher;
  BodyHold* hold;
  std::shared_ptr<boost::asio::steady_timer> timer;
  std::chrono::steady_clock::time_point deadline;
  uint64_t transfers;
  void operator()() const {
    if (fetcher->body_budget().refusals() >= transfers ||
        std::chrono::steady_clock::now() > deadline) {
      *hold = BodyHold();
      return;
    }
    timer->expires_after(std::chrono::milliseconds(10));
    timer->async_wait([self = *this](const boost::system::error_code& ec) {
      if (!ec) self();
    });
  }
};

constexpr size_t kKiB = 1024;
constexpr size_t kMiB = 1024 * 1024;

TEST(FetcherCurlHeap, PausedCompressedTransfersKeepNoDecodedBytesInsideLibcurl) {
  constexpr int kHosts = 24;
  constexpr size_t kText = 8 * kMiB;  // each body: 8 MiB of zeros, about 8 KiB of gzip
  constexpr size_t kLimit = 4 * kMiB;
  const std::string gz = Gzip(std::string(kText, '\0'));
  ASSERT_LT(gz.size(), 16 * kKiB);  // arrives in one read: all of it is in libcurl at the pause
  FetchHarness harness([&](const TestRequest&) {
    TestResponse response = Ok(gz);
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.start_together = kHosts;  // all in flight at once
    return response;
  });
  harness.options.resolve.clear();
  std::vector<std::string> urls;
  for (int i = 0; i < kHosts; ++i) {
    const std::string host = "h" + std::to_string(i) + ".gz.test";
    harness.options.resolve.push_back(harness.server.ResolveEntry(host));
    urls.push_back(harness.Url(host, "/bomb"));
  }
  harness.options.obey_robots = false;  // no robots.txt body to wait before the bombs start
  harness.options.max_transfers = kHosts;
  harness.options.max_inflight_bytes = kLimit;
  harness.options.max_body_bytes = 2 * kText;
  uint64_t refusals = 0;
  harness.finished = [&](const Fetcher& fetcher) { refusals = fetcher.body_budget().refusals(); };
  // The case at issue, made certain: a hold of the whole budget, taken before any body arrives
  // (a page waiting for the archive), so every transfer's first bytes are refused and all of
  // them pause with their compressed body inside libcurl. The hold is dropped once all have
  // paused (or after 5 s), and they complete.
  BodyHold hold;
  const size_t base = g_in_use.load();
  g_peak = base;
  const std::vector<FetchResult> results =
      harness.Run(Requests(urls), [&](boost::asio::io_context& io, Fetcher& fetcher) {
        hold = fetcher.Hold(kLimit);
        DropHoldOncePaused{&fetcher, &hold, std::make_shared<boost::asio::steady_timer>(io),
                           std::chrono::steady_clock::now() + std::chrono::seconds(5), kHosts}();
      });
  const size_t peak = g_peak.load() - base;
  ASSERT_EQ(results.size(), urls.size());
  for (const FetchResult& r : results) {
    ASSERT_TRUE(r.ok()) << r.requested_url << ": " << r.reason;
    ASSERT_EQ(r.body.size(), kText) << r.requested_url;
  }
  ASSERT_GE(refusals, uint64_t{kHosts}) << "not every transfer paused while the hold was out";
  // Per transfer libcurl keeps its handle and 16 KiB receive buffer, and a paused one at most
  // one read of compressed bytes. Decoding in libcurl, the paused transfers' 8 MiB bodies were
  // in its pause buffers: 100s of MiB.
  EXPECT_LE(peak, kHosts * 1 * kMiB) << "libcurl held " << peak / kKiB << " KiB at once";
  std::printf("libcurl's heap at most %zu KiB for %d paused compressed transfers\n", peak / kKiB,
              kHosts);
}

}  // namespace
}  // namespace xxgk::crawl::testing

int main(int argc, char** argv) {
  // Before any libcurl use: the engine's own curl_global_init then only counts up.
  if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, xxgk::crawl::testing::CountingMalloc,
                           xxgk::crawl::testing::CountingFree, xxgk::crawl::testing::CountingRealloc,
                           xxgk::crawl::testing::CountingStrdup,
                           xxgk::crawl::testing::CountingCalloc) != CURLE_OK) {
    std::fprintf(stderr, "curl_global_init_mem failed\n");
    return 1;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
