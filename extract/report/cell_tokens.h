// Cell tokens: the words of report lines classified for table reading.
//
// A line is split into cells by tabs (Word and HTML tables), by '|' (Markdown tables, and page
// text copied with a '|' after each cell: "5 |", a lone "|") or else by spaces (PDF text, where
// cells are separated by runs of spaces). Cells of tab and '|' lines keep their position: the
// index of the cell counted from the left edge (a leading '|' opens the row, it is no cell).
// Each word is then one of:
//   kText        a label or heading fragment: anything holding a CJK character, an ordinal such as
//                "1." or "(2)", or an ASCII word. Consecutive text words of a line are joined
//                without spaces, so labels broken over cells and lines can be compared compactly.
//   kNumber      an integer or decimal as a table states it: optional sign, thousands separators
//                ("28,311"), decimals ("1760.1263"), and an optional unit (件 个 条 项 次 人 起 元 万元).
//   kPlaceholder "/", "-", "—", "——", "–", "―": a mark that stands for nothing.
//   kBlank       an empty cell between two value cells of a tab- or '|'-separated row. Empty cells at
//                the ends of a row or next to a label are layout (merged cells), not blanks.
//   kGarbled     anything else where a value could stand ("l7", "O", "■", "�"): unreadable.
// Tokens are produced from folded lines (report_lines.h). Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xxgk::extract {

enum class TokenKind : uint8_t { kText, kNumber, kPlaceholder, kBlank, kGarbled };

struct CellToken {
  TokenKind kind = TokenKind::kText;
  uint32_t line = 0;  // 0-based index of the line the token comes from
  std::string text;   // kText: compact label text; others: the cell as written (folded)
  // kNumber only: `integral` when written without a decimal part; then `value` holds it.
  bool integral = false;
  bool has_unit = false;
  int64_t value = 0;
  bool consumed = false;  // set by the table reader once the cell is placed in a row
  // Lines split into explicit cells (tab or '|'): `column` is the index of the token's cell in
  // its line; a text token joined over several cells ends in cell `last_column`.
  bool positioned = false;
  uint32_t column = 0;
  uint32_t last_column = 0;

  bool IsCell() const { return kind != TokenKind::kText; }
};

enum class CellSeparator : uint8_t { kNone, kTab, kPipe };

// A line split into its cells. kPipe: a leading '|' is dropped (it opens the row), and a trailing
// one closes the row (`closed`: the row's width is known, nothing was trimmed after it). kTab rows
// are never closed: the archive's normalisation trims trailing empty cells. kNone: one cell.
struct LineCells {
  CellSeparator separator = CellSeparator::kNone;
  bool closed = false;
  std::vector<std::string_view> cells;
};
LineCells SplitLineCells(std::string_view line);

// Tokenizes lines [begin, end) of `lines`.
std::vector<CellToken> TokenizeLines(const std::vector<std::string>& lines, size_t begin,
                                     size_t end);

// Classifies a single word (no white space inside). Exposed for tests.
CellToken ClassifyWord(std::string_view word);

}  // namespace xxgk::extract
