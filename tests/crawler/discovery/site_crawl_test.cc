// SiteCrawl against a simulated portal on the test server (several host names on 127.0.0.1, no
// politeness delay): every page reachable through links on the seeds' hosts is fetched exactly
// once whatever the spelling of its links, other hosts are never fetched, a seed's redirect
// widens the scope, depth and per-host limits stop the crawl, nofollow / robots.txt / non-HTML /
// 404 pages are handed over without being followed, and Stop() ends the crawl. Verified both from
// the server's request log and from what the sink received.
#include "crawler/discovery/site_crawl.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "crawler/fetch/fetcher.h"
#include "tests/crawler/fake_page_source.h"
#include "tests/crawler/test_http_server.h"

namespace xxgk::crawl::testing {
namespace {

using namespace std::chrono_literals;

TestResponse Html(const std::string& body) {
  TestResponse r;
  r.body = body;
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  return r;
}

// A page whose body links to each of `hrefs` (written as given, unescaped).
TestResponse LinkPage(const std::vector<std::string>& hrefs, const std::string& head = "") {
  std::string body = "<html><head>" + head + "</head><body>\n";
  for (const std::string& href : hrefs) body += "<a href=\"" + href + "\">link</a>\n";
  return Html(body + "</body></html>\n");
}

// What a crawl handed to the sink (bodies dropped) and its totals.
struct CrawlOutcome {
  std::vector<CrawledPage> pages;
  SiteCrawlTotals totals;
  const CrawledPage* Page(const std::string& requested_url) const {
    for (const CrawledPage& p : pages) {
      if (p.result.requested_url == requested_url) return &p;
    }
    return nullptr;
  }
};

// A portal on the test server: fixed routes per (host, path), then an optional generator for
// the rest; anything else is 404 (robots.txt too, which means "allow all").
class SiteCrawlTest : public ::testing::Test {
 protected:
  SiteCrawlTest()
      : server_([this](const TestRequest& r) {
          if (auto it = routes_.find(r.host + r.target); it != routes_.end()) return it->second;
          if (generator_) {
            if (std::optional<TestResponse> response = generator_(r)) return *response;
          }
          TestResponse missing;
          missing.status = 404;
          return missing;
        }) {
    options_.politeness.min_delay = Duration::zero();
    options_.retry.max_attempts = 2;
    options_.retry.base_delay = 20ms;
    options_.retry.max_backoff = 200ms;
    options_.random_seed = 1;
    options_.allowed_cidrs.push_back("127.0.0.0/8");
    for (const char* host : {"a.test", "www.a.test", "b.test", "c.test"}) AddHost(host);
  }

  void AddHost(const std::string& host) { options_.resolve.push_back(server_.ResolveEntry(host)); }
  std::string Url(const std::string& host, const std::string& path) const {
    return server_.Url(host, path);
  }
  std::string Port() const { return std::to_string(server_.port()); }
  // Route set before the crawl starts (the server thread only reads the map afterwards).
  void Serve(const std::string& host, const std::string& path, TestResponse response) {
    routes_[host + path] = std::move(response);
  }

  // Crawls from `seeds`; `on_page` runs in the sink (worker thread) after the page is recorded,
  // with the number of pages so far. A generous deadline stops a crawl that would hang.
  CrawlOutcome Crawl(
      const std::vector<std::string>& seeds, SiteCrawlOptions crawl_options = {},
      std::function<void(boost::asio::io_context&, SiteCrawl&, size_t)> on_page = {}) {
    CrawlOutcome outcome;
    boost::asio::io_context io;
    std::unique_ptr<Fetcher> fetcher;
    const Status created = Fetcher::Create(io, options_, &fetcher);
    EXPECT_TRUE(created.ok()) << created.message();
    if (!created.ok()) return outcome;
    std::mutex mutex;
    std::unique_ptr<SiteCrawl> crawl;
    crawl = std::make_unique<SiteCrawl>(io, *fetcher, crawl_options, [&](const CrawledPage& page) {
      size_t count;
      {
        std::lock_guard<std::mutex> lock(mutex);
        CrawledPage copy = page;
        copy.result.body.clear();
        outcome.pages.push_back(std::move(copy));
        count = outcome.pages.size();
      }
      if (on_page) on_page(io, *crawl, count);
    });
    for (const std::string& seed : seeds) {
      const Status s = crawl->AddSeed(seed);
      EXPECT_TRUE(s.ok()) << s.message();
    }
    boost::asio::steady_timer deadline(io, 120s);
    deadline.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      ADD_FAILURE() << "crawl still running at the deadline";
      crawl->Stop();
    });
    bool done = false;
    crawl->Start([&] {
      done = true;
      deadline.cancel();
    });
    io.run();
    EXPECT_TRUE(done);
    outcome.totals = crawl->totals();
    crawl.reset();  // joins the worker: every page has reached the sink
    return outcome;
  }

