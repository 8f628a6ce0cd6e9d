// Expectations on a record made from a synthetic report: see report_expectations.h.
#include "tests/extract/report_expectations.h"

#include <gtest/gtest.h>

#include "extract/report/report_template.h"

namespace xxgk::testing {

void ExpectRecordHoldsReport(const extract::ReportRecord& record, const SyntheticReport& report) {
  EXPECT_EQ(record.agency, report.agency);
  EXPECT_EQ(record.year, report.year);
  const extract::TemplateSpec& spec = extract::GetTemplate(report.template_id);
  ASSERT_TRUE(record.applications.present);
  for (size_t r = 0; r < spec.applications.rows.size(); ++r) {
    ASSERT_TRUE(record.applications.rows[r].has_value()) << spec.applications.rows[r].key;
    for (size_t c = 0; c < 7; ++c) {
      EXPECT_EQ((*record.applications.rows[r])[c],
                extract::CellValue::Integer(report.applications[r][c]))
          << spec.applications.rows[r].key << " column " << c;
    }
  }
  ASSERT_TRUE(record.reviews_litigation.present);
  for (size_t r = 0; r < 3; ++r) {
    ASSERT_TRUE(record.reviews_litigation.rows[r].has_value());
    for (size_t c = 0; c < 5; ++c) {
      EXPECT_EQ((*record.reviews_litigation.rows[r])[c],
                extract::CellValue::Integer(report.reviews[r * 5 + c]));
    }
  }
  for (const auto& check : record.checks) EXPECT_TRUE(check.ok) << check.rule;
  EXPECT_TRUE(record.warnings.empty());
}

}  // namespace xxgk::testing
