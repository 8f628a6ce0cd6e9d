// Table reader: segments of label text and value cells matched to template rows.
// See table_reader.h for the rules.
#include "extract/report/table_reader.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "extract/report/text_search.h"

namespace xxgk::extract {
std::string LineRef(uint32_t line) { return "line " + std::to_string(line + 1); }

namespace {

// A label and the value cells that follow it: tokens [label_begin, cells_begin) are text,
// [cells_begin, cells_end) are cells.
struct Segment {
  size_t label_begin = 0;
  size_t cells_begin = 0;
  size_t cells_end = 0;
  std::string label;  // compact text of the label tokens
  uint64_t matched = 0;  // bit r: row r's label occurs in `label`
  std::vector<long> label_ends;  // [r]: LabelEnd of row r in `label` (-1: none)
};

std::vector<Segment> Segments(const std::vector<CellToken>& tokens) {
  std::vector<Segment> segments;
  Segment current;
  bool in_cells = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const CellToken& t = tokens[i];
    if (t.kind == TokenKind::kText) {
      if (in_cells) {
        current.cells_end = i;
        segments.push_back(std::move(current));
        current = Segment{};
        current.label_begin = i;
        in_cells = false;
      }
      current.label += t.text;
    } else if (!in_cells) {
      current.cells_begin = i;
      in_cells = true;
    }
  }
  if (!in_cells) current.cells_begin = tokens.size();
  current.cells_end = tokens.size();
  if (!current.label.empty() || current.cells_end > current.cells_begin) {
    segments.push_back(std::move(current));
  }
  return segments;
}

// End position of the last occurrence of row `spec`'s label in `label`, or -1. `pairs` are the
// label's (text_search.h): most rows' patterns are not in a segment, and they are not searched.
long LabelEnd(const RowSpec& spec, std::string_view label, const BytePairs& pairs) {
  long best = -1;
  for (const LabelPattern& p : spec.labels) {
    if (!pairs.MayContain(p.text)) continue;
    if (!p.unless.empty() && pairs.MayContain(p.unless) && Contains(label, p.unless)) continue;
    if (p.at_end) {
      if (label.ends_with(p.text)) best = std::max(best, static_cast<long>(label.size()));
      continue;
    }
    const size_t at = LastFind(label, p.text);
    if (at != std::string_view::npos) best = std::max(best, static_cast<long>(at + p.text.size()));
  }
  return best;
}

std::string_view CellIssueCode(TokenKind kind) {
  switch (kind) {
    case TokenKind::kPlaceholder: return "cell_placeholder";
    case TokenKind::kBlank: return "cell_blank";
    default: return "cell_unreadable";
  }
}

std::string ColumnName(const RowSpec& spec, size_t column) {
  if (spec.shape == RowShape::kArray) return std::string(ApplicantColumnNames()[column]);
  if (spec.columns[column].json_key.empty()) return std::string(spec.key);
  return std::string(spec.key) + "." + std::string(spec.columns[column].json_key);
}

// Why a number does not fit its column, or empty when it does.
std::string_view NumberMismatch(const CellToken& t, CellType type) {
  if (type == CellType::kMoney) return {};
  if (!t.integral) return "a decimal where a whole number belongs";
  if (type == CellType::kCount && t.value < 0) return "a negative count";
  return {};
}

class LabelledReader {
 public:
  LabelledReader(const TableSpec& spec, std::vector<CellToken>& tokens,
                 const ColumnModel* columns, std::vector<Warning>* warnings)
      : spec_(spec), tokens_(tokens), columns_(columns), warnings_(warnings),
        segments_(Segments(tokens)) {
    values_.present = true;
    values_.rows.resize(spec.rows.size());
    for (Segment& s : segments_) {
      s.label_ends.resize(spec.rows.size());
      const BytePairs pairs(s.label);
      for (size_t r = 0; r < spec.rows.size(); ++r) {
        s.label_ends[r] = LabelEnd(spec.rows[r], s.label, pairs);
        if (s.label_ends[r] >= 0) s.matched |= uint64_t{1} << r;
      }
    }
    // later_[i]: rows whose labels occur in segments after i.
    later_.assign(segments_.size(), 0);
    uint64_t acc = 0;
    for (size_t i = segments_.size(); i-- > 0;) {
      later_[i] = acc;
      acc |= segments_[i].matched;
    }
  }