  // Requests the server saw for `host`, robots.txt left out: target -> count.
  std::map<std::string, int> Fetched(const std::string& host) const {
    std::map<std::string, int> out;
    for (const TestRequest& r : server_.Requests()) {
      if (r.host == host && r.target != "/robots.txt") ++out[r.target];
    }
    return out;
  }

  std::map<std::string, TestResponse> routes_;
  std::function<std::optional<TestResponse>(const TestRequest&)> generator_;
  TestHttpServer server_;
  FetcherOptions options_;
};

TEST_F(SiteCrawlTest, FetchesEveryReachablePageOnceWhateverTheSpelling) {
  const std::string abs = "http://a.test:" + Port();
  Serve("a.test", "/",
        LinkPage({"dir/x.html", "/dir/y.html", abs + "/dir/z.html", "./dir/x.html",
                  "dir/x.html#frag", "http://A.TEST:" + Port() + "/dir/y.html", "mailto:x@a.test",
                  "javascript:void(0)"}));
  Serve("a.test", "/dir/x.html", LinkPage({"../", "y.html", "./z.html", "/dir/x.html#top", "p/"}));
  Serve("a.test", "/dir/y.html", LinkPage({"/", abs + "/", "z.html", "../deep/w.html"}));
  Serve("a.test", "/dir/z.html", LinkPage({"/deep/w.html", "HTTP://a.test:" + Port() + "/dir/p/"}));
  // Many pages all linking to one page, each spelling it differently.
  std::vector<std::string> fan;
  for (int i = 0; i < 12; ++i) fan.push_back("/dir/p/" + std::to_string(i) + ".html");
  Serve("a.test", "/dir/p/", LinkPage(fan));
  for (int i = 0; i < 12; ++i) {
    Serve("a.test", "/dir/p/" + std::to_string(i) + ".html",
          LinkPage({"../../common.html", "/common.html", abs + "/common.html#s" + std::to_string(i),
                    "./../../common.html", "http://A.Test:" + Port() + "/common.html"}));
  }
  Serve("a.test", "/deep/w.html", LinkPage({}));
  Serve("a.test", "/common.html", LinkPage({"/"}));
  Serve("a.test", "/orphan.html", LinkPage({}));  // linked from nowhere

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  std::map<std::string, int> expected = {
      {"/", 1},           {"/dir/x.html", 1},  {"/dir/y.html", 1},
      {"/dir/z.html", 1}, {"/deep/w.html", 1}, {"/dir/p/", 1},
      {"/common.html", 1}};
  for (int i = 0; i < 12; ++i) expected["/dir/p/" + std::to_string(i) + ".html"] = 1;
  EXPECT_EQ(Fetched("a.test"), expected);
  EXPECT_EQ(outcome.pages.size(), expected.size());
  std::set<std::string> urls;
  for (const CrawledPage& p : outcome.pages) {
    EXPECT_TRUE(urls.insert(p.result.final_url).second) << "twice: " << p.result.final_url;
    EXPECT_TRUE(p.html) << p.result.final_url;
  }
  EXPECT_EQ(outcome.totals.fetched, expected.size());
  EXPECT_EQ(outcome.totals.failed, 0u);
  EXPECT_EQ(outcome.totals.out_of_scope, 0u);
  EXPECT_EQ(outcome.totals.over_limit, 0u);
  EXPECT_EQ(outcome.totals.seeds_failed, 0u);
  // Depth: links from the seed on the path the page was first found by; links are counted with
  // repeats (mailto: and javascript: are not crawlable links).
  ASSERT_NE(outcome.Page(Url("a.test", "/")), nullptr);
  EXPECT_EQ(outcome.Page(Url("a.test", "/"))->depth, 0u);
  EXPECT_EQ(outcome.Page(Url("a.test", "/"))->links, 6u);
  ASSERT_NE(outcome.Page(Url("a.test", "/dir/x.html")), nullptr);
  EXPECT_EQ(outcome.Page(Url("a.test", "/dir/x.html"))->depth, 1u);
  ASSERT_NE(outcome.Page(Url("a.test", "/common.html")), nullptr);
  EXPECT_EQ(outcome.Page(Url("a.test", "/common.html"))->depth, 4u);
}

