// The portal-family adapters, one factory per file in this folder (trs_adapter.cc, …). Only
// adapter_registry.cc calls them: a new family adds its file, a line here and a line there.
#pragma once

#include <memory>

#include "crawler/discovery/portal_adapter.h"

namespace xxgk::crawl {

std::unique_ptr<PortalAdapter> MakeTrsAdapter();      // TRS WCM: createPageHTML lists
std::unique_ptr<PortalAdapter> MakeHanwebAdapter();   // Hanweb jcms: XML island, dataproxy.jsp
std::unique_ptr<PortalAdapter> MakeGkmlptAdapter();   // Guangdong gkmlpt: the JSON API
std::unique_ptr<PortalAdapter> MakeVsbAdapter();      // 博达 VSB: count-down lists
std::unique_ptr<PortalAdapter> MakeShaanxiAdapter();  // the Shaanxi platform: /N.html lists
std::unique_ptr<PortalAdapter> MakeGenericAdapter();  // any portal: links by text and shape

}  // namespace xxgk::crawl
