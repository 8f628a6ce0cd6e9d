// Links out of an HTML page, for the crawl: which URLs a page leads to.
//
// ScanLinks walks the start tags of a page by the HTML tokenizer's rules (comments, raw text of
// scripts and styles, attribute quoting) without building a tree. It keeps the navigation links
// — <a>/<area> href and <frame>/<iframe> src, not images, scripts or style sheets — with character
// references decoded, the first <base href>, and <meta name=robots> nofollow. Written here because
// every fetched page is scanned: Gumbo (used for report text) takes ~1.2 ms for a 23 KB portal
// page and libxml2's SAX parser ~0.4 ms, while the crawl's budget is a tenth of that; and the
// scanner of Debian's libwget (1.99.1) stops finding links after any unquoted value that starts
// with "/" (<a href=/zfxxgk/>), common on portals. Tests compare it with Gumbo's tree.
//
// LinkResolver turns those hrefs into canonical absolute URLs (url_canon.h) and remembers which
// (directory, href) pairs it has resolved: a portal's navigation repeats on every page, so most
// links are resolved, and given to the frontier, once per crawl instead of once per page.
//
// Thread safety: ScanLinks is reentrant. A LinkResolver is used by one thread at a time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crawler/url/url_canon.h"

namespace xxgk::crawl {

struct ScannedLinks {
  std::vector<std::string> hrefs;  // in document order, entity-decoded, as written otherwise
  std::string base;                // <base href>, entity-decoded; empty if none
  bool nofollow = false;           // <meta name=robots content="...nofollow..."> (or "none")
};

// The navigation links of `html` (bytes in any ASCII-compatible charset; hrefs keep their bytes).
// A NUL byte is an ordinary character (as for the HTML tokenizer).
ScannedLinks ScanLinks(std::string_view html);

// Decodes HTML character references in an attribute value: &amp; &lt; &#38; &#x26; and the other
// named references of HTML 4 (libxml2's table). An unknown or unterminated one is kept as written,
// as browsers do for attribute values.
std::string DecodeCharacterReferences(std::string_view value);

// A page's links as a LinkResolver gives them.
struct PageLinks {
  std::vector<CanonicalUrl> fresh;  // links not given before by this resolver, in document order
  size_t count = 0;                 // crawlable links on the page, repeats included
};

class LinkResolver {
 public:
  // At most this many (directory, href) results are remembered; then the memory starts afresh
  // (and links may be given again).
  explicit LinkResolver(size_t max_remembered = 200'000) : max_remembered_(max_remembered) {}

  // The links of the page at `page_url` whose body is `html`, resolved against its <base> (if it
  // is an http(s) URL) or the page URL, canonical. Links that are not http(s) URLs (mailto:,
  // javascript:, malformed) are skipped. A nofollow page gives none. A link is given as fresh
  // once per (directory, href): a crawl's frontier sees each navigation link a few times, not on
  // every page.
  PageLinks Links(const CanonicalUrl& page_url, std::string_view html);

  size_t remembered() const { return remembered_; }

 private:
  size_t max_remembered_;
  size_t remembered_ = 0;
  // What a resolution depends on (nothing, the origin, the directory or the whole base URL; see
  // link_extract.cc) -> href -> whether it is a crawlable URL (the URL went out as fresh).
  std::unordered_map<std::string, std::unordered_map<std::string, bool>> memo_;
};

}  // namespace xxgk::crawl
