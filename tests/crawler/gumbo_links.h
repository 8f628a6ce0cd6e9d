// The links of a page as the HTML reference sees them (Gumbo's HTML5 tree), for the tests and the
// fuzz target that compare the crawl's link scanner (crawler/link_extract) with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::crawl::testing {

// href of every <a> and <area> of the HTML namespace in Gumbo's tree, in document order, with
// character references decoded (by Gumbo). The walk does not recurse: fuzzed documents nest
// deeply.
std::vector<std::string> GumboAnchorHrefs(std::string_view html);

// What Gumbo and the scanner agree on whatever the page's charset: Gumbo reads bytes as UTF-8
// (GBK bytes become U+FFFD, and so do NUL and the other C0 controls) and normalises line breaks,
// while the scanner keeps bytes. So every run of non-ASCII bytes and controls becomes one "~", and
// CR LF and CR become LF.
std::string ComparableHref(std::string_view href);

}  // namespace xxgk::crawl::testing
