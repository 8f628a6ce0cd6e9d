// Canonical URLs for the crawler: every URL the frontier, the robots cache, the politeness
// scheduler and the archive's URL index see has been through CanonicalizeUrl or ResolveUrl, so
// two spellings of the same resource compare equal as strings.
//
// Parsing, relative resolution and dot-segment removal are libcurl's URL API (curl_url_*); this
// file adds only what libcurl 7.88 leaves undone (see url_canon.cc for each step and why).
// Guarantees for a canonical URL:
//   - the scheme is http or https, lower-cased; the host is lower-cased ASCII (IDN hosts in
//     punycode), with no user name, password or IPv6 zone id; the default port is dropped;
//   - the path starts with "/", has no "." or ".." segments, and the path and query use one
//     percent-encoding: unreserved characters (RFC 3986 section 2.3) are never escaped, every
//     other escape uses upper-case hex (section 6.2.2.1), bytes outside printable ASCII and the
//     characters " < > \ ^ ` { | } and space are always escaped; there is no fragment;
//   - canonicalisation is idempotent: canonicalising a canonical URL gives it back unchanged.
// IDN: libcurl 7.88 converts a non-ASCII host through libidn2's locale-dependent entry point, so
// REQUIRES a UTF-8 LC_CTYPE (e.g. setlocale(LC_CTYPE, "C.UTF-8")) for non-ASCII hosts; under
// another locale such a host is refused with an error saying so. ASCII hosts need nothing.
//
// Thread safety: the functions are reentrant; CanonicalUrl and HostKey are immutable values.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace xxgk::crawl {


// Longer URLs are refused: servers commonly reject request lines over 8 KiB, and URLs that long
// on a portal are crawler traps (session ids, calendars), not reports.
inline constexpr size_t kMaxUrlLength = 8192;

// The unit of politeness: scheme, host and port, always with an explicit port
// ("https://www.gov.cn:443"). Two URLs share a HostKey exactly when they share a connection pool
// and the same robots.txt (RFC 9309 section 2.3: robots.txt applies per scheme, host and port).
class HostKey {
 public:
  HostKey() = default;
  HostKey(std::string_view scheme, std::string_view host, uint16_t port);

  const std::string& str() const { return value_; }
  bool empty() const { return value_.empty(); }
  // The robots.txt URL for this host ("https://www.gov.cn/robots.txt"), canonical.
  std::string RobotsTxtUrl() const;
  // Scheme "://" host, and ":" port unless it is the scheme's default: what a canonical URL's
  // spec starts with.
  const std::string& origin() const { return origin_; }

  friend bool operator==(const HostKey& a, const HostKey& b) { return a.value_ == b.value_; }
  friend auto operator<=>(const HostKey& a, const HostKey& b) { return a.value_ <=> b.value_; }

 private:
  std::string value_;   // scheme "://" host ":" port
  std::string origin_;  // scheme "://" host, plus ":" port unless it is the scheme's default
};

class CanonicalUrl {
 public:
  CanonicalUrl() = default;

  const std::string& spec() const { return spec_; }  // the whole canonical URL
  const std::string& scheme() const { return scheme_; }
  const std::string& host() const { return host_; }  // IPv6 literals keep their brackets
  uint16_t port() const { return port_; }            // the effective port, 80/443 by default
  const std::string& path() const { return path_; }
  const std::string& query() const { return query_; }  // without "?"; empty if none
  // The path and, if present, "?" and the query: what robots.txt rules are matched against
  // (RFC 9309 section 2.2.2).
  std::string PathAndQuery() const;
  const HostKey& host_key() const { return host_key_; }

  friend bool operator==(const CanonicalUrl& a, const CanonicalUrl& b) {
    return a.spec_ == b.spec_;
  }

 private:
  friend class UrlCanonicalizer;  // url_canon.cc: the only way to make a non-empty one
  std::string spec_, scheme_, host_, path_, query_;
  uint16_t port_ = 0;
  HostKey host_key_;
};

// Canonicalises an absolute http or https URL. Leading and trailing spaces and control
// characters are ignored and tabs and line breaks removed, as browsers do with an href.
// On error `*out` is unchanged and the message names the URL and the problem (unsupported
// scheme, no host, bad port, credentials, too long, ...).
Status CanonicalizeUrl(std::string_view url, CanonicalUrl* out);

// Resolves `reference` (an href: relative or absolute) against `base` per RFC 3986 section 5.2
// and canonicalises the result. An empty reference or a fragment-only one gives `base` itself.
// A reference with another scheme (mailto:, javascript:, ftp:) is an error naming the scheme.
// Plain hrefs (plain_reference.h) are merged without libcurl; the result is the same.
Status ResolveUrl(const CanonicalUrl& base, std::string_view reference, CanonicalUrl* out);

// ResolveUrl with every reference through libcurl, plain ones included: what the tests compare
// the shortcut with.
Status ResolveUrlThroughLibcurl(const CanonicalUrl& base, std::string_view reference,
                                CanonicalUrl* out);

// The percent-encoding normalisation used for paths and queries, exposed for robots.txt rules,
// which must be compared in the same encoding (RFC 9309 section 2.2.2): decodes escapes of
// unreserved characters, upper-cases the hex of the others, escapes a "%" that starts no valid
// escape as "%25", and escapes bytes outside printable ASCII and " < > \ ^ ` { | } and space.
// Every other character, reserved ones included, is kept as it is.
std::string NormalizePercentEncoding(std::string_view text);

}  // namespace xxgk::crawl

template <>
struct std::hash<xxgk::crawl::HostKey> {
  size_t operator()(const xxgk::crawl::HostKey& key) const noexcept {
    return std::hash<std::string>{}(key.str());
  }
};
