// The generic adapter: the fallback for portals no family recognises — entry and column links by
// their text, list items by their titles, sub-columns below the column, 下一页/尾页 pagination,
// attachments and continuation pages (page_links.h). Every family adapter builds on the same
// steps.
#include "crawler/discovery/adapters/family_adapter.h"
#include "crawler/discovery/adapters/family_adapters.h"
#include "crawler/discovery/page_links.h"

namespace xxgk::crawl {
namespace {

class GenericAdapter : public FamilyAdapter {
 public:
  std::string_view name() const override { return "generic"; }
  bool Recognizes(const PortalPage&) const override { return true; }

 protected:
  bool AddFamilyLinks(PageAnalysis&) const override { return true; }
};

}  // namespace

std::unique_ptr<PortalAdapter> MakeGenericAdapter() { return std::make_unique<GenericAdapter>(); }

}  // namespace xxgk::crawl
