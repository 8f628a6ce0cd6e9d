// Report checks: the arithmetic relations (勾稽关系) the national template states, evaluated on a
// record's tables and reported as they come out. A report whose own totals disagree gets a failed
// check; nothing is corrected. A rule with a null operand is skipped, not failed.
//
// Rules (REPORT_SCHEMA.md), each per column or row where it applies:
//   balance                         一 + 二 = 三（七）总计 + 四, per applicant column
//   total_vs_results                三（七）总计 = sum of the result rows 三（一）…（六）, per column
//   row_total                       总计 column = sum of the six applicant columns, per row of 三
//   review_total, litigation_direct_total, litigation_after_review_total
//                                   总计 = 维持 + 纠正 + 其他 + 尚未审结, table 四
// Thread-safe: pure function.
#pragma once

#include <vector>

#include "extract/report/report_record.h"

namespace xxgk::extract {

std::vector<Check> RunChecks(const ReportRecord& record);

}  // namespace xxgk::extract
