// Table columns: where each column of a template row lies in a table whose cells keep their
// positions (tab rows from HTML, DOCX and ruled PDF tables; '|' rows).
//
// Header rows define the columns. A column starts at the header cell that names it (the template's
// header text, ColumnSpec::header) and runs right until the next non-blank cell of that header row
// or the next column of the row, whichever comes first: a blank header cell continues the one to
// its left (a merged cell), and a header row cut short by the normalisation of trailing tabs
// continues its last cell to the right edge. A '|' row that ends with '|' is closed: nothing lies
// beyond it. Header cells may come from several header rows (table 三's header spans three lines);
// for each column the nearest header cell above the data row counts, and the columns must then lie
// left to right in the template's order, else the table has no usable columns for that row.
//
// Tab rows are trusted to keep positions only where the text shows it comes from a grid: some tab
// row of the tables has an empty cell before a non-empty one (HTML and DOCX write an empty cell
// for every grid position a merged cell covers; a PDF without ruled cells writes tabs only between
// text, so its tab positions say nothing). '|' rows always keep positions.
// Thread-safe: immutable after construction.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "extract/report/cell_tokens.h"
#include "extract/report/report_template.h"

namespace xxgk::extract {

inline constexpr uint32_t kOpenEnd = std::numeric_limits<uint32_t>::max();

// Cell positions [begin, end) of one column.
struct ColumnSpan {
  uint32_t begin = 0;
  uint32_t end = kOpenEnd;
  bool Covers(uint32_t position) const { return position >= begin && position < end; }
};

// The columns of one template row on one data line, in the row spec's column order.
struct RowColumns {
  std::vector<ColumnSpan> spans;
};

// True when a tab line of `lines` [begin, end) has an empty cell before a non-empty one.
bool TabRowsKeepPositions(const std::vector<std::string>& lines, size_t begin, size_t end);

class ColumnModel {
 public:
  // Indexes the cells of the tab and '|' lines [begin, end) of `lines` (tab lines only when
  // `tabs_keep_positions`) that name a column header of `table`.
  ColumnModel(const std::vector<std::string>& lines, size_t begin, size_t end,
              bool tabs_keep_positions, const TableSpec& table);

  // The columns of `row` for its data on `line`, from the header rows above it; nullopt when no
  // header above names all of the row's columns left to right (or `line` is not an indexed line).
  std::optional<RowColumns> ColumnsFor(const RowSpec& row, uint32_t line) const;

 private:
  struct HeaderCell {
    uint32_t position = 0;
    uint32_t next = kOpenEnd;  // position of the next non-blank cell of its line, or the closed
                               // line's width, or kOpenEnd
    std::string_view header;   // the ColumnSpec::header it names
  };
  struct HeaderLine {
    uint32_t line = 0;
    CellSeparator separator = CellSeparator::kNone;
    std::vector<HeaderCell> cells;
  };
  size_t begin_ = 0;
  std::vector<CellSeparator> separators_;  // per line from begin_; kNone: not a positioned line
  std::vector<HeaderLine> headers_;        // lines naming a column header, ascending
};

}  // namespace xxgk::extract
