// What a round-trip test expects of a record made from a synthetic report (report_builder.h) after
// any format conversion: exactly the values written — agency, year, every cell of table 三 and of
// table 四 — every check passing and no warning. One set of expectations for the text, HTML, DOCX
// and real-tool fixture round trips (gtest assertions; tests only).
#pragma once

#include "extract/report/report_record.h"
#include "tests/extract/report_builder.h"

namespace xxgk::testing {

// Adds a gtest failure for every value of `report` that `record` does not hold.
void ExpectRecordHoldsReport(const extract::ReportRecord& record, const SyntheticReport& report);

}  // namespace xxgk::testing
