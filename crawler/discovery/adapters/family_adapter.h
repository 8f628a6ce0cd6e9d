// FamilyAdapter: the one shape every family adapter's Links() has, written once — read the page
// (PageAnalysis), add the links of the family's own markup (a pager script, a data island, an
// API), then the steps every portal shares (page_links.h's AddGenericLinks: list items,
// sub-columns, 下一页/尾页, attachments, continuation pages). A family overrides only its own step.
#pragma once

#include <vector>

#include "crawler/discovery/page_links.h"
#include "crawler/discovery/portal_adapter.h"

namespace xxgk::crawl {

class FamilyAdapter : public PortalAdapter {
 public:
  std::vector<DiscoveredLink> Links(const PortalPage& page) const final {
    PageAnalysis analysis(page);
    if (AddFamilyLinks(analysis)) AddGenericLinks(analysis);
    return analysis.Take();
  }

 protected:
  // Adds the family's own links of analysis.page(). Returns whether the shared steps follow:
  // false when the family's step read the whole page (an API answer that is JSON, not HTML).
  virtual bool AddFamilyLinks(PageAnalysis& analysis) const = 0;

  // Columns and their further list pages: where pagers, data islands and categories are.
  static bool IsListing(const PortalPage& page) {
    return page.role == PageRole::kColumn || page.role == PageRole::kListPage;
  }
};

}  // namespace xxgk::crawl
