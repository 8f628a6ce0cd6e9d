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

namespace xxgk::extract {

// Reads a labelled table (spec.positional == false) from `tokens`.
TableValues ReadLabelledTable(const TableSpec& spec, std::vector<CellToken>& tokens,
                              std::vector<Warning>* warnings);

// Reads a positional table (spec.positional == true). Returns nullopt when `tokens` hold no
// value cells at all (the caller may look for the row elsewhere); otherwise a present table,
// all null with a warning when the cells cannot be placed.
std::optional<TableValues> ReadPositionalTable(const TableSpec& spec,
                                               std::vector<CellToken>& tokens,
                                               std::vector<Warning>* warnings);

// "line N" (1-based) for warning details, from a token's 0-based line index.
std::string LineRef(uint32_t line);

// Converts value cells to a row of `spec`, adding cell_placeholder / cell_blank / cell_unreadable
// warnings for cells that become null. REQUIRES: cells.size() == spec.cell_count().
std::vector<CellValue> ConvertRow(const RowSpec& spec, std::string_view section,
                                  const std::vector<const CellToken*>& cells,
                                  std::vector<Warning>* warnings);

}  // namespace xxgk::extract
