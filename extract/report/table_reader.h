// Table reader: turns the cell tokens of one report section into the rows of a template table.
//
// Labelled tables (二 and 三) are read as a stream of segments: a segment is the label text that
// precedes a run of value cells (labels broken over lines and cells are joined; a repeated header
// after a page break simply becomes part of the next label). The row a segment belongs to is the
// not-yet-read template row whose label ends closest to the segment's end. Then:
//   - a run with exactly the row's number of cells fills the row;
//   - a run holding several rows whose labels all precede it (block layout) fills them in order;
//   - a longer run fills the row, and its surplus fills the following rows only when their labels
//     are absent from the rest of the section and the surplus has exactly their number of cells
//     (label_missing_inferred); otherwise the surplus is left unassigned;
//   - a shorter run cannot be placed (cells lost in PDF flattening have no position): the row is
//     all null with a row_ambiguous warning. Nothing is guessed.
// In a table whose cells keep their positions (table_columns.h), a row whose value cells all lie on
// its label's line is read by column instead: each value goes to the column whose span covers its
// cell, a column with no value is blank (null), a column with several values is null with
// cell_ambiguous, and a value outside every column (in the label area, between columns, beyond a
// closed header) makes the whole row null with row_ambiguous. Nothing is assigned by order. When
// the row's label reaches into the columns, the header does not describe the row and it is read
// as above.
// Rows that never appear are null: table_truncated when they are the end of the table,
// row_missing otherwise. A table that starts again after its last row is table_repeated; the first
// copy is kept.
//
// Table 四 is read by position: its 15 cells in order, whatever the header looks like.
//
// Tokens that end up in a row are marked `consumed`. Thread-safe: no shared state.
#pragma once

#include <string>
#include <vector>

#include "extract/report/cell_tokens.h"
#include "extract/report/report_record.h"
#include "extract/report/report_template.h"
#include "extract/report/table_columns.h"

namespace xxgk::extract {

// Reads a labelled table (spec.positional == false) from `tokens`; `columns` (may be null) is the
// column model of the same lines.
TableValues ReadLabelledTable(const TableSpec& spec, std::vector<CellToken>& tokens,
                              const ColumnModel* columns, std::vector<Warning>* warnings);

// Reads a positional table (spec.positional == true). Returns nullopt when `tokens` hold no
// value cells at all (the caller may look for the row elsewhere); otherwise a present table,
// all null with a warning when the cells cannot be placed.
std::optional<TableValues> ReadPositionalTable(const TableSpec& spec,
                                               std::vector<CellToken>& tokens,
                                               std::vector<Warning>* warnings);

// "line N" (1-based) for warning details, from a token's 0-based line index.
std::string LineRef(uint32_t line);

// Converts value cells to a row of `spec`, adding cell_placeholder / cell_unreadable warnings for
// cells that become null and one cell_blank warning naming all blank columns of the row. A null
// entry of `cells` is a blank column (no cell at its position); an entry set in `ambiguous` is
// null and already warned about. `line` is the row's line, for the details.
// REQUIRES: cells.size() == spec.cell_count(), ambiguous empty or of the same size.
std::vector<CellValue> ConvertRow(const RowSpec& spec, std::string_view section,
                                  const std::vector<const CellToken*>& cells, uint32_t line,
                                  std::vector<Warning>* warnings,
                                  const std::vector<bool>& ambiguous = {});

}  // namespace xxgk::extract
