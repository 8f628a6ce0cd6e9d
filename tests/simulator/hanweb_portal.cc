// Hanweb 大汉 jcms family (tests only): 云岭县, www.simhanweb-a.gov.cn, every HTML page in GBK.
//
//   /col/col1001/index.html   政府信息公开 → 年度报告
//   /col/col1010/index.html   the column: sub-columns 县政府 (col1011), 县政府办公室 (col1012),
//                             部门 (col1013 → one column per department), 乡镇街道 (col1014 → one
//                             column per town)
// A leaf column page holds its first `perPage` records as an XML data island
// (<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>…), the total in
// <totalrecord>; further records come only from
//   /module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P
// with webid, columnid and unitid in a form POST body only, as the page's jpage script sends them
// (like the jcms sites that accept nothing else, a GET with them in the query gets an empty
// recordset); the same XML, UTF-8. A wrong columnid/unitid or a start beyond the total gives an
// empty recordset too.
// Detail pages /art/Y/M/D/art_<columnid>_<id>.html (#zoom between ContentStart/ContentEnd),
// attachments /attach/0/<name>.pdf|docx (absolute links).
#include <cstdio>
#include <map>
#include <memory>

#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {
namespace {

constexpr int kWebId = 1;
constexpr const char* kProxy = "/module/web/jpage/dataproxy.jsp";

struct LeafColumn {
  int unit_id = 0;
  std::vector<ListItem> items;
};

std::string Record(const ListItem& item) {
  return "<record><![CDATA[\n" + ListItemHtml(item) + "]]></record>\n";
}

// Fields of a query string or an application/x-www-form-urlencoded body.
void ParseFields(std::string_view s, std::map<std::string, std::string>* fields) {
  while (!s.empty()) {
    const size_t amp = s.find('&');
    const std::string_view field = s.substr(0, amp);
    const size_t eq = field.find('=');
    if (eq != std::string_view::npos) {
      (*fields)[std::string(field.substr(0, eq))] = std::string(field.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    s.remove_prefix(amp + 1);
  }
}

int Number(const std::map<std::string, std::string>& fields, const std::string& name) {
  const auto it = fields.find(name);
  if (it == fields.end() || it->second.empty()) return -1;
  return std::atoi(it->second.c_str());
}

// dataproxy.jsp: the records startrecord..endrecord (1-based, inclusive) of one column.
std::optional<SitePage> DataProxy(const std::map<int, LeafColumn>& columns,
                                  const TestRequest& request) {
  const size_t q = request.target.find('?');
  if (request.target.substr(0, q) != kProxy) return std::nullopt;
  std::map<std::string, std::string> fields, range;  // the column from the body, the range from the URL
  if (q != std::string::npos) ParseFields(std::string_view(request.target).substr(q + 1), &range);
  if (request.method == "POST") ParseFields(request.body, &fields);
  for (const char* name : {"startrecord", "endrecord", "perpage"}) {
    if (auto it = range.find(name); it != range.end()) fields[name] = it->second;
  }
  std::string records;
  size_t total = 0;
  const auto column = columns.find(Number(fields, "columnid"));
  const int start = Number(fields, "startrecord"), end = Number(fields, "endrecord");
  if (column != columns.end() && Number(fields, "unitid") == column->second.unit_id &&
      Number(fields, "webid") == kWebId && start >= 1 && end >= start) {
    const auto& items = column->second.items;
    total = items.size();
    for (size_t i = static_cast<size_t>(start); i <= static_cast<size_t>(end) && i <= total; ++i) {
      records += Record(items[i - 1]);
    }
  }
  SitePage page;
  page.content_type = "text/xml; charset=utf-8";
  page.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<datastore>\n<totalrecord>" +
              std::to_string(total) + "</totalrecord>\n<recordset>\n" + records +
              "</recordset>\n</datastore>\n";
  return page;
}

std::string ColumnPath(int id) { return "/col/col" + std::to_string(id) + "/index.html"; }

BuiltPortal Build(const CountyPlan& plan) {
  PortalWriter w(plan, "hanweb", BodyContainer::kHanwebZoom);
  const Charset gbk = Charset::kGbk;
  w.AddHome(ColumnPath(1001));
  w.AddOpenness(ColumnPath(1001), ColumnPath(1010), "年度报告");
  w.SetColumn(ColumnPath(1010));
  auto columns = std::make_shared<std::map<int, LeafColumn>>();
  int next_unit = 4455;

  // A leaf column: the data island with the first `per_page` records, the rest via the proxy.
  auto add_leaf = [&](int id, const std::string& name, const std::vector<std::string>& crumbs,
                      std::vector<ListItem> items, size_t per_page) {
    LeafColumn& leaf = (*columns)[id];
    leaf.unit_id = next_unit++;
    std::stable_sort(items.begin(), items.end(),
                     [](const ListItem& a, const ListItem& b) { return a.date > b.date; });
    leaf.items = items;
    const std::string unit = std::to_string(leaf.unit_id);
    std::string island = "<div id=\"" + unit + "\"><script type=\"text/xml\"><datastore>\n"
                         "<nextgroup><![CDATA[<a href=\"" + std::string(kProxy) +
                         "?page=1&webid=1&path=/&columnid=" + std::to_string(id) + "&unitid=" +
                         unit + "&permissiontype=0\"></a>]]></nextgroup>\n<totalrecord>" +
                         std::to_string(items.size()) + "</totalrecord>\n<recordset>\n";
    for (size_t i = 0; i < items.size() && i < per_page; ++i) island += Record(items[i]);
    island += "</recordset>\n</datastore></script></div>\n";
    island += "<script language=\"javascript\" src=\"/module/jslib/jquery/jpage/jquery.jpage.js\">"
              "</script>\n<script>$(document).ready(function(){ $('#" + unit +
              "').jpage({ dataStore: dataStore, perPage: " + std::to_string(per_page) +
              ", totalRecord: " + std::to_string(items.size()) + ", proxyUrl: '" + kProxy +
              "', groupSize: 1, barPosition: 'bottom', ajaxParam: { col: 1, appid: 1, webid: " +
              std::to_string(kWebId) + ", path: '/', columnid: " + std::to_string(id) +
              ", sourceContentType: 1, unitid: " + unit +
              ", permissiontype: 0 } }); });</script>\n";
    w.AddHtml(ColumnPath(id), w.Page(name, crumbs, "<h2>" + name + "</h2>\n" + island, gbk), gbk);
  };

  auto place = [&](const PlannedReport& r, int column_id, const std::string& column_path) {
    char path[96];
    std::snprintf(path, sizeof path, "/art/%d/%d/%d/art_%d_%llu.html", r.date_y, r.date_m,
                  r.date_d, column_id, static_cast<unsigned long long>(r.id));
    ReportPlacement p;
    p.page_path = path;
    p.attachment_dir = "/attach/0/";
    p.attachment_stem = "a" + std::to_string(r.id * 2654435761u % 100000000);
    p.column_path = column_path;
    p.charset = gbk;
    w.AddReport(r, p);
    return w.ItemFor(r, path);
  };

  const std::vector<std::string> base = {"政府信息公开", "年度报告"};
  auto crumbs = [&](std::vector<std::string> more) {
    std::vector<std::string> all = base;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  // 县政府 (with the notices) and 县政府办公室.
  for (const auto& [kind, id] : {std::pair{BodyKind::kGovernment, 1011}, {BodyKind::kOffice, 1012}}) {
    const size_t b = plan.BodiesOf(kind).front();
    const std::string label = plan.bodies[b].short_name;
    std::vector<ListItem> items;
    for (const PlannedReport* r : plan.ReportsOf(b)) {
      items.push_back(place(*r, id, "年度报告/" + label));
    }
    if (kind == BodyKind::kGovernment) {
      for (const PlannedNotice& n : plan.notices) {
        char path[96];
        std::snprintf(path, sizeof path, "/art/%d/%d/%d/art_%d_%llu.html", n.date_y, n.date_m,
                      n.date_d, id, static_cast<unsigned long long>(n.id));
        w.AddNotice(n, path);
        items.push_back(w.ItemFor(n, path));
      }
    }
    add_leaf(id, label, crumbs({label}), items, 3);
  }
  // 部门 and 乡镇街道: a column page of sub-columns, one leaf per body.
  for (const auto& [kind, id, label] :
       {std::tuple{BodyKind::kDepartment, 1013, "部门"}, {BodyKind::kTown, 1014, "乡镇街道"}}) {
    std::string links = "<ul class=\"sub-columns\">\n";
    int leaf_id = kind == BodyKind::kDepartment ? 1021 : 1031;
    for (const size_t b : plan.BodiesOf(kind)) {
      const Body& body = plan.bodies[b];
      std::vector<ListItem> items;
      for (const PlannedReport* r : plan.ReportsOf(b)) {
        items.push_back(place(*r, leaf_id, std::string("年度报告/") + label + "/" + body.short_name));
      }
      add_leaf(leaf_id, body.short_name, crumbs({label, body.short_name}), items, 5);
      links += "<li><a href=\"" + ColumnPath(leaf_id) + "\">" + body.name + "</a></li>\n";
      ++leaf_id;
    }
    links += "</ul>\n";
    w.AddHtml(ColumnPath(id), w.Page(label, crumbs({label}), links, gbk), gbk);
  }
  w.AddHtml(ColumnPath(1010),
            w.Page("年度报告", base,
                   "<ul class=\"sub-columns\"><li><a href=\"" + ColumnPath(1011) +
                       "\">县政府</a></li><li><a href=\"" + ColumnPath(1012) +
                       "\">县政府办公室</a></li><li><a href=\"" + ColumnPath(1013) +
                       "\">部门</a></li><li><a href=\"" + ColumnPath(1014) +
                       "\">乡镇街道</a></li></ul>\n",
                   gbk),
            gbk);
  w.site().dynamic = [columns](const TestRequest& request) { return DataProxy(*columns, request); };
  BuiltPortal built;
  built.sites = w.TakeSites();
  built.truth = w.TakeTruth();
  return built;
}

}  // namespace

PortalFamily HanwebFamily() {
  return {"hanweb",
          {"339902", "浙江省", "模拟市", "云岭县", "www.simhanweb-a.gov.cn", "hanweb", true},
          &Build};
}

}  // namespace xxgk::simulator
