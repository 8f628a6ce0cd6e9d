// OCR verification by the tables' checks. See ocr_verification.h.
#include "extract/report/ocr_verification.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <tuple>

#include "extract/report/report_checks.h"

namespace xxgk::extract {
namespace {

using Key = std::tuple<uint8_t, uint16_t, uint16_t>;

constexpr size_t kNamedCells = 12;  // cells named in one warning

Key KeyOf(const CellRef& c) { return {c.table, c.row, c.column}; }

std::array<TableValues*, 3> Tables(ReportRecord* record) {
  return {&record->active_disclosure, &record->applications, &record->reviews_litigation};
}

std::array<const TableSpec*, 3> Specs(const TemplateSpec& spec) {
  return {&spec.active_disclosure, &spec.applications, &spec.reviews_litigation};
}

std::string CellName(const TableSpec& table, uint16_t row, uint16_t column) {
  const RowSpec& spec = table.rows[row];
  if (spec.shape == RowShape::kArray) {
    return std::string(spec.key) + "." + std::string(ApplicantColumnNames()[column]);
  }
  if (spec.columns[column].json_key.empty()) return std::string(spec.key);
  return std::string(spec.key) + "." + std::string(spec.columns[column].json_key);
}

CellValue* CellAt(TableValues* table, uint16_t row, uint16_t column) {
  if (!table->present || row >= table->rows.size() || !table->rows[row]) return nullptr;
  std::vector<CellValue>& cells = *table->rows[row];
  return column < cells.size() ? &cells[column] : nullptr;
}

const CellValue* CellAt(const ReportRecord& record, const CellRef& r) {
  const TableValues* tables[] = {&record.active_disclosure, &record.applications,
                                 &record.reviews_litigation};
  if (r.table > 2) return nullptr;
  const TableValues& table = *tables[r.table];
  if (!table.present || r.row >= table.rows.size() || !table.rows[r.row]) return nullptr;
  const std::vector<CellValue>& cells = *table.rows[r.row];
  return r.column < cells.size() ? &cells[r.column] : nullptr;
}

// Whether every operand of `check` is 0: such a check holds for any row or column of zeros, so it
// cannot tell a row read in its place (two printed rows OCRed into one line) from the right one.
bool AllZero(const ReportRecord& record, const Check& check) {
  for (const CellRef& r : check.operands) {
    const CellValue* cell = CellAt(record, r);
    if (cell == nullptr || cell->kind != CellValue::Kind::kInteger || cell->integer != 0) {
      return false;
    }
  }
  return true;
}

// The cells that a passing check with some non-zero operand vouches for.
std::set<Key> Confirmed(const ReportRecord& record) {
  std::set<Key> confirmed;
  for (const Check& c : record.checks) {
    if (!c.ok || AllZero(record, c)) continue;
    for (const CellRef& r : c.operands) confirmed.insert(KeyOf(r));
  }
  return confirmed;
}

// Nulls the operands of failing checks that no passing check confirms; true when any was nulled.
bool NullRefuted(ReportRecord* record, const std::array<const TableSpec*, 3>& specs) {
  const std::set<Key> confirmed = Confirmed(*record);
  std::array<std::set<Key>, 3> refuted;
  std::array<std::set<std::string>, 3> rules;
  for (const Check& c : record->checks) {
    if (c.ok) continue;
    for (const CellRef& r : c.operands) {
      if (confirmed.count(KeyOf(r)) || r.table > 2) continue;
      refuted[r.table].insert(KeyOf(r));
      rules[r.table].insert(c.rule + " at " + c.where);
    }
  }
  const std::array<TableValues*, 3> tables = Tables(record);
  bool any = false;
  for (size_t t = 0; t < 3; ++t) {
    if (refuted[t].empty()) continue;
    std::string cells, failed;
    for (const auto& [table, row, column] : refuted[t]) {
      CellValue* cell = CellAt(tables[t], row, column);
      if (cell == nullptr || cell->is_null()) continue;
      *cell = CellValue{};
      cells += (cells.empty() ? "" : ", ") + CellName(*specs[t], row, column);
    }
    if (cells.empty()) continue;
    for (const std::string& r : rules[t]) failed += (failed.empty() ? "" : ", ") + r;
    record->warnings.push_back(Warning{"ocr_unverified", std::string(specs[t]->section),
                                       "read by OCR, these cells fail the checks (" + failed +
                                           ") and no passing check confirms them: " + cells +
                                           "; recorded as null"});
    any = true;
  }
  return any;
}

// Nulls the values that no passing check confirms, with one warning per table naming them;
// true when any was nulled.
bool NullUnconfirmed(ReportRecord* record, const std::array<const TableSpec*, 3>& specs) {
  const std::set<Key> confirmed = Confirmed(*record);
  const std::array<TableValues*, 3> tables = Tables(record);
  bool any = false;
  for (size_t t = 0; t < 3; ++t) {
    TableValues& table = *tables[t];
    if (!table.present) continue;
    size_t values = 0, nulled = 0;
    std::string cells;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      if (!table.rows[r]) continue;
      for (size_t c = 0; c < table.rows[r]->size(); ++c) {
        CellValue& cell = (*table.rows[r])[c];
        if (cell.is_null()) continue;
        ++values;
        const Key key{static_cast<uint8_t>(t), static_cast<uint16_t>(r), static_cast<uint16_t>(c)};
        if (confirmed.count(key)) continue;
        cell = CellValue{};
        ++nulled;
        if (nulled <= kNamedCells) {
          cells += (cells.empty() ? "" : ", ") +
                   CellName(*specs[t], static_cast<uint16_t>(r), static_cast<uint16_t>(c));
        }
      }
    }
    if (nulled == 0) continue;
    if (nulled > kNamedCells) cells += ", …";
    record->warnings.push_back(Warning{
        "ocr_unverified", std::string(specs[t]->section),
        "read by OCR, " + std::to_string(nulled) + " of " + std::to_string(values) +
            " values are confirmed by no check" +
            (t == 0 ? " (table 二 has none)" : " (their checks have a null operand)") +
            ": " + cells + "; recorded as null"});
    any = true;
  }
  return any;
}

}  // namespace

void VerifyOcrTables(ReportRecord* record) {
  if (record->template_id == TemplateId::kUnknown) return;
  const std::array<const TableSpec*, 3> specs = Specs(GetTemplate(record->template_id));
  if (NullRefuted(record, specs)) record->checks = RunChecks(*record);
  if (NullUnconfirmed(record, specs)) record->checks = RunChecks(*record);
}

}  // namespace xxgk::extract
