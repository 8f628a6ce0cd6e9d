// Table columns: header rows → column spans. See table_columns.h.
#include "extract/report/table_columns.h"

#include <algorithm>

#include "extract/report/report_lines.h"

namespace xxgk::extract {
namespace {

// Header cells are short; a longer cell (a label sentence, a note) names no column.
constexpr size_t kMaxHeaderBytes = 96;
// How many indexed lines above a data row are searched for its header (bounds hostile input).
constexpr size_t kMaxLinesBack = 256;

bool IsBlank(std::string_view cell) {
  for (char c : cell) {
    if (!IsAsciiSpace(c)) return false;
  }
  return true;
}

// A header cell names `header` when it is that text, or that text and a parenthesised note.
bool Names(std::string_view cell, std::string_view header) {
  if (header.empty() || !cell.starts_with(header)) return false;
  return cell.size() == header.size() || cell[header.size()] == '(';
}

}  // namespace

bool TabRowsKeepPositions(const std::vector<std::string>& lines, size_t begin, size_t end) {
  for (size_t i = begin; i < end && i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.find('\t') == std::string::npos) continue;
    const LineCells split = SplitLineCells(line);
    bool seen_empty = false;
    for (std::string_view cell : split.cells) {
      const bool blank = IsBlank(cell);
      if (!blank && seen_empty) return true;
      seen_empty = seen_empty || blank;
    }
  }
  return false;
}

ColumnModel::ColumnModel(const std::vector<std::string>& lines, size_t begin, size_t end,
                         bool tabs_keep_positions, const TableSpec& table)
    : begin_(begin) {
  const std::vector<std::string_view>& names = table.headers;
  end = std::min(end, lines.size());
  separators_.assign(end > begin ? end - begin : 0, CellSeparator::kNone);
  if (names.empty()) return;
  for (size_t i = begin; i < end; ++i) {
    const std::string& line = lines[i];
    const bool tab = line.find('\t') != std::string::npos;
    if ((tab && !tabs_keep_positions) || (!tab && line.find('|') == std::string::npos)) continue;
    const LineCells split = SplitLineCells(line);
    if (split.separator == CellSeparator::kNone) continue;
    separators_[i - begin] = split.separator;
    HeaderLine indexed;
    indexed.line = static_cast<uint32_t>(i);
    indexed.separator = split.separator;
    const uint32_t width = split.closed ? static_cast<uint32_t>(split.cells.size()) : kOpenEnd;
    uint32_t next = width;
    // Right to left, so each cell learns where the next non-blank one is.
    for (size_t c = split.cells.size(); c-- > 0;) {
      const std::string_view cell = split.cells[c];
      if (IsBlank(cell)) continue;
      const auto position = static_cast<uint32_t>(c);
      const char first = cell[cell.find_first_not_of(" \t")];
      const bool numeric = (first >= '0' && first <= '9') || first == '+' || first == '-';
      if (!numeric && cell.size() <= kMaxHeaderBytes) {
        const std::string compact = Compact(cell);
        for (std::string_view name : names) {
          if (Names(compact, name)) indexed.cells.push_back(HeaderCell{position, next, name});
        }
      }
      next = position;
    }
    if (indexed.cells.empty()) continue;
    std::reverse(indexed.cells.begin(), indexed.cells.end());
    headers_.push_back(std::move(indexed));
  }
}

std::optional<RowColumns> ColumnModel::ColumnsFor(const RowSpec& row, uint32_t line) const {
  if (line < begin_ || line - begin_ >= separators_.size()) return std::nullopt;
  const CellSeparator separator = separators_[line - begin_];
  if (separator == CellSeparator::kNone) return std::nullopt;
  auto at = std::lower_bound(headers_.begin(), headers_.end(), line,
                             [](const HeaderLine& l, uint32_t n) { return l.line < n; });
  const size_t n = row.cell_count();
  std::vector<const HeaderCell*> found(n, nullptr);
  size_t missing = n;
  size_t searched = 0;
  for (auto it = at; it != headers_.begin() && missing > 0 && searched < kMaxLinesBack; ++searched) {
    --it;
    if (it->separator != separator) continue;
    for (const HeaderCell& cell : it->cells) {
      for (size_t c = 0; c < n; ++c) {
        if (found[c] == nullptr && cell.header == row.columns[c].header) {
          found[c] = &cell;
          --missing;
          break;
        }
      }
    }
  }
  if (missing > 0) return std::nullopt;
  RowColumns columns;
  columns.spans.resize(n);
  for (size_t c = 0; c < n; ++c) {
    if (c > 0 && found[c]->position <= found[c - 1]->position) return std::nullopt;
    columns.spans[c].begin = found[c]->position;
    columns.spans[c].end = found[c]->next;
  }
  for (size_t c = 0; c + 1 < n; ++c) {
    columns.spans[c].end = std::min(columns.spans[c].end, columns.spans[c + 1].begin);
  }
  return columns;
}

}  // namespace xxgk::extract
