// robots.txt: the record parser, the group collector for one user agent, the pattern matcher and
// the fetch-outcome policy. Behaviour is RFC 9309 unless a comment says why we chose otherwise.
#include "crawler/fetch/robots_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "base/ascii_case.h"
#include "crawler/url/url_canon.h"

namespace xxgk::crawl {
namespace {

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap };

// Record names, lower-case. Beside the RFC's spellings, the misspellings google/robotstxt accepts
// because webmasters write them and mean the obvious thing; "Parsing of other records MUST NOT
// interfere" (RFC 9309 section 2.2.4), and these are not other records.
struct KeySpelling {
  std::string_view name;
  Key key;
};
constexpr std::array<KeySpelling, 16> kKeys = {{
    {"user-agent", Key::kUserAgent},
    {"useragent", Key::kUserAgent},
    {"user agent", Key::kUserAgent},
    {"allow", Key::kAllow},
    {"disallow", Key::kDisallow},
    {"dissallow", Key::kDisallow},
    {"dissalow", Key::kDisallow},
    {"disalow", Key::kDisallow},
    {"diasllow", Key::kDisallow},
    {"disallaw", Key::kDisallow},
    {"crawl-delay", Key::kCrawlDelay},
    {"crawldelay", Key::kCrawlDelay},
    {"crawl delay", Key::kCrawlDelay},
    {"crawl_delay", Key::kCrawlDelay},
    {"sitemap", Key::kSitemap},
    {"site-map", Key::kSitemap},
}};

std::string_view Trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<Key> LookUpKey(std::string_view key) {
  for (const KeySpelling& spelling : kKeys) {
    if (EqualsIgnoringAsciiCase(key, spelling.name)) return spelling.key;
  }
  return std::nullopt;
}

void ParseLine(int line_number, std::string_view line, RobotsParseHandler* handler) {
  if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
    line = line.substr(0, hash);  // RFC 9309 section 2.2.3: "#" starts a comment
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view key = Trim(line.substr(0, colon));
  const std::string_view value = Trim(line.substr(colon + 1));
  if (key.empty()) return;
  const std::optional<Key> known = LookUpKey(key);
  if (!known) {
    handler->HandleUnknown(line_number, key, value);
    return;
  }
  switch (*known) {
    case Key::kUserAgent:
      handler->HandleUserAgent(line_number, value);
      break;
    case Key::kAllow:
      handler->HandleAllow(line_number, value);
      break;
    case Key::kDisallow:
      handler->HandleDisallow(line_number, value);
      break;
    case Key::kCrawlDelay:
      handler->HandleCrawlDelay(line_number, value);
      break;
    case Key::kSitemap:
      handler->HandleSitemap(line_number, value);
      break;
  }
}

bool IsTokenChar(
    char c) {  // RFC 9309 section 2.2.1: identifier = 1*(%x2D / %x41-5A / %x5F / %x61-7A)
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

// A pattern in the encoding paths are compared in (RFC 9309 section 2.2.2: non-ASCII and
// reserved octets percent-encoded, escapes of unreserved characters decoded). A pattern that does
// not start with "/" or "*" is not valid (section 2.2: path-pattern = "/" ...); webmasters who
// write "Disallow: private/" mean "/private/", and reading it that way errs on the polite side.
std::string NormalizePattern(std::string_view value) {
  std::string pattern = NormalizePercentEncoding(value);
  if (pattern.front() != '/' && pattern.front() != '*') pattern.insert(0, "/");
  return pattern;
}

std::optional<double> ParseCrawlDelay(std::string_view value) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error != std::errc() || end == value.data() || !std::isfinite(seconds) || seconds < 0) {
    return std::nullopt;
  }
  return seconds;
}

}  // namespace

