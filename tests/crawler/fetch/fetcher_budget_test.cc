// The fetch engine's budget of bodies in flight (FetcherOptions::max_inflight_bytes, BodyBudget)
// against a real server on 127.0.0.1: many hosts serving huge bodies, with and without
// Content-Length, complete byte for byte (paused and resumed transfers lose and repeat nothing)
// while the budget's own high-water mark stays within its bound; a body larger than the whole
// budget completes; bodies past the body limit fail as too large, not by a timeout, while other
// transfers wait; compressed bodies, decoded by the engine under the budget, come out byte for
// byte across pauses that cut a compressed chunk; bodies the caller keeps (Fetcher::Hold) count
// until dropped, and transfers wait for them. No timing assertions: the figures are the
// budget's own counters, and the bytes the test itself holds.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/fetch_harness.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

constexpr size_t kKiB = 1024;
constexpr size_t kMiB = 1024 * 1024;

struct BudgetFigures {
  size_t high_water = 0;
  size_t used = 0;
  uint64_t refusals = 0;
  uint64_t passes = 0;
};

// `hosts` host names h0.big.test ... mapped onto the server; each serves /page with `body`
// bytes of its own letter; odd hosts send no Content-Length (the body grows step by step) unless
// `all_declared`. The pages start together once every host has asked (a barrier in the server),
// and come in pieces of 256 KiB, so that many are in flight at once.
struct BigBodies {
  BigBodies(int hosts, size_t body, bool all_declared = false)
      : harness([body, hosts, all_declared](const TestRequest& r) {
          if (r.target == "/robots.txt") return Ok("User-agent: *\nDisallow:\n");
          TestResponse response;
          response.generated_body = body;
          response.fill = FillOf(r.host);
          response.until_close = !all_declared && HostNumber(r.host) % 2 == 1;
          response.start_together = static_cast<size_t>(hosts);
          response.drip_bytes = 256 * kKiB;
          response.drip_interval = std::chrono::milliseconds(2);
          return response;
        }) {
    harness.options.resolve.clear();
    for (int i = 0; i < hosts; ++i) {
      const std::string host = "h" + std::to_string(i) + ".big.test";
      harness.options.resolve.push_back(harness.server.ResolveEntry(host));
      urls.push_back(harness.Url(host, "/page"));
    }
    harness.options.max_transfers = static_cast<size_t>(hosts);
    harness.options.transfer_timeout = std::chrono::seconds(60);
    harness.finished = [this](const Fetcher& fetcher) {
      const BodyBudget& budget = fetcher.body_budget();
      figures = {budget.high_water(), budget.used(), budget.refusals(), budget.passes()};
    };
  }
  static int HostNumber(const std::string& host) { return std::stoi(host.substr(1)); }
  static char FillOf(const std::string& host) { return static_cast<char>('a' + HostNumber(host) % 26); }

  // Runs the crawl and `check`s every run; runs again (at most 5 times in all) while the budget
  // was never met: a run of this machine's threads may still deliver the bodies one after
  // another, and the test is about many at once. Returns the figures of the last run.
  BudgetFigures RunUntilTheBudgetIsMet(
      const std::function<void(const std::vector<FetchResult>&, const BudgetFigures&)>& check) {
    for (int run = 0; run < 5; ++run) {
      const std::vector<FetchResult> results = harness.Run(Requests(urls));
      EXPECT_EQ(results.size(), urls.size());
      check(results, figures);
      if (figures.refusals > 0 || ::testing::Test::HasFailure()) break;
    }
    EXPECT_GT(figures.refusals, 0u) << "five runs, and the budget never held a transfer back";
    return figures;
  }

  FetchHarness harness;
  std::vector<std::string> urls;
  BudgetFigures figures;
};

std::string HostOfUrl(const std::string& url) {  // "http://h12.big.test:port/page" -> "h12"
  return url.substr(7, url.find('.') - 7);
}

TEST(FetcherBudget, ManyHostsServingHugeBodiesStayWithinTheBudgetAndAllComplete) {
  constexpr int kHosts = 40;
  constexpr size_t kBody = 4 * kMiB;
  constexpr size_t kLimit = 8 * kMiB;
  constexpr size_t kMaxBody = 6 * kMiB;
  BigBodies big(kHosts, kBody);
  big.harness.options.max_inflight_bytes = kLimit;
  big.harness.options.max_body_bytes = kMaxBody;
  big.RunUntilTheBudgetIsMet([&](const std::vector<FetchResult>& results, const BudgetFigures& f) {
    for (const FetchResult& r : results) {
      ASSERT_TRUE(r.ok()) << r.requested_url << ": " << r.reason;
      EXPECT_EQ(r.attempts, 1) << r.requested_url;
      EXPECT_TRUE(r.body == std::string(kBody, BigBodies::FillOf(HostOfUrl(r.requested_url))))
          << r.requested_url << ": " << r.body.size() << " bytes, not the " << kBody << " sent";
    }
    // Unbounded, the 40 bodies (160 MiB) could all be held at once. The budget holds them to
    // its limit plus one body let through (counted twice while its buffer is copied).
    EXPECT_LE(f.high_water, kLimit + 2 * kMaxBody) << f.high_water;
    EXPECT_GE(f.high_water, kBody);  // it did count the bodies
    EXPECT_EQ(f.used, 0u);           // every byte given back
  });
}

