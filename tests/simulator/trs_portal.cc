// TRS WCM family (tests only): 星河县, www.simtrs-a.gov.cn.
//
//   /zwgk/zfxxgk/                            301 to index.shtml with nginx's small body (every
//                                            page links 政府信息公开 by its directory)
//   /zwgk/zfxxgk/index.shtml                 政府信息公开 → 政府信息公开年报
//   /zwgk/zfxxgk/zfxxgknb/                   the column: latest reports, sub-columns
//     xzf/     县政府: reports and notices, createPageHTML(count, current, "index", "shtml"),
//              0-based (index.shtml, index_1.shtml, …); stubs beyond the last page
//     xzfbgs/  县政府办公室: createPageHTML('page_div', count, current, 'fg', 'shtml', total),
//              1-based (index.shtml = fg.shtml, fg_2.shtml); 404 beyond; a report continued on
//              t…_1.shtml; a link to the spam mirror
//     bm/      部门: one sub-column per department (bm/czj/, …)
//     xzjd/    乡镇街道: per-year folders (xzjd/2023nb/, …), pages in GBK
//     lsgd/    历史归档: disallowed by robots.txt (its 2018 report is not in the ground truth)
// Detail pages <column>/YYYYMM/tYYYYMMDD_<id>.shtml, attachments ./P020….pdf|docx beside them:
// one only inside a JavaScript string (rel_appendix), one with an OLDSRC attribute; the 2019
// government report sits at a 2021 URL (re-dated by a migration).
// The home page links 政务服务 on zwfw.simtrs-a.gov.cn, which answers every request with a
// 412 JavaScript challenge.
#include <algorithm>
#include <cstdio>

