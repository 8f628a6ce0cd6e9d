// The portal-family adapters on the simulator's pages (tests/simulator/) and on real-shaped
// snippets: which adapter reads a page, and the links it finds by role — entry and column links
// by text, every family's pagination read from the page, list items with full titles and years,
// notices left out, attachments (also in JavaScript strings and OLDSRC) and continuation pages.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "crawler/discovery/adapter_registry.h"
#include "crawler/discovery/page_links.h"
#include "tests/crawler/discovery/simulator_pages.h"

namespace xxgk::crawl {
namespace {

using testing::FetchSimPage;
using testing::Truth;
using testing::Urls;

std::vector<DiscoveredLink> LinksOf(const PortalPage& page, std::string_view expect_adapter) {
  const PortalAdapter& adapter = AdapterRegistry::Default().Pick(page);
  EXPECT_EQ(adapter.name(), expect_adapter) << page.url.spec();
  return adapter.Links(page);
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A hand-written page (real-shaped snippet) at `url`.
struct Snippet {
  std::string body;
  PortalPage page;
  Snippet(const std::string& url, std::string html, PageRole role) : body(std::move(html)) {
    EXPECT_TRUE(CanonicalizeUrl(url, &page.url).ok());
    page.body = body;
    page.role = role;
  }
};

std::set<std::string> ReportPagesIn(const simulator::PortalTruth& truth,
                                    const std::string& column_path) {
  std::set<std::string> out;
  for (const auto& r : truth.reports) {
    if (r.column_path == column_path) out.insert(r.page_url);
  }
  return out;
}

TEST(Adapters, RegistryListsEveryFamilyThenGeneric) {
  const auto names = AdapterRegistry::Default().names();
  for (const char* family : {"trs", "hanweb", "gkmlpt", "vsb", "shaanxi"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), family), names.end()) << family;
  }
  EXPECT_EQ(names.back(), "generic");
}

TEST(Adapters, EveryPortalLeadsFromRootToOpennessToColumnByLinkText) {
  for (const char* family : {"trs", "hanweb", "gkmlpt", "vsb", "shaanxi"}) {
    const auto& truth = Truth(family);
    auto root = FetchSimPage(truth.portal_url, PageRole::kRoot);
    const auto root_links = AdapterRegistry::Default().Pick(root->page).Links(root->page);
    const auto openness = Urls(root_links, LinkRole::kOpenness);
    ASSERT_EQ(openness.size(), 1u) << family;
    // The home page's 年度报告 search link is a column link by text; the walk's scope refuses
    // search URLs (report_walk_test.cc).
    auto entry = FetchSimPage(openness[0], PageRole::kOpenness);
    const auto links = AdapterRegistry::Default().Pick(entry->page).Links(entry->page);
    EXPECT_EQ(Urls(links, LinkRole::kColumn), std::vector<std::string>{truth.column_url}) << family;
    EXPECT_TRUE(Urls(links, LinkRole::kOpenness).empty());
  }
}

TEST(Adapters, AnEntryPageWithoutAColumnLeadsOneLevelDeeper) {
  Snippet entry("http://www.x.gov.cn/zwgk/",
                "<a href=\"zn.html\">政府信息公开指南</a><a href=\"fdzdgk/\">法定主动公开内容</a>"
                "<a href=\"ysqgk/\">依申请公开</a>",
                PageRole::kOpenness);
  EXPECT_EQ(Urls(LinksOf(entry.page, "generic"), LinkRole::kOpenness),
            std::vector<std::string>{"http://www.x.gov.cn/zwgk/fdzdgk/"});
  Snippet deeper("http://www.x.gov.cn/zwgk/fdzdgk/",
                 "<a href=\"../\">政府信息公开</a><a href=\"nb/\">政府信息公开年报</a>",
                 PageRole::kOpenness);
  const auto links = LinksOf(deeper.page, "generic");
  EXPECT_EQ(Urls(links, LinkRole::kColumn),
            std::vector<std::string>{"http://www.x.gov.cn/zwgk/fdzdgk/nb/"});
  EXPECT_TRUE(Urls(links, LinkRole::kOpenness).empty());  // a column found: no wider search
}

TEST(Adapters, TrsZeroBasedCreatePageHtmlGivesEveryPageAndReportsWithFullTitles) {
  const auto& truth = Truth("trs");
  const std::string dir = truth.column_url + "xzf/";
  auto page = FetchSimPage(dir, PageRole::kColumn);
  const auto links = LinksOf(page->page, "trs");
  // 5 reports and 4 notices, 3 per page: createPageHTML(3, 0, "index", "shtml").
  EXPECT_EQ(Urls(links, LinkRole::kListPage),
            (std::vector<std::string>{dir + "index_1.shtml", dir + "index_2.shtml"}));
  std::set<std::string> found;
  for (auto name : {"", "index_1.shtml", "index_2.shtml"}) {
    auto list = FetchSimPage(dir + name, name[0] ? PageRole::kListPage : PageRole::kColumn);
    for (const DiscoveredLink& link : LinksOf(list->page, "trs")) {
      if (link.role != LinkRole::kReportPage) continue;
      found.insert(link.url.spec());
      const auto it = std::find_if(truth.reports.begin(), truth.reports.end(),
                                   [&](const auto& r) { return r.page_url == link.url.spec(); });
      ASSERT_NE(it, truth.reports.end()) << link.url.spec();
      EXPECT_EQ(link.title, it->list_title);  // the title attribute, not the cut text
      EXPECT_EQ(link.date, it->list_date);
      EXPECT_EQ(link.year, it->year);
    }
    for (const auto& notice : truth.non_reports) {
      for (const DiscoveredLink& link : LinksOf(list->page, "trs")) {
        if (link.url.spec() == notice.page_url) EXPECT_EQ(link.role, LinkRole::kOtherItem);
      }
    }
  }
  EXPECT_EQ(found, ReportPagesIn(truth, "政府信息公开年报/县政府"));
}

TEST(Adapters, TrsOneBasedCreatePageHtmlIsReadFromTheCall) {
  const auto& truth = Truth("trs");
  const std::string dir = truth.column_url + "xzfbgs/";
  auto page = FetchSimPage(dir, PageRole::kColumn);
  EXPECT_EQ(Urls(LinksOf(page->page, "trs"), LinkRole::kListPage),
            std::vector<std::string>{dir + "fg_2.shtml"});
  // Real-shaped: other names and counts come from the call, not from defaults.
  Snippet zero("http://www.x.gov.cn/zwgk/nb/index.html",
               "<div class=TRS_Editor></div><script>createPageHTML(4, 0, \"index\", \"html\");"
               "</script>",
               PageRole::kColumn);
  EXPECT_EQ(Urls(LinksOf(zero.page, "trs"), LinkRole::kListPage),
            (std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/index_1.html",
                                      "http://www.x.gov.cn/zwgk/nb/index_2.html",
                                      "http://www.x.gov.cn/zwgk/nb/index_3.html"}));
  Snippet vars(
      "http://www.x.gov.cn/zwgk/nb/index.shtml",
      "<div class=TRS_Editor></div><script>var countPage = 3//共多少页\nvar currentPage = 0;"
      "createPageHTML(countPage, currentPage, \"index\", \"shtml\");</script>",
      PageRole::kColumn);
  EXPECT_EQ(Urls(LinksOf(vars.page, "trs"), LinkRole::kListPage),
            (std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/index_1.shtml",
                                      "http://www.x.gov.cn/zwgk/nb/index_2.shtml"}));
  Snippet six("http://www.x.gov.cn/zwgk/nb/",
              "<script>createPageHTML('page_box',3,1,'list','htm',45);</script>",
              PageRole::kListPage);
  EXPECT_EQ(Urls(LinksOf(six.page, "trs"), LinkRole::kListPage),
            (std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/list_2.htm",
                                      "http://www.x.gov.cn/zwgk/nb/list_3.htm"}));
}