TEST(FetcherBudget, DeclaredBodiesWithinTheBudgetNeverGoPastIt) {
  // Bodies with a Content-Length are taken whole or waited for, so the budget is never
  // overdrawn for them: the high-water mark is within the budget itself.
  constexpr int kHosts = 30;
  constexpr size_t kBody = 2 * kMiB;
  constexpr size_t kLimit = 7 * kMiB;
  BigBodies big(kHosts, kBody, /*all_declared=*/true);
  big.harness.options.max_inflight_bytes = kLimit;
  big.RunUntilTheBudgetIsMet([&](const std::vector<FetchResult>& results, const BudgetFigures& f) {
    for (const FetchResult& r : results) {
      ASSERT_TRUE(r.ok()) << r.requested_url << ": " << r.reason;
      EXPECT_EQ(r.body.size(), kBody) << r.requested_url;
    }
    EXPECT_LE(f.high_water, kLimit);
    EXPECT_EQ(f.passes, 0u);
    EXPECT_EQ(f.used, 0u);
  });
}

TEST(FetcherBudget, ABodyLargerThanTheWholeBudgetCompletes) {
  constexpr size_t kBody = 3 * kMiB;
  BigBodies big(4, kBody);
  big.harness.options.max_inflight_bytes = 256 * kKiB;
  const std::vector<FetchResult> results = big.harness.Run(Requests(big.urls));
  for (const FetchResult& r : results) {
    ASSERT_TRUE(r.ok()) << r.requested_url << ": " << r.reason;
    EXPECT_EQ(r.body.size(), kBody) << r.requested_url;
  }
  EXPECT_GE(big.figures.passes, 1u);  // let through past the budget
  EXPECT_EQ(big.figures.used, 0u);
}

TEST(FetcherBudget, BodiesPastTheBodyLimitFailAsTooLargeWhileOthersWait) {
  // Each ends as too large at once, also when it was paused on its way there: none sits until
  // its timeout.
  BigBodies big(20, 3 * kMiB);
  big.harness.options.max_inflight_bytes = 512 * kKiB;
  big.harness.options.max_body_bytes = 1 * kMiB;
  big.RunUntilTheBudgetIsMet([&](const std::vector<FetchResult>& results, const BudgetFigures& f) {
    for (const FetchResult& r : results) {
      EXPECT_EQ(r.error, AttemptError::kTooLarge) << r.requested_url << ": " << r.reason;
      EXPECT_EQ(r.attempts, 1) << r.requested_url;
      EXPECT_LE(r.body.size(), 1 * kMiB);
    }
    EXPECT_EQ(f.used, 0u);
  });
}

TEST(FetcherBudget, ZeroMeansNoLimitAndTheBytesAreStillCounted) {
  constexpr size_t kBody = 1 * kMiB;
  BigBodies big(6, kBody);
  big.harness.options.max_inflight_bytes = 0;
  const std::vector<FetchResult> results = big.harness.Run(Requests(big.urls));
  for (const FetchResult& r : results) ASSERT_TRUE(r.ok()) << r.requested_url << ": " << r.reason;
  EXPECT_EQ(big.figures.refusals, 0u);
  EXPECT_EQ(big.figures.passes, 0u);
  EXPECT_GE(big.figures.high_water, kBody);
  EXPECT_EQ(big.figures.used, 0u);
}

// A text that compresses well but not to nothing, different per host.
std::string HostText(int host, size_t size) {
  std::string text;
  for (size_t line = 0; text.size() < size; ++line) {
    text += "h" + std::to_string(host) + " 第" + std::to_string(line * 7919 % 100003) + "行\n";
  }
  text.resize(size);
  return text;
}

