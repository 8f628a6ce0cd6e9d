// Guangdong gkmlpt family (tests only): 青溪县, www.simgkmlpt-a.gov.cn.
//
//   /zwgk/index.html    政府信息公开 → 政府信息公开年报 (/gkmlpt/index)
//   /gkmlpt/index       the platform page: window._CONFIG = {SID: '…'} and a category menu
//                       (/gkmlpt/index#2590 政府信息公开年报, #2591 县政府, #2592 部门, #2593 乡镇街道)
//   /gkmlpt/api/all/<category>?page=N&sid=<SID>
//                       JSON {"total", "page", "per_page", "articles": [{"id", "title", "url",
//                       "publish_time", "category_id"}]}; pages 1..N, page 0 identical to page 1,
//                       beyond the last page no articles (category 2593: 404); a wrong or missing
//                       sid: 400. Real sites list 100 per page; the simulator 5, to paginate.
//   /gkmlpt/content/<id/1000000>/<id/1000>/post_<id>.html   detail pages (UTF-8)
// robots.txt disallows /gkmlpt/search, which the platform page links.
#include <cstdio>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {
namespace {

constexpr const char* kSid = "755033";
constexpr size_t kPerPage = 5;

struct Category {
  std::string name;
  std::vector<nlohmann::json> articles;  // newest first
  bool not_found_beyond = false;
};

std::optional<SitePage> Api(const std::map<int, Category>& categories, const TestRequest& request) {
  const std::string prefix = "/gkmlpt/api/all/";
  if (!request.target.starts_with(prefix)) return std::nullopt;
  const size_t q = request.target.find('?');
  const int id = std::atoi(request.target.substr(prefix.size(), q - prefix.size()).c_str());
  const std::string query = q == std::string::npos ? "" : "&" + request.target.substr(q + 1) + "&";
  const auto it = categories.find(id);
  if (it == categories.end()) return SitePage{404, "application/json", "{\"error\":\"no category\"}", {}};
  if (query.find(std::string("&sid=") + kSid + "&") == std::string::npos) {
    return SitePage{400, "application/json", "{\"error\":\"invalid sid\"}", {}};
  }
  int page = 0;
  if (const size_t p = query.find("&page="); p != std::string::npos) {
    page = std::atoi(query.c_str() + p + 6);
  }
  const auto& all = it->second.articles;
  const size_t pages = (all.size() + kPerPage - 1) / kPerPage;
  const size_t index = page <= 1 ? 0 : static_cast<size_t>(page - 1);  // page 0 == page 1
  if (index >= pages && it->second.not_found_beyond) {
    return SitePage{404, "text/html", "<html>404</html>", {}};
  }
  nlohmann::json articles = nlohmann::json::array();
  for (size_t i = index * kPerPage; i < all.size() && i < (index + 1) * kPerPage; ++i) {
    articles.push_back(all[i]);
  }
  const nlohmann::json body = {{"total", all.size()}, {"page", index + 1}, {"per_page", kPerPage},
                               {"articles", articles}};
  return SitePage{200, "application/json; charset=utf-8", body.dump(), {}};
}

BuiltPortal Build(const CountyPlan& plan) {
  PortalWriter w(plan, "gkmlpt", BodyContainer::kArticle);
  w.AddHome("/zwgk/index.html");
  w.AddOpenness("/zwgk/index.html", "/gkmlpt/index", "政府信息公开年报");
  w.SetColumn("/gkmlpt/index");
  w.site().robots_txt = "User-agent: *\nDisallow: /gkmlpt/search\n";
  w.Forbid(w.host(), "/gkmlpt/search", "robots");
  auto categories = std::make_shared<std::map<int, Category>>();
  (*categories)[2590].name = "政府信息公开年报";
  (*categories)[2591].name = "县政府";
  (*categories)[2592].name = "部门";
  (*categories)[2593].name = "乡镇街道";
  (*categories)[2593].not_found_beyond = true;

  auto article = [&](uint64_t doc, const std::string& title, int y, int m, int d, int category) {
    const uint64_t id = 2590000 + doc;
    char path[96];
    std::snprintf(path, sizeof path, "/gkmlpt/content/%llu/%llu/post_%llu.html",
                  static_cast<unsigned long long>(id / 1000000),
                  static_cast<unsigned long long>(id / 1000), static_cast<unsigned long long>(id));
    char time[32];
    std::snprintf(time, sizeof time, "%04d-%02d-%02d 09:30:00", y, m, d);
    const nlohmann::json json = {{"id", id}, {"title", title}, {"url", w.Url(path)},
                                 {"publish_time", time}, {"category_id", category}};
    (*categories)[category].articles.push_back(json);
    (*categories)[2590].articles.push_back(json);
    return std::string(path);
  };
  const std::map<BodyKind, int> category_of = {{BodyKind::kGovernment, 2591},
                                               {BodyKind::kOffice, 2591},
                                               {BodyKind::kDepartment, 2592},
                                               {BodyKind::kTown, 2593}};
  for (const PlannedReport& r : plan.reports) {
    const Body& body = plan.bodies[r.body];
    const int category = category_of.at(body.kind);
    ReportPlacement p;
    p.page_path = article(r.id, r.title, r.date_y, r.date_m, r.date_d, category);
    p.attachment_dir = "/attachment/0/";
    p.attachment_stem = std::to_string(r.id) + "_" + std::to_string(r.date_y);
    p.column_path = "政府信息公开年报/" + (*categories)[category].name +
                    (body.kind == BodyKind::kGovernment || body.kind == BodyKind::kOffice
                         ? ""
                         : "/" + body.short_name);
    w.AddReport(r, p);
  }
  for (const PlannedNotice& n : plan.notices) {
    w.AddNotice(n, article(n.id, n.title, n.date_y, n.date_m, n.date_d, 2591));
  }
  for (auto& [id, category] : *categories) {
    std::stable_sort(category.articles.begin(), category.articles.end(),
                     [](const nlohmann::json& a, const nlohmann::json& b) {
                       return a["publish_time"].get<std::string>() > b["publish_time"].get<std::string>();
                     });
  }
  const std::string menu =
      "<ul class=\"category\"><li><a href=\"/gkmlpt/index#2590\" data-id=\"2590\">政府信息公开年报"
      "</a><ul><li><a href=\"/gkmlpt/index#2591\" data-id=\"2591\">县政府</a></li><li><a "
      "href=\"/gkmlpt/index#2592\" data-id=\"2592\">部门</a></li><li><a href=\"/gkmlpt/index#2593\" "
      "data-id=\"2593\">乡镇街道</a></li></ul></li></ul>\n"
      "<div class=\"search\"><a href=\"/gkmlpt/search?keywords=%E5%B9%B4%E6%8A%A5\">检索</a></div>\n"
      "<div id=\"app\"></div>\n<script>window._CONFIG = {SID: '" + std::string(kSid) +
      "', SITE_NAME: '" + plan.spec.name + "人民政府', DEFAULT_CATEGORY: 2590, API: "
      "'/gkmlpt/api/all/'};</script>\n<script src=\"/gkmlpt/static/js/app.js\"></script>\n";
  w.AddHtml("/gkmlpt/index", w.Page("政府信息公开", {"政府信息公开"}, menu));
  w.AddHtml("/gkmlpt/search", w.Page("检索", {"检索"}, "<p>检索结果</p>"));
  w.site().dynamic = [categories](const TestRequest& request) { return Api(*categories, request); };
  BuiltPortal built;
  built.sites = w.TakeSites();
  built.truth = w.TakeTruth();
  return built;
}

}  // namespace

PortalFamily GkmlptFamily() {
  return {"gkmlpt",
          {"449903", "广东省", "模拟市", "青溪县", "www.simgkmlpt-a.gov.cn", "gkmlpt", true},
          &Build};
}

}  // namespace xxgk::simulator
