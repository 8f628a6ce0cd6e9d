// Guangdong gkmlpt family (tests only): 青溪县, www.simgkmlpt-a.gov.cn.
//
//   /zwgk/index.html    政府信息公开 → 政府信息公开年报 (/gkmlpt/index)
//   /gkmlpt/index       the platform page: window._CONFIG = {SID: '…'} and a category menu, a tree
//                       of nested <ul>s: #2590 政府信息公开年报 > #2591 县政府 > one category per
//                       year (2023年), #2592 部门 > one per department (星河县财政局), #2593 乡镇街道 >
//                       one per town; a parent lists its children's articles too (and 县政府 the
//                       notices). Ground truth: the whole path, 政府信息公开年报/县政府/2023年.
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
  // The leaves: a category per year under 县政府, per body under 部门 and 乡镇街道, numbered in
  // the order they are first needed; parent → its leaves (by name), for the menu.
  std::map<int, std::map<std::string, int>> leaves;
  int next_leaf = 2600;
  auto leaf = [&](int parent, const std::string& name, const std::string& menu_name) {
    auto [it, added] = leaves[parent].emplace(menu_name, next_leaf);
    if (added) (*categories)[next_leaf++].name = name;
    return it->second;
  };
  // An article in `categories`, the first the one it is filed in (and shown by its category_id).
  auto article = [&](uint64_t doc, const std::string& title, int y, int m, int d,
                     const std::vector<int>& in) {
    const uint64_t id = 2590000 + doc;
    char path[96];
    std::snprintf(path, sizeof path, "/gkmlpt/content/%llu/%llu/post_%llu.html",
                  static_cast<unsigned long long>(id / 1000000),
                  static_cast<unsigned long long>(id / 1000), static_cast<unsigned long long>(id));
    char time[32];
    std::snprintf(time, sizeof time, "%04d-%02d-%02d 09:30:00", y, m, d);
    const nlohmann::json json = {{"id", id}, {"title", title}, {"url", w.Url(path)},
                                 {"publish_time", time}, {"category_id", in.front()}};
    for (int category : in) (*categories)[category].articles.push_back(json);
    return std::string(path);
  };
  const std::map<BodyKind, int> parent_of = {{BodyKind::kGovernment, 2591},
                                             {BodyKind::kOffice, 2591},
                                             {BodyKind::kDepartment, 2592},
                                             {BodyKind::kTown, 2593}};
  for (const PlannedReport& r : plan.reports) {
    const Body& body = plan.bodies[r.body];
    const int parent = parent_of.at(body.kind);
    // The menu shows a department or town by its full name; the column path as the walk
    // names it (the county's name and 人民政府 dropped), like the other families' truth.
    const bool by_year = parent == 2591;
    const std::string label = by_year ? std::to_string(r.year) + "年" : body.short_name;
    const int category = leaf(parent, label, by_year ? label : body.name);
    ReportPlacement p;
    p.page_path = article(r.id, r.title, r.date_y, r.date_m, r.date_d, {category, parent, 2590});
    p.attachment_dir = "/attachment/0/";
    p.attachment_stem = std::to_string(r.id) + "_" + std::to_string(r.date_y);
    p.column_path = "政府信息公开年报/" + (*categories)[parent].name + "/" + label;
    w.AddReport(r, p);
  }
  for (const PlannedNotice& n : plan.notices) {
    w.AddNotice(n, article(n.id, n.title, n.date_y, n.date_m, n.date_d, {2591, 2590}));
  }
  for (auto& [id, category] : *categories) {
    std::stable_sort(category.articles.begin(), category.articles.end(),
                     [](const nlohmann::json& a, const nlohmann::json& b) {
                       return a["publish_time"].get<std::string>() > b["publish_time"].get<std::string>();
                     });
  }
  auto item = [](int id, const std::string& name) {
    return "<a href=\"/gkmlpt/index#" + std::to_string(id) + "\" data-id=\"" +
           std::to_string(id) + "\">" + name + "</a>";
  };
  std::string tree = "<ul>";
  for (int parent : {2591, 2592, 2593}) {
    tree += "<li>" + item(parent, (*categories)[parent].name) + "\n<ul>";
    for (const auto& [menu_name, id] : leaves[parent]) tree += "<li>" + item(id, menu_name) + "</li>";
    tree += "</ul></li>\n";
  }
  tree += "</ul>";
  const std::string menu =
      "<ul class=\"category\"><li>" + item(2590, (*categories)[2590].name) + tree +
      "</li></ul>\n"
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