#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {
namespace {

constexpr const char* kColumn = "/zwgk/zfxxgk/zfxxgknb/";
constexpr const char* kChallengeHost = "zwfw.simtrs-a.gov.cn";

enum class PageScript { kZeroBased, kOneBased };

// The file of list page `k` (0-based) under each variant.
std::string ListFile(PageScript script, size_t k) {
  if (k == 0) return "index.shtml";
  return script == PageScript::kZeroBased ? "index_" + std::to_string(k) + ".shtml"
                                          : "fg_" + std::to_string(k + 1) + ".shtml";
}

std::string Pager(PageScript script, size_t count, size_t current, size_t total) {
  char call[160];
  if (script == PageScript::kZeroBased) {
    std::snprintf(call, sizeof call, "createPageHTML(%zu, %zu, \"index\", \"shtml\");", count,
                  current);
  } else {
    std::snprintf(call, sizeof call, "createPageHTML('page_div', %zu, %zu, 'fg', 'shtml', %zu);",
                  count, current + 1, total);
  }
  return "<div id=\"page_div\" class=\"page\"></div>\n<script type=\"text/javascript\">" +
         std::string(call) + "</script>\n";
}

// The detail page of a report or notice published on y-m-d, in `column`.
std::string DetailPath(const std::string& column, int y, int m, int d, uint64_t id) {
  char path[96];
  std::snprintf(path, sizeof path, "%04d%02d/t%04d%02d%02d_%llu.shtml", y, m, y, m, d,
                static_cast<unsigned long long>(id));
  return column + path;
}

// A list column: items paginated by `script` (and stubs or 404 beyond the last page).
void AddList(PortalWriter& w, const std::string& dir, const std::string& name,
             const std::vector<std::string>& crumbs, const std::vector<ListItem>& items,
             size_t per_page, PageScript script, Charset charset = Charset::kUtf8,
             const std::vector<std::pair<std::string, std::string>>& sub_columns = {}) {
  const auto pages = Paginate(items, per_page);
  for (size_t k = 0; k < pages.size(); ++k) {
    const std::string html = w.ListPage(name, crumbs, k == 0 ? sub_columns : std::vector<std::pair<std::string, std::string>>{},
                                        pages[k], Pager(script, pages.size(), k, items.size()),
                                        charset);
    w.AddHtml(dir + ListFile(script, k), html, charset);
    if (k == 0) {
      w.AddHtml(dir, html, charset);
      if (script == PageScript::kOneBased) w.AddHtml(dir + "fg.shtml", html, charset);
    }
  }
  if (script == PageScript::kZeroBased) {
    w.AddStub(dir + ListFile(script, pages.size()));
    w.AddStub(dir + ListFile(script, pages.size() + 1));
  } else {
    w.AddNotFound(dir + ListFile(script, pages.size()));
  }
}

// Newest first, as lists are ordered.
void SortByDate(std::vector<ListItem>* items) {
  std::stable_sort(items->begin(), items->end(),
                   [](const ListItem& a, const ListItem& b) { return a.date > b.date; });
}

BuiltPortal Build(const CountyPlan& plan) {
  PortalWriter w(plan, "trs", BodyContainer::kTrsEditor);
  const std::string column = kColumn;
  w.AddHome("/zwgk/zfxxgk/", {{"政务服务", std::string("http://") + kChallengeHost + "/"}});
  // A redirect with a body, as nginx answers a directory URL (a hop's WARC records carry it):
  // an absolute Location made from the request's Host, port included, as nginx makes it.
  w.site().dynamic = [](const TestRequest& request) -> std::optional<SitePage> {
    if (request.target != "/zwgk/zfxxgk/") return std::nullopt;
    return SitePage{301, "text/html",
                    "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
                    "<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    "</body>\r\n</html>\r\n",
                    {{"Location", "http://" + request.Header("host") + "/zwgk/zfxxgk/index.shtml"}}};
  };
  w.AddOpenness("/zwgk/zfxxgk/index.shtml", column, "政府信息公开年报");
  w.SetColumn(column);
  w.AddHost(kChallengeHost).challenge_status = 412;
  w.SetChallenge(std::string("http://") + kChallengeHost + "/");
  w.site().robots_txt = "User-agent: *\nDisallow: " + column + "lsgd/\n";
  w.Forbid(w.host(), column + "lsgd/", "robots");

  bool js_string_done = false, oldsrc_done = false, split_done = false, mirror_done = false;
  std::vector<ListItem> latest;
  // Places one report in `dir` and returns its list item (href relative to `dir`).
  auto place = [&](const PlannedReport& r, const std::string& dir, const std::string& column_path,
                   Charset charset) {
    ReportPlacement p;
    p.page_path = DetailPath(dir, r.date_y, r.date_m, r.date_d, r.id);
    p.attachment_dir = DirectoryOf(p.page_path);
    p.column_path = column_path;
    p.charset = charset;
    const Body& body = plan.bodies[r.body];
    if (r.formats.size() > 1 && !oldsrc_done) {
      p.attachment_style = AttachmentStyle::kOldSrc;
      oldsrc_done = true;
    } else if (r.formats.front() == "pdf" && !js_string_done) {
      p.attachment_style = AttachmentStyle::kJsString;
      js_string_done = true;
    }
    if (body.kind == BodyKind::kOffice && r.formats == std::vector<std::string>{"html"}) {
      if (!split_done) {
        p.continuation_path = p.page_path.substr(0, p.page_path.size() - 6) + "_1.shtml";
        split_done = true;
      } else if (!mirror_done) {
        p.link_spam_mirror = true;
        mirror_done = true;
      }
    }
    w.AddReport(r, p);
    ListItem item = w.ItemFor(r, "./" + p.page_path.substr(dir.size()));
    latest.push_back({"./" + p.page_path.substr(column.size()), r.title, r.date});
    return item;
  };

  // 县政府 and 县政府办公室.
  for (const BodyKind kind : {BodyKind::kGovernment, BodyKind::kOffice}) {
    const bool government = kind == BodyKind::kGovernment;
    const std::string dir = column + (government ? "xzf/" : "xzfbgs/");
    const size_t b = plan.BodiesOf(kind).front();
    const std::string label = plan.bodies[b].short_name;
    std::vector<ListItem> items;
    for (const PlannedReport* r : plan.ReportsOf(b)) {
      items.push_back(place(*r, dir, "政府信息公开年报/" + label, Charset::kUtf8));
    }
    if (government) {
      for (const PlannedNotice& n : plan.notices) {
        const std::string path = DetailPath(dir, n.date_y, n.date_m, n.date_d, n.id);
        w.AddNotice(n, path);
        items.push_back(w.ItemFor(n, "./" + path.substr(dir.size())));
      }
    }
    SortByDate(&items);
    AddList(w, dir, label, {"政府信息公开", "政府信息公开年报", label}, items, government ? 3 : 2,
            government ? PageScript::kZeroBased : PageScript::kOneBased);
  }

  // 部门: one sub-column per department.
  std::vector<std::pair<std::string, std::string>> departments;
  for (const size_t b : plan.BodiesOf(BodyKind::kDepartment)) {
    const Body& body = plan.bodies[b];
    const std::string dir = column + "bm/" + body.slug + "/";
    std::vector<ListItem> items;
    for (const PlannedReport* r : plan.ReportsOf(b)) {
      items.push_back(place(*r, dir, "政府信息公开年报/部门/" + body.short_name, Charset::kUtf8));
    }
    AddList(w, dir, body.short_name, {"政府信息公开", "政府信息公开年报", "部门", body.short_name},
            items, 10, PageScript::kZeroBased);
    departments.emplace_back(body.name, "./" + body.slug + "/");
  }
  w.AddHtml(column + "bm/",
            w.ListPage("部门", {"政府信息公开", "政府信息公开年报", "部门"}, departments, {}, ""));
  w.AddHtml(column + "bm/index.shtml",
            w.ListPage("部门", {"政府信息公开", "政府信息公开年报", "部门"}, departments, {}, ""));

  // 乡镇街道: one folder per year, every town's report of that year in it, in GBK.
  std::vector<std::pair<std::string, std::string>> years;
  for (const int year : {2023, 2022}) {
    const std::string folder = std::to_string(year) + "nb/";
    const std::string dir = column + "xzjd/" + folder;
    const std::string label = std::to_string(year) + "年度";
    std::vector<ListItem> items;
    for (const size_t b : plan.BodiesOf(BodyKind::kTown)) {
      for (const PlannedReport* r : plan.ReportsOf(b)) {
        if (r->year == year) {
          items.push_back(place(*r, dir, "政府信息公开年报/乡镇街道/" + label, Charset::kGbk));
        }
      }
    }
    SortByDate(&items);
    AddList(w, dir, label, {"政府信息公开", "政府信息公开年报", "乡镇街道", label}, items, 2,
            PageScript::kZeroBased, Charset::kGbk);
    years.emplace_back(label, "./" + folder);
  }
  w.AddHtml(column + "xzjd/",
            w.ListPage("乡镇街道", {"政府信息公开", "政府信息公开年报", "乡镇街道"}, years, {}, ""));
  w.AddHtml(column + "xzjd/index.shtml",
            w.ListPage("乡镇街道", {"政府信息公开", "政府信息公开年报", "乡镇街道"}, years, {}, ""));

  // 历史归档 (disallowed): a 2018 report a polite crawl never sees.
  const std::string old_page = column + "lsgd/201903/t20190325_88.shtml";
  w.AddHtml(old_page, w.Page(plan.spec.name + "人民政府2018年政府信息公开工作年度报告", {},
                             "<div class=\"TRS_Editor\"><p>（归档）</p></div>"));
  w.AddHtml(column + "lsgd/",
            w.ListPage("历史归档", {"政府信息公开年报", "历史归档"}, {},
                       {{"./201903/t20190325_88.shtml",
                         plan.spec.name + "人民政府2018年政府信息公开工作年度报告", "2019-03-25"}},
                       ""));

  // The column itself: sub-columns, and the latest reports (also linked from their sub-column).
  SortByDate(&latest);
  latest.resize(std::min<size_t>(latest.size(), 4));
  const std::vector<std::pair<std::string, std::string>> subs = {
      {"县政府", "./xzf/"}, {"县政府办公室", "./xzfbgs/"}, {"部门", "./bm/"},
      {"乡镇街道", "./xzjd/"}, {"历史归档", "./lsgd/"}};
  const std::string html =
      w.ListPage("政府信息公开年报", {"政府信息公开", "政府信息公开年报"}, subs, latest, "");
  w.AddHtml(column, html);
  w.AddHtml(column + "index.shtml", html);
  BuiltPortal built;
  built.sites = w.TakeSites();
  built.truth = w.TakeTruth();
  return built;
}

}  // namespace

PortalFamily TrsFamily() {
  return {"trs",
          {"149901", "山西省", "模拟市", "星河县", "www.simtrs-a.gov.cn", "trs", true},
          &Build};
}

}  // namespace xxgk::simulator
