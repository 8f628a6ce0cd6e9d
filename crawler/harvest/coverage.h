// Coverage (`xxgk report`): from the archive and the seeds alone (no network), which body of
// which county has which year's annual report, whether it came out on time, and whether its
// checks pass. Fills publish::CoverageReport (extract/publish/coverage.h), which renders it.
//
//   county   the source's seed_code (its first 6 characters: the county row); for imported
//            files (no seed_code) the seed county whose name starts the record's agency
//            (after the province and prefecture), when exactly one does; else unattributed.
//   body     told from, in order: the record's agency; the list item's (or page's) title, the
//            part before the year; a town/department seed row named by seed_code; the column:
//            a column whose other documents all belong to one body. Names are reduced to a key
//            within the county (BodyKeyWithin). Two pieces of evidence that name different
//            bodies are a conflict: the document gets its own "unidentified" row, never merged.
//   year     the record's year, else the title's.
//   on time  DeadlineFor(); judged on the list date, else the page's metadata date; a text
//            signed after the deadline is late; a list date after the deadline and over 180 days
//            after an on-time signing date is a re-publication (unknown); with no date, first_seen on or
//            before the deadline is on time, later unknown.
//   removed  the portal took the document down (removal.h: every source of it that was crawled
//            is gone, by the gone marks of its URL or of the page that linked it; since the day
//            its last source went). A cell is removed when every document of it is: a report
//            re-published at a new URL is not.
// docs/report.md has the rules with their sources.
// Thread safety: pure functions, BuildCoverage reads the archive through its snapshots.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "crawler/seeds/seed_list.h"
#include "extract/publish/coverage.h"
#include "store/archive.h"

namespace xxgk::harvest {

struct CoverageOptions {
  seeds::SeedFilter filter;  // seed rows selected; a county row brings all its bodies
  int from_year = 0, to_year = 0;  // 0: the years found
  std::string as_of;               // YYYY-MM-DD; "" = today (China Standard Time)
};

// The legal deadline (YYYY-MM-DD) of the report covering `year` by a body of `level` ("county"
// for a county government, else department/town): 条例 (2019) 第四十九条 — departments by 1月31日,
// the county government by 3月31日 of the next year; reports for years before 2019 (条例 2007 第
// 三十一条): 3月31日 for all.
std::string DeadlineFor(int year, std::string_view level);

// A body name reduced to its key within a county: province, prefecture and county prefixes
// dropped; the county government "人民政府"; its office "人民政府办公室"; a town "古韩镇" (its
// 人民政府/政府 dropped, 街道办事处 → 街道); a department as written after the county's name.
struct BodyKey {
  std::string key, name, level;  // level: county, department, town
};
std::optional<BodyKey> BodyKeyWithin(std::string_view name, const seeds::SeedRow& county);

// The body part of a report title: before its year ("星河县财政局2023年…" → 星河县财政局), or
// between the year and 政府信息公开 ("2023年星河县财政局政府信息公开…"); "" when none.
std::string TitleBody(std::string_view title);

Status BuildCoverage(const store::Archive& archive, const seeds::SeedList& seeds,
                     const CoverageOptions& options, publish::CoverageReport* out);

}  // namespace xxgk::harvest