  TableValues Read() {
    const size_t warnings_before = warnings_->size();
    Pass();
    if (columns_disagree_) {
      // A complete row contradicts the header: the header's positions are not the rows' (the text
      // was not written cell for cell). Read the table again without columns.
      warnings_->resize(warnings_before);
      for (CellToken& t : tokens_) t.consumed = false;
      columns_ = nullptr;
      values_ = TableValues{};
      values_.present = true;
      values_.rows.resize(spec_.rows.size());
      next_row_ = last_found_ = 0;
      found_any_ = false;
      Warn("columns_disagree", "a complete row at " + LineRef(disagreeing_line_) +
                                   " does not fit the column header; the table is read by order");
      Pass();
    }
    ReportMissingRows();
    return std::move(values_);
  }

 private:
  void Pass() {
    for (size_t i = 0; i < segments_.size() && !(columns_ && columns_disagree_); ++i) {
      if (!ReadSegment(i)) break;
    }
  }

  // Returns false when the table starts over (a repeated copy): reading stops.
  bool ReadSegment(size_t index) {
    const Segment& seg = segments_[index];
    std::vector<size_t> cells;
    for (size_t k = seg.cells_begin; k < seg.cells_end; ++k) cells.push_back(k);

    // Candidate rows: not yet passed, label in this segment; the one ending last wins.
    long best_end = -1;
    int best = -1;
    for (size_t r = next_row_; r < spec_.rows.size(); ++r) {
      if (!(seg.matched >> r & 1)) continue;
      const long end = seg.label_ends[r];
      if (end >= best_end) {
        best_end = end;
        best = static_cast<int>(r);
      }
    }
    if (best < 0) {
      if (next_row_ > 0 && (seg.matched & 1)) {
        Warn("table_repeated", "the table starts again at " + LineRef(tokens_[seg.label_begin].line) +
                                   "; the first copy is kept");
        return false;
      }
      return true;  // cells without a row label stay unconsumed
    }
    const auto row = static_cast<size_t>(best);
    if (ReadByColumns(seg, row)) {
      next_row_ = row + 1;
      return true;
    }

    // Block layout: several labels of consecutive rows, then all their cells.
    size_t first = row;
    size_t block_cells = spec_.rows[row].cell_count();
    while (first > next_row_ && (seg.matched >> (first - 1) & 1) &&
           block_cells < cells.size()) {
      --first;
      block_cells += spec_.rows[first].cell_count();
    }
    if (first < row && block_cells == cells.size()) {
      size_t at = 0;
      for (size_t r = first; r <= row; ++r) {
        Fill(r, cells, at);
        at += spec_.rows[r].cell_count();
      }
      next_row_ = row + 1;
      return true;
    }

    const size_t need = spec_.rows[row].cell_count();
    const uint32_t label_line = tokens_[seg.label_begin].line;
    // A blank counts as a cell only when the run has exactly the row's cells: in a longer run an
    // empty field may be a merged cell's leftover, and reading on by order would shift values.
    bool blank_in_run = false;
    for (size_t k : cells) blank_in_run = blank_in_run || tokens_[k].kind == TokenKind::kBlank;
    if (cells.size() > need && blank_in_run) {
      values_.rows[row] = std::vector<CellValue>(need);
      Warn("row_ambiguous", RowName(row) + ": " + std::to_string(cells.size()) +
                                " cells with empty ones where " + std::to_string(need) +
                                " belong, positions unknown; recorded as null (" +
                                LineRef(label_line) + ")");
      for (size_t k : cells) tokens_[k].consumed = true;
      found_any_ = true;
      last_found_ = row;
      next_row_ = row + 1;
      return true;
    }
    if (cells.size() < need) {
      values_.rows[row] = std::vector<CellValue>(need);
      if (cells.empty()) {
        Warn("row_empty", RowName(row) + " has a label (" + LineRef(label_line) +
                              ") but no values after it");
      } else {
        Warn("row_ambiguous", RowName(row) + ": " + std::to_string(cells.size()) + " of " +
                                  std::to_string(need) +
                                  " cells, positions unknown; recorded as null (" +
                                  LineRef(label_line) + ")");
        for (size_t k : cells) tokens_[k].consumed = true;
      }
      found_any_ = true;
      last_found_ = row;
      next_row_ = row + 1;
      return true;
    }
    Fill(row, cells, 0);
    next_row_ = row + 1;
    if (cells.size() > need) Surplus(index, cells, need);
    return true;
  }

