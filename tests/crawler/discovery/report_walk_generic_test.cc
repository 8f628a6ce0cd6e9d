// The report walk on a hand-written portal that no family recognises (the generic adapter),
// served by the frontier's FakePageSource: 信息公开 → 公开年报 by link text, a ?page=N list read
// from 下一页/尾页 (its stub page ends the list), a report continued on content_N_1, attachments on
// a file host of the same government and inside a JavaScript string, a 521 challenge host named
// by the seed row (asked once, then blocked), and links a walk must never follow (news, search,
// another portal in the footer and in "related" links, a notice about reports). The exact set of
// requests is pinned.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <set>

#include "crawler/discovery/report_walk.h"
#include "tests/crawler/fake_page_source.h"

namespace xxgk::crawl {
namespace {

constexpr const char* kRoot = "http://www.example-county.gov.cn/";
constexpr const char* kChallenge = "http://gkml.example-county.gov.cn:8080/";

std::string Page(const std::string& body) {
  return "<html><head><meta charset=\"utf-8\"><title>示例县</title></head><body>" + body +
         "<div class=footer><a href=\"http://www.otherprov.gov.cn/\">某省人民政府</a></div>"
         "</body></html>";
}

void FillPortal(testing::FakePageSource& source) {
  const std::string root = kRoot;
  source.SetHtml(root,
                 Page("<a href=\"/news/\">新闻中心</a><a href=\"/xxgk/index.html\">信息公开</a>"
                      "<a href=\"/search.jsp?q=nb\">年度报告</a>"));
  source.SetHtml(
      root + "xxgk/index.html",
      Page("<a href=\"/xxgk/zn.html\">信息公开指南</a><a href=\"gknb/list.jhtml\">公开年报</a>"));
  const std::string list = root + "xxgk/gknb/list.jhtml";
  source.SetHtml(list,
                 Page("<ul><li><a href=\"content_100\" "
                      "title=\"示例县2023年政府信息公开工作年度报告\">示例县2023年…</a>"
                      "<i>2024-03-20</i></li><li><a "
                      "href=\"content_101\">示例县二〇二二年政府信息公开工作年度报告</a>"
                      "<i>2023-03-02</i></li><li><a "
                      "href=\"content_099\">关于报送2023年度政府信息公开工作年度报告的通知"
                      "</a><i>2024-01-05</i></li><li><a "
                      "href=\"/u/P2020.pdf\">示例县2020年政府信息公开工作年度报告"
                      "</a><i>2021-03-30</i></li></ul><a href=\"list.jhtml?page=2\">下一页</a>"
                      "<a href=\"list.jhtml?page=3\">尾页</a>"));
  source.SetHtml(
      list + "?page=2",
      Page("<ul><li><a "
           "href=\"content_102\">示例县2021年政府信息公开工作年度报告</a><i>2022-03-28</i></li>"
           "</ul><a href=\"list.jhtml?page=3\">下一页</a><a href=\"list.jhtml?page=3\">尾页</a>"));
  source.SetHtml(list + "?page=3", "<html><body></body></html>");
  const std::string dir = root + "xxgk/gknb/";
  source.SetHtml(dir + "content_100",
                 Page("<p>正文</p><a href=\"http://file.example-county.gov.cn/u/P1.pdf\">附件</a>"
                      "<a href=\"http://www.otherprov.gov.cn/a.html\">相关：某省年报</a>"));
  source.SetHtml(dir + "content_101", Page("<p>上半</p><a href=\"content_101_1\">下一页</a>"));
  source.SetHtml(dir + "content_101_1", Page("<p>下半</p><a href=\"content_101\">上一页</a>"));
  source.SetHtml(dir + "content_102",
                 Page("<script>var rel_appendix = '<a href=\"./P2.ofd\">报告.ofd</a>';</script>"));
  testing::FakePage file;
  file.headers = {{"Content-Type", "application/pdf"}};
  file.body = "%PDF-1.4";
  source.Set("http://file.example-county.gov.cn/u/P1.pdf", file);
  file.headers = {{"Content-Type", "application/ofd"}};
  file.body = "PK";
  source.Set(dir + "P2.ofd", file);
  file.headers = {{"Content-Type", "application/pdf"}};
  file.body = "%PDF-1.7 2020";
  source.Set(root + "u/P2020.pdf", file);
  testing::FakePage challenge;
  challenge.status = 521;
  challenge.headers = {{"Content-Type", "text/html"}, {"Set-Cookie", "__jsluid_s=1; path=/"}};
  challenge.body =
      "<script>document.cookie=('_')+('_')+('jsl_clearance_s=');location.href=location.pathname</"
      "script>";
  source.Set(std::string(kChallenge) + "nb/", challenge);
  source.Set(std::string(kChallenge) + "gknb/", challenge);
}

seeds::SeedRow Row() {
  seeds::SeedList list;
  const std::string tsv = std::string(seeds::kSeedHeader) +
                          "\n149999\t山西省\t示例市\t示例县\tcounty\t" + kRoot + "\t" + kChallenge +
                          "nb/ " + kChallenge + "gknb/\tits open-data host " + kChallenge + "\n";
  const Status status = seeds::SeedList::Parse(tsv, "<test>", &list);
  EXPECT_TRUE(status.ok()) << status.message();
  return list.rows().at(0);
}

TEST(ReportWalkGeneric, FindsTheReportsAndRequestsExactlyWhatItShould) {
  boost::asio::io_context io;
  testing::FakePageSource source(io, 1);
  FillPortal(source);
  CrawlFrontier frontier(source, FrontierLimits{});
  std::vector<FoundReport> reports;
  std::vector<std::string> adapters;
  const seeds::SeedRow row = Row();
  ReportWalk walk(
      row, frontier, WalkLimits{},
      [&](const WalkedPage& page) { adapters.emplace_back(page.adapter); },
      [&](FoundReport report) { reports.push_back(std::move(report)); });
  bool done = false;
  walk.Start([&] { done = true; });
  io.run();
  ASSERT_TRUE(done);

  const std::string dir = std::string(kRoot) + "xxgk/gknb/";
  ASSERT_EQ(reports.size(), 4u);
  std::map<int, const FoundReport*> by_year;
  for (const FoundReport& r : reports) by_year[r.place.year] = &r;
  ASSERT_EQ(by_year.size(), 4u);
  // Listed as its PDF: no page, the document as the attachment.
  EXPECT_TRUE(by_year[2020]->pages.empty());
  ASSERT_EQ(by_year[2020]->attachments.size(), 1u);
  EXPECT_EQ(by_year[2020]->attachments[0].body, "%PDF-1.7 2020");
  EXPECT_EQ(by_year[2023]->place.list_title,
            "示例县2023年政府信息公开工作年度报告");  // title attribute
  EXPECT_EQ(by_year[2023]->place.list_date, "2024-03-20");
  EXPECT_EQ(by_year[2023]->place.column, "公开年报");
  EXPECT_EQ(by_year[2023]->place.code, "149999");
  ASSERT_EQ(by_year[2023]->attachments.size(), 1u);
  EXPECT_EQ(by_year[2023]->attachments[0].body, "%PDF-1.4");
  ASSERT_EQ(by_year[2022]->pages.size(), 2u);
  EXPECT_EQ(by_year[2022]->pages[1].requested_url, dir + "content_101_1");
  ASSERT_EQ(by_year[2021]->attachments.size(), 1u);
  EXPECT_EQ(by_year[2021]->attachments[0].requested_url, dir + "P2.ofd");

  const std::set<std::string> requested(source.requests().begin(), source.requests().end());
  EXPECT_EQ(requested.size(), source.requests().size());  // each URL once
  const std::set<std::string> want = {
      kRoot,
      std::string(kRoot) + "xxgk/index.html",
      dir + "list.jhtml",
      dir + "list.jhtml?page=2",
      dir + "list.jhtml?page=3",
      dir + "content_100",
      dir + "content_101",
      dir + "content_101_1",
      dir + "content_102",
      "http://file.example-county.gov.cn/u/P1.pdf",
      dir + "P2.ofd",
      std::string(kRoot) + "u/P2020.pdf",
      std::string(kChallenge) + "nb/",  // the first seed column on it; the second never asked
  };
  EXPECT_EQ(requested, want);
  ASSERT_EQ(walk.totals().challenged.size(), 1u);
  EXPECT_NE(walk.totals().challenged.begin()->second.find("521"), std::string::npos);
  EXPECT_EQ(frontier.blocked().size(), 1u);
  // The search link (a column link by its text); footer and "related" links have no role at all.
  EXPECT_EQ(walk.totals().out_of_scope, 1u);
  EXPECT_EQ(walk.totals().other_items, 1u);  // the notice
  for (const std::string& adapter : adapters) EXPECT_TRUE(adapter == "generic" || adapter.empty());
}

}  // namespace
}  // namespace xxgk::crawl
