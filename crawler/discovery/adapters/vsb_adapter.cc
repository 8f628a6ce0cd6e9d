// 博达 VSB: a list's first page is <col>.htm; later pages count down, <col>/N-1.htm (the second
// page) … <col>/1.htm (the oldest), N the page count in _simple_list_gotopage_fun(N, …). Detail
// pages /info/<col id>/<id>.htm, attachments under /__local/.
#include "crawler/discovery/adapters/family_adapter.h"
#include "crawler/discovery/adapters/family_adapters.h"
#include "crawler/discovery/page_links.h"

namespace xxgk::crawl {
namespace {

// The folder of a list's later pages: /xxgk/ndbg.htm → /xxgk/ndbg/; /xxgk/ndbg/3.htm → itself.
std::string PagesFolder(const CanonicalUrl& url) {
  const std::string stem = FileStem(url.path());
  if (!stem.empty() && stem.find_first_not_of("0123456789") == std::string::npos) {
    return DirectoryOf(url.path());
  }
  return DirectoryOf(url.path()) + stem + "/";
}

void AddCountDownPages(PageAnalysis& a) {
  std::optional<std::vector<std::string>> args =
      CallArguments(a.page().body, "_simple_list_gotopage_fun");
  const std::optional<size_t> parsed =
      args && !args->empty() ? ParseCount((*args)[0]) : std::nullopt;
  if (!parsed) return;
  const size_t count = *parsed;
  const std::string folder = PagesFolder(a.page().url);
  for (size_t n = count; n-- > 1 && count <= 5000;) {  // N-1 (page 2) down to 1 (page N)
    a.Add(folder + std::to_string(n) + ".htm", LinkRole::kListPage);
  }
}

class VsbAdapter : public FamilyAdapter {
 public:
  std::string_view name() const override { return "vsb"; }
  bool Recognizes(const PortalPage& page) const override {
    return page.body.find("_simple_list_gotopage_fun") != std::string_view::npos ||
           page.body.find("pb_sys_common") != std::string_view::npos ||
           page.url.path().starts_with("/info/") || page.url.path().starts_with("/__local/");
  }

 protected:
  bool AddFamilyLinks(PageAnalysis& analysis) const override {
    if (IsListing(analysis.page())) AddCountDownPages(analysis);
    return true;
  }
};

}  // namespace

std::unique_ptr<PortalAdapter> MakeVsbAdapter() { return std::make_unique<VsbAdapter>(); }

}  // namespace xxgk::crawl
