// Layout round trip: a report with known values, written in every layout the samples show and in
// both templates, must come back from the extractor with exactly those values, its metadata, all
// checks passing and no warnings.
#include <gtest/gtest.h>

#include <tuple>

#include "extract/report/report_extractor.h"
#include "tests/extract/report_builder.h"

namespace xxgk::testing {
namespace {

using extract::CellValue;
using extract::TemplateId;

CellValue ExpectedActiveCell(const std::string& written, extract::CellType type) {
  if (type == extract::CellType::kMoney) return CellValue::Decimal(written);
  return CellValue::Integer(std::stoll(written));
}

class LayoutRoundTrip
    : public ::testing::TestWithParam<std::tuple<TemplateId, Layout, uint32_t>> {};

TEST_P(LayoutRoundTrip, ExtractsExactlyTheValuesWritten) {
  const auto [id, layout, seed] = GetParam();
  const SyntheticReport report = MakeConsistentReport(id, seed);
  const std::string text = BuildReportText(report, layout);
  const extract::ReportRecord record = extract::ExtractReport(text);
  SCOPED_TRACE(text);

  EXPECT_EQ(record.template_id, id);
  EXPECT_EQ(record.agency, report.agency);
  EXPECT_EQ(record.year, report.year);
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", report.signed_year, report.signed_month,
                report.signed_day);
  EXPECT_EQ(record.published, std::string(date));

  const extract::TemplateSpec& spec = extract::GetTemplate(id);
  ASSERT_TRUE(record.active_disclosure.present);
  for (size_t r = 0; r < spec.active_disclosure.rows.size(); ++r) {
    const auto& row_spec = spec.active_disclosure.rows[r];
    ASSERT_TRUE(record.active_disclosure.rows[r].has_value()) << row_spec.key;
    for (size_t c = 0; c < row_spec.cell_count(); ++c) {
      EXPECT_EQ((*record.active_disclosure.rows[r])[c],
                ExpectedActiveCell(report.active[r][c], row_spec.columns[c].type))
          << row_spec.key << " column " << c;
    }
  }
  ASSERT_TRUE(record.applications.present);
  for (size_t r = 0; r < spec.applications.rows.size(); ++r) {
    ASSERT_TRUE(record.applications.rows[r].has_value()) << spec.applications.rows[r].key;
    for (size_t c = 0; c < 7; ++c) {
      EXPECT_EQ((*record.applications.rows[r])[c], CellValue::Integer(report.applications[r][c]))
          << spec.applications.rows[r].key << " column " << c;
    }
  }
  ASSERT_TRUE(record.reviews_litigation.present);
  for (size_t r = 0; r < 3; ++r) {
    ASSERT_TRUE(record.reviews_litigation.rows[r].has_value());
    for (size_t c = 0; c < 5; ++c) {
      EXPECT_EQ((*record.reviews_litigation.rows[r])[c], CellValue::Integer(report.reviews[r * 5 + c]));
    }
  }

  // 7 balance + 7 total_vs_results + one row_total per row of 三 + 3 for table 四.
  EXPECT_EQ(record.checks.size(), 14 + spec.applications.rows.size() + 3);
  for (const auto& check : record.checks) EXPECT_TRUE(check.ok) << check.rule << " " << check.detail;
  for (const auto& w : record.warnings) ADD_FAILURE() << w.code << " " << w.section << " " << w.detail;
}

std::string ParamName(const ::testing::TestParamInfo<LayoutRoundTrip::ParamType>& info) {
  const auto [id, layout, seed] = info.param;
  return "T" + std::string(extract::TemplateName(id)) + "_" + LayoutName(layout) + "_" +
         std::to_string(seed);
}

INSTANTIATE_TEST_SUITE_P(
    AllLayouts, LayoutRoundTrip,
    ::testing::Combine(::testing::Values(TemplateId::k2021, TemplateId::k2019),
                       ::testing::Values(Layout::kRowPerLine, Layout::kCellPerLine, Layout::kTabs,
                                         Layout::kMarkdown, Layout::kPdfBroken, Layout::kGridTabs,
                                         Layout::kPipeRows, Layout::kCellPerLinePipes,
                                         Layout::kCellPerParagraph, Layout::kCellPerLineBars,
                                         Layout::kCellPerLineCutHeads),
                       ::testing::Values(1u, 2u, 3u)),
    ParamName);

}  // namespace
}  // namespace xxgk::testing