TEST_F(SiteCrawlTest, LinksToOtherHostsAreCountedNotFetched) {
  const std::string b = "http://b.test:" + Port();
  Serve("a.test", "/", LinkPage({b + "/", b + "/x.html", "/a.html", "http://a.test:1/other"}));
  Serve("a.test", "/a.html",
        LinkPage({b + "/x.html", b + "/x.html#again", "https://a.test:" + Port() + "/"}));
  Serve("b.test", "/", LinkPage({}));
  Serve("b.test", "/x.html", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}, {"/a.html", 1}}));
  EXPECT_TRUE(Fetched("b.test").empty());
  // Distinct links: b.test/, b.test/x.html, a.test:1 (another port) and https://a.test (another
  // scheme) are other hosts.
  EXPECT_EQ(outcome.totals.out_of_scope, 4u);
  EXPECT_EQ(outcome.pages.size(), 2u);
}

TEST_F(SiteCrawlTest, TwoSeedsOnTwoHostsCrawlBoth) {
  Serve("a.test", "/", LinkPage({"/a1.html", "http://b.test:" + Port() + "/b1.html"}));
  Serve("a.test", "/a1.html", LinkPage({"http://c.test:" + Port() + "/"}));
  Serve("b.test", "/", LinkPage({"/b1.html", "http://a.test:" + Port() + "/a1.html"}));
  Serve("b.test", "/b1.html", LinkPage({}));
  Serve("c.test", "/", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/"), Url("b.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}, {"/a1.html", 1}}));
  EXPECT_EQ(Fetched("b.test"), (std::map<std::string, int>{{"/", 1}, {"/b1.html", 1}}));
  EXPECT_TRUE(Fetched("c.test").empty());
  EXPECT_EQ(outcome.totals.fetched, 4u);
  EXPECT_EQ(outcome.totals.out_of_scope, 1u);
}

TEST_F(SiteCrawlTest, SeedRedirectBringsItsTargetHostIntoScope) {
  const std::string www = "http://www.a.test:" + Port();
  TestResponse moved;
  moved.status = 301;
  moved.headers.emplace_back("Location", www + "/");
  Serve("a.test", "/", moved);
  Serve("www.a.test", "/",
        LinkPage({"/x.html", www + "/", "./", "http://a.test:" + Port() + "/",
                  "http://c.test:" + Port() + "/"}));
  Serve("www.a.test", "/x.html", LinkPage({"/", "/y.html"}));
  Serve("www.a.test", "/y.html", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}}));
  EXPECT_EQ(Fetched("www.a.test"),
            (std::map<std::string, int>{{"/", 1}, {"/x.html", 1}, {"/y.html", 1}}));
  EXPECT_TRUE(Fetched("c.test").empty());
  ASSERT_NE(outcome.Page(Url("a.test", "/")), nullptr);
  EXPECT_EQ(outcome.Page(Url("a.test", "/"))->result.final_url, www + "/");
  EXPECT_EQ(outcome.Page(Url("a.test", "/"))->depth, 0u);
  EXPECT_EQ(outcome.pages.size(), 3u);
  EXPECT_EQ(outcome.totals.seeds_failed, 0u);
  EXPECT_EQ(outcome.totals.out_of_scope, 1u);
}

