// Report grid tables (tests only): tables 二, 三 and 四 of a synthetic report as the grid of cells
// an HTML or Word table holds — merged cells, three label columns in 三, a header over three rows —
// and that grid written the ways real converters write it (layouts studied on real portal pages,
// docs/extractor.md "Real layouts"):
//   kGridTabs          HTML/DOCX text: one tab-separated line per row, every grid position a cell
//                      (covered positions empty), trailing empty cells trimmed by normalisation; the
//                      2019 table 二 with the official Word file's merged header cells
//   kPipeRows          portal page text: "a | b | c |" per row, cells covered by a row span left out,
//                      the row padded with empty cells at its end ("| ||")
//   kCellPerLinePipes  portal page text: a lone "|" opens each row, then one cell per line ending in
//                      " |", the last cell with the row's padding ("0 | ||")
//   kCellPerParagraph  portal page text: one cell per paragraph, blank lines between, no bars;
//                      merged and empty cells leave nothing
//   kCellPerLineBars   portal page text: one "cell |" per line and no row opener; a run of empty
//                      cells (the row's padding, a blank) is a line of bars "|||"; in 2019 tables
//                      an article keeps its padding on its own line ("第二十条第（一）项 | |||")
//   kCellPerLineCutHeads  as kCellPerLineBars, but every article's padding is a line of bars of its
//                      own ("第二十条第(一)项 |" then "||||") in both templates, and the 2019 headers
//                      本年新制作数量 and 本年新公开数量 are both cut to "本年新" (a narrow column
//                      that kept only its first line): two headers alike, told apart by position
// Used by report_builder.cc; numbers are the report's own (nothing from a real report).
#pragma once

#include <string>

#include "tests/extract/report_builder.h"

namespace xxgk::testing {

// Sections 二 to 四 (headings included) of `report` in one of the layouts above.
// REQUIRES: IsGridLayout(layout).
std::string GridTablesText(const SyntheticReport& report, Layout layout);

}  // namespace xxgk::testing
