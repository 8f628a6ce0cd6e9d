// Names of page and link roles: see portal_adapter.h.
#include "crawler/discovery/portal_adapter.h"

namespace xxgk::crawl {

std::string_view PageRoleName(PageRole role) {
  switch (role) {
    case PageRole::kRoot:
      return "root";
    case PageRole::kOpenness:
      return "openness";
    case PageRole::kColumn:
      return "column";
    case PageRole::kListPage:
      return "list_page";
    case PageRole::kReportPage:
      return "report_page";
    case PageRole::kContinuation:
      return "continuation";
    case PageRole::kAttachment:
      return "attachment";
  }
  return "unknown";
}

std::string_view LinkRoleName(LinkRole role) {
  switch (role) {
    case LinkRole::kOpenness:
      return "openness";
    case LinkRole::kColumn:
      return "column";
    case LinkRole::kListPage:
      return "list_page";
    case LinkRole::kReportPage:
      return "report_page";
    case LinkRole::kOtherItem:
      return "other_item";
    case LinkRole::kAttachment:
      return "attachment";
    case LinkRole::kContinuation:
      return "continuation";
  }
  return "unknown";
}

PageRole PageRoleFor(LinkRole role) {
  switch (role) {
    case LinkRole::kOpenness:
      return PageRole::kOpenness;
    case LinkRole::kColumn:
      return PageRole::kColumn;
    case LinkRole::kListPage:
      return PageRole::kListPage;
    case LinkRole::kReportPage:
    case LinkRole::kOtherItem:
      return PageRole::kReportPage;
    case LinkRole::kAttachment:
      return PageRole::kAttachment;
    case LinkRole::kContinuation:
      return PageRole::kContinuation;
  }
  return PageRole::kListPage;
}

}  // namespace xxgk::crawl