void ParseRobotsTxt(std::string_view body, RobotsParseHandler* handler) {
  if (body.size() > kRobotsParseLimit) {
    // Content beyond the limit is ignored, and so is the line the limit cuts: "Allow: /a" cut to
    // "Allow: /" would allow more than the webmaster wrote.
    body = body.substr(0, kRobotsParseLimit);
    const size_t last_break = body.find_last_of("\r\n");
    body = last_break == std::string_view::npos ? std::string_view() : body.substr(0, last_break);
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // UTF-8 byte order mark
  int line_number = 0;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = body.size();
    ParseLine(++line_number, body.substr(start, end - start), handler);
    if (end == body.size()) break;
    // "\r\n" is one line break (RFC 9309 section 2.2: EOL = %x0D / %x0A / %x0D.0A).
    start = end + ((body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') ? 2 : 1);
  }
}

std::string_view ProductToken(std::string_view user_agent) {
  user_agent = Trim(user_agent);
  size_t end = 0;
  while (end < user_agent.size() && IsTokenChar(user_agent[end])) ++end;
  return user_agent.substr(0, end);
}

// Collects the rules of the groups that apply to one product token.
//
// Groups (RFC 9309 section 2.1, 2.2.1): a run of user-agent lines starts a group, and the rules
// up to the next user-agent line after a rule belong to it. Blank lines, comments and other
// records (crawl-delay, sitemap, unknown keys) do not end a run of user-agent lines: "Parsing of
// other records MUST NOT interfere with the parsing of explicitly defined records" (section
// 2.2.4). All groups naming our token are combined (section 2.2.1); only if there is none do the
// "*" groups apply; with neither, nothing is disallowed.
class RobotsGroupCollector : public RobotsParseHandler {
 public:
  explicit RobotsGroupCollector(std::string_view token) : token_(token) {}

  void HandleUserAgent(int, std::string_view value) override {
    if (!in_agent_run_) group_specific_ = group_global_ = false;
    in_agent_run_ = true;
    // "*" alone (perhaps followed by a comment already stripped, or junk after a space) is the
    // global group, as in google/robotstxt.
    if (!value.empty() && value.front() == '*' &&
        (value.size() == 1 || value[1] == ' ' || value[1] == '\t')) {
      group_global_ = true;
    } else if (!token_.empty() && EqualsIgnoringAsciiCase(ProductToken(value), token_)) {
      group_specific_ = true;  // RFC 9309 section 2.2.1: case-insensitive product token
      seen_specific_ = true;
    }
  }
  void HandleAllow(int line, std::string_view value) override { AddRule(line, true, value); }
  void HandleDisallow(int line, std::string_view value) override { AddRule(line, false, value); }
  void HandleCrawlDelay(int, std::string_view value) override {
    const std::optional<double> seconds = ParseCrawlDelay(value);
    if (!seconds) return;
    if (group_specific_) specific_delay_ = std::max(specific_delay_.value_or(0), *seconds);
    if (group_global_) global_delay_ = std::max(global_delay_.value_or(0), *seconds);
  }
  void HandleSitemap(int, std::string_view value) override {
    if (!value.empty()) sitemaps_.emplace_back(value);
  }
  void HandleUnknown(int, std::string_view, std::string_view) override {}

  RobotsRules Finish() && {
    RobotsRules rules;
    rules.specific_ = seen_specific_;
    rules.rules_ = seen_specific_ ? std::move(specific_rules_) : std::move(global_rules_);
    rules.crawl_delay_ = seen_specific_ ? specific_delay_ : global_delay_;
    rules.sitemaps_ = std::move(sitemaps_);
    return rules;
  }

 private:
  void AddRule(int line, bool allow, std::string_view value) {
    in_agent_run_ = false;
    // RFC 9309 section 2.2.2: an empty pattern matches nothing ("Disallow:" disallows nothing).
    if (value.empty() || (!group_specific_ && !group_global_)) return;
    RobotsRules::Rule rule{allow, NormalizePattern(value), line};
    if (group_specific_) specific_rules_.push_back(rule);
    if (group_global_) global_rules_.push_back(std::move(rule));
  }

  std::string token_;
  bool in_agent_run_ = false;
  bool group_specific_ = false, group_global_ = false, seen_specific_ = false;
  std::vector<RobotsRules::Rule> specific_rules_, global_rules_;
  std::optional<double> specific_delay_, global_delay_;
  std::vector<std::string> sitemaps_;
};

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view user_agent) {
  RobotsGroupCollector collector(ProductToken(user_agent));
  ParseRobotsTxt(body, &collector);
  return std::move(collector).Finish();
}

// google/robotstxt's matcher: the set of path positions a partial match can continue from, one
// pattern character at a time; "*" opens every later position. O(|path| * |pattern|).
bool RobotsPatternMatches(std::string_view path, std::string_view pattern) {
  std::vector<size_t> positions{0};
  std::vector<size_t> next;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '$' && i + 1 == pattern.size()) return positions.back() == path.size();
    next.clear();
    if (c == '*') {
      for (size_t p = positions.front(); p <= path.size(); ++p) next.push_back(p);
    } else {
      for (size_t p : positions) {
        if (p < path.size() && path[p] == c) next.push_back(p + 1);
      }
      if (next.empty()) return false;
    }
    positions.swap(next);
  }
  return true;  // a pattern matches a prefix of the path
}

