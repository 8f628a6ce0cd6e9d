// Portal site (tests only): what every simulated portal family shares — a host's pages and its
// behaviours (robots.txt, a cookie-setting self-redirect, a challenge), the page skeletons (home
// page with its traps, 政府信息公开 page, list page, report page), list items, pagination helpers
// and the placement of a report (its page, continuation, attachments) with its ground truth.
// A family file (trs_portal.cc, …) decides only URLs, list markup and pagination; everything it
// shares with another family lives here.
//
// Pages are stored as served bytes. HTML is written in UTF-8 and encoded to GBK (GB18030, ICU)
// when the page is declared so (`<meta http-equiv="Content-Type" … charset=gb2312>`).
// Thread safety: built on one thread, then only read (the server's thread answers from it).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/crawler/test_http_server.h"
#include "tests/simulator/county_plan.h"
#include "tests/simulator/ground_truth.h"

namespace xxgk::simulator {

using crawl::testing::TestRequest;
using crawl::testing::TestResponse;

enum class Charset { kUtf8, kGbk };

struct SitePage {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One host of a simulated portal.
struct PortalSite {
  std::string host;
  // By request target: the exact target first ("/search?q=…"), then its path without the query.
  std::map<std::string, SitePage> pages;
  // Answers computed from the request (Hanweb's dataproxy.jsp, gkmlpt's API); nullopt: not mine.
  std::function<std::optional<SitePage>(const TestRequest&)> dynamic;
  std::string robots_txt;   // served at /robots.txt; empty: 404
  // "name=value": a request without this cookie is answered 302 to its own URL with Set-Cookie
  // (robots.txt excepted); with it, the page.
  std::string cookie_gate;
  int challenge_status = 0;  // 412 (JS shell) or 521 (__jsluid_s cookie): every request
  // Static 200 pages carry an ETag (of their bytes) and a Last-Modified, and answer 304 to a
  // request whose If-None-Match names their ETag (or, without one, whose If-Modified-Since equals
  // their Last-Modified), as nginx does for static files.
  bool validators = false;
};

// Answers `request` from `site` (the behaviours above, then dynamic, then pages, else 404).
TestResponse Answer(const PortalSite& site, const TestRequest& request);

// A list item as portals print it: the link's title attribute holds the full title, the text is
// cut after 20 characters.
struct ListItem {
  std::string href;
  std::string title;
  std::string date;  // YYYY-MM-DD
};
std::string ListItemHtml(const ListItem& item);  // <li><a href title>text</a><span>date</span></li>

// Pages of `per_page` items (at least one page, possibly empty).
std::vector<std::vector<ListItem>> Paginate(const std::vector<ListItem>& items, size_t per_page);

// How a report page links an attachment.
enum class AttachmentStyle {
  kAnchor,    // <a href="./P020….pdf">
  kOldSrc,    // <a href="./P020….docx" OLDSRC="/protect/P0202401/P020….docx">
  kJsString,  // only in a script: var rel_appendix = '<a href="./P020….pdf">…</a>';
};

// Where and how a family places one planned report.
struct ReportPlacement {
  std::string page_path;        // /zwgk/…/202401/t20240129_1926.shtml
  std::string continuation_path;  // non-empty: the inline text is split, its second half here
  std::string attachment_dir;   // directory of the attachments (ends with '/')
  std::string column_path;      // 政府信息公开年报/部门/财政局
  Charset charset = Charset::kUtf8;
  AttachmentStyle attachment_style = AttachmentStyle::kAnchor;
  bool link_spam_mirror = false;  // the page's related links include the spam mirror
  std::string attachment_stem;  // file name without extension; empty: TrsFileName's
};

// The skeleton around a report's body: TRS's div.TRS_Editor or Hanweb's #zoom between
// ContentStart/ContentEnd comments.
enum class BodyContainer { kTrsEditor, kHanwebZoom, kArticle };

// Writes one family's county: pages of its main host, shared skeletons, ground truth.
class PortalWriter {
 public:
  PortalWriter(const CountyPlan& plan, std::string family, BodyContainer container);