TEST_F(SiteCrawlTest, MaxDepthStopsTheCrawl) {
  Serve("a.test", "/", LinkPage({"/1.html"}));
  Serve("a.test", "/1.html", LinkPage({"/2.html", "/"}));
  Serve("a.test", "/2.html", LinkPage({"/3.html", "/1.html"}));
  Serve("a.test", "/3.html", LinkPage({"/4.html"}));
  SiteCrawlOptions limits;
  limits.max_depth = 2;

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")}, limits);

  EXPECT_EQ(Fetched("a.test"),
            (std::map<std::string, int>{{"/", 1}, {"/1.html", 1}, {"/2.html", 1}}));
  EXPECT_EQ(outcome.totals.over_limit, 1u);  // /3.html
  ASSERT_NE(outcome.Page(Url("a.test", "/2.html")), nullptr);
  EXPECT_EQ(outcome.Page(Url("a.test", "/2.html"))->depth, 2u);
  EXPECT_EQ(outcome.Page(Url("a.test", "/2.html"))->links, 2u);  // counted, not followed
}

TEST_F(SiteCrawlTest, MaxPagesPerHostStopsTheCrawl) {
  std::vector<std::string> links;
  for (int i = 0; i < 10; ++i) {
    links.push_back("/p" + std::to_string(i) + ".html");
    Serve("a.test", links.back(), LinkPage({}));
  }
  Serve("a.test", "/", LinkPage(links));
  SiteCrawlOptions limits;
  limits.max_pages_per_host = 4;

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")}, limits);

  int fetched = 0;
  for (const auto& [target, count] : Fetched("a.test")) {
    EXPECT_EQ(count, 1) << target;
    fetched += count;
  }
  EXPECT_EQ(fetched, 4);
  EXPECT_EQ(outcome.pages.size(), 4u);
  EXPECT_EQ(outcome.totals.over_limit, 7u);  // 11 distinct URLs, 4 fetched
}

TEST_F(SiteCrawlTest, NofollowPageLinksAreNotFollowed) {
  Serve("a.test", "/", LinkPage({"/nofollow.html", "/ok.html"}));
  Serve("a.test", "/nofollow.html",
        LinkPage({"/hidden.html"}, "<meta name=\"robots\" content=\"index, NOFOLLOW\">"));
  Serve("a.test", "/ok.html", LinkPage({}));
  Serve("a.test", "/hidden.html", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  EXPECT_EQ(Fetched("a.test"),
            (std::map<std::string, int>{{"/", 1}, {"/nofollow.html", 1}, {"/ok.html", 1}}));
  ASSERT_NE(outcome.Page(Url("a.test", "/nofollow.html")), nullptr);
  EXPECT_TRUE(outcome.Page(Url("a.test", "/nofollow.html"))->html);
  EXPECT_EQ(outcome.Page(Url("a.test", "/nofollow.html"))->links, 0u);
}

TEST_F(SiteCrawlTest, RobotsDisallowedLinksReachTheSinkAsRefusals) {
  TestResponse robots;
  robots.body = "User-agent: *\nDisallow: /private/\n";
  robots.headers.emplace_back("Content-Type", "text/plain");
  Serve("a.test", "/robots.txt", robots);
  Serve("a.test", "/", LinkPage({"/private/a.html", "/public.html"}));
  Serve("a.test", "/private/a.html", LinkPage({"/private/b.html"}));
  Serve("a.test", "/public.html", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}, {"/public.html", 1}}));
  EXPECT_EQ(server_.CountRequests("a.test", "/robots.txt"), 1);
  const CrawledPage* refused = outcome.Page(Url("a.test", "/private/a.html"));
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->result.error, AttemptError::kRefused);
  EXPECT_NE(refused->result.reason.find("robots.txt"), std::string::npos) << refused->result.reason;
  EXPECT_FALSE(refused->html);
  EXPECT_EQ(outcome.totals.fetched, 2u);
  EXPECT_EQ(outcome.totals.failed, 1u);
}

TEST_F(SiteCrawlTest, NonHtmlIsHandedOverUnscanned) {
  TestResponse pdf;
  pdf.body = "%PDF-1.4 <a href=\"/secret.html\">not a link</a>";
  pdf.headers.emplace_back("Content-Type", "application/pdf");
  Serve("a.test", "/", LinkPage({"/report.pdf"}));
  Serve("a.test", "/report.pdf", pdf);
  Serve("a.test", "/secret.html", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}, {"/report.pdf", 1}}));
  const CrawledPage* page = outcome.Page(Url("a.test", "/report.pdf"));
  ASSERT_NE(page, nullptr);
  EXPECT_FALSE(page->html);
  EXPECT_EQ(page->links, 0u);
  EXPECT_EQ(page->result.http_status, 200);
  EXPECT_EQ(outcome.totals.bytes, LinkPage({"/report.pdf"}).body.size() + pdf.body.size());
}

