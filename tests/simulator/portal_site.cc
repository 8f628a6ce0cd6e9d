// Portal site: see portal_site.h.
#include "tests/simulator/portal_site.h"

#include <cstdio>
#include <functional>

#include "tests/extract/docx_writer.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/pdf_writer.h"

namespace xxgk::simulator {
namespace {

constexpr const char* kPdfType = "application/pdf";
constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// The count of UTF-8 characters in `s`, and its first `n` characters.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
std::string FirstChars(const std::string& s, size_t n) {
  size_t i = 0, seen = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) break;
  }
  return s.substr(0, i);
}

bool HasCookie(const TestRequest& request, const std::string& name_value) {
  const std::string cookies = "; " + request.Header("cookie") + ";";
  return cookies.find("; " + name_value + ";") != std::string::npos ||
         cookies.find(";" + name_value + ";") != std::string::npos;
}

TestResponse FromPage(const SitePage& page) {
  TestResponse response;
  response.status = page.status;
  response.body = page.body;
  if (!page.content_type.empty()) response.headers.emplace_back("Content-Type", page.content_type);
  for (const auto& h : page.headers) response.headers.push_back(h);
  return response;
}

// The two kinds of challenge real portals answer with: a 412 JavaScript shell (瑞数) or a 521
// that sets a __jsluid_s cookie and reloads (加速乐). Never solvable without running the script.
TestResponse Challenge(int status) {
  TestResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/html");
  if (status == 521) {
    response.headers.emplace_back("Set-Cookie", "__jsluid_s=5f2b9c1e8d7a6b4c3e2f1a0d9c8b7a6e; "
                                                "max-age=31536000; path=/; HttpOnly");
    response.body =
        "<script>document.cookie=('_')+('_')+('jsl_clearance_s=')+(1706500000)+('.')+"
        "(-~[]+[])+('|0|')+'eKq%2B'+(+!+[]);location.href=location.pathname+location.search"
        "</script>";
  } else {
    response.body =
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=utf-8\"><meta id=\"9DhefwqGPrzGxEp9hPaoag\" content=\"" +
        std::string(120, 'q') +
        "\"><script type=\"text/javascript\" charset=\"utf-8\" src=\"/4QbVtADbnLVIc/d.js\">"
        "</script><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=25310;$_ts.cd=\"qEq"
        "rrrAlWGlkcrqUrq\";</script></head><body></body></html>";
  }
  return response;
}

std::string ReportDirectoryBodyHtml(const std::string& text, uint64_t id) {
  testing::HtmlStyle style;
  style.merge_cells = true;
  style.nbsp_blanks = true;
  style.split_labels = id % 2 == 0;
  return testing::ReportTextToBodyHtml(text, style);
}

// Splits a report text before table 四's heading (or in the middle): a report continued on a
// second page.
std::pair<std::string, std::string> SplitText(const std::string& text) {
  size_t at = text.find("\n四、政府信息公开行政复议");
  if (at == std::string::npos) at = text.find('\n', text.size() / 2);
  return {text.substr(0, at + 1), text.substr(at + 1)};
}

}  // namespace

TestResponse Answer(const PortalSite& site, const TestRequest& request) {
  if (site.challenge_status != 0) return Challenge(site.challenge_status);
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path == "/robots.txt") {
    if (site.robots_txt.empty()) return FromPage({404, "text/html", "<html>404</html>", {}});
    return FromPage({200, "text/plain", site.robots_txt, {}});
  }
  if (!site.cookie_gate.empty() && !HasCookie(request, site.cookie_gate)) {
    TestResponse response;
    response.status = 302;
    response.headers.emplace_back("Location", "http://" + request.Header("host") + request.target);
    response.headers.emplace_back("Set-Cookie", site.cookie_gate + "; path=/");
    response.headers.emplace_back("Content-Type", "text/html");
    return response;
  }
  if (site.dynamic) {
    if (std::optional<SitePage> page = site.dynamic(request)) return FromPage(*page);
  }
  auto it = site.pages.find(request.target);
  if (it == site.pages.end()) it = site.pages.find(path);
  if (it != site.pages.end() && site.validators && it->second.status == 200) {
    char etag[32];
    std::snprintf(etag, sizeof etag, "\"%016zx\"", std::hash<std::string>{}(it->second.body));
    const std::string last_modified = "Mon, 29 Jan 2024 02:00:00 GMT";
    const std::string if_none_match = request.Header("if-none-match");
    if (if_none_match == etag ||
        (if_none_match.empty() && request.Header("if-modified-since") == last_modified)) {
      TestResponse response;
      response.status = 304;
      response.headers = {{"ETag", etag}, {"Last-Modified", last_modified}};
      return response;
    }
    TestResponse response = FromPage(it->second);
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Last-Modified", last_modified);
    return response;
  }
  if (it != site.pages.end()) return FromPage(it->second);
  return FromPage({404, "text/html; charset=utf-8",
                   "<html><head><title>404</title></head><body>页面不存在</body></html>", {}});
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string DirectoryOf(const std::string& path) { return path.substr(0, path.rfind('/') + 1); }

