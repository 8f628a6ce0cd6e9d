// Tests of the crawl frontier (crawler/frontier) against a page source in memory: each URL once,
// per-host and global bounds, round robin between hosts, hosts blocked and stopping, and answers
// that come before Fetch() returns.
#include "crawler/frontier/crawl_frontier.h"

#include <gtest/gtest.h>

#include <map>

#include <boost/asio/io_context.hpp>
#include <string>
#include <vector>

#include "tests/crawler/fake_page_source.h"

namespace xxgk::crawl {
namespace {

using testing::FakePageSource;

CanonicalUrl Url(const std::string& spec) {
  CanonicalUrl url;
  EXPECT_TRUE(CanonicalizeUrl(spec, &url).ok()) << spec;
  return url;
}

TEST(CrawlFrontier, TakesEachUrlOnceAndAnswersEach) {
  boost::asio::io_context io;
  FakePageSource source(io);
  source.SetHtml("http://a.gov.cn/", "<p>home</p>");
  CrawlFrontier frontier(source, {});
  std::vector<std::string> answered;
  auto on = [&](FetchResult r) {
    answered.push_back(r.final_url + " " + std::to_string(r.http_status));
    frontier.Done();
  };
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/"), on), Admit::kQueued);
  EXPECT_EQ(frontier.Add(Url("http://A.gov.cn:80/"), on), Admit::kSeen);
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/missing"), on), Admit::kQueued);
  frontier.Pump();
  io.run();
  EXPECT_EQ(answered, (std::vector<std::string>{"http://a.gov.cn/ 200",
                                                 "http://a.gov.cn/missing 404"}));
  EXPECT_TRUE(frontier.idle());
  EXPECT_EQ(source.requests().size(), 2u);
}

TEST(CrawlFrontier, MarkSeenKeepsARedirectTargetFromBeingFetchedAgain) {
  boost::asio::io_context io;
  FakePageSource source(io);
  CrawlFrontier frontier(source, {});
  frontier.MarkSeen(Url("http://a.gov.cn/index.html").spec());
  EXPECT_TRUE(frontier.Seen("http://a.gov.cn/index.html"));
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/index.html"), [](FetchResult) {}), Admit::kSeen);
}

TEST(CrawlFrontier, APostIsNamedByItsUrlAndItsBody) {
  boost::asio::io_context io;
  FakePageSource source(io);
  CrawlFrontier frontier(source, {});
  auto on = [&](FetchResult) { frontier.Done(); };
  auto post = [](std::string body) {
    FetchRequest r;
    r.form_body = std::move(body);
    return r;
  };
  const CanonicalUrl proxy = Url("http://a.gov.cn/dataproxy.jsp?startrecord=16");
  EXPECT_EQ(frontier.Add(proxy, post("columnid=1"), on), Admit::kQueued);
  EXPECT_EQ(frontier.Add(proxy, post("columnid=2"), on), Admit::kQueued);  // another column's
  EXPECT_EQ(frontier.Add(proxy, post("columnid=1"), on), Admit::kSeen);
  EXPECT_EQ(frontier.Add(proxy, on), Admit::kQueued);  // the GET is a request of its own
  EXPECT_TRUE(frontier.Seen(proxy.spec() + "&__wb_method=POST&columnid=2"));
  frontier.Pump();
  io.run();
  EXPECT_EQ(source.requests().size(), 3u);
}

TEST(CrawlFrontier, QueuedByHostCountsWaitingAndInSourceUntilAnswered) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/1);
  CrawlFrontier frontier(source, FrontierLimits{});
  auto on = [&](FetchResult) { frontier.Done(); };
  for (const char* url : {"http://a.gov.cn/1", "http://a.gov.cn/2", "http://a.gov.cn/3",
                          "http://b.gov.cn/1"}) {
    ASSERT_EQ(frontier.Add(Url(url), on), Admit::kQueued);
  }
  using Counts = std::map<HostKey, size_t>;
  const HostKey a = Url("http://a.gov.cn/").host_key(), b = Url("http://b.gov.cn/").host_key();
  EXPECT_EQ(frontier.QueuedByHost(), (Counts{{a, 3}, {b, 1}}));
  frontier.Pump();  // a: 2 in the source (per host + 1), 1 waiting; b: 1 in the source
  EXPECT_EQ(frontier.QueuedByHost(), (Counts{{a, 3}, {b, 1}}));
  io.run();
  EXPECT_TRUE(frontier.QueuedByHost().empty());  // answered hosts are left out
}

TEST(CrawlFrontier, HostPageLimitRefusesTheRest) {
  boost::asio::io_context io;
  FakePageSource source(io);
  CrawlFrontier frontier(source, FrontierLimits{2, 256});
  auto on = [&](FetchResult) { frontier.Done(); };
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/1"), on), Admit::kQueued);
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/2"), on), Admit::kQueued);
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/3"), on), Admit::kOverLimit);
  EXPECT_EQ(frontier.Add(Url("http://b.gov.cn/1"), on), Admit::kQueued);  // per host
  EXPECT_EQ(frontier.pages(Url("http://a.gov.cn/").host_key()), 2u);
  frontier.Pump();
  io.run();
  EXPECT_EQ(source.requests().size(), 3u);
}