TEST(Adapters, TrsColumnGivesSubColumnsNotNavigationOrItems) {
  const auto& truth = Truth("trs");
  auto page = FetchSimPage(truth.column_url, PageRole::kColumn);
  const auto links = LinksOf(page->page, "generic");  // the column page has no pager script
  std::vector<std::string> names;
  for (const DiscoveredLink& link : links) {
    if (link.role == LinkRole::kColumn) names.push_back(link.column_name);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"县政府", "县政府办公室", "部门", "乡镇街道", "历史归档"}));
  auto years = FetchSimPage(truth.column_url + "xzjd/", PageRole::kColumn);  // GBK folders page
  EXPECT_EQ(Urls(LinksOf(years->page, "generic"), LinkRole::kColumn),
            (std::vector<std::string>{truth.column_url + "xzjd/2023nb/",
                                      truth.column_url + "xzjd/2022nb/"}));
}

TEST(Adapters, TrsReportPagesGiveAttachmentsFromScriptsAndOldSrcAndContinuations) {
  const auto& truth = Truth("trs");
  size_t pdf = 0, docx = 0, continued = 0;
  for (const auto& report : truth.reports) {
    auto page = FetchSimPage(report.page_url, PageRole::kReportPage);
    const auto links = LinksOf(page->page, "trs");
    std::vector<std::string> want_attachments, want_continuation;
    for (const auto& copy : report.copies) {
      if (copy.format != "html") want_attachments.push_back(copy.url);
      if (!copy.continuation_url.empty()) want_continuation.push_back(copy.continuation_url);
      pdf += copy.format == "pdf";
      docx += copy.format == "docx";
    }
    EXPECT_EQ(Urls(links, LinkRole::kAttachment), want_attachments) << report.page_url;
    EXPECT_EQ(Urls(links, LinkRole::kContinuation), want_continuation) << report.page_url;
    continued += !want_continuation.empty();
    if (!want_continuation.empty()) {  // the continuation links back only
      auto next = FetchSimPage(want_continuation[0], PageRole::kContinuation);
      EXPECT_TRUE(Urls(LinksOf(next->page, "trs"), LinkRole::kContinuation).empty());
    }
  }
  EXPECT_GT(pdf, 0u);
  EXPECT_GT(docx, 0u);
  EXPECT_EQ(continued, 1u);
}

