// Report metadata: who reports, for which year, and when the report was signed.
//
//   agency     the body's name isolated from portal chrome and shape-checked (agency_name.h):
//              from the title ("襄垣县人民政府办公室2023年度政府信息公开工作年度报告" → 襄垣县人民政府
//              办公室, also "2023年度XX县人民政府政府信息公开…" and "XX关于2023年…"), chrome lines above
//              the title skipped; else from a "由…编制" clause before section 二; else from the
//              signature above the closing date. Nothing body-shaped: nullopt, agency_missing.
//   agency_alias  when the title's body is named differently by the signature (or the 由…编制
//              clause), that other name ("襄垣县古韩镇" / "古韩镇人民政府"); else nullopt.
//   year       the year covered: from the title; else from the 统计期限/统计时限 sentence ("统计期限
//              自2023年1月1日起"); else from a 由…编制 clause naming the report ("…编制的2023年度政府
//              信息公开…"); else, with a year_inferred warning, from a year that opens the 总体情况
//              section ("2023年，我市…"). Never from the signing date.
//   published  the date on the last lines (signing date): "2024年1月29日", "2024 年 1 月 5 日",
//              "二〇二四年一月二十九日"; YYYY-MM-DD.
// When the text opens with portal chrome and agency or year did not come from a title, a
// metadata_inferred warning says where they came from.
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
  std::optional<std::string> agency_alias;  // the same body as named by the signature / 由…编制
  std::optional<int> year;
  std::optional<std::string> published;
};

ReportMetadata ReadMetadata(const std::vector<std::string>& folded_lines,
                            const SectionLayout& layout, std::vector<Warning>* warnings);

// Parses a compact date "2024年1月29日" or "二〇二四年一月二十九日" that makes up all of `text`.
// Returns YYYY-MM-DD. Exposed for tests.
std::optional<std::string> ParseChineseDate(std::string_view text);

}  // namespace xxgk::extract
