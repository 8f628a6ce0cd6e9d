// The report record (`xxgk/report-1`, REPORT_SCHEMA.md): what the extractor produces for one
// annual report, and its JSON rendering.
//
// Rule zero of the schema holds by construction: a cell is an integer or a decimal string only when
// a report states it; everything else is null and a Warning says why.
// Plain data; not thread-safe to mutate concurrently, safe to read from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "extract/report/report_template.h"

namespace xxgk::extract {

inline constexpr std::string_view kRecordSchema = "xxgk/report-1";

struct CellValue {
  enum class Kind : uint8_t { kNull, kInteger, kDecimal };
  Kind kind = Kind::kNull;
  int64_t integer = 0;  // kInteger
  std::string text;     // kDecimal: exactly as written (folded to ASCII digits)

  static CellValue Integer(int64_t v) { return CellValue{Kind::kInteger, v, {}}; }
  static CellValue Decimal(std::string s) { return CellValue{Kind::kDecimal, 0, std::move(s)}; }
  bool is_null() const { return kind == Kind::kNull; }
  bool operator==(const CellValue&) const = default;
};

// nullopt: the row is not in the document. Otherwise one value per column of the row spec.
using RowValues = std::optional<std::vector<CellValue>>;

// One table of the record, rows in the order of its TableSpec. `present` is false when the
// section is absent (rendered as JSON null).
struct TableValues {
  bool present = false;
  std::vector<RowValues> rows;
};

struct Warning {
  std::string code;     // stable codes, see README "Warnings"
  std::string section;  // "二", "三", "四", or empty for the whole document
  std::string detail;   // for people
};

// A cell of the record: table (0 二, 1 三, 2 四), row of its TableSpec, column of the row.
struct CellRef {
  uint8_t table = 0;
  uint16_t row = 0;
  uint16_t column = 0;
  bool operator==(const CellRef&) const = default;
};

struct Check {
  std::string rule;   // balance, total_vs_results, row_total, review_total, ...
  bool ok = false;
  std::string where;  // the column or row the rule was applied to
  std::string detail;
  std::vector<CellRef> operands;  // the cells the rule added up (not part of the JSON)
};

struct ReportRecord {
  std::string doc_id;
  std::optional<std::string> agency;
  std::optional<std::string> agency_alias;  // the same body named otherwise by the signature
  std::optional<int> year;
  TemplateId template_id = TemplateId::kUnknown;
  std::optional<std::string> published;  // YYYY-MM-DD
  // Text read by OCR (the text opens with extract/text/ocr_text.h's header): text_source "ocr" and
  // the mean word confidence (0–100). Both unset otherwise, and then not in the JSON.
  std::optional<std::string> text_source;
  std::optional<double> ocr_confidence;
  TableValues active_disclosure;         // 二
  TableValues applications;              // 三
  TableValues reviews_litigation;        // 四
  std::vector<Check> checks;
  std::vector<Warning> warnings;
};

// One JSON object; compact on one line, or indented by two spaces when `pretty`.
std::string RecordToJson(const ReportRecord& record, bool pretty);

}  // namespace xxgk::extract
