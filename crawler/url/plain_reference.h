// A shortcut of ResolveUrl (url_canon.h) for plain hrefs: most links on a portal are paths such
// as "/xxgk/index.html", "2023/t20230131_123.html" or "index_1.html?page=2" that need nothing of
// RFC 3986 section 5.2 but the merge with the base's directory, and no normalisation at all. For
// those, the canonical result is the base's origin and the merged path, which MergePlainReference
// gives without libcurl (with RFC 3986's removal of "." and ".." segments, as in "./2023/a.html"
// and "../zfxxgknb/", the way TRS and other portal systems write their links): libcurl 7.88 resolves a reference by printing the base URL, joining the
// two and parsing the whole again, which was a seventh of a crawl's CPU (docs/benchmarks.md).
// Written by hand because it is a shortcut for a narrow, checkable case, not a URL parser: any
// reference that is not plain takes libcurl's path, and tests require the two to agree
// (plain_reference_test.cc, and the url_resolve fuzz target).
//
// Plain: not empty; only the characters A-Z a-z 0-9 - . _ ~ / in the path, and after one "?" also
// = & + , ; (no "%", no ":", no "#", no "\", no space, control or non-ASCII byte); not starting
// with "//"; no empty path with a query ("?page=2" alone); no "." or ".." segment in a merged
// path that also has an empty segment ("a/..//b", which libcurl 7.88 reads unlike RFC 3986).
//
// Thread safety: a pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xxgk::crawl {

struct MergedPath {
  std::string path;   // starts with "/"
  std::string query;  // without "?"; empty if none
};

// Whether `path` has a "." or ".." segment (which RFC 3986 section 5.2.4 removes). Also used by
// url_canon.cc, to tell when a canonical form needs libcurl's second parse.
bool HasDotSegment(std::string_view path);

// The path and query of `reference` resolved against a canonical base whose path is `base_path`
// (which starts with "/"), if `reference` is plain; nullopt otherwise (the caller resolves it the
// general way).
std::optional<MergedPath> MergePlainReference(std::string_view base_path,
                                              std::string_view reference);

}  // namespace xxgk::crawl