TEST(Adapters, OldSrcIsUsedWhenTheHrefIsNoAttachment) {
  Snippet s("http://www.x.gov.cn/nb/202401/t20240129_5.html",
            "<a href=\"javascript:void(0)\" OLDSRC=\"/protect/P0202401/P0202401.ofd\">附件</a>"
            "<a href=\"./t20240129_5_1.html\">下一页</a><a href=\"../t20230101_9.html\">上一篇</a>",
            PageRole::kReportPage);
  const auto links = LinksOf(s.page, "generic");
  EXPECT_EQ(Urls(links, LinkRole::kAttachment),
            std::vector<std::string>{"http://www.x.gov.cn/protect/P0202401/P0202401.ofd"});
  EXPECT_EQ(Urls(links, LinkRole::kContinuation),
            std::vector<std::string>{"http://www.x.gov.cn/nb/202401/t20240129_5_1.html"});
}

TEST(Adapters, HanwebIslandRecordsAndDataProxyPagesPostedAsThePageScriptPostsThem) {
  const auto& truth = Truth("hanweb");
  auto leaf =
      FetchSimPage("http://www.simhanweb-a.gov.cn/col/col1011/index.html", PageRole::kColumn);
  const auto links = LinksOf(leaf->page, "hanweb");
  const auto reports = Urls(links, LinkRole::kReportPage);
  std::vector<DiscoveredLink> proxies;
  for (const DiscoveredLink& link : links) {
    if (link.role == LinkRole::kListPage) proxies.push_back(link);
  }
  ASSERT_FALSE(proxies.empty());
  EXPECT_NE(proxies[0].url.spec().find("/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord="),
            std::string::npos);
  // The ajaxParam object, every field in its order, as the form body (jQuery's encoding).
  EXPECT_EQ(proxies[0].form_body.substr(0, 36), "col=1&appid=1&webid=1&path=%2F&colum");
  EXPECT_NE(proxies[0].form_body.find("&columnid=1011&sourceContentType=1&unitid="),
            std::string::npos);
  EXPECT_EQ(proxies[0].form_body.substr(proxies[0].form_body.size() - 17), "&permissiontype=0");
  std::set<std::string> found(reports.begin(), reports.end());
  for (const DiscoveredLink& proxy : proxies) {
    auto xml = FetchSimPage(proxy.url.spec(), PageRole::kListPage, proxy.form_body);
    EXPECT_EQ(xml->result.http_status, 200);
    for (const auto& url : Urls(LinksOf(xml->page, "hanweb"), LinkRole::kReportPage)) {
      found.insert(url);
    }
  }
  EXPECT_EQ(found, ReportPagesIn(truth, "年度报告/县政府"));
  // 部门: links to one column per department, navigation (/col/col1001/ 政府信息公开) aside.
  auto departments =
      FetchSimPage("http://www.simhanweb-a.gov.cn/col/col1013/index.html", PageRole::kColumn);
  EXPECT_EQ(Urls(LinksOf(departments->page, "hanweb"), LinkRole::kColumn).size(), 3u);
}

