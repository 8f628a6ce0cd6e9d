// robots.txt per RFC 9309, in the shape of google/robotstxt: ParseRobotsTxt only splits the file
// into records and reports them to a RobotsParseHandler; RobotsRules is the handler that keeps
// the group that applies to one user agent and answers "may this path be fetched?";
// RobotsPolicy turns the outcome of fetching robots.txt (a body, a 4xx, a 5xx, a network error)
// into a cached verdict for the whole host, with an expiry.
//
// Guarantees: only the first kRobotsParseLimit bytes are read (RFC 9309 section 2.5); a line cut
// by that limit is dropped rather than read as a shorter (wider) rule. Matching follows RFC 9309
// section 2.2: the groups naming our product token (case-insensitive) or else the "*" groups;
// the longest matching pattern wins, Allow wins a tie, "*" matches any run of characters and a
// final "$" anchors the end; paths and patterns are compared in one percent-encoding.
//
// Thread safety: ParseRobotsTxt is reentrant. RobotsRules and RobotsPolicy are immutable after
// construction, so const methods may be called from several threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/fetch/crawl_clock.h"

namespace xxgk::crawl {

// RFC 9309 section 2.5: "The parsing limit MUST be at least 500 kibibytes".
inline constexpr size_t kRobotsParseLimit = 500 * 1024;

// Receives the records of a robots.txt file in order. `line` is 1-based; values are trimmed of
// surrounding whitespace and of "#" comments; keys are matched case-insensitively (with the
// common misspellings google/robotstxt also accepts, e.g. "useragent", "dissallow").
class RobotsParseHandler {
 public:
  virtual ~RobotsParseHandler() = default;
  virtual void HandleUserAgent(int line, std::string_view value) = 0;
  virtual void HandleAllow(int line, std::string_view value) = 0;
  virtual void HandleDisallow(int line, std::string_view value) = 0;
  virtual void HandleCrawlDelay(int line, std::string_view value) = 0;
  virtual void HandleSitemap(int line, std::string_view value) = 0;
  // Any other "key: value" line. Lines without a colon are not records and are not reported.
  virtual void HandleUnknown(int line, std::string_view key, std::string_view value) = 0;
};

// Reports every record of `body` (at most its first kRobotsParseLimit bytes) to `handler`.
void ParseRobotsTxt(std::string_view body, RobotsParseHandler* handler);

// The product token of a User-Agent string: its leading run of letters, "-" and "_"
// ("xxgk/0.1 (+https://...)" -> "xxgk"), which is what robots.txt groups name (RFC 9309
// section 2.2.1). Empty if the string starts with anything else.
std::string_view ProductToken(std::string_view user_agent);

// The rules of robots.txt that apply to one crawler.
class RobotsRules {
 public:
  struct Rule {
    bool allow = false;
    std::string pattern;  // normalised: starts with "/" or "*", one percent-encoding
    int line = 0;
  };
  struct Decision {
    bool allowed = true;
    const Rule* rule = nullptr;  // the deciding rule; null if no rule matched
  };

  // Rules that allow everything (an empty robots.txt).
  RobotsRules() = default;
  // Parses `body` and keeps the groups that apply to `user_agent` (a product token or a whole
  // User-Agent string; see ProductToken).
  static RobotsRules Parse(std::string_view body, std::string_view user_agent);

  // `path_and_query` is the URL's path and query ("/a/b?c"), e.g. CanonicalUrl::PathAndQuery().
  bool Allowed(std::string_view path_and_query) const { return Decide(path_and_query).allowed; }
  Decision Decide(std::string_view path_and_query) const;

  const std::vector<Rule>& rules() const { return rules_; }
  // Crawl-delay in seconds for the chosen group (not in RFC 9309; a widely used extension). When
  // several matching groups give one, the largest. Negative or unparsable values are ignored.
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // Sitemap URLs, from anywhere in the file (they belong to no group), as written.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }
  // True if a group named our product token; false if the "*" groups (or none) applied.
  bool matched_specific_group() const { return specific_; }

 private:
  friend class RobotsGroupCollector;
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
  bool specific_ = false;
};

// True if `path` matches `pattern` from the start ("*" any run, final "$" the end). Both must
// already be in the same percent-encoding. Exposed for tests.
bool RobotsPatternMatches(std::string_view path, std::string_view pattern);

// How fetching /robots.txt ended, as the fetcher reports it (it follows up to five redirects,
// RFC 9309 section 2.3.1.2, and reads at most kRobotsParseLimit bytes).
struct RobotsFetch {
  enum class Outcome {
    kResponse,          // a final HTTP response: see http_status
    kNetworkError,      // DNS failure, connection refused or reset, timeout, TLS failure
    kTooManyRedirects,  // more than five redirects
  };
  Outcome outcome = Outcome::kResponse;
  int http_status = 0;
  std::string_view body;
};

struct RobotsPolicyOptions {
  // RFC 9309 section 2.4: "Crawlers SHOULD NOT use the cached version for more than 24 hours".
  Duration cache_ttl = std::chrono::hours(24);
  // How long a "nothing allowed" verdict (5xx, network error) stands before robots.txt is
  // fetched again.
  Duration retry_after_unreachable = std::chrono::minutes(10);
};

// The verdict for a host after fetching its robots.txt, until `expires()`.
class RobotsPolicy {
 public:
  enum class Kind {
    kRules,        // 2xx: the file's rules apply
    kAllowAll,     // 4xx or too many redirects: RFC 9309 sections 2.3.1.3 and 2.3.1.2
    kDisallowAll,  // 5xx, 429, network error: RFC 9309 section 2.3.1.4
  };

  static RobotsPolicy FromFetch(const RobotsFetch& fetch, std::string_view user_agent,
                                TimePoint now, const RobotsPolicyOptions& options = {});

  Kind kind() const { return kind_; }
  bool Allowed(std::string_view path_and_query) const;
  TimePoint expires() const { return expires_; }
  bool Expired(TimePoint now) const { return now >= expires_; }
  const RobotsRules& rules() const { return rules_; }  // empty unless kind() is kRules
  std::optional<double> crawl_delay() const { return rules_.crawl_delay(); }
  // Why this verdict, for the fetch log ("robots.txt: HTTP 503, nothing allowed until ...").
  const std::string& reason() const { return reason_; }

 private:
  RobotsPolicy(Kind kind, TimePoint expires, std::string reason)
      : kind_(kind), expires_(expires), reason_(std::move(reason)) {}
  Kind kind_;
  TimePoint expires_;
  std::string reason_;
  RobotsRules rules_;
};

}  // namespace xxgk::crawl