std::string TrsFileName(const PlannedReport& report, const std::string& extension) {
  char name[64];
  std::snprintf(name, sizeof name, "P020%04d%02d%02d%09llu.%s", report.date_y, report.date_m,
                report.date_d, static_cast<unsigned long long>(report.id * 7919 % 1000000000),
                extension.c_str());
  return name;
}

std::string ListItemHtml(const ListItem& item) {
  const std::string text =
      Chars(item.title) > 20 ? FirstChars(item.title, 20) + "..." : item.title;
  return "<li><a href=\"" + HtmlEscape(item.href) + "\" title=\"" + HtmlEscape(item.title) +
         "\" target=\"_blank\">" + HtmlEscape(text) + "</a><span>" + item.date + "</span></li>\n";
}

std::vector<std::vector<ListItem>> Paginate(const std::vector<ListItem>& items, size_t per_page) {
  std::vector<std::vector<ListItem>> pages(1);
  for (const ListItem& item : items) {
    if (pages.back().size() == per_page) pages.emplace_back();
    pages.back().push_back(item);
  }
  return pages;
}

// ---- PortalWriter ---------------------------------------------------------------------------

PortalWriter::PortalWriter(const CountyPlan& plan, std::string family, BodyContainer container)
    : plan_(plan), container_(container) {
  sites_.emplace_back();
  sites_.back().host = plan.spec.host;
  truth_.county_code = plan.spec.code;
  truth_.province = plan.spec.province;
  truth_.prefecture = plan.spec.prefecture;
  truth_.name = plan.spec.name;
  truth_.family = std::move(family);
  truth_.portal_url = Url("/");
  truth_.hosts = {plan.spec.host};
  truth_.seed_names_column = plan.spec.seed_names_column;
  Forbid(kSpamMirrorHost, "", "spam_mirror");
  Forbid(kProvincePortalHost, "", "other_portal");
  Forbid(kPrefecturePortalHost, "", "other_portal");
}

PortalSite& PortalWriter::AddHost(const std::string& host) {
  sites_.emplace_back();
  sites_.back().host = host;
  truth_.hosts.push_back(host);
  return sites_.back();
}

std::string PortalWriter::Url(const std::string& path) const {
  return "http://" + plan_.spec.host + path;
}

void PortalWriter::AddPage(const std::string& path, SitePage page) {
  site().pages[path] = std::move(page);
}

void PortalWriter::AddHtml(const std::string& path, const std::string& html, Charset charset) {
  SitePage page;
  if (charset == Charset::kGbk) {
    page.body = testing::EncodeGb18030(html);
    page.content_type = "text/html";  // the charset is only in the page, as on GBK portals
  } else {
    page.body = html;
  }
  AddPage(path, std::move(page));
}

void PortalWriter::AddStub(const std::string& path) {
  // What broken deep list pages of real portals hold: a few bytes, no links.
  AddPage(path, {200, "text/html; charset=utf-8", "<html><head></head><body></body></html>\n", {}});
}

void PortalWriter::AddNotFound(const std::string& path) {
  AddPage(path, {404, "text/html; charset=utf-8", "<html><body>404 Not Found</body></html>", {}});
}

void PortalWriter::Forbid(const std::string& host, const std::string& path_prefix,
                          const std::string& reason) {
  truth_.forbidden.push_back({host, path_prefix, reason});
}

std::string PortalWriter::Page(const std::string& title, const std::vector<std::string>& breadcrumb,
                               const std::string& content, Charset charset) const {
  const std::string county = plan_.spec.name;
  std::string out = "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" "
                    "content=\"text/html; charset=" +
                    std::string(charset == Charset::kGbk ? "gb2312" : "utf-8") + "\">\n<title>" +
                    HtmlEscape(title) + "</title>\n</head>\n<body>\n";
  out += "<div class=\"header\"><div class=\"logo\">" + county + "人民政府</div></div>\n";
  out += "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li>";
  if (!openness_path_.empty()) {
    out += "<li><a href=\"" + openness_path_ + "\">政府信息公开</a></li>";
  }
  out += "</ul></div>\n<div class=\"position\">当前位置：<a href=\"/\">首页</a>";
  for (const std::string& crumb : breadcrumb) out += " &gt; " + HtmlEscape(crumb);
  out += "</div>\n" + content;
  out += "<div class=\"footer\"><p>相关链接：<a href=\"http://" + std::string(kProvincePortalHost) +
         "/\">模拟省人民政府</a> <a href=\"http://" + kPrefecturePortalHost +
         "/\">模拟市人民政府</a></p><p>主办：" + county + "人民政府办公室 网站标识码：" +
         plan_.spec.code + "0001</p></div>\n</body>\n</html>\n";
  return out;
}

