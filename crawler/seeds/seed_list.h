// The seed list: which government bodies xxgk harvests and where their portals publish annual
// reports. One row per body (a county, one of its towns, one of its departments), read from a
// tab-separated file (seeds/portals.tsv; the format is in docs/seeds.md):
//   code  province  prefecture  name  level  portal  columns  notes
// and looked up the ways a user names a body: by name, by administrative code, by URL.
//
// Guarantees for a SeedList that parsed:
//   - every row has 8 fields, the required ones (all but columns and notes) non-empty;
//   - `code` has the shape its level calls for (below) and is unique in the file;
//   - the portal and every column are absolute http(s) URLs accepted by CanonicalizeUrl
//     (crawler/url/url_canon.h); they are kept as written, with their canonical forms beside them;
//   - rows keep the file's order and their 1-based line numbers.
// A file with any bad line is refused as a whole: the Status names every bad line
// ("seeds/portals.tsv:12: ..."), one per line of the message.
//
// Codes (GB/T 2260 administrative codes; the suffix scheme is this project's):
//   county      6 digits, not ending in "00" (that would be a prefecture): "140423";
//   town        the township statistical code, 9 digits (county code + 3): "140423100",
//               or, when that code is not known, the county code, "-" and a short pinyin
//               abbreviation in [a-z0-9]: "140423-guhan";
//   department  the county code, "-" and a short pinyin abbreviation: "140423-zfb".
// So the first 6 characters of every code are its county's code.
//
// Thread safety: a SeedList is immutable after Parse/ReadFile; concurrent lookups are safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/url/url_canon.h"

namespace xxgk::seeds {


enum class BodyLevel { kCounty, kTown, kDepartment };

// "county", "town", "department": the spelling used in the file.
std::string_view BodyLevelName(BodyLevel level);

// The header line every seed file starts with (tab-separated).
inline constexpr std::string_view kSeedHeader =
    "code\tprovince\tprefecture\tname\tlevel\tportal\tcolumns\tnotes";

struct SeedRow {
  size_t line = 0;  // 1-based line of the file
  std::string code, province, prefecture, name;
  BodyLevel level = BodyLevel::kCounty;
  std::string portal;                // as written
  std::vector<std::string> columns;  // as written, in order; empty: discover from the portal
  std::string notes;
  crawl::CanonicalUrl portal_url;                // canonical forms of the above
  std::vector<crawl::CanonicalUrl> column_urls;  // same order as `columns`

  // The code of the county this body belongs to (the row's own code for a county).
  std::string_view county_code() const { return std::string_view(code).substr(0, 6); }
  // The row in the file's format, without a line break.
  std::string ToTsv() const;
};

// The answer of a lookup: no row, exactly one, or several (the candidates of an ambiguous name
// or URL, or a county with its bodies). Points into the SeedList, which must outlive it.
struct SeedMatch {
  std::vector<const SeedRow*> rows;

  bool found() const { return rows.size() == 1; }
  bool ambiguous() const { return rows.size() > 1; }
  const SeedRow& row() const { return *rows.front(); }  // REQUIRES: found()
};

// A conjunction of optional conditions; an empty field matches every row.
struct SeedFilter {
  std::string province;    // a prefix of the province ("山西" matches "山西省")
  std::string prefecture;  // a prefix of the prefecture
  std::string prefix;      // a prefix of the name or of the code
};

class SeedList {
 public:
  // Parses the text of a seed file. `source` names it in error messages (a path, or
  // "<string>"). A UTF-8 byte order mark and CRLF line ends are accepted; empty lines and
  // lines starting with "#" are skipped. On error `*out` is unchanged.
  static Status Parse(std::string_view text, std::string_view source, SeedList* out);
  // Reads and parses the file at `path` (at most kMaxFileBytes).
  static Status ReadFile(const std::string& path, SeedList* out);
  static constexpr size_t kMaxFileBytes = 16u << 20;

  const std::vector<SeedRow>& rows() const { return rows_; }
  const std::string& source() const { return source_; }

  // By name: the row named exactly `name`, else the rows whose name starts with it. When the
  // prefix candidates are one county and bodies of that county only ("襄垣" gives 襄垣县 and
  // 襄垣县人民政府办公室), the county is the match.
  SeedMatch FindByName(std::string_view name) const;

  // By code: the row with exactly this code; with `with_sub_bodies` a county's code also
  // gives its towns and departments (county first, then file order).
  SeedMatch FindByCode(std::string_view code, bool with_sub_bodies = false) const;

  // By URL: the rows whose portal or a column is on the URL's host (a leading "www." and the
  // scheme are ignored, the port is not). The rows whose portal or column is the longest
  // prefix of the URL win; among rows tied, county rows win over their towns and departments.
  // An unparseable URL matches nothing.
  SeedMatch FindByUrl(std::string_view url) const;

  // What `xxgk fetch COUNTY` accepts: an http(s) URL (FindByUrl), else a code (FindByCode,
  // the row itself), else a name (FindByName).
  SeedMatch Resolve(std::string_view query) const;

  // The rows matching every condition of `filter`, in file order.
  std::vector<const SeedRow*> Filter(const SeedFilter& filter) const;

  // Rows per level: {county, town, department}.
  struct LevelCounts {
    size_t county = 0, town = 0, department = 0;
  };
  LevelCounts CountByLevel() const;

 private:
  std::string source_;
  std::vector<SeedRow> rows_;
};

}  // namespace xxgk::seeds
