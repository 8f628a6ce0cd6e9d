// Table reading: how values find their rows in the hard cases of real reports (lost labels,
// surplus and missing cells, blocks, placeholders, repeated headers and tables, displaced rows).
// Each test runs the whole extractor on a small report so the behaviour is pinned end to end.
#include <gtest/gtest.h>

#include "extract/report/report_extractor.h"
#include "tests/extract/report_builder.h"

namespace xxgk::extract {
namespace {

using testing::ApplicationRowLabel;

constexpr const char* kActive2021 =
    "二、主动公开政府信息情况\n信息内容 本年制发件数 本年废止件数 现行有效件数\n";

bool Warned(const ReportRecord& r, std::string_view code) {
  for (const auto& w : r.warnings) {
    if (w.code == code) return true;
  }
  return false;
}

const RowValues& Row(const TableValues& t, TemplateId id, bool active, std::string_view key) {
  const TableSpec& spec =
      active ? GetTemplate(id).active_disclosure : GetTemplate(id).applications;
  for (size_t i = 0; i < spec.rows.size(); ++i) {
    if (spec.rows[i].key == key) return t.rows.at(i);
  }
  throw std::invalid_argument("no row " + std::string(key));
}

std::vector<CellValue> Ints(std::initializer_list<int64_t> values) {
  std::vector<CellValue> row;
  for (int64_t v : values) row.push_back(CellValue::Integer(v));
  return row;
}

std::string Zeros(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += i ? " 0" : "0";
  return s;
}

// Section 三 of the 2021 template with `rows` (key -> cells text) in order.
std::string Applications(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string s = std::string(kActive2021) + "三、收到和处理政府信息公开申请情况\n申请人情况\n";
  for (const auto& [key, cells] : rows) s += ApplicationRowLabel(key) + " " + cells + "\n";
  return s;
}

TEST(TableReader, InfersARowWhoseLabelIsLostFromTheSurplusOfThePreviousRow) {
  const ReportRecord r = ExtractReport(std::string(kActive2021) +
                                       "行政处罚\n0\n\n3\n第二十条第（八）项\n行政事业性收费 0\n");
  EXPECT_EQ(Row(r.active_disclosure, TemplateId::k2021, true, "penalty"), Ints({0}));
  EXPECT_EQ(Row(r.active_disclosure, TemplateId::k2021, true, "coercion"), Ints({3}));
  EXPECT_TRUE(Warned(r, "label_missing_inferred"));
}

TEST(TableReader, DoesNotInferWhenTheNextLabelIsPresentLater) {
  const ReportRecord r =
      ExtractReport(std::string(kActive2021) + "行政处罚 0 3\n行政强制 5\n");
  EXPECT_EQ(Row(r.active_disclosure, TemplateId::k2021, true, "penalty"), Ints({0}));
  EXPECT_EQ(Row(r.active_disclosure, TemplateId::k2021, true, "coercion"), Ints({5}));
  EXPECT_FALSE(Warned(r, "label_missing_inferred"));
  EXPECT_TRUE(Warned(r, "value_unassigned"));  // the stray 3 is reported, not placed
}

TEST(TableReader, ReadsABlockOfLabelsFollowedByAllTheirCells) {
  const std::string text = std::string(kActive2021) + "三、收到和处理政府信息公开申请情况\n" +
                           ApplicationRowLabel("denied_state_secret") + "\n" +
                           ApplicationRowLabel("denied_law_forbidden") + "\n" +
                           ApplicationRowLabel("denied_three_safety") + "\n" +
                           "1 0 0 0 0 0 1\n2 0 0 0 0 0 2\n3 0 0 0 0 0 3\n";
  const ReportRecord r = ExtractReport(text);
  EXPECT_EQ(Row(r.applications, TemplateId::k2021, false, "denied_state_secret"), Ints({1, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(Row(r.applications, TemplateId::k2021, false, "denied_law_forbidden"), Ints({2, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(Row(r.applications, TemplateId::k2021, false, "denied_three_safety"), Ints({3, 0, 0, 0, 0, 0, 3}));
}

TEST(TableReader, LeavesARowWithMissingCellsNullBecausePositionsAreUnknown) {
  const ReportRecord r = ExtractReport(Applications({{"new_received", "3 0 0 0 3"}}));
  const RowValues& row = Row(r.applications, TemplateId::k2021, false, "new_received");
  ASSERT_TRUE(row.has_value());
  for (const auto& cell : *row) EXPECT_TRUE(cell.is_null());
  EXPECT_TRUE(Warned(r, "row_ambiguous"));
}

TEST(TableReader, RecordsPlaceholdersBlanksAndDecimalsInCountsAsNullWithWarnings) {
  const std::string text = std::string(kActive2021) + "三、收到和处理政府信息公开申请情况\n" +
                           ApplicationRowLabel("new_received") + "\t\t3\t—\t/\t\t0\t0\t3\n" +
                           ApplicationRowLabel("carried_over") + "\t1.5\t0\t0\t0\t0\t0\t0\n";
  const ReportRecord r = ExtractReport(text);
  const RowValues& row = Row(r.applications, TemplateId::k2021, false, "new_received");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ((*row)[0], CellValue::Integer(3));
  EXPECT_TRUE((*row)[1].is_null());
  EXPECT_TRUE((*row)[2].is_null());
  EXPECT_TRUE((*row)[3].is_null());
  EXPECT_EQ((*row)[6], CellValue::Integer(3));
  EXPECT_TRUE(Warned(r, "cell_placeholder"));
  EXPECT_TRUE(Warned(r, "cell_blank"));
  EXPECT_TRUE(Warned(r, "cell_unreadable"));
  EXPECT_TRUE((*Row(r.applications, TemplateId::k2021, false, "carried_over"))[0].is_null());
}

TEST(TableReader, AHeaderRepeatedBetweenALabelAndItsNumbersDoesNotStealThem) {
  // A page break between the label of 三（五）5 and its numbers, with the column header again.
  const std::string text = Applications({{"rejected_mass_repeat", Zeros(7)}}) +
                           "5.要求行政机关确认或重新出\n\n具已获取信息\n\n- 5 -\n\n"
                           "申请人情况\n自然人 法人或其他组织 总计\n"
                           "4 0 0 0 0 0 4\n" + ApplicationRowLabel("total") + " 9 0 0 0 0 0 9\n";
  const ReportRecord r = ExtractReport(text);
  EXPECT_EQ(Row(r.applications, TemplateId::k2021, false, "rejected_confirm"), Ints({4, 0, 0, 0, 0, 0, 4}));
  EXPECT_EQ(Row(r.applications, TemplateId::k2021, false, "total"), Ints({9, 0, 0, 0, 0, 0, 9}));
}

TEST(TableReader, KeepsTheFirstCopyOfARepeatedTable) {
  const std::string once = ApplicationRowLabel("new_received") + " 1 0 0 0 0 0 1\n" +
                           ApplicationRowLabel("carried_over") + " 0 0 0 0 0 0 0\n";
  const std::string text = std::string(kActive2021) + "三、收到和处理政府信息公开申请情况\n" + once +
                           ApplicationRowLabel("new_received") + " 5 0 0 0 0 0 5\n";
  const ReportRecord r = ExtractReport(text);
  EXPECT_EQ(Row(r.applications, TemplateId::k2021, false, "new_received"), Ints({1, 0, 0, 0, 0, 0, 1}));
  EXPECT_TRUE(Warned(r, "table_repeated"));
}

TEST(TableReader, ReportsOwnTotalsThatDisagreeAsFailedChecksWithoutCorrectingThem) {
  testing::SyntheticReport report = testing::MakeConsistentReport(TemplateId::k2021, 7);
  report.applications[0][6] += 1;  // 一's 总计 one too high
  const ReportRecord r = ExtractReport(testing::BuildReportText(report, testing::Layout::kRowPerLine));
  EXPECT_EQ((*r.applications.rows[0])[6], CellValue::Integer(report.applications[0][6]));
  int failed_row_total = 0, failed_balance = 0;
  for (const auto& c : r.checks) {
    failed_row_total += !c.ok && c.rule == "row_total" && c.where == "new_received";
    failed_balance += !c.ok && c.rule == "balance" && c.where == "总计";
  }
  EXPECT_EQ(failed_row_total, 1);
  EXPECT_EQ(failed_balance, 1);
}

// Table 四 away from its place.
std::string WithReviewsElsewhere(const std::string& extra) {
  testing::SyntheticReport report = testing::MakeConsistentReport(TemplateId::k2021, 3);
  std::string text = testing::BuildReportText(report, testing::Layout::kRowPerLine);
  // Drop table 四 (heading and numbers) and put `extra` into section 五.
  const size_t four = text.find("四、政府信息公开行政复议");
  const size_t five = text.find("五、存在的主要问题");
  text.erase(four, five - four);
  const size_t after_five = text.find('\n', text.find("五、存在的主要问题"));
  text.insert(after_five + 1, extra);
  return text;
}

TEST(DisplacedRows, RecoversTheOnlyFifteenNumberRowWhoseGroupsAddUp) {
  const ReportRecord r = ExtractReport(WithReviewsElsewhere("\n1 3 1 0 5 0 0 0 0 0 0 0 0 0 0\n"));
  ASSERT_TRUE(r.reviews_litigation.present);
  EXPECT_EQ(r.reviews_litigation.rows[0], Ints({1, 3, 1, 0, 5}));
  EXPECT_TRUE(Warned(r, "value_displaced"));
}

TEST(DisplacedRows, LeavesTheTableNullWhenTheSumsDoNotFit) {
  const ReportRecord r = ExtractReport(WithReviewsElsewhere("\n1 3 1 0 4 0 0 0 0 0 0 0 0 0 0\n"));
  EXPECT_FALSE(r.reviews_litigation.present);
  EXPECT_FALSE(Warned(r, "value_displaced"));
  EXPECT_TRUE(Warned(r, "section_missing"));
}

TEST(DisplacedRows, LeavesTheTableNullWhenTwoRowsWouldFit) {
  const ReportRecord r = ExtractReport(WithReviewsElsewhere(
      "\n1 3 1 0 5 0 0 0 0 0 0 0 0 0 0\n\n说明如下。\n\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"));
  EXPECT_FALSE(r.reviews_litigation.present);
  EXPECT_FALSE(Warned(r, "value_displaced"));
}

}  // namespace
}  // namespace xxgk::extract
