// Report checks (勾稽关系). See report_checks.h.
#include "extract/report/report_checks.h"

#include <optional>
#include <string>

namespace xxgk::extract {
namespace {

std::optional<int64_t> Cell(const TableValues& table, size_t row, size_t column) {
  if (!table.present || row >= table.rows.size() || !table.rows[row]) return std::nullopt;
  const CellValue& cell = (*table.rows[row])[column];
  if (cell.kind != CellValue::Kind::kInteger) return std::nullopt;
  return cell.integer;
}

std::optional<size_t> RowIndex(const TableSpec& spec, std::string_view key) {
  for (size_t i = 0; i < spec.rows.size(); ++i) {
    if (spec.rows[i].key == key) return i;
  }
  return std::nullopt;
}

// Sum of the given cells, or nullopt if any is null. `terms` collects "a+b+c" for the detail.
std::optional<int64_t> SumCells(const TableValues& table, const std::vector<size_t>& rows,
                                size_t column, std::string* terms) {
  int64_t sum = 0;
  for (size_t r : rows) {
    const std::optional<int64_t> v = Cell(table, r, column);
    if (!v) return std::nullopt;
    sum += *v;
    *terms += (terms->empty() ? "" : "+") + std::to_string(*v);
  }
  return sum;
}

// `left_terms` and `right_terms` name each side and list its operands: "一+二 = 17+2".
void AddCheck(std::vector<Check>* checks, std::string_view rule, std::string where, int64_t left,
              int64_t right, const std::string& left_terms, const std::string& right_terms,
              std::vector<CellRef> operands) {
  std::string detail = left_terms + " = " + std::to_string(left) + (left == right ? "; " : " but ") +
                       right_terms + " = " + std::to_string(right);
  checks->push_back(Check{std::string(rule), left == right, std::move(where), std::move(detail),
                          std::move(operands)});
}

CellRef Ref(uint8_t table, size_t row, size_t column) {
  return CellRef{table, static_cast<uint16_t>(row), static_cast<uint16_t>(column)};
}

// The cells of `rows` in `column` of table `table`.
std::vector<CellRef> ColumnRefs(uint8_t table, const std::vector<size_t>& rows, size_t column) {
  std::vector<CellRef> refs;
  for (size_t r : rows) refs.push_back(Ref(table, r, column));
  return refs;
}

// The last of a row's first `n` cells against the sum of the others (row_total, review_total…).
void RowSumCheck(uint8_t table, const TableValues& t, size_t row, size_t n, std::string_view rule,
                 std::string_view where, std::vector<Check>* checks) {
  const std::optional<int64_t> total = Cell(t, row, n - 1);
  if (!total) return;
  std::string terms;
  int64_t sum = 0;
  for (size_t c = 0; c + 1 < n; ++c) {
    const std::optional<int64_t> v = Cell(t, row, c);
    if (!v) return;
    sum += *v;
    terms += (terms.empty() ? "" : "+") + std::to_string(*v);
  }
  std::vector<CellRef> operands;
  for (size_t c = 0; c < n; ++c) operands.push_back(Ref(table, row, c));
  AddCheck(checks, rule, std::string(where), *total, sum, "总计", "parts = " + terms,
           std::move(operands));
}

void ApplicationChecks(const TableSpec& spec, const TableValues& t, std::vector<Check>* checks) {
  const auto columns = ApplicantColumnNames();
  const auto new_received = RowIndex(spec, "new_received");
  const auto carried_over = RowIndex(spec, "carried_over");
  const auto total = RowIndex(spec, "total");
  const auto carried_forward = RowIndex(spec, "carried_forward");
  std::vector<size_t> results;
  for (size_t r = 0; r < spec.rows.size(); ++r) {
    if (spec.rows[r].is_result) results.push_back(r);
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    std::string left_terms, right_terms;
    auto left = SumCells(t, {*new_received, *carried_over}, c, &left_terms);
    auto right = SumCells(t, {*total, *carried_forward}, c, &right_terms);
    if (left && right) {
      AddCheck(checks, "balance", std::string(columns[c]), *left, *right,
               "一+二 = " + left_terms, "总计+四 = " + right_terms,
               ColumnRefs(1, {*new_received, *carried_over, *total, *carried_forward}, c));
    }
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    std::string result_terms;
    auto total_cell = Cell(t, *total, c);
    auto sum = SumCells(t, results, c, &result_terms);
    if (total_cell && sum) {
      std::vector<CellRef> operands = ColumnRefs(1, results, c);
      operands.push_back(Ref(1, *total, c));
      AddCheck(checks, "total_vs_results", std::string(columns[c]), *total_cell, *sum,
               "总计", "results = " + result_terms, std::move(operands));
    }
  }
  for (size_t r = 0; r < spec.rows.size(); ++r) RowSumCheck(1, t, r, 7, "row_total", spec.rows[r].key, checks);
}

void ReviewChecks(const TableSpec& spec, const TableValues& t, std::vector<Check>* checks) {
  for (size_t r = 0; r < spec.rows.size(); ++r) {
    const std::string key(spec.rows[r].key);
    RowSumCheck(2, t, r, spec.rows[r].cell_count(), key + "_total", key, checks);
  }
}

}  // namespace

std::vector<Check> RunChecks(const ReportRecord& record) {
  std::vector<Check> checks;
  if (record.template_id == TemplateId::kUnknown) return checks;
  const TemplateSpec& spec = GetTemplate(record.template_id);
  ApplicationChecks(spec.applications, record.applications, &checks);
  ReviewChecks(spec.reviews_litigation, record.reviews_litigation, &checks);
  return checks;
}

}  // namespace xxgk::extract