std::string PortalWriter::ListPage(const std::string& column_name,
                                   const std::vector<std::string>& breadcrumb,
                                   const std::vector<std::pair<std::string, std::string>>& sub_columns,
                                   const std::vector<ListItem>& items, const std::string& pager,
                                   Charset charset) const {
  std::string content;
  if (!sub_columns.empty()) {
    content += "<div class=\"sub-columns\"><ul>\n";
    for (const auto& [label, href] : sub_columns) {
      content += "<li><a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(label) + "</a></li>\n";
    }
    content += "</ul></div>\n";
  }
  content += "<div class=\"list\"><h2>" + HtmlEscape(column_name) + "</h2><ul>\n";
  for (const ListItem& item : items) content += ListItemHtml(item);
  content += "</ul></div>\n" + pager;
  return Page(column_name + "_" + plan_.spec.name + "人民政府", breadcrumb, content, charset);
}

void PortalWriter::AddHome(const std::string& openness_path,
                           const std::vector<std::pair<std::string, std::string>>& extra_links) {
  openness_path_ = openness_path;
  std::string content =
      "<div class=\"mainnav\"><ul><li><a href=\"/xwdt/index.html\">新闻动态</a></li>"
      "<li><a href=\"" + openness_path + "\">政府信息公开</a></li>"
      "<li><a href=\"/calendar/2024-01.html\">活动日历</a></li>";
  for (const auto& [label, href] : extra_links) {
    content += "<li><a href=\"" + href + "\">" + label + "</a></li>";
  }
  content +=
      "</ul></div>\n"
      "<div class=\"search\"><form action=\"/search\" method=\"get\"><input name=\"q\" "
      "value=\"\"><button>搜索</button></form><a href=\"/search?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5"
      "%E5%91%8A\">年度报告</a></div>\n<div class=\"news\"><ul>\n";
  std::string news_list;
  for (int i = 1; i <= 3; ++i) {
    const std::string href = "/xwdt/2024/02/" + std::to_string(100 + i) + ".html";
    const std::string title = plan_.spec.name + "召开第" + std::to_string(i) + "次常务会议";
    content += "<li><a href=\"" + href + "\">" + title + "</a></li>\n";
    news_list += "<li><a href=\"" + href + "\">" + title + "</a></li>\n";
    AddHtml(href, Page(title, {"新闻动态"}, "<h1>" + title + "</h1><p>会议研究了政府信息公开工作年度报告编制等事项。</p>"));
  }
  content += "</ul></div>\n";
  AddHtml("/", Page(plan_.spec.name + "人民政府门户网站", {}, content));
  AddHtml("/index.html", Page(plan_.spec.name + "人民政府门户网站", {}, content));
  AddHtml("/xwdt/index.html", Page("新闻动态", {"新闻动态"}, "<ul>" + news_list + "</ul>"));
  for (int y = 2023; y <= 2025; ++y) {
    for (int m = 1; m <= 12; ++m) {
      char self[32], next[32], prev[32];
      std::snprintf(self, sizeof self, "/calendar/%04d-%02d.html", y, m);
      std::snprintf(next, sizeof next, "/calendar/%04d-%02d.html", m == 12 ? y + 1 : y, m % 12 + 1);
      std::snprintf(prev, sizeof prev, "/calendar/%04d-%02d.html", m == 1 ? y - 1 : y,
                    m == 1 ? 12 : m - 1);
      AddHtml(self, Page("活动日历", {"活动日历"},
                         std::string("<a href=\"") + prev + "\">上月</a> <a href=\"" + next +
                             "\">下月</a>"));
    }
  }
  Forbid(host(), "/xwdt/", "news");
  Forbid(host(), "/search", "search");
  Forbid(host(), "/calendar/", "calendar");
}

std::vector<PortalSite> PortalWriter::TakeSites() {
  // A search page that lists the report pages: a crawl must not search.
  std::string results;
  for (const ReportTruth& r : truth_.reports) {
    results += ListItemHtml({r.page_url, r.list_title, r.list_date});
  }
  AddHtml("/search", Page("搜索结果", {"搜索"}, "<ul class=\"results\">" + results + "</ul>"));
  return std::move(sites_);
}

