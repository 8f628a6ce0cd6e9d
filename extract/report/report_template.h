// Report templates: the national table formats as data (REPORT_SCHEMA.md).
//
// Two templates exist: 国办公开办函〔2021〕30号 ("2021") and 〔2019〕60号 ("2019"). Each has three
// tables: 二 (active disclosure), 三 (applications) and 四 (reviews and litigation). A table is a
// list of rows; a row has a JSON key, the label fragments that identify it in a report (compared
// after NFKC folding with white space removed), and its columns. Templates are told apart by the
// column labels of table 二 (DetectTemplate).
//
// Everything here is immutable static data. Thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace xxgk::extract {

enum class TemplateId : uint8_t { kUnknown, k2019, k2021 };
std::string_view TemplateName(TemplateId id);  // "2019", "2021", "unknown"

enum class CellType : uint8_t {
  kCount,   // a non-negative integer
  kChange,  // a signed integer (2019: 本年增/减)
  kMoney,   // a decimal string kept exactly as written (fees, procurement amount)
};

struct ColumnSpec {
  std::string_view json_key;  // empty for a one-column row rendered as a bare scalar
  CellType type = CellType::kCount;
  // The column's header as the template prints it (folded, no white space), e.g. "本年增/减":
  // how a table whose cells keep their positions finds the column (table_columns.h). A header
  // cell matches when it is this text, or this text followed by a parenthesised note
  // ("本年收费金额(单位:万元)").
  std::string_view header = {};
};

// One way a row label can appear. `at_end`: only when the label text ends right there (used for
// words such as 总计 that also occur in column headers); `unless`: not when the label text also
// holds this (a column header repeated after a page break ends in 总计 too).
struct LabelPattern {
  std::string_view text;
  bool at_end = false;
  std::string_view unless = {};
};

enum class RowShape : uint8_t {
  kObject,  // {"issued": 0, ...}: columns by name
  kArray,   // [7 cells] (table 三)
  kScalar,  // a single value
};

struct RowSpec {
  std::string_view key;
  std::vector<LabelPattern> labels;
  std::vector<ColumnSpec> columns;
  RowShape shape = RowShape::kObject;
  // Rows of table 三 that are results of handling (三（一）…（六）), summed by total_vs_results.
  bool is_result = false;

  size_t cell_count() const { return columns.size(); }
};

struct TableSpec {
  std::string_view section;  // "二", "三", "四"
  std::vector<RowSpec> rows;
  // Table 四 is one row of 15 numbers under a two-level header; it is read by position.
  bool positional = false;
  // The distinct ColumnSpec::header texts of the rows, in first-use order (set by GetTemplate).
  std::vector<std::string_view> headers = {};
  size_t cell_count() const;
};

struct TemplateSpec {
  TemplateId id;
  TableSpec active_disclosure;   // 二
  TableSpec applications;        // 三
  TableSpec reviews_litigation;  // 四
};

// The spec of a known template. REQUIRES: id != kUnknown.
const TemplateSpec& GetTemplate(TemplateId id);

// Column labels of table 三 in order, for messages: 自然人 … 总计.
std::span<const std::string_view> ApplicantColumnNames();

// Decides the template from compact (white-space-free, folded) text of table 二, falling back to
// table 三's rows when table 二 has no column labels. kUnknown when neither template's labels occur.
TemplateId DetectTemplate(std::string_view compact_section2, std::string_view compact_section3);

}  // namespace xxgk::extract
