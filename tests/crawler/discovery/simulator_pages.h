// Simulator pages for discovery tests (tests only): one simulator for the test binary, and a page
// fetched from it in memory, decoded to UTF-8 and wrapped as the PortalPage an adapter reads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crawler/discovery/page_text.h"
#include "crawler/discovery/portal_adapter.h"
#include "tests/crawler/discovery/simulator_page_source.h"

namespace xxgk::crawl::testing {

inline const simulator::PortalSimulator& Sim() {
  static const simulator::PortalSimulator* sim = new simulator::PortalSimulator(1);
  return *sim;
}

// A fetched page and its text; `page` points into it (do not copy).
struct SimPage {
  FetchResult result;
  std::string text;
  PortalPage page;
  SimPage() = default;
  SimPage(const SimPage&) = delete;
};

inline std::unique_ptr<SimPage> FetchSimPage(const std::string& url, PageRole role,
                                             const std::string& form_body = "") {
  SimulatorPageSource source(Sim());
  auto out = std::make_unique<SimPage>();
  out->result = source.Get(url, form_body);
  out->text = PageText(out->result);
  CanonicalizeUrl(out->result.final_url, &out->page.url);
  out->page.body = out->text;
  out->page.role = role;
  return out;
}

// The links of `links` with role `role`, as URL specs in order.
inline std::vector<std::string> Urls(const std::vector<DiscoveredLink>& links, LinkRole role) {
  std::vector<std::string> out;
  for (const DiscoveredLink& link : links) {
    if (link.role == role) out.push_back(link.url.spec());
  }
  return out;
}

inline const simulator::PortalTruth& Truth(const std::string& family) {
  return *Sim().Portal(family);
}

}  // namespace xxgk::crawl::testing
