// Adapters on hostile input: every simulated page cut short and with bytes flipped, and
// hand-written broken pager calls, data islands and API answers, read by every adapter in every
// role. Nothing may throw or crash (the ASan build checks memory too), and broken pagers give no
// pages rather than absurd ones.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "crawler/discovery/adapter_registry.h"
#include "crawler/discovery/page_text.h"
#include "crawler/discovery/report_walks.h"
#include "tests/crawler/discovery/simulator_pages.h"

namespace xxgk::crawl {
namespace {

constexpr PageRole kRoles[] = {PageRole::kRoot,      PageRole::kOpenness,   PageRole::kColumn,
                               PageRole::kListPage,  PageRole::kReportPage, PageRole::kContinuation,
                               PageRole::kAttachment};

size_t ReadEverywhere(const CanonicalUrl& url, std::string_view body) {
  size_t links = 0;
  for (std::string_view name : AdapterRegistry::Default().names()) {
    const PortalAdapter* adapter = AdapterRegistry::Default().Find(name);
    for (PageRole role : kRoles) {
      PortalPage page{url, body, "", role};
      links += adapter->Links(page).size();
    }
  }
  return links;
}

TEST(HostilePages, EverySimulatedPageCutAndFlippedIsReadWithoutHarm) {
  boost::asio::io_context io;
  testing::SimulatorPageSource source(testing::Sim(), &io);
  CrawlFrontier frontier(source, FrontierLimits{});
  seeds::SeedList seeds;
  ASSERT_TRUE(seeds::SeedList::Parse(testing::Sim().SeedsTsv(), "<sim>", &seeds).ok());
  std::vector<std::pair<CanonicalUrl, std::string>> pages;
  ReportWalks walks(
      frontier, WalkLimits{},
      [&](const WalkedPage& page) {
        CanonicalUrl url;
        if (IsReadablePage(page.result) && CanonicalizeUrl(page.result.final_url, &url).ok()) {
          pages.emplace_back(url, PageText(page.result));
        }
      },
      [](FoundReport) {});
  for (const auto& row : seeds.rows()) walks.Add(row);
  walks.Start();
  io.run();
  ASSERT_GT(pages.size(), 100u);
  uint32_t rng = 12345;
  for (const auto& [url, text] : pages) {
    for (const size_t cut : {size_t{1}, text.size() / 3, text.size() / 2, text.size() - 1}) {
      ReadEverywhere(url, std::string_view(text).substr(0, cut));
    }
    std::string flipped = text;
    for (int i = 0; i < 20 && !flipped.empty(); ++i) {
      rng = rng * 1103515245u + 12345u;
      flipped[rng % flipped.size()] = "<>\"'=\\/(),0"[rng % 11];
    }
    ReadEverywhere(url, flipped);
  }
}

TEST(HostilePages, BrokenPagersAndAnswersGiveNoPages) {
  CanonicalUrl url;
  ASSERT_TRUE(CanonicalizeUrl("http://www.x.gov.cn/col/col9/index.html", &url).ok());
  for (const char* body : {
           "createPageHTML(",
           "createPageHTML(99999999999999999999, 0, \"index\", \"html\")",
           "createPageHTML('d', -3, 1, 'fg', 'shtml', 1)",
           "createPageHTML(countPage, 0, \"index\", \"html\")",  // an unset variable
           "_simple_list_gotopage_fun(",
           "_simple_list_gotopage_fun(1e99,'GOPAGE',2)",
           "<datastore><totalrecord>abc</totalrecord></datastore><script>$('#1').jpage({perPage: "
           "x})",
           "<script>$('#1').jpage({ perPage: 0, totalRecord: 5, ajaxParam: {webid: 1, columnid: 9, "
           "unitid: 2}})",
       }) {
    EXPECT_EQ(ReadEverywhere(url, body), 0u) << body;
  }
  // An absurd 尾页: its two links are followed as they are, the range between is not expanded.
  const size_t readings = AdapterRegistry::Default().names().size() * 2;  // column, list page
  EXPECT_EQ(ReadEverywhere(url,
                           "<a href=\"list.html?page=2\">下一页</a>"
                           "<a href=\"list.html?page=99999999999\">尾页</a>"),
            2 * readings);
  ASSERT_TRUE(
      CanonicalizeUrl("http://www.x.gov.cn/gkmlpt/api/all/1?page=99999999999999999999&sid=1", &url)
          .ok());
  for (const char* body :
       {"{\"articles\": 5}", "{\"total\": \"9\", \"articles\": [{\"url\": 7}]}", "[1,2",
        "{\"articles\": [{\"url\": \"/a.html\", \"title\": []}], \"total\": -1}"}) {
    for (const DiscoveredLink& link : AdapterRegistry::Default().Find("gkmlpt")->Links(
             PortalPage{url, body, "application/json", PageRole::kListPage})) {
      EXPECT_NE(link.role, LinkRole::kListPage) << body;
    }
  }
}

}  // namespace
}  // namespace xxgk::crawl
