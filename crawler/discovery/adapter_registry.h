// AdapterRegistry: the one place that lists the portal-family adapters (adapters/*.cc), in the
// order they are asked, with the generic adapter last as the fallback. The walk asks it which
// adapter reads a page: the first family that recognises the page, else the generic one.
//
// Thread safety: immutable after construction; Default() is safe to call from any thread.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "crawler/discovery/portal_adapter.h"

namespace xxgk::crawl {

class AdapterRegistry {
 public:
  // Every family adapter, then the generic one.
  static const AdapterRegistry& Default();

  // The first adapter that recognises `page`; the generic adapter if none does.
  const PortalAdapter& Pick(const PortalPage& page) const;
  // The adapter called `name`, or nullptr.
  const PortalAdapter* Find(std::string_view name) const;
  const PortalAdapter& generic() const { return *generic_; }
  std::vector<std::string_view> names() const;  // families in order, "generic" last

 private:
  AdapterRegistry();
  std::vector<std::unique_ptr<PortalAdapter>> families_;
  std::unique_ptr<PortalAdapter> generic_;
};

}  // namespace xxgk::crawl
