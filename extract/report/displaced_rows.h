// Displaced rows: the data row of table 四 found away from its table.
//
// A page break can push table 四's single row of 15 numbers below the next heading (section 五),
// or a converter can drop the table's heading and header so that the row stands alone after
// table 三. That row is self-identifying: 15 whole numbers on lines with no text, whose three
// groups of five each end with their own total (结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计).
// It is recovered only when exactly one such run exists and none of its cells was read into
// another table; otherwise nothing is recovered. Only used when table 四 itself has no cells.
// Thread-safe: no shared state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/report/cell_tokens.h"
#include "extract/report/report_record.h"
#include "extract/report/report_template.h"

namespace xxgk::extract {

// Tokens already made for a range of lines (a table section), whose `consumed` marks count.
struct TokenRegion {
  size_t begin_line = 0;
  size_t end_line = 0;
  std::vector<CellToken>* tokens = nullptr;
};

struct DisplacedSearch {
  std::optional<TableValues> table;  // set when recovered (a value_displaced warning was added)
  size_t candidates = 0;             // runs that fit; more than one means ambiguous
};

// Searches lines [begin, lines.size()) of folded report lines. Lines inside `regions` use the
// region's tokens; others are tokenized here, one line at a time.
DisplacedSearch RecoverDisplacedRow(const TableSpec& spec, const std::vector<std::string>& lines,
                                    size_t begin, const std::vector<TokenRegion>& regions,
                                    std::vector<Warning>* warnings);

}  // namespace xxgk::extract
