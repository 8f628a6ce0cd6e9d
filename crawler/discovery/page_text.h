// Page text: a fetched page's body as the UTF-8 text adapters read (PortalPage::body) — HTML
// decoded by its declared or detected charset (GBK pages declare gb2312 only in a meta tag),
// XML and JSON by their Content-Type or as UTF-8. extract/text/charset_decode.h does the work.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "crawler/fetch/fetch_result.h"

namespace xxgk::crawl {

// Whether the answer is a page discovery reads (HTML, XML or JSON), not a document payload.
bool IsReadablePage(const FetchResult& result);

// The body as UTF-8.
std::string PageText(const FetchResult& result);

}  // namespace xxgk::crawl
