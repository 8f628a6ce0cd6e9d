// Hanweb 大汉 jcms: columns are /col/col<id>/index.html; a leaf column's page holds its first
// records in an XML data island (<script type="text/xml"><datastore>…<record><![CDATA[<li>…]]>),
// the list items page_links.h reads like any others. The rest come from the data proxy named in
// the page's jpage({…}) call: proxyUrl?startrecord=S&endrecord=E&perpage=P with its ajaxParam
// (webid, columnid, unitid, …) as a form POST body, as the page's script sends it; each answer
// is the same XML.
// Details /art/Y/M/D/art_<columnid>_<id>.html; sub-columns are links to other /col/col<id>/ pages.
// The xxgk module's annual-report pages (xxgkAnnualReport.jsp?area=&fbtime=) are reports by URL.
#include "crawler/discovery/adapters/family_adapter.h"
#include "crawler/discovery/adapters/family_adapters.h"
#include "crawler/discovery/page_links.h"

namespace xxgk::crawl {
namespace {

bool IsColumnPath(std::string_view path) { return path.starts_with("/col/col"); }

std::optional<size_t> Number(std::string_view text, std::string_view key) {
  std::optional<std::string> value = ScriptValue(text, key);
  return value ? ParseCount(*value) : std::nullopt;
}

// Data-proxy requests for the records after the island's, asked the way the page's jpage script
// asks: a form POST of its ajaxParam object to proxyUrl?startrecord=S&endrecord=E&perpage=P
// (sites that accept only the POST answer nothing to a GET). A page whose script names webid,
// columnid and unitid without an ajaxParam object gets GETs with them in the query instead.
void AddDataProxyPages(PageAnalysis& a) {
  const std::string_view body = a.page().body;
  const size_t call = body.find(".jpage(");
  if (call == std::string_view::npos) return;
  const std::string_view script = body.substr(call);
  std::optional<size_t> per_page = Number(script, "perPage");
  std::optional<size_t> total = Number(script, "totalRecord");
  if (!total) {
    const size_t t = body.find("<totalrecord>");
    if (t != std::string_view::npos) {
      const std::string_view digits = body.substr(t + 13);
      total = ParseCount(digits.substr(0, digits.find('<')));
    }
  }
  if (!per_page || *per_page == 0 || !total) return;
  std::string form, query;
  if (const auto fields = ScriptObject(script, "ajaxParam"); fields && !fields->empty()) {
    form = FormBody(*fields);
  } else {
    const std::optional<std::string> webid = ScriptValue(script, "webid");
    const std::optional<std::string> columnid = ScriptValue(script, "columnid");
    const std::optional<std::string> unitid = ScriptValue(script, "unitid");
    if (!webid || !columnid || !unitid) return;
    query = "&webid=" + *webid + "&columnid=" + *columnid + "&unitid=" + *unitid;
  }
  const size_t group = Number(script, "groupSize").value_or(3);
  const size_t batch = *per_page * std::max<size_t>(group, 1);
  const std::string proxy =
      ScriptValue(script, "proxyUrl").value_or("/module/web/jpage/dataproxy.jsp");
  for (size_t start = *per_page + 1; start <= *total && start < 100000; start += batch) {
    std::optional<CanonicalUrl> url =
        a.Resolve(proxy + "?startrecord=" + std::to_string(start) +
                  "&endrecord=" + std::to_string(std::min(start + batch - 1, *total)) +
                  "&perpage=" + std::to_string(*per_page) + query);
    if (!url) return;
    DiscoveredLink link;
    link.url = std::move(*url);
    link.role = LinkRole::kListPage;
    link.form_body = form;
    a.Add(std::move(link));
  }
}

// The xxgk module's annual reports: /module/xxgk/xxgkAnnualReport.jsp?area=<unit>&fbtime=<year>,
// one report per unit and year, linked by a label that often names only the year or the unit;
// the year is the fbtime parameter.
void AddAnnualReportModule(PageAnalysis& a) {
  for (const Anchor& anchor : a.anchors()) {
    if (anchor.href.find("xxgkAnnualReport.jsp") == std::string::npos) continue;
    std::optional<CanonicalUrl> url = a.Resolve(anchor.href);
    if (!url) continue;
    const std::string query = "&" + url->query();
    const size_t at = query.find("&fbtime=");
    if (at == std::string::npos) continue;
    const std::optional<size_t> year = ParseCount(query.substr(at + 8, 4));
    if (!year || *year < 2008 || *year > 2099) continue;
    a.Add(anchor.href, LinkRole::kReportPage, anchor.best_title(), anchor.date,
          static_cast<int>(*year));
  }
}

// Links to other columns (the sub-columns of 部门, 乡镇街道, …), navigation aside.
void AddColumnLinks(PageAnalysis& a) {
  for (const Anchor& anchor : a.anchors()) {
    if (anchor.text.empty() || IsNavigationText(anchor.text) || !anchor.date.empty()) continue;
    std::optional<CanonicalUrl> url = a.Resolve(anchor.href);
    if (url && url->host_key() == a.page().url.host_key() && IsColumnPath(url->path())) {
      a.Add(anchor.href, LinkRole::kColumn, anchor.text, "", 0, anchor.text);
    }
  }
}

class HanwebAdapter : public FamilyAdapter {
 public:
  std::string_view name() const override { return "hanweb"; }
  bool Recognizes(const PortalPage& page) const override {
    return IsColumnPath(page.url.path()) || page.url.path().starts_with("/art/") ||
           page.url.path().starts_with("/module/") ||
           page.body.find("xxgkAnnualReport.jsp") != std::string_view::npos ||
           page.body.find("<datastore>") != std::string_view::npos;
  }

 protected:
  bool AddFamilyLinks(PageAnalysis& analysis) const override {
    if (analysis.page().role == PageRole::kColumn) {
      AddDataProxyPages(analysis);
      AddColumnLinks(analysis);
    }
    if (IsListing(analysis.page())) AddAnnualReportModule(analysis);
    return true;
  }
};

}  // namespace

std::unique_ptr<PortalAdapter> MakeHanwebAdapter() { return std::make_unique<HanwebAdapter>(); }

}  // namespace xxgk::crawl
