// AdapterRegistry: see adapter_registry.h. Adding a family: its file in adapters/, its factory
// in adapters/family_adapters.h, one line below (order: the more specific recogniser first).
#include "crawler/discovery/adapter_registry.h"

#include "crawler/discovery/adapters/family_adapters.h"

namespace xxgk::crawl {

AdapterRegistry::AdapterRegistry() : generic_(MakeGenericAdapter()) {
  families_.push_back(MakeGkmlptAdapter());   // /gkmlpt/ paths, window._CONFIG
  families_.push_back(MakeHanwebAdapter());   // /col/col<id>/, /art/, data islands
  families_.push_back(MakeVsbAdapter());      // _simple_list_gotopage_fun, /info/
  families_.push_back(MakeShaanxiAdapter());  // /zfxxgk/…/N.html (before TRS: it uses TRS_Editor)
  families_.push_back(MakeTrsAdapter());      // createPageHTML, TRS_Editor
}

const AdapterRegistry& AdapterRegistry::Default() {
  static const AdapterRegistry* registry = new AdapterRegistry();
  return *registry;
}

const PortalAdapter& AdapterRegistry::Pick(const PortalPage& page) const {
  for (const auto& family : families_) {
    if (family->Recognizes(page)) return *family;
  }
  return *generic_;
}

const PortalAdapter* AdapterRegistry::Find(std::string_view name) const {
  for (const auto& family : families_) {
    if (family->name() == name) return family.get();
  }
  return generic_->name() == name ? generic_.get() : nullptr;
}

std::vector<std::string_view> AdapterRegistry::names() const {
  std::vector<std::string_view> out;
  for (const auto& family : families_) out.push_back(family->name());
  out.push_back(generic_->name());
  return out;
}

}  // namespace xxgk::crawl