TEST(Adapters, ScriptObjectReadsFlatObjectLiteralsAndFormBodyEncodesThemAsAForm) {
  const auto fields = ScriptObject(
      "x({ ajaxParam : { col: 1, path: '/', \"name\": \"县 政府\", empty: '' }, more: 2 })",
      "ajaxParam");
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(*fields, (std::vector<std::pair<std::string, std::string>>{
                         {"col", "1"}, {"path", "/"}, {"name", "县 政府"}, {"empty", ""}}));
  EXPECT_EQ(FormBody(*fields), "col=1&path=%2F&name=%E5%8E%BF+%E6%94%BF%E5%BA%9C&empty=");
  EXPECT_FALSE(ScriptObject("myajaxParam: { a: 1 }", "ajaxParam").has_value());  // not the key
  EXPECT_FALSE(ScriptObject("ajaxParam: { a: f(1) }", "ajaxParam").has_value());
  EXPECT_FALSE(ScriptObject("ajaxParam: { a: 1", "ajaxParam").has_value());
}

TEST(Adapters, HanwebDataProxyWithoutAnAjaxParamObjectIsAskedWithGet) {
  Snippet s("http://www.x.gov.cn/col/col9/index.html",
            "<script>$('#u').jpage({ perPage: 10, totalRecord: 25, proxyUrl: '/dp.jsp', "
            "groupSize: 1, webid: 2, columnid: 9, unitid: 77 });</script>",
            PageRole::kColumn);
  std::vector<std::string> bodies;
  for (const DiscoveredLink& link : LinksOf(s.page, "hanweb")) {
    if (link.role == LinkRole::kListPage) bodies.push_back(link.form_body);
  }
  EXPECT_EQ(Urls(LinksOf(s.page, "hanweb"), LinkRole::kListPage),
            (std::vector<std::string>{
                "http://www.x.gov.cn/dp.jsp?startrecord=11&endrecord=20&perpage=10&webid=2&columnid=9&unitid=77",
                "http://www.x.gov.cn/dp.jsp?startrecord=21&endrecord=25&perpage=10&webid=2&columnid=9&unitid=77"}));
  EXPECT_EQ(bodies, (std::vector<std::string>{"", ""}));
}

TEST(Adapters, HanwebAnnualReportModuleLinksAreReportsOfTheirFbtimeYear) {
  Snippet s(
      "http://www.x.gov.cn/col/col77/index.html",
      "<ul><li><a href=\"/module/xxgk/xxgkAnnualReport.jsp?area=11330100002&fbtime=2023\">"
      "2023年度</a></li><li><a href=\"/module/xxgk/xxgkAnnualReport.jsp?area=11330100002&fbtime="
      "20x3\">坏的</a></li><li><a href=\"/module/xxgk/xxgkAnnualReport.jsp?area=1\">无年份</a>"
      "</li></ul>",
      PageRole::kColumn);
  const auto links = LinksOf(s.page, "hanweb");
  ASSERT_EQ(Urls(links, LinkRole::kReportPage).size(), 1u);
  for (const DiscoveredLink& link : links) {
    if (link.role == LinkRole::kReportPage) EXPECT_EQ(link.year, 2023);
  }
}