  // Reads `row` from the segment's cells by their positions under the header (table_columns.h).
  // Returns false when the segment is not one positioned line under a header naming the row's
  // columns, or the row's label reaches into the columns: then the row is read by order.
  bool ReadByColumns(const Segment& seg, size_t row) {
    if (columns_ == nullptr || seg.cells_begin == seg.cells_end || seg.cells_begin == seg.label_begin) {
      return false;
    }
    const CellToken& label = tokens_[seg.cells_begin - 1];
    const uint32_t line = label.line;
    if (!label.positioned) return false;
    for (size_t k = seg.cells_begin; k < seg.cells_end; ++k) {
      if (tokens_[k].line != line) return false;
    }
    const RowSpec& spec = spec_.rows[row];
    const std::optional<RowColumns> columns = columns_->ColumnsFor(spec, line);
    if (!columns) return false;
    for (size_t k = seg.label_begin; k < seg.cells_begin; ++k) {
      if (tokens_[k].line == line && tokens_[k].last_column >= columns->spans.front().begin) {
        return false;
      }
    }
    const size_t n = spec.cell_count();
    size_t values = 0;
    for (size_t k = seg.cells_begin; k < seg.cells_end; ++k) values += tokens_[k].kind != TokenKind::kBlank;
    // A row with one value per column must put one under each header, else the header does not
    // describe the table's rows (Read() starts over without columns).
    auto disagrees = [&] {
      if (values != n) return false;
      columns_disagree_ = true;
      disagreeing_line_ = line;
      return true;
    };
    std::vector<const CellToken*> cells(n, nullptr);
    std::vector<size_t> count(n, 0);
    for (size_t k = seg.cells_begin; k < seg.cells_end; ++k) {
      CellToken& t = tokens_[k];
      t.consumed = true;
      if (t.kind == TokenKind::kBlank) continue;
      size_t c = 0;
      while (c < n && !columns->spans[c].Covers(t.column)) ++c;
      if (c == n) {
        if (disagrees()) return true;
        for (size_t j = seg.cells_begin; j < seg.cells_end; ++j) tokens_[j].consumed = true;
        values_.rows[row] = std::vector<CellValue>(n);
        Warn("row_ambiguous", RowName(row) + " at " + LineRef(line) + ": '" + t.text +
                                  "' in cell " + std::to_string(t.column + 1) +
                                  " lies under none of the row's column headers; recorded as null");
        found_any_ = true;
        last_found_ = row;
        return true;
      }
      cells[c] = &t;
      ++count[c];
    }
    for (size_t c = 0; c < n; ++c) {
      if (count[c] != 1 && disagrees()) return true;
    }
    std::vector<bool> ambiguous(n, false);
    for (size_t c = 0; c < n; ++c) {
      if (count[c] < 2) continue;
      ambiguous[c] = true;
      Warn("cell_ambiguous", ColumnName(spec, c) + " of " + RowName(row) + " at " + LineRef(line) +
                                 ": " + std::to_string(count[c]) +
                                 " values under one column header; recorded as null");
    }
    values_.rows[row] = ConvertRow(spec, spec_.section, cells, line, warnings_, ambiguous);
    found_any_ = true;
    last_found_ = row;
    return true;
  }

  // Surplus cells after a row: they belong to the following rows only if those rows' labels are
  // lost (absent from the rest of the section) and the count fits exactly.
  void Surplus(size_t index, const std::vector<size_t>& cells, size_t used) {
    const size_t surplus = cells.size() - used;
    size_t sum = 0;
    size_t r = next_row_;
    while (r < spec_.rows.size() && sum < surplus && !(later_[index] >> r & 1) &&
           !(segments_[index].matched >> r & 1)) {
      sum += spec_.rows[r].cell_count();
      ++r;
    }
    if (sum != surplus) return;  // the surplus stays unconsumed
    size_t at = used;
    for (size_t k = next_row_; k < r; ++k) {
      Fill(k, cells, at);
      at += spec_.rows[k].cell_count();
      Warn("label_missing_inferred",
           RowName(k) + ": label not found; values at " + LineRef(tokens_[cells[at - 1]].line) +
               " placed by position after " + RowName(next_row_ - 1));
    }
    next_row_ = r;
  }

