// libFuzzer target for the crawl's link scanner (crawler/link_extract): ScanLinks and a
// LinkResolver never crash or hang on any bytes; every href resolves to the same URL (or the same
// error) by ResolveUrl's plain-reference shortcut as through libcurl alone (url_canon.h); and on
// inputs where the two are meant to agree the scanner's <a>/<area> hrefs are those of Gumbo's
// tree (the HTML5 reference), as a set.
// Left out of the comparison (traps only on a real disagreement):
//   - tree-construction differences: <select>, <table>, <template>, <frameset>, <svg>, <math>
//     (and frames, whose src only the scanner reports);
//   - "&": the scanner decodes HTML 4's references and only with ";" (link_extract.h), HTML5
//     more (legacy names without ";", &#x80;-&#x9F; as windows-1252, &#0; as U+FFFD);
//   - "<!--" inside a script: the scanner ignores the tokenizer's script-escape states;
//   - NUL bytes: Gumbo 0.10.1 drops a NUL before an attribute name, so `<a \0href="/x/">` has an
//     href for it; HTML5 makes the NUL a U+FFFD of the name ("\uFFFDhref": no link in browsers),
//     as the scanner (and Python's html.parser) read it. Found by the smoke run under load
//     (html_corpus/link_scan_nul_before_attribute.html, 2026-12-04).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/discovery/link_extract.h"
#include "tests/crawler/gumbo_links.h"

namespace {

constexpr size_t kMaxInputBytes = 1 << 20;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// a/area hrefs of Gumbo's tree, comparable with the scanner's.
std::set<std::string> GumboHrefs(std::string_view html) {
  std::set<std::string> hrefs;
  for (const std::string& href : xxgk::crawl::testing::GumboAnchorHrefs(html)) {
    hrefs.insert(xxgk::crawl::testing::ComparableHref(href));
  }
  return hrefs;
}

// Whether `html` avoids every known, accepted difference (see the top of this file).
bool ShouldCompare(std::string_view html) {
  std::string lower(html);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower.find('&') != std::string::npos) return false;
  if (lower.find('\0') != std::string::npos) return false;
  for (std::string_view excluded :
       {"<select", "<table", "<template", "<frame", "<iframe", "<svg", "<math", "<!--"}) {
    if (lower.find(excluded) != std::string::npos) {
      // A "<!--" is only a problem inside a script.
      if (excluded != "<!--" || lower.find("<script") != std::string::npos) return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInputBytes) return 0;
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const xxgk::crawl::ScannedLinks scanned = xxgk::crawl::ScanLinks(html);

  xxgk::crawl::CanonicalUrl page;
  Check(xxgk::crawl::CanonicalizeUrl("http://www.xx.gov.cn/zfxxgk/ndbg/index.html", &page).ok());
  xxgk::crawl::LinkResolver resolver(/*max_remembered=*/8);
  const xxgk::crawl::PageLinks first = resolver.Links(page, html);
  const xxgk::crawl::PageLinks again = resolver.Links(page, html);
  Check(first.count <= scanned.hrefs.size() && again.count == first.count);
  Check(first.fresh.size() <= first.count);
  for (const std::string& href : scanned.hrefs) {
    xxgk::crawl::CanonicalUrl shortcut, general;
    const xxgk::Status a = xxgk::crawl::ResolveUrl(page, href, &shortcut);
    const xxgk::Status b = xxgk::crawl::ResolveUrlThroughLibcurl(page, href, &general);
    Check(a.ok() == b.ok() && shortcut.spec() == general.spec() &&
          shortcut.path() == general.path() && shortcut.query() == general.query() &&
          shortcut.host_key() == general.host_key());
  }

  if (!ShouldCompare(html)) return 0;
  std::set<std::string> ours;
  for (const std::string& href : scanned.hrefs)
    ours.insert(xxgk::crawl::testing::ComparableHref(href));
  Check(ours == GumboHrefs(html));
  return 0;
}
