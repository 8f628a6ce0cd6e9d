// The Shaanxi provincial platform (集约化, every county of 陕西): /zfxxgk/zfxxgknb/<sub>/1.html,
// 2.html, … with plain 首页/上一页/下一页/尾页 links; detail pages are 19-digit ids
// (…/xj/1753311688616128514.html). Deep pages past the last are stubs, so the range is read from
// 尾页 (every page from 1.html to it), not probed.
#include "crawler/discovery/adapters/family_adapter.h"
#include "crawler/discovery/adapters/family_adapters.h"
#include "crawler/discovery/page_links.h"

namespace xxgk::crawl {
namespace {

bool NumberedFile(const CanonicalUrl& url) {
  const std::string stem = FileStem(url.path());
  return !stem.empty() && stem.size() <= 4 &&
         stem.find_first_not_of("0123456789") == std::string::npos;
}

// 1.html … the 尾页 target, in the page's folder.
void AddLastPageRange(PageAnalysis& a) {
  for (const Anchor& anchor : a.anchors()) {
    if (anchor.text != "尾页" && anchor.text != "末页") continue;
    std::optional<CanonicalUrl> last = a.Resolve(anchor.href);
    std::optional<CanonicalUrl> first = a.Resolve("1.html");
    if (last && first && NumberedFile(*last) &&
        DirectoryOf(last->path()) == DirectoryOf(a.page().url.path())) {
      AddNumberedRange(a, *first, *last);
    }
  }
}

class ShaanxiAdapter : public FamilyAdapter {
 public:
  std::string_view name() const override { return "shaanxi"; }
  bool Recognizes(const PortalPage& page) const override {
    return page.url.path().starts_with("/zfxxgk/") &&
           (NumberedFile(page.url) || page.url.path().find("/zfxxgknb/") != std::string::npos);
  }

 protected:
  bool AddFamilyLinks(PageAnalysis& analysis) const override {
    if (IsListing(analysis.page())) AddLastPageRange(analysis);
    return true;
  }
};

}  // namespace

std::unique_ptr<PortalAdapter> MakeShaanxiAdapter() { return std::make_unique<ShaanxiAdapter>(); }

}  // namespace xxgk::crawl