  void Fill(size_t row, const std::vector<size_t>& cells, size_t at) {
    const RowSpec& spec = spec_.rows[row];
    std::vector<const CellToken*> row_cells;
    for (size_t k = 0; k < spec.cell_count(); ++k) {
      tokens_[cells[at + k]].consumed = true;
      row_cells.push_back(&tokens_[cells[at + k]]);
    }
    values_.rows[row] = ConvertRow(spec, spec_.section, row_cells, tokens_[cells[at]].line, warnings_);
    found_any_ = true;
    last_found_ = row;
  }

  void ReportMissingRows() {
    if (!found_any_) {
      Warn("table_truncated", "the section has no rows of its table");
      for (auto& row : values_.rows) row.reset();
      return;
    }
    std::vector<std::string> middle, tail;
    for (size_t r = 0; r < spec_.rows.size(); ++r) {
      if (values_.rows[r]) continue;
      (r > last_found_ ? tail : middle).push_back(std::string(spec_.rows[r].key));
    }
    auto join = [](const std::vector<std::string>& keys) {
      std::string s;
      for (const auto& k : keys) s += (s.empty() ? "" : ", ") + k;
      return s;
    };
    if (!middle.empty()) Warn("row_missing", "rows not found: " + join(middle));
    if (!tail.empty()) {
      Warn("table_truncated", "the table ends after " + std::string(spec_.rows[last_found_].key) +
                                  "; rows not found: " + join(tail));
    }
  }

  std::string RowName(size_t row) const { return std::string(spec_.rows[row].key); }

  void Warn(std::string_view code, std::string detail) {
    warnings_->push_back(Warning{std::string(code), std::string(spec_.section), std::move(detail)});
  }

  const TableSpec& spec_;
  std::vector<CellToken>& tokens_;
  const ColumnModel* columns_;
  std::vector<Warning>* warnings_;
  std::vector<Segment> segments_;
  std::vector<uint64_t> later_;
  TableValues values_;
  size_t next_row_ = 0;
  size_t last_found_ = 0;
  bool found_any_ = false;
  bool columns_disagree_ = false;
  uint32_t disagreeing_line_ = 0;
};

}  // namespace

std::vector<CellValue> ConvertRow(const RowSpec& spec, std::string_view section,
                                  const std::vector<const CellToken*>& cells, uint32_t line,
                                  std::vector<Warning>* warnings,
                                  const std::vector<bool>& ambiguous) {
  std::vector<CellValue> row(spec.cell_count());
  std::string blanks;  // names of the blank columns, for one warning per row
  for (size_t c = 0; c < spec.cell_count(); ++c) {
    if (!ambiguous.empty() && ambiguous[c]) continue;
    const CellToken* t = cells[c];
    if (t == nullptr || t->kind == TokenKind::kBlank) {
      blanks += (blanks.empty() ? "" : ", ") + ColumnName(spec, c);
      continue;
    }
    const CellType type = spec.columns[c].type;
    std::string problem;
    if (t->kind == TokenKind::kNumber) {
      const std::string_view mismatch = NumberMismatch(*t, type);
      if (mismatch.empty()) {
        row[c] = type == CellType::kMoney ? CellValue::Decimal(t->text) : CellValue::Integer(t->value);
        continue;
      }
      problem = std::string(mismatch);
    }
    // A cell holding □ (U+25A1): a character marked illegible — by OCR (extract/text/ocr_text.h:
    // a digit read with low confidence) or by whoever transcribed the report.
    const bool illegible = t->text.find("\xE2\x96\xA1") != std::string::npos;
    std::string_view code = illegible                          ? "cell_illegible"
                            : t->kind == TokenKind::kNumber ? "cell_unreadable"
                                                            : CellIssueCode(t->kind);
    std::string detail = ColumnName(spec, c) + " at " + LineRef(t->line) + ": '" + t->text + "'" +
                         (problem.empty() ? "" : " is " + problem);
    warnings->push_back(Warning{std::string(code), std::string(section), detail + "; recorded as null"});
  }
  if (!blanks.empty()) {
    warnings->push_back(Warning{"cell_blank", std::string(section),
                                std::string(spec.key) + " at " + LineRef(line) + ": blank " +
                                    blanks + "; recorded as null"});
  }
  return row;
}