void PortalWriter::AddOpenness(const std::string& path, const std::string& column_path,
                               const std::string& report_link_text) {
  const std::string dir = DirectoryOf(path);
  std::string content = "<div class=\"xxgk-nav\"><ul>\n";
  const std::pair<const char*, const char*> entries[] = {
      {"政府信息公开指南", "xxgkzn.html"}, {"政府信息公开制度", "xxgkzd.html"},
      {"法定主动公开内容", "fdzdgk.html"}};
  for (const auto& [label, file] : entries) {
    content += "<li><a href=\"" + dir + file + "\">" + label + "</a></li>\n";
    AddHtml(dir + file, Page(label, {"政府信息公开", label}, std::string("<p>") + label + "</p>"));
  }
  content += "<li><a href=\"" + column_path + "\">" + report_link_text + "</a></li>\n</ul></div>\n";
  AddHtml(path, Page("政府信息公开", {"政府信息公开"}, content));
}

ListItem PortalWriter::ItemFor(const PlannedReport& report, const std::string& href) const {
  return {href, report.title, report.date};
}

ListItem PortalWriter::ItemFor(const PlannedNotice& notice, const std::string& href) const {
  return {href, notice.title, notice.date};
}

std::string PortalWriter::ReportPageHtml(const PlannedReport& report,
                                         const ReportPlacement& placement,
                                         const std::string& body,
                                         const std::string& after_body) const {
  const Body& who = plan_.bodies[report.body];
  std::string content;
  if (container_ != BodyContainer::kArticle) {
    content += "<div class=\"xxgk-meta\"><table><tr><td>索引号：</td><td>" + plan_.spec.code +
               "/" + std::to_string(report.date_y) + "-" + std::to_string(report.id) +
               "</td><td>发布机构：</td><td>" + who.name + "</td></tr><tr><td>发布日期：</td><td>" +
               report.date + "</td><td>主题分类：</td><td>政府信息公开年报</td></tr></table></div>\n";
  }
  content += "<h1 class=\"title\">" + HtmlEscape(report.title) + "</h1>\n";
  switch (container_) {
    case BodyContainer::kTrsEditor:
      content += "<div class=\"TRS_Editor\">\n" + body + "</div>\n";
      break;
    case BodyContainer::kHanwebZoom:
      content += "<!--ContentStart--><div id=\"zoom\">\n" + body + "</div><!--ContentEnd-->\n";
      break;
    case BodyContainer::kArticle:
      content += "<div class=\"v_news_content\">\n" + body + "</div>\n";
      break;
  }
  content += after_body;
  if (placement.link_spam_mirror) {
    content += "<div class=\"related\">相关文章：<a href=\"http://" + std::string(kSpamMirrorHost) +
               "/gov/" + plan_.spec.code + "/" + std::to_string(report.id) + ".html\">" +
               HtmlEscape(report.title) + "（转载）</a></div>\n";
  }
  return Page(report.title, {"政府信息公开", "政府信息公开年报"}, content, placement.charset);
}

