// The report walk against the portal simulator, fed through SimulatorPageSource (no sockets) and
// a CrawlFrontier: for every family, exactly the ground truth's reports (every year, every
// sub-column) with their titles, dates, years, column paths, pages in order and attachments;
// no notice taken for a report or even requested; no forbidden target requested (news, search,
// calendar, other portals, the spam mirror, robots.txt-disallowed paths); a challenge asked once.
#include "crawler/discovery/report_walk.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <set>

#include "crawler/discovery/report_walks.h"
#include "tests/crawler/discovery/simulator_pages.h"

namespace xxgk::crawl {
namespace {

using testing::Sim;
using testing::SimulatorPageSource;

const seeds::SeedList& Seeds() {
  static const seeds::SeedList* list = [] {
    auto* out = new seeds::SeedList;
    const Status status = seeds::SeedList::Parse(Sim().SeedsTsv(), "<simulator>", out);
    EXPECT_TRUE(status.ok()) << status.message();
    return out;
  }();
  return *list;
}

struct WalkRun {
  std::vector<FoundReport> reports;
  std::vector<std::pair<std::string, PageRole>> pages;  // final URL, role
  std::vector<testing::SimRequest> requests;
  WalkTotals totals;
  std::map<HostKey, std::string> blocked;
  bool done = false;
};

WalkRun Walk(const seeds::SeedRow& row, WalkLimits limits = {}) {
  boost::asio::io_context io;
  SimulatorPageSource source(Sim(), &io);
  CrawlFrontier frontier(source, FrontierLimits{});
  WalkRun run;
  ReportWalk walk(
      row, frontier, limits,
      [&](const WalkedPage& page) { run.pages.emplace_back(page.result.final_url, page.role); },
      [&](FoundReport report) { run.reports.push_back(std::move(report)); });
  walk.Start([&] { run.done = true; });
  io.run();
  run.requests = source.requests();
  run.totals = walk.totals();
  run.blocked = frontier.blocked();
  return run;
}

const seeds::SeedRow& RowOf(const simulator::PortalTruth& truth) {
  const seeds::SeedMatch match = Seeds().FindByCode(truth.county_code);
  EXPECT_TRUE(match.found());
  return match.row();
}

class ReportWalkFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(ReportWalkFamily, FindsExactlyTheGroundTruthsReports) {
  const simulator::PortalTruth& truth = testing::Truth(GetParam());
  const WalkRun run = Walk(RowOf(truth));
  ASSERT_TRUE(run.done);
  std::map<std::string, const FoundReport*> found;
  for (const FoundReport& r : run.reports) {
    ASSERT_FALSE(r.pages.empty()) << r.place.list_title;
    EXPECT_TRUE(found.emplace(r.pages[0].requested_url, &r).second)
        << "twice: " << r.place.list_title;
  }
  EXPECT_EQ(run.reports.size(), truth.reports.size());
  for (const simulator::ReportTruth& want : truth.reports) {
    SCOPED_TRACE(want.page_url);
    const auto it = found.find(want.page_url);
    ASSERT_NE(it, found.end()) << "missed " << want.list_title;
    const FoundReport& got = *it->second;
    EXPECT_EQ(got.place.code, truth.county_code);
    EXPECT_EQ(got.place.year, want.year);
    EXPECT_EQ(got.place.list_title, want.list_title);
    EXPECT_EQ(got.place.list_date, want.list_date);
    EXPECT_EQ(got.place.column, want.column_path);  // the whole path, every family
    std::vector<std::string> pages, attachments, want_pages = {want.page_url}, want_attachments;
    for (const FetchResult& p : got.pages) {
      EXPECT_TRUE(p.ok()) << p.final_url;
      pages.push_back(p.requested_url);
    }
    for (const FetchResult& a : got.attachments) {
      EXPECT_TRUE(a.ok()) << a.final_url;
      EXPECT_FALSE(a.body.empty());
      attachments.push_back(a.requested_url);
    }
    for (const auto& copy : want.copies) {
      if (!copy.continuation_url.empty()) want_pages.push_back(copy.continuation_url);
      if (copy.format != "html") want_attachments.push_back(copy.url);
    }
    EXPECT_EQ(pages, want_pages);
    EXPECT_EQ(attachments, want_attachments);
  }
  // Notices are never reports, and never even fetched.
  std::set<std::string> requested;
  for (const auto& r : run.requests) requested.insert("http://" + r.host + r.target);
  for (const simulator::NonReport& notice : truth.non_reports) {
    EXPECT_EQ(found.count(notice.page_url), 0u) << notice.title;
    EXPECT_EQ(requested.count(notice.page_url), 0u) << notice.title;
    for (const std::string& a : notice.attachment_urls) EXPECT_EQ(requested.count(a), 0u) << a;
  }
  if (!truth.non_reports.empty()) EXPECT_GT(run.totals.other_items, 0u);
}

TEST_P(ReportWalkFamily, RequestsNoForbiddenTargetAndTheChallengeAtMostOnce) {
  const simulator::PortalTruth& truth = testing::Truth(GetParam());
  const WalkRun run = Walk(RowOf(truth));
  size_t challenges = 0;
  for (const testing::SimRequest& r : run.requests) {
    for (const simulator::ForbiddenTarget& f : truth.forbidden) {
      EXPECT_FALSE(f.Matches(r.host, r.target)) << r.host << r.target << " (" << f.reason << ")";
    }
    challenges +=
        !truth.challenge_url.empty() && "http://" + r.host + r.target == truth.challenge_url;
  }
  EXPECT_LE(challenges, 1u);
  // Every request is one the walk meant (robots.txt aside): each URL once.
  std::set<std::string> distinct;
  for (const testing::SimRequest& r : run.requests) {
    if (r.target == "/robots.txt") continue;
    distinct.insert(r.host + r.target + "\n" + r.form_body);  // a POST's body names it too
  }
  const size_t cookie_redirects = truth.cookie_host.empty() ? 0 : 1;
  EXPECT_LE(run.requests.size() - distinct.size(),
            cookie_redirects * distinct.size() + 10 /* robots.txt per host */);
}

INSTANTIATE_TEST_SUITE_P(Families, ReportWalkFamily,
                         ::testing::Values("trs", "hanweb", "gkmlpt", "vsb", "shaanxi"),
                         [](const auto& info) { return info.param; });

TEST(ReportWalk, VsbIsFoundFromTheRootAloneAndSeedColumnsAfterTheRootsDiscovery) {
  const simulator::PortalTruth& vsb = testing::Truth("vsb");
  EXPECT_TRUE(RowOf(vsb).columns.empty());  // the simulator leaves VSB's column to discovery
  EXPECT_EQ(Walk(RowOf(vsb)).reports.size(), vsb.reports.size());
}

TEST(ReportWalk, AChallengedHostIsAskedOnceAndBlockedWithItsReason) {
  const simulator::PortalTruth& trs = testing::Truth("trs");
  seeds::SeedRow row = RowOf(trs);
  row.portal = trs.challenge_url;  // the 412 host as the portal, and a column on it
  ASSERT_TRUE(CanonicalizeUrl(trs.challenge_url, &row.portal_url).ok());
  row.columns = {trs.challenge_url + "zfxxgknb/"};
  row.column_urls.resize(1);
  ASSERT_TRUE(CanonicalizeUrl(row.columns[0], &row.column_urls[0]).ok());
  const WalkRun run = Walk(row);
  EXPECT_TRUE(run.done);
  EXPECT_TRUE(run.reports.empty());
  size_t asked = 0;
  for (const testing::SimRequest& r : run.requests) {
    if (r.target != "/robots.txt") asked += r.host == "zwfw.simtrs-a.gov.cn";
  }
  EXPECT_EQ(asked, 1u);
  ASSERT_EQ(run.totals.challenged.size(), 1u);
  EXPECT_NE(run.totals.challenged.begin()->second.find("412"), std::string::npos);
  ASSERT_EQ(run.blocked.size(), 1u);
  EXPECT_EQ(run.blocked.begin()->first.str(), "http://zwfw.simtrs-a.gov.cn:80");
}

TEST(ReportWalk, AWrongSeedColumnDegradesToDiscovery) {
  const simulator::PortalTruth& shaanxi = testing::Truth("shaanxi");
  seeds::SeedRow row = RowOf(shaanxi);
  row.columns = {"http://www.simshaanxi-a.gov.cn/zfxxgk/nb/guess/"};  // a 404
  row.column_urls.resize(1);
  ASSERT_TRUE(CanonicalizeUrl(row.columns[0], &row.column_urls[0]).ok());
  EXPECT_EQ(Walk(row).reports.size(), shaanxi.reports.size());
}

TEST(ReportWalk, TheSeedsColumnIsWalkedWhenTheRootLeadsNowhereAndNamedByItsTitle) {
  const simulator::PortalTruth& shaanxi = testing::Truth("shaanxi");
  seeds::SeedRow row = RowOf(shaanxi);
  ASSERT_TRUE(CanonicalizeUrl("http://www.simshaanxi-a.gov.cn/moved/", &row.portal_url).ok());
  const WalkRun run = Walk(row);
  ASSERT_EQ(run.reports.size(), shaanxi.reports.size());
  std::map<std::string, std::string> path_of;
  for (const auto& r : shaanxi.reports) path_of[r.page_url] = r.column_path;
  for (const FoundReport& r : run.reports) {
    EXPECT_EQ(r.place.column, path_of[r.pages.at(0).requested_url]);  // 政府信息公开年报/县级
  }
}

TEST(ReportWalks, EveryCountyAtOnceOverOneFrontierFindsEachItsOwnReports) {
  boost::asio::io_context io;
  SimulatorPageSource source(Sim(), &io);
  CrawlFrontier frontier(source, FrontierLimits{});
  std::map<std::string, std::set<std::string>> found;  // county code → report pages
  size_t pages = 0;
  ReportWalks walks(
      frontier, WalkLimits{}, [&](const WalkedPage&) { ++pages; },
      [&](FoundReport r) { found[r.place.code].insert(r.pages.at(0).requested_url); });
  // TRS's root leads nowhere here: its column is walked in the deferred phase, while the other
  // walks are idle or busy.
  seeds::SeedRow trs = RowOf(testing::Truth("trs"));
  ASSERT_TRUE(CanonicalizeUrl("http://www.simtrs-a.gov.cn/moved/", &trs.portal_url).ok());
  for (const seeds::SeedRow& row : Seeds().rows()) walks.Add(row.code == trs.code ? trs : row);
  bool done = false;
  walks.Start([&] { done = true; });
  io.run();
  ASSERT_TRUE(done);
  for (const auto& walk : walks.walks()) EXPECT_TRUE(walk->finished());
  for (const simulator::PortalTruth& truth : Sim().portals()) {
    std::set<std::string> want;
    for (const auto& r : truth.reports) want.insert(r.page_url);
    EXPECT_EQ(found[truth.county_code], want) << truth.family;
  }
  EXPECT_GT(pages, 150u);
}

TEST(ReportWalk, ATownsRowWithItsColumnWalksOnlyThatColumn) {
  const simulator::PortalTruth& trs = testing::Truth("trs");
  seeds::SeedList list;
  const std::string column = trs.column_url + "xzjd/2023nb/";
  ASSERT_TRUE(seeds::SeedList::Parse(std::string(seeds::kSeedHeader) +
                                         "\n149901-towns\t山西省\t模拟市\t"
                                         "星河县乡镇\ttown\t" +
                                         trs.portal_url + "\t" + column + "\t\n",
                                     "<test>", &list)
                  .ok());
  const WalkRun run = Walk(list.rows().at(0));
  std::set<std::string> got, want;
  for (const FoundReport& r : run.reports) got.insert(r.pages.at(0).requested_url);
  for (const auto& r : trs.reports) {
    if (r.column_path == "政府信息公开年报/乡镇街道/2023年度") want.insert(r.page_url);
  }
  EXPECT_EQ(got, want);
  for (const testing::SimRequest& r : run.requests) {
    EXPECT_TRUE(r.target == "/robots.txt" ||
                r.target.starts_with("/zwgk/zfxxgk/zfxxgknb/xzjd/2023nb/"))
        << r.target;
  }
}

TEST(ReportWalk, PagesPerWalkAreBoundedAndTheWalkStillFinishes) {
  WalkLimits limits;
  limits.max_pages = 12;
  const WalkRun run = Walk(RowOf(testing::Truth("trs")), limits);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(run.totals.requested, 12u);
  EXPECT_EQ(run.pages.size(), 12u);
  EXPECT_GT(run.totals.over_limit, 0u);
}

TEST(ReportWalk, AStoppedFrontierEndsTheWalkWithWhatItFound) {
  boost::asio::io_context io;
  SimulatorPageSource source(Sim(), &io);
  CrawlFrontier frontier(source, FrontierLimits{});
  size_t pages = 0, reports = 0;
  ReportWalk walk(
      RowOf(testing::Truth("hanweb")), frontier, WalkLimits{},
      [&](const WalkedPage&) {
        if (++pages == 20) frontier.Stop();
      },
      [&](FoundReport r) {
        EXPECT_FALSE(r.pages.empty() && r.attachments.empty());
        ++reports;
      });
  bool done = false;
  walk.Start([&] { done = true; });
  io.run();
  EXPECT_TRUE(done);
  EXPECT_LT(reports, testing::Truth("hanweb").reports.size());
  EXPECT_GT(walk.totals().unfetched, 0u);
  EXPECT_LT(pages, 25u);
}

TEST(ReportWalk, ListPagesPerColumnAreBounded) {
  const simulator::PortalTruth& vsb = testing::Truth("vsb");
  WalkLimits limits;
  limits.max_list_pages_per_column = 1;  // the column page and one further page
  const WalkRun run = Walk(RowOf(vsb), limits);
  EXPECT_LT(run.reports.size(), vsb.reports.size());
  EXPECT_GT(run.totals.over_limit, 0u);
  size_t lists = 0;
  for (const auto& [url, role] : run.pages) lists += role == PageRole::kListPage;
  EXPECT_EQ(lists, 1u);
}

}  // namespace
}  // namespace xxgk::crawl