  const CountyPlan& plan() const { return plan_; }
  PortalSite& site() { return sites_.front(); }
  PortalSite& AddHost(const std::string& host);  // another host of the same portal
  std::string Url(const std::string& path) const;  // http://<main host><path>
  const std::string& host() const { return plan_.spec.host; }

  // Pages. `html` is UTF-8 and gets encoded to `charset`.
  void AddHtml(const std::string& path, const std::string& html, Charset charset = Charset::kUtf8);
  void AddPage(const std::string& path, SitePage page);
  void AddStub(const std::string& path);     // a 54-byte body beyond a list's last page
  void AddNotFound(const std::string& path);  // an explicit 404 (a deep list page)

  // The home page: navigation to 政府信息公开 (at `openness_path`, which every later page's nav
  // links too: call it first), news, search and calendar pages (all three also written, and
  // forbidden; the search page lists every report), footer links to other portals.
  // `extra_links` (label, absolute URL or path) join the main navigation.
  void AddHome(const std::string& openness_path,
               const std::vector<std::pair<std::string, std::string>>& extra_links = {});
  // The 政府信息公开 page: 指南, 制度, 法定主动公开内容, and `report_link_text` → `column_path`.
  void AddOpenness(const std::string& path, const std::string& column_path,
                   const std::string& report_link_text);

  // A page's skeleton (head with charset and title, header, nav, breadcrumb, footer) around
  // `content` (UTF-8).
  std::string Page(const std::string& title, const std::vector<std::string>& breadcrumb,
                   const std::string& content, Charset charset = Charset::kUtf8) const;
  // A list page: sub-column links (label, href), then the items, then `pager` (HTML).
  std::string ListPage(const std::string& column_name, const std::vector<std::string>& breadcrumb,
                       const std::vector<std::pair<std::string, std::string>>& sub_columns,
                       const std::vector<ListItem>& items, const std::string& pager,
                       Charset charset = Charset::kUtf8) const;

  // Places `report` (its page, continuation and attachments) and records its ground truth.
  void AddReport(const PlannedReport& report, const ReportPlacement& placement);
  ListItem ItemFor(const PlannedReport& report, const std::string& href) const;
  // A notice about reports at `page_path`, with its attachment in the same directory.
  void AddNotice(const PlannedNotice& notice, const std::string& page_path);
  ListItem ItemFor(const PlannedNotice& notice, const std::string& href) const;

  void Forbid(const std::string& host, const std::string& path_prefix, const std::string& reason);
  void SetColumn(const std::string& path) { truth_.column_url = Url(path); }
  void SetChallenge(const std::string& url) { truth_.challenge_url = url; }
  void SetCookieHost(const std::string& host) { truth_.cookie_host = host; }

  // The finished county: its hosts and ground truth.
  std::vector<PortalSite> TakeSites();  // writes the search page first
  PortalTruth TakeTruth() { return std::move(truth_); }

 private:
  std::string ReportPageHtml(const PlannedReport& report, const ReportPlacement& placement,
                             const std::string& body, const std::string& after_body) const;

  const CountyPlan& plan_;
  BodyContainer container_;
  std::string openness_path_;  // set by AddHome: every page's nav links it
  std::vector<PortalSite> sites_;
  PortalTruth truth_;
};

// Hosts outside every county: the spam mirror (not *.gov.cn) and the provincial and prefecture
// portals the footers link to. The simulator answers them (so a stray request is logged, never
// sent to the internet) with a page that copies a report.
inline constexpr const char* kSpamMirrorHost = "www.zfxxgk-mirror.com";
inline constexpr const char* kProvincePortalHost = "www.simprov.gov.cn";
inline constexpr const char* kPrefecturePortalHost = "www.simcity.gov.cn";

// Parts of URLs: the directory of a path ("/a/b/c.html" → "/a/b/"), 4-digit ids.
std::string DirectoryOf(const std::string& path);
std::string HtmlEscape(const std::string& text);

// A "P020…" attachment file name as TRS writes them, from a date and an id.
std::string TrsFileName(const PlannedReport& report, const std::string& extension);

}  // namespace xxgk::simulator