RobotsRules::Decision RobotsRules::Decide(std::string_view path_and_query) const {
  const std::string path = NormalizePercentEncoding(path_and_query.empty() ? "/" : path_and_query);
  // RFC 9309 section 2.2.2: "The /robots.txt URI is implicitly allowed."
  if (path == "/robots.txt") return Decision{};
  // The most specific match wins: the one with the most octets in its pattern, because a longer
  // pattern names a narrower part of the site and is what the webmaster wrote for this case
  // (section 2.2.2); if an allow and a disallow rule are equally long, allow wins.
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (best != nullptr && (rule.pattern.size() < best->pattern.size() ||
                            (rule.pattern.size() == best->pattern.size() && !rule.allow))) {
      continue;
    }
    if (!RobotsPatternMatches(path, rule.pattern)) continue;
    best = &rule;
  }
  return Decision{best == nullptr || best->allow, best};
}

RobotsPolicy RobotsPolicy::FromFetch(const RobotsFetch& fetch, std::string_view user_agent,
                                     TimePoint now, const RobotsPolicyOptions& options) {
  const TimePoint fresh_until = now + options.cache_ttl;
  const TimePoint retry_at = now + options.retry_after_unreachable;
  switch (fetch.outcome) {
    case RobotsFetch::Outcome::kNetworkError:
      return RobotsPolicy(Kind::kDisallowAll, retry_at,
                          "robots.txt unreachable (network error): nothing allowed until a "
                          "fetch succeeds");
    case RobotsFetch::Outcome::kTooManyRedirects:
      // RFC 9309 section 2.3.1.2: after more than five redirects crawlers MAY assume the file
      // is unavailable (and so section 2.3.1.3 applies).
      return RobotsPolicy(Kind::kAllowAll, fresh_until,
                          "robots.txt: more than five redirects, treated as unavailable");
    case RobotsFetch::Outcome::kResponse:
      break;
  }
  const int status = fetch.http_status;
  const std::string code = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300) {
    RobotsPolicy policy(Kind::kRules, fresh_until, "robots.txt: " + code + ", rules apply");
    policy.rules_ = RobotsRules::Parse(fetch.body, user_agent);
    return policy;
  }
  // 429 is a 4xx, but it says "too many requests", not "no robots.txt": reading it as "allow
  // everything" would answer a rate limit with more requests. Google's crawler documents the same
  // choice; we treat it as unreachable.
  if (status >= 400 && status < 500 && status != 429) {
    return RobotsPolicy(Kind::kAllowAll, fresh_until,
                        "robots.txt: " + code + ", unavailable, everything allowed");
  }
  if (status >= 300 && status < 400) {  // a redirect the fetcher could not follow
    return RobotsPolicy(Kind::kAllowAll, fresh_until,
                        "robots.txt: " + code + " without a usable redirect, unavailable");
  }
  // 5xx, 429 and anything unexpected: RFC 9309 section 2.3.1.4, "the crawler MUST assume
  // complete disallow", until a later fetch succeeds.
  return RobotsPolicy(Kind::kDisallowAll, retry_at,
                      "robots.txt: " + code +
                          ", unreachable, nothing allowed until a fetch "
                          "succeeds");
}

bool RobotsPolicy::Allowed(std::string_view path_and_query) const {
  switch (kind_) {
    case Kind::kRules:
      return rules_.Allowed(path_and_query);
    case Kind::kAllowAll:
      return true;
    case Kind::kDisallowAll:
      break;
  }
  // Even a host whose robots.txt is unreachable has its /robots.txt implicitly allowed
  // (section 2.2.2), so the retry can be fetched.
  return NormalizePercentEncoding(path_and_query) == "/robots.txt";
}

}  // namespace xxgk::crawl