TEST_F(SiteCrawlTest, NotFoundPagesAreHandedOverUnscanned) {
  TestResponse missing = LinkPage({"/from404.html"});
  missing.status = 404;
  Serve("a.test", "/", LinkPage({"/missing.html"}));
  Serve("a.test", "/missing.html", missing);
  Serve("a.test", "/from404.html", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}, {"/missing.html", 1}}));
  const CrawledPage* page = outcome.Page(Url("a.test", "/missing.html"));
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->result.http_status, 404);
  EXPECT_FALSE(page->html);
  EXPECT_EQ(outcome.totals.fetched, 2u);
  EXPECT_EQ(outcome.totals.seeds_failed, 0u);
}

TEST_F(SiteCrawlTest, FailedSeedIsCountedAndNotFollowed) {
  TestResponse gone = LinkPage({"/child.html"});
  gone.status = 404;
  Serve("a.test", "/", gone);
  Serve("a.test", "/child.html", LinkPage({}));
  Serve("b.test", "/", LinkPage({}));

  const CrawlOutcome outcome = Crawl({Url("a.test", "/"), Url("b.test", "/")});

  EXPECT_EQ(Fetched("a.test"), (std::map<std::string, int>{{"/", 1}}));
  EXPECT_EQ(Fetched("b.test"), (std::map<std::string, int>{{"/", 1}}));
  EXPECT_EQ(outcome.totals.seeds_failed, 1u);
  EXPECT_EQ(outcome.pages.size(), 2u);
}

TEST_F(SiteCrawlTest, BadSeedIsRejectedByName) {
  boost::asio::io_context io;
  std::unique_ptr<Fetcher> fetcher;
  ASSERT_TRUE(Fetcher::Create(io, options_, &fetcher).ok());
  SiteCrawl crawl(io, *fetcher, {}, [](const CrawledPage&) {});
  const Status s = crawl.AddSeed("ftp://a.test/x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ftp://a.test/x"), std::string::npos) << s.message();
}

TEST_F(SiteCrawlTest, StopEndsTheCrawlAndCancelsTheRest) {
  options_.politeness.min_delay = 50ms;  // one host, one request at a time: a slow crawl
  std::vector<std::string> links;
  for (int i = 0; i < 40; ++i) {
    links.push_back("/p" + std::to_string(i) + ".html");
    Serve("a.test", links.back(), LinkPage({"/"}));
  }
  Serve("a.test", "/", LinkPage(links));
  std::atomic<int> requests_at_stop{-1};

  const CrawlOutcome outcome =
      Crawl({Url("a.test", "/")}, {}, [&](boost::asio::io_context& io, SiteCrawl& crawl, size_t n) {
        if (n != 3) return;
        boost::asio::post(io, [&] {
          requests_at_stop = static_cast<int>(server_.Requests().size());
          crawl.Stop();
        });
      });

  ASSERT_GE(requests_at_stop.load(), 0);
  // At most the one transfer in flight at the Stop may still reach the server.
  EXPECT_LE(static_cast<int>(server_.Requests().size()), requests_at_stop.load() + 1);
  EXPECT_GT(outcome.totals.cancelled, 0u);
  EXPECT_LT(outcome.pages.size(), 41u);
  // Every URL submitted (the seed and its 40 links) ended one way or another.
  EXPECT_EQ(outcome.totals.fetched + outcome.totals.failed + outcome.totals.cancelled, 41u);
  EXPECT_EQ(outcome.pages.size(), outcome.totals.fetched + outcome.totals.failed);
}

