// Displaced rows: recovering table 四's row from elsewhere in the report. See displaced_rows.h.
#include "extract/report/displaced_rows.h"

#include "extract/report/table_reader.h"

namespace xxgk::extract {
namespace {

// A run of consecutive text-free lines and the cells on them (copies; `origin` points at the
// region token to mark consumed, or is null for lines tokenized here).
struct ValueRun {
  std::vector<CellToken> cells;
  std::vector<CellToken*> origin;
  uint32_t first_line = 0;
  bool usable = true;  // every cell an unconsumed whole number >= 0
};

bool RowsBalance(const TableSpec& spec, const std::vector<CellToken>& cells) {
  size_t at = 0;
  for (const RowSpec& row : spec.rows) {
    const size_t n = row.cell_count();
    int64_t sum = 0;
    for (size_t k = 0; k + 1 < n; ++k) sum += cells[at + k].value;
    if (sum != cells[at + n - 1].value) return false;
    at += n;
  }
  return true;
}

}  // namespace

DisplacedSearch RecoverDisplacedRow(const TableSpec& spec, const std::vector<std::string>& lines,
                                    size_t begin, const std::vector<TokenRegion>& regions,
                                    std::vector<Warning>* warnings) {
  const size_t need = spec.cell_count();
  std::vector<ValueRun> candidates;
  ValueRun run;
  auto close_run = [&] {
    if (run.usable && run.cells.size() == need && RowsBalance(spec, run.cells)) {
      candidates.push_back(std::move(run));
    }
    run = ValueRun{};
  };
  std::vector<size_t> cursor(regions.size(), 0);  // per region: first token of the current line
  std::vector<CellToken> scratch;
  for (size_t i = begin; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    CellToken* first = nullptr;
    CellToken* last = nullptr;
    bool from_region = false;
    for (size_t r = 0; r < regions.size(); ++r) {
      if (i < regions[r].begin_line || i >= regions[r].end_line) continue;
      std::vector<CellToken>& t = *regions[r].tokens;
      size_t& c = cursor[r];
      while (c < t.size() && t[c].line < i) ++c;
      size_t e = c;
      while (e < t.size() && t[e].line == i) ++e;
      first = t.data() + c;
      last = t.data() + e;
      from_region = true;
      break;
    }
    if (!from_region) {
      scratch = TokenizeLines(lines, i, i + 1);
      first = scratch.data();
      last = scratch.data() + scratch.size();
    }
    bool has_text = first == last;
    for (CellToken* t = first; t != last; ++t) has_text = has_text || !t->IsCell();
    if (has_text) {
      close_run();
      continue;
    }
    if (run.cells.empty()) run.first_line = static_cast<uint32_t>(i);
    for (CellToken* t = first; t != last; ++t) {
      run.usable = run.usable && t->kind == TokenKind::kNumber && t->integral && t->value >= 0 &&
                   !t->consumed;
      if (run.cells.size() > need) continue;  // too long already: cannot be the row
      run.cells.push_back(*t);
      run.origin.push_back(from_region ? t : nullptr);
    }
  }
  close_run();

  DisplacedSearch result;
  result.candidates = candidates.size();
  if (candidates.size() != 1) return result;
  ValueRun& found = candidates.front();
  TableValues values;
  values.present = true;
  size_t at = 0;
  for (const RowSpec& row : spec.rows) {
    std::vector<const CellToken*> row_cells;
    for (size_t k = 0; k < row.cell_count(); ++k) row_cells.push_back(&found.cells[at + k]);
    values.rows.push_back(
        ConvertRow(row, spec.section, row_cells, row_cells.front()->line, warnings));
    at += row.cell_count();
  }
  for (CellToken* origin : found.origin) {
    if (origin) origin->consumed = true;
  }
  warnings->push_back(Warning{
      "value_displaced", std::string(spec.section),
      "the table's row of " + std::to_string(need) + " numbers was found away from it, at " +
          LineRef(found.first_line) + "; taken because it is the only such row and each group's " +
          "total equals the sum of its results"});
  result.table = std::move(values);
  return result;
}

}  // namespace xxgk::extract
