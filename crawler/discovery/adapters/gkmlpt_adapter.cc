// Guangdong gkmlpt (政府信息公开目录平台): /gkmlpt/index is a script application whose lists
// come from a JSON API, /gkmlpt/api/all/<category>?page=N&sid=<SID>, the SID in the page's
// window._CONFIG and the categories in its menu (<a href="/gkmlpt/index#2591">县政府</a>, a
// parent followed by its children's <ul>, to any depth). Pages are 1-based; page 0 repeats page 1, so it is
// never asked for. An answer lists {"total", "page", "per_page", "articles": [{"title", "url",
// "publish_time"}]}; the next page is asked for while total says there are more (sites that
// answer 404 beyond the last page are not probed). Details /gkmlpt/content/…/post_<id>.html.
#include <nlohmann/json.hpp>

#include "crawler/discovery/adapters/family_adapter.h"
#include "crawler/discovery/adapters/family_adapters.h"
#include "crawler/discovery/page_links.h"
#include "crawler/discovery/report_title.h"

namespace xxgk::crawl {
namespace {

constexpr std::string_view kDefaultApi = "/gkmlpt/api/all/";

bool IsApi(const CanonicalUrl& url) { return url.path().find("/gkmlpt/api/") != std::string::npos; }

std::string QueryValue(std::string_view query, std::string_view name) {
  const std::string padded = "&" + std::string(query) + "&";
  const size_t at = padded.find("&" + std::string(name) + "=");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 2;
  return padded.substr(start, padded.find('&', start) - start);
}

// A field of an API answer, or `fallback` when it is missing or of another type (answers are
// input: never let a wrong type throw).
std::string Text(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}
size_t Count(const nlohmann::json& object, const char* key, size_t fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<size_t>() : fallback;
}

// The menu's categories → the first API page of each, named by their whole path in the menu's
// tree (政府信息公开年报/部门/财政局: the parents' names, then the category's own), as the other
// families' walks name a sub-column by the links they followed down to it. A parent lists its
// children's items too; the walk keeps each report's most specific path.
void AddCategories(PageAnalysis& a) {
  const std::string_view body = a.page().body;
  const size_t config = body.find("_CONFIG");
  if (config == std::string_view::npos) return;
  const std::optional<std::string> sid = ScriptValue(body.substr(config), "SID");
  if (!sid || sid->empty()) return;
  const std::string api =
      ScriptValue(body.substr(config), "API").value_or(std::string(kDefaultApi));
  std::vector<std::pair<size_t, std::string>> parents;  // (list depth, name), outermost first
  for (const Anchor& anchor : a.anchors()) {
    const size_t hash = anchor.href.find('#');
    if (hash == std::string::npos || anchor.href.find("gkmlpt") == std::string::npos) continue;
    const std::string id = anchor.href.substr(hash + 1);
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) continue;
    while (!parents.empty() && parents.back().first >= anchor.list_depth) parents.pop_back();
    std::string path;
    for (const auto& [depth, name] : parents) path += name + "/";
    // A '/' inside one name would read as two levels.
    std::string name = anchor.text;
    for (size_t at = 0; (at = name.find('/', at)) != std::string::npos;) name.replace(at, 1, "／");
    path += name;
    if (anchor.opens_list) parents.emplace_back(anchor.list_depth, name);
    a.Add(api + id + "?page=1&sid=" + *sid, LinkRole::kColumn, anchor.text, "", 0, path);
  }
}

// An API answer: its articles, and the next page while there are more.
void AddArticles(PageAnalysis& a) {
  const nlohmann::json json = nlohmann::json::parse(a.page().body, nullptr, false);
  if (!json.is_object() || !json.contains("articles") || !json["articles"].is_array()) return;
  size_t listed = 0;
  for (const nlohmann::json& article : json["articles"]) {
    if (!article.is_object()) continue;
    const std::string url = Text(article, "url");
    const std::string title = Text(article, "title");
    const std::string date = FindDate(Text(article, "publish_time"));
    if (url.empty()) continue;
    ++listed;
    if (std::optional<int> year = AnnualReportYear(title)) {
      a.Add(url, LinkRole::kReportPage, title, date, *year);
    } else {
      a.Add(url, LinkRole::kOtherItem, title, date);
    }
  }
  const CanonicalUrl& url = a.page().url;
  const std::string page_text = QueryValue(url.query(), "page");
  const size_t page = std::max<size_t>(ParseCount(page_text).value_or(1), 1);
  const size_t total = Count(json, "total", 0);
  const size_t per_page = Count(json, "per_page", listed);
  if (listed == 0 || per_page == 0 || page * per_page >= total) return;
  a.Add(url.path() + "?page=" + std::to_string(page + 1) + "&sid=" + QueryValue(url.query(), "sid"),
        LinkRole::kListPage);
}

class GkmlptAdapter : public FamilyAdapter {
 public:
  std::string_view name() const override { return "gkmlpt"; }
  bool Recognizes(const PortalPage& page) const override {
    return page.url.path().starts_with("/gkmlpt/") ||
           page.body.find("window._CONFIG") != std::string_view::npos;
  }

 protected:
  bool AddFamilyLinks(PageAnalysis& analysis) const override {
    if (IsApi(analysis.page().url)) {
      AddArticles(analysis);
      return false;  // JSON: nothing for the HTML steps
    }
    if (IsListing(analysis.page())) AddCategories(analysis);
    return true;
  }
};

}  // namespace

std::unique_ptr<PortalAdapter> MakeGkmlptAdapter() { return std::make_unique<GkmlptAdapter>(); }

}  // namespace xxgk::crawl
