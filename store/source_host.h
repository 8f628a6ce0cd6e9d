// The host a document source is filed under in the archive's `source_hosts` table, the index
// Archive::SourcesOfHost reads so that a harvest judging one county's report URLs (gone marks,
// crawler/harvest/gone_watch.h) reads the sources of that county's hosts, not the archive's.
//
// The host is that of where the source was published: the page that linked it, else its origin
// (the report URL of gone_watch.h), lower-cased, without user name, port or a final dot
// ("http://WWW.Fenxi.gov.cn:8080/a" → "www.fenxi.gov.cn"). Only a plain name is taken apart:
// letters, digits, '-' and '.', not ending in a numeric label. Anything else — an IP address, a
// percent-encoded or non-ASCII name, no "scheme://" — is filed under "" (kUnusualHost), which
// every reader reads as well, so that a spelling canonicalisation would change (the crawler's
// crawl::CanonicalizeUrl, which the store does not know) can never hide a source: a source
// whose URL has canonical host H is filed under UrlHostOf(H's host key) or under "". A source
// that was not fetched (kind "file") is filed under its kind and ':' ("file:"), never read.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "store/archive.h"

namespace xxgk::store {

inline constexpr std::string_view kUnusualHost = "";

// The plain host name of `url` (also of a host key, "http://h:80"), else kUnusualHost.
std::string UrlHostOf(std::string_view url);
// Where `source` is filed, as above.
std::string SourceHostOf(const DocumentSource& source);

}  // namespace xxgk::store