// max_active bounds the pages in the engine or with the worker; the rest wait in the crawl's
// per-host queues, which are served round robin: a small host is not starved by a big one.
TEST_F(SiteCrawlTest, MaxActiveBoundsPagesInFlightAndHostsTakeTurns) {
  generator_ = [](const TestRequest& r) -> std::optional<TestResponse> {
    const int pages = r.host == "a.test" ? 30 : 4;
    std::vector<std::string> links;
    if (r.target == "/") {
      for (int i = 0; i < pages; ++i) links.push_back("/p" + std::to_string(i) + ".html");
    }
    return LinkPage(links);
  };
  SiteCrawlOptions crawl_options;
  crawl_options.max_active = 1;

  const CrawlOutcome outcome = Crawl({Url("a.test", "/"), Url("b.test", "/")}, crawl_options);

  EXPECT_EQ(Fetched("a.test").size(), 31u);
  EXPECT_EQ(Fetched("b.test").size(), 5u);
  EXPECT_EQ(server_.max_concurrent_total(), 1);
  // In request order, b.test's last page comes long before a.test's last: turns alternate.
  const std::vector<TestRequest> requests = server_.Requests();
  size_t last_a = 0, last_b = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].target == "/robots.txt") continue;
    (requests[i].host == "a.test" ? last_a : last_b) = i;
  }
  EXPECT_LT(last_b + 15, last_a);
}

TEST_F(SiteCrawlTest, FiftyHostsOfTwentyPagesEachFetchedOnce) {
  constexpr int kHosts = 50;
  constexpr int kPages = 20;
  auto host = [](int h) { return "h" + std::to_string(h) + ".test"; };
  std::vector<std::string> seeds;
  for (int h = 0; h < kHosts; ++h) {
    AddHost(host(h));
    seeds.push_back(Url(host(h), "/"));
  }
  const std::string port = Port();
  // Page i of host h links to two pages of its own host and to a page of the next host.
  generator_ = [host, port](const TestRequest& r) -> std::optional<TestResponse> {
    int h = -1, i = -1;
    if (std::sscanf(r.host.c_str(), "h%d.test", &h) != 1 || h < 0 || h >= kHosts) {
      return std::nullopt;
    }
    if (r.target == "/") {
      i = 0;
    } else if (std::sscanf(r.target.c_str(), "/p/%d.html", &i) != 1 || i < 0 || i >= kPages) {
      return std::nullopt;
    }
    return LinkPage(
        {"/p/" + std::to_string((i + 1) % kPages) + ".html",
         "../p/" + std::to_string((i * 7 + 3) % kPages) + ".html",
         "http://" + host((h + 1) % kHosts) + ":" + port + "/p/" + std::to_string(i) + ".html"});
  };

  const CrawlOutcome outcome = Crawl(seeds);

  std::map<std::string, int> per_url;
  for (const TestRequest& r : server_.Requests()) {
    if (r.target != "/robots.txt") ++per_url[r.host + r.target];
  }
  EXPECT_EQ(per_url.size(), size_t{kHosts} * (kPages + 1));  // "/" and /p/0 .. /p/19
  for (const auto& [url, count] : per_url) EXPECT_EQ(count, 1) << url;
  EXPECT_EQ(outcome.pages.size(), per_url.size());
  EXPECT_EQ(outcome.totals.fetched, per_url.size());
  EXPECT_EQ(outcome.totals.out_of_scope, 0u);
  for (int h = 0; h < kHosts; ++h) EXPECT_EQ(server_.CountRequests(host(h), "/robots.txt"), 1);
}


// The walk through the PageSource seam alone: no sockets, no engine.
TEST(SiteCrawlOnAFakeSource, WalksInScopeLinksOnceAndStopsAtTheScope) {
  boost::asio::io_context io;
  FakePageSource source(io);
  source.SetHtml("http://a.gov.cn/", R"(<a href="/x">x</a> <a href="http://b.gov.cn/">b</a>)");
  source.SetHtml("http://a.gov.cn/x", R"(<a href="/">home</a> <a href="y">y</a>)");
  source.SetHtml("http://a.gov.cn/y", "<p>leaf</p>");
  std::vector<std::string> pages;
  SiteCrawl crawl(io, source, SiteCrawlOptions{},
                  [&](const CrawledPage& page) { pages.push_back(page.result.final_url); });
  ASSERT_TRUE(crawl.AddSeed("http://a.gov.cn/").ok());
  bool done = false;
  crawl.Start([&] { done = true; });
  io.run();
  EXPECT_TRUE(done);
  std::sort(pages.begin(), pages.end());
  EXPECT_EQ(pages, (std::vector<std::string>{"http://a.gov.cn/", "http://a.gov.cn/x",
                                              "http://a.gov.cn/y"}));
  EXPECT_EQ(source.requests().size(), 3u);
  EXPECT_EQ(crawl.totals().out_of_scope, 1u);
}

}  // namespace
}  // namespace xxgk::crawl::testing
