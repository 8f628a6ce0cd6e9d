// Shaanxi provincial platform family (tests only): 秦川县, www.simshaanxi-a.gov.cn.
//
//   /zfxxgk/                       302 to index.html with a whole page as body (20 KiB, more
//                                  than the fetcher keeps of a redirect: its WARC record has
//                                  the head only); every page links 政府信息公开 by it
//   /zfxxgk/index.html             政府信息公开 → 政府信息公开年报
//   /zfxxgk/zfxxgknb/index.html    the column: sub-columns 县级 (xj/), 部门 (bm/), 乡镇 (xz/)
//   /zfxxgk/zfxxgknb/<sub>/1.html, 2.html, …   lists with plain 首页/上一页/下一页/尾页 links;
//                                  the two pages after the last are stubs (a few bytes)
//   /zfxxgk/zfxxgknb/<sub>/<19 digits>.html    detail pages; attachments beside them
#include <cstdio>

#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {
namespace {

constexpr const char* kColumn = "/zfxxgk/zfxxgknb/";

std::string Pager(const std::string& dir, size_t k, size_t n) {
  auto page = [&](size_t i) { return dir + std::to_string(i) + ".html"; };
  std::string out = "<div class=\"pagination\"><a href=\"" + page(1) + "\">首页</a> ";
  if (k > 1) out += "<a href=\"" + page(k - 1) + "\">上一页</a> ";
  if (k < n) out += "<a href=\"" + page(k + 1) + "\">下一页</a> ";
  out += "<a href=\"" + page(n) + "\">尾页</a> <span>共" + std::to_string(n) + "页</span></div>\n";
  return out;
}

BuiltPortal Build(const CountyPlan& plan) {
  PortalWriter w(plan, "shaanxi", BodyContainer::kTrsEditor);
  const std::string column = kColumn;
  w.AddHome("/zfxxgk/");
  // A script that printed its page and then redirected (header("Location") after output).
  std::string printed = "<html><head><title>政府信息公开</title></head><body>\n";
  while (printed.size() < 20 * 1024) printed += "<p>政府信息公开栏目正在跳转，请稍候。</p>\n";
  w.AddPage("/zfxxgk/", SitePage{302, "text/html; charset=utf-8", printed + "</body></html>\n",
                                 {{"Location", "/zfxxgk/index.html"}}});
  w.AddOpenness("/zfxxgk/index.html", column + "index.html", "政府信息公开年报");
  w.SetColumn(column + "index.html");
  const struct {
    const char* slug;
    const char* label;
    std::vector<BodyKind> kinds;
    size_t per_page;
  } subs[] = {{"xj", "县级", {BodyKind::kGovernment, BodyKind::kOffice}, 3},
              {"bm", "部门", {BodyKind::kDepartment}, 4},
              {"xz", "乡镇", {BodyKind::kTown}, 4}};
  std::vector<std::pair<std::string, std::string>> links;
  for (const auto& sub : subs) {
    const std::string dir = column + sub.slug + "/";
    std::vector<ListItem> items;
    for (const PlannedReport& r : plan.reports) {
      const Body& body = plan.bodies[r.body];
      if (std::find(sub.kinds.begin(), sub.kinds.end(), body.kind) == sub.kinds.end()) continue;
      ReportPlacement p;
      p.page_path = dir + std::to_string(1753311688616000000ull + r.id * 137) + ".html";
      p.attachment_dir = dir;
      p.column_path = std::string("政府信息公开年报/") + sub.label;
      w.AddReport(r, p);
      items.push_back(w.ItemFor(r, p.page_path));
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const ListItem& a, const ListItem& b) { return a.date > b.date; });
    const auto pages = Paginate(items, sub.per_page);
    for (size_t k = 1; k <= pages.size(); ++k) {
      w.AddHtml(dir + std::to_string(k) + ".html",
                w.ListPage(sub.label, {"政府信息公开", "政府信息公开年报", sub.label}, {},
                           pages[k - 1], Pager(dir, k, pages.size())));
    }
    w.AddStub(dir + std::to_string(pages.size() + 1) + ".html");
    w.AddStub(dir + std::to_string(pages.size() + 2) + ".html");
    links.emplace_back(sub.label, dir + "1.html");
  }
  w.AddHtml(column + "index.html",
            w.ListPage("政府信息公开年报", {"政府信息公开", "政府信息公开年报"}, links, {}, ""));
  BuiltPortal built;
  built.sites = w.TakeSites();
  built.truth = w.TakeTruth();
  return built;
}

}  // namespace

PortalFamily ShaanxiFamily() {
  return {"shaanxi",
          {"619905", "陕西省", "模拟市", "秦川县", "www.simshaanxi-a.gov.cn", "shaanxi", true},
          &Build};
}

}  // namespace xxgk::simulator
