// PortalAdapter: what one portal family (TRS WCM, Hanweb jcms, gkmlpt, 博达 VSB, the Shaanxi
// platform, …) knows about its pages, as pure page analysis: given a fetched page, which links lead
// on to the annual reports, and in which role. No fetching, no state: the walk (report_walk.h)
// fetches, scopes and bounds; an adapter only reads one page. Scrapy keeps site knowledge in
// spiders the same way.
//
// A family lives in one file, crawler/discovery/adapters/<family>_adapter.cc, registered in
// adapter_registry.cc; what families share (list items, sub-columns, next/last links, attachments,
// continuation pages) is in page_links.h and pagination.h, so an adapter adds only its family's
// own markup (a pager script, a data island, an API): adapters/family_adapter.h writes the
// shared shape of Links() once. The generic adapter is the fallback when no family recognises a
// page.
//
// Thread safety: adapters are immutable; Recognizes and Links are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

// What the walk fetched a page as: the role of the link that led to it.
enum class PageRole {
  kRoot,          // the portal's home page
  kOpenness,      // the 政府信息公开 entry page
  kColumn,        // an annual-report column or sub-column (its first list page)
  kListPage,      // a further page of a column's list (HTML, XML or JSON)
  kReportPage,    // a report's detail page
  kContinuation,  // a report page's continuation (t…_1.html)
  kAttachment,    // a report's attachment (PDF, DOC, …)
};
std::string_view PageRoleName(PageRole role);  // "root", "openness", "column", …

struct PortalPage {
  CanonicalUrl url;               // the final (canonical) URL the body came from
  std::string_view body;          // UTF-8 (HTML, XML or JSON)
  std::string_view content_type;  // the HTTP Content-Type, may be empty
  PageRole role = PageRole::kRoot;
};

// The role a link plays; the walk fetches the page it leads to in the matching PageRole.
enum class LinkRole {
  kOpenness,  // 政府信息公开 (from the root)
  kColumn,  // an annual-report column or a sub-column (县政府, 部门, 乡镇街道, 2023年度, …)
  kListPage,      // another page of the same column's list (pagination, data proxy, API)
  kReportPage,    // a list item that is an annual report (see report_title.h)
  kOtherItem,     // a list item that is not a report: counted ("did this page add anything
                  // new?"), never followed
  kAttachment,    // a report's attachment
  kContinuation,  // a report's next page
};
std::string_view LinkRoleName(LinkRole role);
PageRole PageRoleFor(LinkRole role);  // REQUIRES: role != kOtherItem

struct DiscoveredLink {
  CanonicalUrl url;
  LinkRole role = LinkRole::kColumn;
  // List items: the full title (the anchor's title attribute, else its text; portals cut the
  // text). Columns: the label the link shows (the walk names the column path with it).
  std::string title;
  std::string date;  // list items: YYYY-MM-DD when the list shows one, else ""
  int year = 0;      // report pages: the report's year (report_title.h)
  // Columns only: the name this column adds to the column path ("" adds nothing: e.g. a parent
  // category whose items are all in named children too).
  std::string column_name;
  // List pages only: a form body to POST to `url` (application/x-www-form-urlencoded), when the
  // family's own script asks for the page that way (Hanweb's dataproxy.jsp); "" for a GET.
  std::string form_body;
};

class PortalAdapter {
 public:
  virtual ~PortalAdapter() = default;
  virtual std::string_view name() const = 0;  // "trs", "hanweb", …, "generic"
  // Whether this page is one of the family's (by its URL and markup).
  virtual bool Recognizes(const PortalPage& page) const = 0;
  // The links of `page` that lead on to reports, in document order, each URL once. URLs are
  // absolute and canonical; scope and limits are the walk's business.
  virtual std::vector<DiscoveredLink> Links(const PortalPage& page) const = 0;
};

}  // namespace xxgk::crawl