TEST(CrawlFrontier, AHostHasAtMostItsConnectionsPlusOneInTheSource) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/2);
  source.set_hold(true);
  CrawlFrontier frontier(source, {});
  for (int i = 0; i < 10; ++i) {
    frontier.Add(Url("http://a.gov.cn/" + std::to_string(i)), [&](FetchResult) {
      frontier.Done();
    });
  }
  frontier.Pump();
  EXPECT_EQ(source.held(), 3u);  // 2 connections + 1
  EXPECT_EQ(frontier.waiting(), 7u);
  source.Release();  // one answer frees one place
  EXPECT_EQ(source.held(), 3u);
  EXPECT_EQ(frontier.waiting(), 6u);
  while (source.held() > 0) source.Release();
  EXPECT_TRUE(frontier.idle());
  EXPECT_EQ(source.requests().size(), 10u);
}

TEST(CrawlFrontier, PagesHeldByTheCallerCountAgainstMaxActive) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/8);
  CrawlFrontier frontier(source, FrontierLimits{100, 2});
  std::vector<std::string> unfinished;
  for (int i = 0; i < 5; ++i) {
    frontier.Add(Url("http://a.gov.cn/" + std::to_string(i)),
                 [&](FetchResult r) { unfinished.push_back(r.final_url); });  // no Done() yet
  }
  frontier.Pump();
  io.run();
  EXPECT_EQ(unfinished.size(), 2u);  // answered, but the caller still holds them
  EXPECT_EQ(frontier.active(), 2u);
  io.restart();
  frontier.Done();  // one page finished: one more goes out
  io.run();
  EXPECT_EQ(unfinished.size(), 3u);
  EXPECT_FALSE(frontier.idle());
}

TEST(CrawlFrontier, HostsTakeTurns) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/0);  // one at a time per host
  source.set_hold(true);
  CrawlFrontier frontier(source, FrontierLimits{100, 1});
  for (int i = 0; i < 3; ++i) {
    for (const char* host : {"a", "b"}) {
      frontier.Add(Url(std::string("http://") + host + ".gov.cn/" + std::to_string(i)),
                   [&](FetchResult) { frontier.Done(); });
    }
  }
  frontier.Pump();
  while (source.held() > 0) source.Release();
  std::vector<std::string> hosts;
  for (const std::string& url : source.requests()) hosts.push_back(url.substr(7, 1));
  EXPECT_EQ(hosts, (std::vector<std::string>{"a", "b", "a", "b", "a", "b"}));
}

TEST(CrawlFrontier, BlockedHostDropsItsQueueAndRefusesMore) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/0);
  source.set_hold(true);
  CrawlFrontier frontier(source, {});
  int answered = 0;
  auto on = [&](FetchResult) {
    ++answered;
    frontier.Done();
  };
  for (int i = 0; i < 4; ++i) frontier.Add(Url("http://a.gov.cn/" + std::to_string(i)), on);
  frontier.Add(Url("http://b.gov.cn/"), on);
  frontier.Pump();
  const HostKey a = Url("http://a.gov.cn/").host_key();
  frontier.BlockHost(a, "412 challenge page");
  frontier.BlockHost(a, "a later reason");
  EXPECT_EQ(frontier.dropped(), 3u);  // a/0 was in the source already
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/9"), on), Admit::kBlocked);
  EXPECT_EQ(frontier.blocked().at(a), "412 challenge page");
  while (source.held() > 0) source.Release();
  EXPECT_EQ(answered, 2);  // a/0 and b
  EXPECT_TRUE(frontier.idle());
}

TEST(CrawlFrontier, StopDropsTheQueueAndCancelsWhatTheSourceHolds) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/0);
  source.set_hold(true);
  CrawlFrontier frontier(source, {});
  std::vector<AttemptError> errors;
  for (int i = 0; i < 5; ++i) {
    frontier.Add(Url("http://a.gov.cn/" + std::to_string(i)), [&](FetchResult r) {
      errors.push_back(r.error);
      frontier.Done();
    });
  }
  frontier.Pump();
  frontier.Stop();
  EXPECT_TRUE(source.stopping());
  EXPECT_EQ(frontier.dropped(), 4u);
  EXPECT_EQ(errors, (std::vector<AttemptError>{AttemptError::kCancelled}));
  EXPECT_TRUE(frontier.idle());
  EXPECT_EQ(frontier.Add(Url("http://a.gov.cn/new"), [](FetchResult) {}), Admit::kStopping);
}

TEST(CrawlFrontier, AnAnswerInsideFetchDoesNotRecurseOrLoseWork) {
  boost::asio::io_context io;
  FakePageSource source(io, /*per_host=*/1);
  CrawlFrontier frontier(source, {});
  source.Stop();  // every Fetch now answers at once, inside the call
  int answered = 0;
  for (int i = 0; i < 50; ++i) {
    frontier.Add(Url("http://a.gov.cn/" + std::to_string(i)), [&](FetchResult) {
      ++answered;
      frontier.Done();  // pumps again while Pump() is on the stack
    });
  }
  frontier.Pump();
  EXPECT_EQ(answered, 50);
  EXPECT_TRUE(frontier.idle());
}

}  // namespace
}  // namespace xxgk::crawl
