// 博达 VSB family (tests only): 石门县, www.simvsb-a.gov.cn; its seed row names no column (the
// crawl discovers it from the root).
//
//   /xxgk.htm            政府信息公开 → 公开年报
//   /xxgk/ndbg.htm       the column, one list of every body's reports and the notices: page 1;
//                        page k ≥ 2 at /xxgk/ndbg/<N−k+1>.htm, counting down to /xxgk/ndbg/1.htm
//                        (the oldest); N in _simple_list_gotopage_fun(N, 'GOPAGE', 2); beyond:
//                        /xxgk/ndbg/<N>.htm a stub, /xxgk/ndbg/0.htm 404
//   /info/1042/<id>.htm  detail pages; attachments /__local/9/<name>.pdf|docx
// The host answers every request without the cookie vsb_verify=6e1f (robots.txt excepted) with a
// 302 to the same URL that sets it: a client with a cookie jar follows it once.
#include <cstdio>

#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {
namespace {

constexpr size_t kPerPage = 5;

// The path of list page k (1-based) of n.
std::string ListPath(size_t k, size_t n) {
  return k == 1 ? "/xxgk/ndbg.htm" : "/xxgk/ndbg/" + std::to_string(n - k + 1) + ".htm";
}

std::string Pager(size_t k, size_t n) {
  std::string out = "<div class=\"pb_sys_common pb_sys_normal\"><span class=\"p_t\">共" +
                    std::to_string(n) + "页</span><span class=\"p_pages\">";
  out += k == 1 ? "<span class=\"p_first_d\">首页</span><span class=\"p_prev_d\">上页</span>"
                : "<span class=\"p_first\"><a href=\"" + ListPath(1, n) +
                      "\">首页</a></span><span class=\"p_prev\"><a href=\"" + ListPath(k - 1, n) +
                      "\">上页</a></span>";
  for (size_t i = 1; i <= n; ++i) {
    out += i == k ? "<span class=\"p_no_d\">" + std::to_string(i) + "</span>"
                  : "<span class=\"p_no\"><a href=\"" + ListPath(i, n) + "\">" +
                        std::to_string(i) + "</a></span>";
  }
  out += k == n ? "<span class=\"p_next_d\">下页</span><span class=\"p_last_d\">尾页</span>"
                : "<span class=\"p_next\"><a href=\"" + ListPath(k + 1, n) +
                      "\">下页</a></span><span class=\"p_last\"><a href=\"" + ListPath(n, n) +
                      "\">尾页</a></span>";
  out += "</span><span class=\"p_goto\"><script language=\"javascript\">"
         "_simple_list_gotopage_fun(" + std::to_string(n) + ",'GOPAGE',2)</script></span></div>\n";
  return out;
}

BuiltPortal Build(const CountyPlan& plan) {
  PortalWriter w(plan, "vsb", BodyContainer::kArticle);
  w.AddHome("/xxgk.htm");
  w.AddOpenness("/xxgk.htm", "/xxgk/ndbg.htm", "公开年报");
  w.SetColumn("/xxgk/ndbg.htm");
  w.site().cookie_gate = "vsb_verify=6e1f";
  w.SetCookieHost(w.host());
  std::vector<ListItem> items;
  for (const PlannedReport& r : plan.reports) {
    ReportPlacement p;
    p.page_path = "/info/1042/" + std::to_string(1395000 + r.id) + ".htm";
    p.attachment_dir = "/__local/9/";
    p.attachment_stem = "E" + std::to_string(r.id * 40503u % 1000000) + "F";
    p.column_path = "公开年报";
    w.AddReport(r, p);
    items.push_back(w.ItemFor(r, p.page_path));
  }
  for (const PlannedNotice& n : plan.notices) {
    const std::string path = "/info/1042/" + std::to_string(1395000 + n.id) + ".htm";
    w.AddNotice(n, path);
    items.push_back(w.ItemFor(n, path));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const ListItem& a, const ListItem& b) { return a.date > b.date; });
  const auto pages = Paginate(items, kPerPage);
  for (size_t k = 1; k <= pages.size(); ++k) {
    w.AddHtml(ListPath(k, pages.size()),
              w.ListPage("公开年报", {"政府信息公开", "公开年报"}, {}, pages[k - 1],
                         Pager(k, pages.size())));
  }
  w.AddStub("/xxgk/ndbg/" + std::to_string(pages.size()) + ".htm");
  BuiltPortal built;
  built.sites = w.TakeSites();
  built.truth = w.TakeTruth();
  return built;
}

}  // namespace

PortalFamily VsbFamily() {
  return {"vsb",
          {"519904", "四川省", "模拟市", "石门县", "www.simvsb-a.gov.cn", "vsb", false},
          &Build};
}

}  // namespace xxgk::simulator
