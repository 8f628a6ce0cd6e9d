// Report builder (tests only): writes synthetic annual reports with known values in the layouts
// real reports come in, so layout tests can compare every extracted value with what was written.
//
// Layouts, each modelled on a sample report:
//   kRowPerLine    one table row per line, cells separated by spaces (PDF text, 000)
//   kCellPerLine   one cell per line, tab-indented (Word text, 001)
//   kTabs          tab-separated rows with empty merged cells (HTML/Word tables, 002)
//   kMarkdown      '|' tables with '---' rules and '#' headings (converters, 004)
//   kPdfBroken     labels broken over lines, a page number and a repeated header in the middle
//                  of table 三, full-width digits and thousands separators (PDF, 000/003)
// and, modelled on real portal pages (report_grid_tables.h, docs/extractor.md "Real layouts"):
//   kGridTabs          HTML/DOCX table text with every grid position, merged cells empty
//   kPipeRows          page text "a | b | ||", row-span positions left out, rows padded at the end
//   kCellPerLinePipes  page text, a lone "|" before each row and one "cell |" per line
//   kCellPerParagraph  page text, one cell per paragraph (blank lines between), no bars, merged
//                      and empty cells left out
//   kCellPerLineBars   page text, one "cell |" per line, no row opener, a row's empty cells as
//                      bars ("|||") on the line after its last cell (or on the article's line)
//   kCellPerLineCutHeads  as kCellPerLineBars, the article's padding always on its own line, and
//                      2019 headers 本年新制作数量 / 本年新公开数量 both cut to "本年新"
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "extract/report/report_template.h"

namespace xxgk::testing {

enum class Layout {
  kRowPerLine, kCellPerLine, kTabs, kMarkdown, kPdfBroken, kGridTabs, kPipeRows, kCellPerLinePipes,
  kCellPerParagraph, kCellPerLineBars, kCellPerLineCutHeads
};
// The layouts written from a grid of cells (report_grid_tables.h).
bool IsGridLayout(Layout layout);
std::string LayoutName(Layout layout);

struct SyntheticReport {
  extract::TemplateId template_id = extract::TemplateId::k2021;
  std::string agency = "测试县人民政府办公室";
  int year = 2023;
  int signed_year = 2024, signed_month = 1, signed_day = 29;
  // Cells as written, per row of the template's table 二 (money cells keep their text).
  std::vector<std::vector<std::string>> active;
  // Table 三: seven integers per row of the template's applications table.
  std::vector<std::vector<int64_t>> applications;
  // Table 四: fifteen integers.
  std::vector<int64_t> reviews;
  // Grid layouts only (IsGridLayout): zeros of table 三 written as empty
  // cells, as many real tables do; and 2019 table 二's 本年增/减 data cells written as an empty cell
  // and the value (the official Word file; kGridTabs always does this for 行政许可 and 行政处罚).
  bool blank_zeros = false;
  bool unmerged_change_cells = false;
};

// A report whose values satisfy every check, drawn from `seed`.
SyntheticReport MakeConsistentReport(extract::TemplateId id, uint32_t seed);

std::string BuildReportText(const SyntheticReport& report, Layout layout);

// Full label text of a table 三 row as the national template prints it ("1.属于国家秘密").
std::string ApplicationRowLabel(std::string_view key);

}  // namespace xxgk::testing