TEST(FetcherBudget, CompressedBodiesComeOutByteForByteAcrossPausesWithinTheBudget) {
  // The engine decodes gzip itself, into what the budget grants: a transfer refused in the middle
  // of a compressed chunk is paused there, and when libcurl hands the chunk over again the part
  // already decoded is skipped. Any byte lost or repeated shows in the comparison.
  constexpr int kHosts = 24;
  constexpr size_t kText = 1 * kMiB;
  constexpr size_t kLimit = 1536 * kKiB;
  constexpr size_t kMaxBody = 2 * kMiB;
  std::vector<std::string> texts, gzipped;
  for (int i = 0; i < kHosts; ++i) {
    texts.push_back(HostText(i, kText));
    gzipped.push_back(Gzip(texts.back()));
  }
  FetchHarness harness([&](const TestRequest& r) {
    if (r.target == "/robots.txt") return Ok("User-agent: *\nDisallow:\n");
    TestResponse response = Ok(gzipped[static_cast<size_t>(BigBodies::HostNumber(r.host))]);
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.start_together = kHosts;
    // Written 4 KiB at a time: reads that end anywhere in the compressed stream. (Each 16 KiB
    // chunk libcurl hands over inflates to more than one 64 KiB step, so a refusal usually
    // comes in the middle of a chunk.)
    response.drip_bytes = 4 * kKiB;
    return response;
  });
  harness.options.resolve.clear();
  std::vector<std::string> urls;
  for (int i = 0; i < kHosts; ++i) {
    const std::string host = "h" + std::to_string(i) + ".big.test";
    harness.options.resolve.push_back(harness.server.ResolveEntry(host));
    urls.push_back(harness.Url(host, "/page"));
  }
  harness.options.max_transfers = kHosts;
  harness.options.max_inflight_bytes = kLimit;
  harness.options.max_body_bytes = kMaxBody;
  harness.options.transfer_timeout = std::chrono::seconds(60);
  BudgetFigures f;
  harness.finished = [&](const Fetcher& fetcher) {
    const BodyBudget& budget = fetcher.body_budget();
    f = {budget.high_water(), budget.used(), budget.refusals(), budget.passes()};
  };
  for (int run = 0; run < 5; ++run) {  // until the budget held a transfer back (see BigBodies)
    const std::vector<FetchResult> results = harness.Run(Requests(urls));
    ASSERT_EQ(results.size(), urls.size());
    for (size_t i = 0; i < results.size(); ++i) {
      ASSERT_TRUE(results[i].ok()) << results[i].requested_url << ": " << results[i].reason;
      EXPECT_TRUE(results[i].body == texts[i])
          << results[i].requested_url << ": " << results[i].body.size() << " bytes decoded, "
          << kText << " sent (compressed: " << gzipped[i].size() << ")";
    }
    EXPECT_LE(f.high_water, kLimit + 2 * kMaxBody) << f.high_water;
    EXPECT_EQ(f.used, 0u);
    if (f.refusals > 0 || HasFailure()) break;
  }
  EXPECT_GT(f.refusals, 0u) << "five runs, and the budget never held a transfer back";
}

TEST(FetcherBudget, BodiesTheCallerHoldsCountUntilDroppedAndTransfersWaitForThem) {
  // One host, one connection: the transfers alone never hold more than one body. The caller
  // keeps every body it is handed (a slow archive writer), with a hold on it; the engine must
  // stop fetching once the kept bodies fill the budget — it says so in its log (the first time
  // always) — and go on when they are dropped; from then on the caller keeps nothing. Counted
  // here: the bytes the test itself keeps, at most.
  constexpr int kPages = 12;
  constexpr size_t kBody = 1 * kMiB;
  constexpr size_t kLimit = 3 * kMiB;
  FetchHarness harness([&](const TestRequest& r) {
    if (r.target == "/robots.txt") return Ok("User-agent: *\nDisallow:\n");
    TestResponse response;
    response.generated_body = kBody;
    return response;
  });
  harness.options.max_inflight_bytes = kLimit;
  boost::asio::io_context io;
  std::unique_ptr<Fetcher> fetcher;
  std::vector<BodyHold> holds;
  std::vector<std::string> kept;  // the bodies, as a slow caller would keep them
  size_t kept_bytes = 0, most_kept = 0, complete = 0, waits_logged = 0;
  bool keeping = true;
  auto drop_all = [&] {
    holds.clear();
    kept.clear();
    kept_bytes = 0;
  };
  harness.options.log = [&](std::string_view line) {
    if (line.find("transfers wait") == std::string_view::npos) return;
    ++waits_logged;
    keeping = false;
    drop_all();  // the writer catches up; the release reaches the engine through its io_context
  };
  ASSERT_TRUE(Fetcher::Create(io, harness.options, &fetcher).ok());
  for (int i = 0; i < kPages; ++i) {
    FetchRequest request;
    request.url = harness.Url("a.test", "/p" + std::to_string(i));
    fetcher->Fetch(request, [&](FetchResult result) {
      ASSERT_TRUE(result.ok()) << result.requested_url << ": " << result.reason;
      EXPECT_EQ(result.body.size(), kBody);
      ++complete;
      if (!keeping) return;
      holds.push_back(fetcher->Hold(result.body.size()));
      kept_bytes += result.body.size();
      kept.push_back(std::move(result.body));
      most_kept = std::max(most_kept, kept_bytes);
      if (complete == static_cast<size_t>(kPages)) drop_all();  // (holds keep the loop running)
    });
  }
  io.run();
  EXPECT_EQ(complete, static_cast<size_t>(kPages));
  // Without the holds counted the test would keep all 12 MiB; with them, the budget's worth.
  EXPECT_LE(most_kept, kLimit) << most_kept;
  EXPECT_GE(waits_logged, 1u);
  EXPECT_GT(fetcher->body_budget().refusals(), 0u);
  EXPECT_EQ(fetcher->body_budget().used(), 0u);  // io.run() returned: every hold given back
}

}  // namespace
}  // namespace xxgk::crawl::testing
