// WalkScope: see walk_scope.h.
#include "crawler/discovery/walk_scope.h"

#include <array>

namespace xxgk::crawl {

std::string_view ScopeVerdictName(ScopeVerdict verdict) {
  switch (verdict) {
    case ScopeVerdict::kIn:
      return "in";
    case ScopeVerdict::kOtherHost:
      return "other_host";
    case ScopeVerdict::kTrap:
      return "trap";
    case ScopeVerdict::kTooLong:
      return "too_long";
  }
  return "unknown";
}

bool IsTrapUrl(const CanonicalUrl& url) {
  std::string lower = url.PathAndQuery();
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  static constexpr std::array<std::string_view, 9> kWords = {"search",     "sousuo",   "keyword",
                                                             "searchword", "calendar", "/rili",
                                                             "query.jsp",  "jsearch",  "/so/"};
  for (std::string_view word : kWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  const std::string padded = "&" + url.query();
  return padded.find("&q=") != std::string::npos || padded.find("&wd=") != std::string::npos;
}

ScopeVerdict WalkScope::Check(const CanonicalUrl& url, LinkRole role) const {
  if (url.spec().size() > max_url_length_) return ScopeVerdict::kTooLong;
  if (!HasHost(url.host_key())) {
    const bool gov = url.host().ends_with(".gov.cn");
    if (!(role == LinkRole::kAttachment && gov)) return ScopeVerdict::kOtherHost;
  }
  if (IsTrapUrl(url)) return ScopeVerdict::kTrap;
  return ScopeVerdict::kIn;
}

}  // namespace xxgk::crawl