TableValues ReadLabelledTable(const TableSpec& spec, std::vector<CellToken>& tokens,
                              const ColumnModel* columns, std::vector<Warning>* warnings) {
  return LabelledReader(spec, tokens, columns, warnings).Read();
}
namespace {

// Cells of lines that hold no text: the data row of table 四 without its header words (a note
// under the table may hold numbers too, e.g. a year).
std::vector<size_t> PureLineCells(const std::vector<CellToken>& tokens) {
  std::vector<bool> line_has_text;
  for (const CellToken& t : tokens) {
    if (t.line >= line_has_text.size()) line_has_text.resize(t.line + 1, false);
    if (t.kind == TokenKind::kText) line_has_text[t.line] = true;
  }
  std::vector<size_t> cells;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k].IsCell() && !line_has_text[tokens[k].line]) cells.push_back(k);
  }
  return cells;
}

bool SameCells(const std::vector<CellToken>& tokens, const std::vector<size_t>& cells,
               size_t a, size_t b, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    if (tokens[cells[a + k]].text != tokens[cells[b + k]].text) return false;
  }
  return true;
}

}  // namespace

std::optional<TableValues> ReadPositionalTable(const TableSpec& spec,
                                               std::vector<CellToken>& tokens,
                                               std::vector<Warning>* warnings) {
  const size_t need = spec.cell_count();
  std::vector<size_t> cells;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k].IsCell()) cells.push_back(k);
  }
  if (cells.empty()) return std::nullopt;
  if (cells.size() != need) {
    std::vector<size_t> pure = PureLineCells(tokens);
    if (pure.size() == need) cells = std::move(pure);
  }
  auto warn = [&](std::string_view code, std::string detail) {
    warnings->push_back(Warning{std::string(code), std::string(spec.section), std::move(detail)});
  };
  TableValues values;
  values.present = true;
  values.rows.resize(spec.rows.size());
  const std::string where = "at " + LineRef(tokens[cells.front()].line);
  bool repeated = false;
  if (cells.size() > need && cells.size() % need == 0) {
    repeated = true;
    for (size_t copy = need; copy < cells.size() && repeated; copy += need) {
      repeated = SameCells(tokens, cells, 0, copy, need);
    }
    if (!repeated) {
      warn("table_repeated", std::to_string(cells.size() / need) + " copies of the table " + where +
                                 " disagree; recorded as null");
    }
  }
  if (cells.size() != need && !repeated) {
    if (cells.size() < need) {
      warn("table_truncated", std::to_string(cells.size()) + " of " + std::to_string(need) +
                                  " cells " + where + ", positions unknown; recorded as null");
    } else if (cells.size() % need != 0) {
      warn("row_ambiguous", std::to_string(cells.size()) + " cells where " + std::to_string(need) +
                                " belong " + where + "; recorded as null");
    }
    for (size_t r = 0; r < spec.rows.size(); ++r) {
      values.rows[r] = std::vector<CellValue>(spec.rows[r].cell_count());
    }
    for (size_t k : cells) tokens[k].consumed = true;
    return values;
  }
  if (repeated) {
    warn("table_repeated", "the table appears " + std::to_string(cells.size() / need) +
                               " times " + where + "; one copy is kept");
  }
  size_t at = 0;
  for (size_t r = 0; r < spec.rows.size(); ++r) {
    std::vector<const CellToken*> row_cells;
    for (size_t k = 0; k < spec.rows[r].cell_count(); ++k) row_cells.push_back(&tokens[cells[at + k]]);
    values.rows[r] = ConvertRow(spec.rows[r], spec.section, row_cells, row_cells.front()->line,
                                warnings);
    at += spec.rows[r].cell_count();
  }
  for (size_t k : cells) tokens[k].consumed = true;
  return values;
}

}  // namespace xxgk::extract