TEST(Adapters, GkmlptCategoriesFromTheMenuThenTheApiPageByPage) {
  const auto& truth = Truth("gkmlpt");
  auto index = FetchSimPage(truth.column_url, PageRole::kColumn);
  const auto links = LinksOf(index->page, "gkmlpt");
  std::vector<std::pair<std::string, std::string>> categories;
  for (const DiscoveredLink& link : links) {
    if (link.role == LinkRole::kColumn) categories.emplace_back(link.url.spec(), link.column_name);
  }
  const std::string api = "http://www.simgkmlpt-a.gov.cn/gkmlpt/api/all/";
  // Each category is named by its whole path in the menu's tree, parents included.
  ASSERT_GE(categories.size(), 4u);
  EXPECT_EQ(categories[0], std::make_pair(api + "2590?page=1&sid=755033", std::string("政府信息公开年报")));
  EXPECT_EQ(categories[1], std::make_pair(api + "2591?page=1&sid=755033",
                                          std::string("政府信息公开年报/县政府")));
  std::set<std::string> names;
  for (const auto& [url, name] : categories) names.insert(name);
  for (const char* name : {"政府信息公开年报/部门", "政府信息公开年报/乡镇街道",
                           "政府信息公开年报/县政府/2023年", "政府信息公开年报/县政府/2019年",
                           "政府信息公开年报/部门/青溪县财政局",  // the walk drops 青溪县
                           "政府信息公开年报/乡镇街道/西山乡人民政府"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
  EXPECT_EQ(names.size(), categories.size());
  EXPECT_EQ(categories.size(), 4u + 5 + 3 + 3);  // the parents, 5 years, 3 departments, 3 towns
  for (const DiscoveredLink& link : links) {  // the platform's search (robots: disallowed)
    EXPECT_EQ(link.url.spec().find("/gkmlpt/search"), std::string::npos) << link.url.spec();
  }
  // Category 2590 lists everything, 5 per page: follow "next" until total is reached.
  std::set<std::string> found;
  size_t notices = 0;
  std::string next = api + "2590?page=1&sid=755033";
  size_t pages = 0;
  while (!next.empty() && pages < 50) {
    auto json = FetchSimPage(next, PageRole::kListPage);
    ASSERT_EQ(json->result.http_status, 200) << next;
    const auto page_links = LinksOf(json->page, "gkmlpt");
    for (const auto& url : Urls(page_links, LinkRole::kReportPage)) found.insert(url);
    notices += Urls(page_links, LinkRole::kOtherItem).size();
    const auto more = Urls(page_links, LinkRole::kListPage);
    ASSERT_LE(more.size(), 1u);
    EXPECT_TRUE(more.empty() || more[0].find("page=0") == std::string::npos);
    next = more.empty() ? "" : more[0];
    ++pages;
  }
  std::set<std::string> all;
  for (const auto& r : truth.reports) all.insert(r.page_url);
  EXPECT_EQ(found, all);
  EXPECT_EQ(notices, truth.non_reports.size());
  EXPECT_EQ(pages, (truth.reports.size() + truth.non_reports.size() + 4) / 5);
}

TEST(Adapters, VsbCountsDownFromTheGotoPageCall) {
  const auto& truth = Truth("vsb");
  auto column = FetchSimPage(truth.column_url, PageRole::kColumn);
  EXPECT_TRUE(column->result.redirects.size() == 1);  // the cookie redirect, followed once
  const auto pages = Urls(LinksOf(column->page, "vsb"), LinkRole::kListPage);
  const size_t n = (truth.reports.size() + truth.non_reports.size() + 4) / 5;
  std::vector<std::string> want;
  for (size_t k = n - 1; k >= 1; --k) {
    want.push_back("http://www.simvsb-a.gov.cn/xxgk/ndbg/" + std::to_string(k) + ".htm");
  }
  EXPECT_EQ(pages, want);
  std::set<std::string> found;
  for (const std::string& url : Urls(LinksOf(column->page, "vsb"), LinkRole::kReportPage)) {
    found.insert(url);
  }
  for (const std::string& page_url : pages) {
    auto list = FetchSimPage(page_url, PageRole::kListPage);
    for (const auto& url : Urls(LinksOf(list->page, "vsb"), LinkRole::kReportPage)) {
      found.insert(url);
    }
  }
  EXPECT_EQ(found, ReportPagesIn(truth, "公开年报"));
}

TEST(Adapters, ShaanxiRangeFromFirstToLastPage) {
  const auto& truth = Truth("shaanxi");
  const std::string dir = "http://www.simshaanxi-a.gov.cn/zfxxgk/zfxxgknb/xj/";
  auto first = FetchSimPage(dir + "1.html", PageRole::kColumn);
  const auto pages = Urls(LinksOf(first->page, "shaanxi"), LinkRole::kListPage);
  const size_t n = (ReportPagesIn(truth, "政府信息公开年报/县级").size() + 2) / 3;
  ASSERT_GE(n, 2u);
  std::vector<std::string> want;
  for (size_t k = 2; k <= n; ++k) want.push_back(dir + std::to_string(k) + ".html");
  EXPECT_EQ(pages, want);
}

TEST(Adapters, AnUndatedFolderNamedLikeAReportIsAPerYearSubColumn) {
  Snippet s("http://www.x.gov.cn/zwgk/nb/",
            "<a href=\"2023/\">2023年政府信息公开年报</a><a "
            "href=\"2022/index.html\">2022年政府信息公开年报"
            "</a><li><a href=\"2023/t20240120_3.html\">X县2023年政府信息公开工作年度报告</a>"
            "<span>2024-01-20</span></li>",
            PageRole::kColumn);
  const auto links = LinksOf(s.page, "generic");
  EXPECT_EQ(Urls(links, LinkRole::kColumn),
            (std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/2023/",
                                      "http://www.x.gov.cn/zwgk/nb/2022/index.html"}));
  EXPECT_EQ(Urls(links, LinkRole::kReportPage),
            std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/2023/t20240120_3.html"});
}

TEST(Adapters, LinksResolveAgainstTheBaseHref) {
  Snippet s("http://www.x.gov.cn/a/b/list.html",
            "<head><base href=\"http://www.x.gov.cn/nb/\"></head><li><a href=\"t20240101_1.html\">"
            "X县2023年政府信息公开工作年度报告</a></li>",
            PageRole::kListPage);
  EXPECT_EQ(Urls(LinksOf(s.page, "generic"), LinkRole::kReportPage),
            std::vector<std::string>{"http://www.x.gov.cn/nb/t20240101_1.html"});
}

TEST(Adapters, GenericPlainNextAndLastLinksAndPageQueries) {
  Snippet s(
      "http://www.x.gov.cn/zwgk/nb/list.jhtml?page=1",
      "<li><a href=\"/zwgk/nb/content_191767\">X县2023年政府信息公开工作年度报告</a> "
      "2024-01-20</li><li><a href=\"/zwgk/nb/content_191768\" title=\"关于报送2023年度政府信息"
      "公开工作年度报告的通知\">关于报送…</a> 2024-01-05</li>"
      "<a href=\"list.jhtml?page=2\">下一页</a><a href=\"list.jhtml?page=6\">尾页</a>"
      "<a href=\"/search?q=nb\">搜索</a>",
      PageRole::kListPage);
  const auto links = LinksOf(s.page, "generic");
  EXPECT_EQ(Urls(links, LinkRole::kReportPage),
            std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/content_191767"});
  EXPECT_EQ(Urls(links, LinkRole::kOtherItem),
            std::vector<std::string>{"http://www.x.gov.cn/zwgk/nb/content_191768"});
  std::vector<std::string> want;
  for (int k = 2; k <= 6; ++k) {
    want.push_back("http://www.x.gov.cn/zwgk/nb/list.jhtml?page=" + std::to_string(k));
  }
  EXPECT_EQ(Sorted(Urls(links, LinkRole::kListPage)), want);
  Snippet anhui("http://www.x.gov.cn/OpennessContent/showList/12/34/page_1.html",
                "<a href=\"page_2.html\">下一页</a> <a href=\"page_4.html\">末页</a>",
                PageRole::kListPage);
  EXPECT_EQ(
      Sorted(Urls(LinksOf(anhui.page, "generic"), LinkRole::kListPage)),
      (std::vector<std::string>{"http://www.x.gov.cn/OpennessContent/showList/12/34/page_2.html",
                                "http://www.x.gov.cn/OpennessContent/showList/12/34/page_3.html",
                                "http://www.x.gov.cn/OpennessContent/showList/12/34/page_4.html"}));
}

}  // namespace
}  // namespace xxgk::crawl
