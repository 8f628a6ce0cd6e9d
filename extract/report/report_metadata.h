// Report metadata: who reports, for which year, and when the report was signed.
//
//   agency     from the title ("襄垣县人民政府办公室2023年度政府信息公开工作年度报告" → 襄垣县人民政府
//              办公室, also "2023年度XX县人民政府政府信息公开…" and "XX关于2023年…"); without a title,
//              from the signature above the closing date.
//   year       the year covered: from the title; else from the 统计期限/统计时限 sentence ("统计期限
//              自2023年1月1日起"); else, with a year_inferred warning, from a year that opens the
//              总体情况 section ("2023年，我市…"). Never from the signing date.
//   published  the date on the last lines (signing date): "2024年1月29日", "2024 年 1 月 5 日",
//              "二〇二四年一月二十九日"; YYYY-MM-DD.
// Anything not found is nullopt with a warning (agency_missing, year_missing, published_missing).
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/report/report_record.h"
#include "extract/report/section_finder.h"

namespace xxgk::extract {

struct ReportMetadata {
  std::optional<std::string> agency;
  std::optional<int> year;
  std::optional<std::string> published;
};

ReportMetadata ReadMetadata(const std::vector<std::string>& folded_lines,
                            const SectionLayout& layout, std::vector<Warning>* warnings);

// Parses a compact date "2024年1月29日" or "二〇二四年一月二十九日" that makes up all of `text`.
// Returns YYYY-MM-DD. Exposed for tests.
std::optional<std::string> ParseChineseDate(std::string_view text);

}  // namespace xxgk::extract