void PortalWriter::AddReport(const PlannedReport& report, const ReportPlacement& placement) {
  const Body& who = plan_.bodies[report.body];
  ReportTruth truth;
  truth.county_code = plan_.spec.code;
  truth.body_name = who.name;
  truth.level = who.level();
  truth.year = report.year;
  truth.agency = report.values.agency;
  truth.template_name = std::string(extract::TemplateName(report.values.template_id));
  truth.page_url = Url(placement.page_path);
  truth.list_title = report.title;
  truth.list_date = report.date;
  truth.column_path = placement.column_path;
  truth.values = report.values;

  const std::string charset = placement.charset == Charset::kGbk ? "GBK" : "UTF-8";
  std::string attachments;
  for (const std::string& format : report.formats) {
    if (format == "html") continue;
    const std::string name = (placement.attachment_stem.empty()
                                  ? TrsFileName(report, format).substr(0, TrsFileName(report, format).rfind('.'))
                                  : placement.attachment_stem) +
                             "." + format;
    const std::string path = placement.attachment_dir + name;
    const std::string href =
        placement.attachment_dir == DirectoryOf(placement.page_path) ? "./" + name : path;
    const std::string label = HtmlEscape(report.title) + "." + format;
    SitePage file;
    if (format == "pdf") {
      file = {200, kPdfType, testing::MakeTextPdf(report.text), {}};
    } else {
      file = {200, kDocxType, testing::Docx(testing::ReportTextToDocxBody(report.text, true)), {}};
    }
    AddPage(path, std::move(file));
    truth.copies.push_back({format, Url(path), "", ""});
    switch (placement.attachment_style) {
      case AttachmentStyle::kAnchor:
        attachments += "<p class=\"fj\">附件：<a href=\"" + href + "\">" + label + "</a></p>\n";
        break;
      case AttachmentStyle::kOldSrc:
        attachments += "<p class=\"fj\">附件：<a href=\"" + href + "\" OLDSRC=\"/protect/P0" +
                       report.date.substr(0, 4) + report.date.substr(5, 2) + "/" + name + "\">" +
                       label + "</a></p>\n";
        break;
      case AttachmentStyle::kJsString:
        attachments +=
            "<div id=\"fj\"></div>\n<script type=\"text/javascript\">\nvar rel_appendix = '<a "
            "href=\"" + href + "\">" + label +
            "</a>';\nif (rel_appendix != '') { document.getElementById('fj').innerHTML = "
            "'附件：' + rel_appendix; }\n</script>\n";
        break;
    }
  }
  const bool inline_html = report.formats.front() == "html";
  if (!inline_html) {
    AddHtml(placement.page_path,
            ReportPageHtml(report, placement,
                           "<p>" + HtmlEscape(report.title) + "全文请见附件。</p>\n", attachments),
            placement.charset);
  } else if (placement.continuation_path.empty()) {
    AddHtml(placement.page_path,
            ReportPageHtml(report, placement, ReportDirectoryBodyHtml(report.text, report.id),
                           attachments),
            placement.charset);
    truth.copies.insert(truth.copies.begin(), {"html", truth.page_url, charset, ""});
  } else {
    const auto [first, second] = SplitText(report.text);
    const std::string next = placement.continuation_path.substr(placement.continuation_path.rfind('/') + 1);
    const std::string back = placement.page_path.substr(placement.page_path.rfind('/') + 1);
    AddHtml(placement.page_path,
            ReportPageHtml(report, placement, ReportDirectoryBodyHtml(first, report.id),
                           "<div class=\"page\"><span>1</span> <a href=\"" + next +
                               "\">2</a> <a href=\"" + next + "\">下一页</a></div>\n" +
                               attachments),
            placement.charset);
    AddHtml(placement.continuation_path,
            ReportPageHtml(report, placement, ReportDirectoryBodyHtml(second, report.id),
                           "<div class=\"page\"><a href=\"" + back + "\">上一页</a> <a href=\"" +
                               back + "\">1</a> <span>2</span></div>\n"),
            placement.charset);
    truth.copies.insert(truth.copies.begin(),
                        {"html", truth.page_url, charset, Url(placement.continuation_path)});
  }
  truth_.reports.push_back(std::move(truth));
}

void PortalWriter::AddNotice(const PlannedNotice& notice, const std::string& page_path) {
  NonReport truth{plan_.spec.code, notice.title, Url(page_path), {}};
  std::string content = "<h1 class=\"title\">" + HtmlEscape(notice.title) + "</h1>\n";
  std::string body = "<p>各乡镇人民政府，县直各部门：</p><p>根据《中华人民共和国政府信息公开条例》"
                     "规定，请于1月31日前完成政府信息公开工作年度报告的编制和发布工作。</p>\n";
  if (notice.has_attachment) {
    char name[48];
    std::snprintf(name, sizeof name, "P020%04d%02d%02d%09llu.docx", notice.date_y, notice.date_m,
                  notice.date_d, static_cast<unsigned long long>(notice.id));
    const std::string path = DirectoryOf(page_path) + name;
    AddPage(path, {200, kDocxType,
                   testing::Docx(testing::DocxParagraph("政府信息公开工作年度报告（模板）") +
                                 testing::DocxParagraph("一、总体情况") +
                                 testing::DocxParagraph("（请各单位据实填写）")),
                   {}});
    body += "<p>附件：<a href=\"./" + std::string(name) + "\">政府信息公开工作年度报告模板.docx</a></p>\n";
    truth.attachment_urls.push_back(Url(path));
  }
  const std::string inner =
      container_ == BodyContainer::kHanwebZoom
          ? "<!--ContentStart--><div id=\"zoom\">\n" + body + "</div><!--ContentEnd-->\n"
          : "<div class=\"TRS_Editor\">\n" + body + "</div>\n";
  AddHtml(page_path, Page(notice.title, {"政府信息公开"}, content + inner));
  truth_.non_reports.push_back(std::move(truth));
}

}  // namespace xxgk::simulator
