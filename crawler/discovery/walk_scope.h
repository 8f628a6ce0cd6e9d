// WalkScope: which URLs a county's report walk may request — the portal's own hosts (its root's,
// the host the root redirects to, the hosts of the seed row's columns and of URLs its notes name),
// attachments also on other *.gov.cn hosts (file servers), and never a crawler trap: site search
// (the search page of a portal lists every report, but a crawl must not search), calendars, or
// URLs longer than the limit. Footer links to other portals, news and spam mirrors are never
// followed because the walk follows links by role only; a host outside the scope is refused here
// whatever its role.
//
// Thread safety: a value; not synchronised.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "crawler/discovery/portal_adapter.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

enum class ScopeVerdict { kIn, kOtherHost, kTrap, kTooLong };
std::string_view ScopeVerdictName(ScopeVerdict verdict);  // "in", "other_host", "trap", "too_long"

class WalkScope {
 public:
  explicit WalkScope(size_t max_url_length = 2048) : max_url_length_(max_url_length) {}

  void AddHost(const HostKey& host) { hosts_.insert(host); }
  bool HasHost(const HostKey& host) const { return hosts_.count(host) > 0; }
  const std::set<HostKey>& hosts() const { return hosts_; }

  ScopeVerdict Check(const CanonicalUrl& url, LinkRole role) const;

 private:
  size_t max_url_length_;
  std::set<HostKey> hosts_;
};

// Whether `url` is a site search, a calendar or another endless generator of pages.
bool IsTrapUrl(const CanonicalUrl& url);

}  // namespace xxgk::crawl
