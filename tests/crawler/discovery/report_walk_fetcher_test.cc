// Discovery end to end with the real fetch engine: every simulated county walked at once
// (ReportWalks over one CrawlFrontier over the Fetcher), the engine reaching the portal simulator
// on 127.0.0.1 as its forward proxy, so the simulator's own request log judges the crawl: every
// report of the ground truth found, and no forbidden target (news, search, calendars, other
// portals, the spam mirror, robots.txt-disallowed paths) nor the challenge twice ever requested.
// robots.txt and VSB's cookie redirect are the engine's own (no in-memory stand-in).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <set>

#include "crawler/discovery/report_walks.h"
#include "crawler/fetch/fetcher.h"
#include "tests/crawler/discovery/simulator_pages.h"

namespace xxgk::crawl {
namespace {

TEST(ReportWalkFetcher, EveryCountyThroughTheEngineFindsTheTruthAndNothingForbidden) {
  const simulator::PortalSimulator& sim = testing::Sim();
  seeds::SeedList seeds;
  ASSERT_TRUE(seeds::SeedList::Parse(sim.SeedsTsv(), "<simulator>", &seeds).ok());

  boost::asio::io_context io;
  FetcherOptions options;
  options.proxy = "http://127.0.0.1:" + std::to_string(sim.port());
  options.politeness.min_delay = Duration::zero();
  options.retry.max_attempts = 2;
  options.retry.base_delay = std::chrono::milliseconds(10);
  options.retry.max_backoff = std::chrono::milliseconds(50);
  options.random_seed = 1;
  std::unique_ptr<Fetcher> fetcher;
  const Status created = Fetcher::Create(io, options, &fetcher);
  ASSERT_TRUE(created.ok()) << created.message();
  CrawlFrontier frontier(*fetcher, FrontierLimits{});

  std::map<std::string, std::map<std::string, FoundReport>> found;  // code → page → report
  size_t pages = 0, failed = 0;
  ReportWalks walks(
      frontier, WalkLimits{},
      [&](const WalkedPage& page) {
        ++pages;
        failed +=
            page.result.error != AttemptError::kNone && page.result.error != AttemptError::kRefused;
      },
      [&](FoundReport r) {
        const std::string page = r.pages.at(0).requested_url;
        found[r.place.code].emplace(page, std::move(r));
      });
  for (const seeds::SeedRow& row : seeds.rows()) walks.Add(row);
  bool done = false;
  boost::asio::steady_timer deadline(io, std::chrono::seconds(120));
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (!ec) {
      ADD_FAILURE() << "deadline";
      frontier.Stop();
    }
  });
  walks.Start([&] {
    done = true;
    deadline.cancel();
  });
  io.run();
  ASSERT_TRUE(done);
  EXPECT_EQ(failed, 0u);

  for (const simulator::PortalTruth& truth : sim.portals()) {
    SCOPED_TRACE(truth.family);
    const auto& mine = found[truth.county_code];
    EXPECT_EQ(mine.size(), truth.reports.size());
    for (const simulator::ReportTruth& want : truth.reports) {
      const auto it = mine.find(want.page_url);
      ASSERT_NE(it, mine.end()) << want.list_title;
      EXPECT_EQ(it->second.place.year, want.year);
      size_t attachments = 0;
      for (const auto& copy : want.copies) attachments += copy.format != "html";
      ASSERT_EQ(it->second.attachments.size(), attachments);
      for (const FetchResult& a : it->second.attachments) EXPECT_TRUE(a.ok()) << a.final_url;
      for (const FetchResult& p : it->second.pages) EXPECT_TRUE(p.ok()) << p.final_url;
    }
    for (const auto& request : sim.Violations(truth)) {
      ADD_FAILURE() << "forbidden: " << request.host << request.target;
    }
  }
  EXPECT_GT(pages, 150u);
}

}  // namespace
}  // namespace xxgk::crawl
