// Column-true tables (issue 12): tables whose cells keep their positions (tab rows from HTML, DOCX
// and ruled PDF tables; '|' rows) are read by column, not by order. Header rows define the columns,
// a blank header cell continues the one to its left, a data cell belongs to the column whose span
// covers its position, and where positions do not settle a value the cell is null with a warning.
// Each test runs the whole extractor on a small report so the behaviour is pinned end to end.
#include <gtest/gtest.h>

#include "extract/report/report_extractor.h"
#include "extract/report/report_lines.h"
#include "extract/report/table_columns.h"
#include "extract/text/html_text.h"
#include "tests/extract/report_builder.h"

namespace xxgk::extract {
namespace {

using testing::ApplicationRowLabel;

size_t CountWarnings(const ReportRecord& r, std::string_view code) {
  size_t n = 0;
  for (const auto& w : r.warnings) n += w.code == code;
  return n;
}

std::string Codes(const ReportRecord& r) {
  std::string s;
  for (const auto& w : r.warnings) s += w.code + "(" + w.section + "): " + w.detail + "\n";
  return s;
}

const RowValues& Row(const TableValues& t, TemplateId id, bool active, std::string_view key) {
  const TableSpec& spec = active ? GetTemplate(id).active_disclosure : GetTemplate(id).applications;
  for (size_t i = 0; i < spec.rows.size(); ++i) {
    if (spec.rows[i].key == key) return t.rows.at(i);
  }
  throw std::invalid_argument("no row " + std::string(key));
}

// "37,2,610" / "3,null,…": a row as text, for short assertions.
std::string RowText(const RowValues& row) {
  if (!row) return "absent";
  std::string s;
  for (const CellValue& c : *row) {
    if (!s.empty()) s += ",";
    if (c.kind == CellValue::Kind::kInteger) s += std::to_string(c.integer);
    else if (c.kind == CellValue::Kind::kDecimal) s += c.text;
    else s += "null";
  }
  return s;
}

// Table 二 of the 2019 template as the official Word file's grid gives it (HTML or DOCX text):
// 对外公开总数量 spans two grid columns, 本年增/减 spans two, and so does the last header of (八)
// and (九). Trailing empty cells were trimmed by the archive's normalisation.
constexpr const char* kActive2019Grid =
    "二、主动公开政府信息情况\n\n"
    "第二十条第（一）项\n"
    "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
    "规章\t13\t12\t524\n"
    "规范性文件\t60\t59\t\t368\n"
    "第二十条第（五）项\n"
    "信息内容\t上一年项目数量\t本年增/减\t\t处理决定数量\n"
    "行政许可\t37\t\t2\t610\n"
    "其他对外管理服务事项\t5\t-1\t\t8\n"
    "第二十条第（六）项\n"
    "信息内容\t上一年项目数量\t本年增/减\t\t处理决定数量\n"
    "行政处罚\t41\t\t-3\t1200\n"
    "行政强制\t7\t\t0\t19\n"
    "第二十条第（八）项\n"
    "信息内容\t上一年项目数量\t本年增/减\n"
    "行政事业性收费\t4\t\t1\n"
    "第二十条第（九）项\n"
    "信息内容\t采购项目数量\t采购总金额\n"
    "政府集中采购\t6\t\t251000元\n\n";

TEST(TableColumns, MergedHeaderCellsOf2019TableTwoKeepValuesInTheirColumns) {
  const ReportRecord r = ExtractReport(kActive2019Grid);
  ASSERT_EQ(r.template_id, TemplateId::k2019);
  const TemplateId t = TemplateId::k2019;
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "regulations")), "13,12,524");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "normative_documents")), "60,59,368");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "licensing")), "37,2,610");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "other_services")), "5,-1,8");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "penalty")), "41,-3,1200");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "coercion")), "7,0,19");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "fees")), "4,1");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "procurement")), "6,251000元");
  for (const auto& w : r.warnings) {
    if (w.section == "二") ADD_FAILURE() << Codes(r);
  }
}

TEST(TableColumns, MergedHeaderCellsFromAnHtmlPageGoThroughTheSameColumns) {
  const std::string html =
      "<html><body><p>二、主动公开政府信息情况</p><table>"
      "<tr><td colspan=5>第二十条第（五）项</td></tr>"
      "<tr><td>信息内容</td><td>上一年项目数量</td><td colspan=2>本年增/减</td><td>处理决定数量</td></tr>"
      "<tr><td>行政许可</td><td>37</td><td></td><td>2</td><td>610</td></tr>"
      "</table></body></html>";
  const HtmlText text = HtmlToText(html);
  ASSERT_TRUE(text.refusal.empty()) << text.refusal;
  const ReportRecord r = ExtractReport(text.text);
  ASSERT_EQ(r.template_id, TemplateId::k2019) << text.text;
  EXPECT_EQ(RowText(Row(r.active_disclosure, TemplateId::k2019, true, "licensing")), "37,2,610")
      << text.text;
}

TEST(TableColumns, TwoNumbersUnderOneHeaderAreNullWithAWarningNeverAssignedByOrder) {
  const ReportRecord r = ExtractReport(
      "二、主动公开政府信息情况\n"
      "信息内容\t上一年项目数量\t本年增/减\t\t处理决定数量\n"
      "行政许可\t37\t4\t2\t610\n");
  ASSERT_EQ(r.template_id, TemplateId::k2019);
  EXPECT_EQ(RowText(Row(r.active_disclosure, TemplateId::k2019, true, "licensing")), "37,null,610");
  EXPECT_EQ(CountWarnings(r, "cell_ambiguous"), 1u) << Codes(r);
}

TEST(TableColumns, ARowWiderThanItsClosedHeaderIsNullWithAWarning) {
  const ReportRecord r = ExtractReport(
      "二、主动公开政府信息情况\n"
      "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
      "| 行政许可 | 37 | 2 | 610 | 9 |\n");
  ASSERT_EQ(r.template_id, TemplateId::k2019);
  EXPECT_EQ(RowText(Row(r.active_disclosure, TemplateId::k2019, true, "licensing")), "null,null,null");
  EXPECT_EQ(CountWarnings(r, "row_ambiguous"), 1u) << Codes(r);
}

// Table 三 of the 2021 template as an HTML page's grid gives it: three label columns (rowspans
// leave their positions empty), a three-line header, blank cells empty rather than 0.
std::string Applications2021Grid(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string s =
      "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\n"
      "三、收到和处理政府信息公开申请情况\n\n"
      "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\n"
      "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
      "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n";
  for (const auto& [key, cells] : rows) {
    const bool top = key == "new_received" || key == "carried_over" || key == "total" ||
                     key == "carried_forward";
    s += (top ? ApplicationRowLabel(key) + "\t\t" : "\t\t" + ApplicationRowLabel(key)) + cells + "\n";
  }
  return s + "\n";
}

TEST(TableColumns, SparseTabRowsKeepTheirPositionsFromTheLeftEdge) {
  const ReportRecord r = ExtractReport(Applications2021Grid({
      {"new_received", "\t3\t\t\t\t\t1\t4"},
      {"denied_process_info", "\t3"},            // only 自然人; trailing tabs trimmed
      {"denied_enforcement_file", "\t\t\t\t\t\t\t2"},  // only 总计
      {"unable_not_held", "\t1\t\t1"},            // 自然人 and 科研机构
  }));
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  const TemplateId t = TemplateId::k2021;
  EXPECT_EQ(RowText(Row(r.applications, t, false, "new_received")), "3,null,null,null,null,1,4");
  EXPECT_EQ(RowText(Row(r.applications, t, false, "denied_process_info")),
            "3,null,null,null,null,null,null");
  EXPECT_EQ(RowText(Row(r.applications, t, false, "denied_enforcement_file")),
            "null,null,null,null,null,null,2");
  EXPECT_EQ(RowText(Row(r.applications, t, false, "unable_not_held")),
            "1,null,1,null,null,null,null");
  // One cell_blank per row, naming its blank columns.
  EXPECT_EQ(CountWarnings(r, "cell_blank"), 4u) << Codes(r);
  EXPECT_EQ(CountWarnings(r, "row_ambiguous"), 0u) << Codes(r);
}

TEST(TableColumns, OneBlankWarningPerRowNamesItsBlankColumns) {
  const ReportRecord r = ExtractReport(Applications2021Grid({{"denied_process_info", "\t3"}}));
  size_t found = 0;
  for (const auto& w : r.warnings) {
    if (w.code != "cell_blank") continue;
    ++found;
    EXPECT_NE(w.detail.find("denied_process_info"), std::string::npos) << w.detail;
    EXPECT_NE(w.detail.find("商业企业"), std::string::npos) << w.detail;
    EXPECT_NE(w.detail.find("总计"), std::string::npos) << w.detail;
    EXPECT_EQ(w.detail.find("自然人"), std::string::npos) << w.detail;
  }
  EXPECT_EQ(found, 1u) << Codes(r);
}

// A text not written cell for cell (like sample 002): the header's cells sit one position left of
// the rows' cells. A sparse row would be shifted into the wrong columns; a complete row shows the
// disagreement, so the table is read by order (complete rows only) and nothing is misplaced.
TEST(TableColumns, AHeaderThatDisagreesWithCompleteRowsIsNotUsed) {
  const std::string text =
      "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\n"
      "三、收到和处理政府信息公开申请情况\n\n"
      "\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n" +
      ApplicationRowLabel("new_received") + "\t\t\t5\t0\t0\t0\t0\t1\t6\n" +
      "\t\t" + ApplicationRowLabel("denied_process_info") + "\t\t3\n";
  const ReportRecord r = ExtractReport(text);
  ASSERT_EQ(r.template_id, TemplateId::k2021);
  const TemplateId t = TemplateId::k2021;
  EXPECT_EQ(RowText(Row(r.applications, t, false, "new_received")), "5,0,0,0,0,1,6");
  EXPECT_EQ(RowText(Row(r.applications, t, false, "denied_process_info")),
            "null,null,null,null,null,null,null");
  EXPECT_EQ(CountWarnings(r, "columns_disagree"), 1u) << Codes(r);
  EXPECT_EQ(CountWarnings(r, "row_ambiguous"), 1u) << Codes(r);
}

TEST(TableColumns, ABlankHeaderCellContinuesTheOneToItsLeftAndTheLastRunsToTheEdge) {
  const std::vector<std::string> lines = PrepareReportLines(
      "信息内容\t上一年项目数量\t本年增/减\t\t处理决定数量\n行政许可\t37\t\t2\t610\n");
  const TableSpec& table = GetTemplate(TemplateId::k2019).active_disclosure;
  const ColumnModel model(lines, 0, lines.size(), true, table);
  const RowSpec& licensing = table.rows[2];
  const std::optional<RowColumns> columns = model.ColumnsFor(licensing, 1);
  ASSERT_TRUE(columns.has_value());
  ASSERT_EQ(columns->spans.size(), 3u);
  EXPECT_EQ(columns->spans[0].begin, 1u);
  EXPECT_EQ(columns->spans[0].end, 2u);
  EXPECT_EQ(columns->spans[1].begin, 2u);
  EXPECT_EQ(columns->spans[1].end, 4u);
  EXPECT_EQ(columns->spans[2].begin, 4u);
  EXPECT_EQ(columns->spans[2].end, kOpenEnd);
  // Tab positions not trusted (no grid in the text): no columns.
  EXPECT_FALSE(
      ColumnModel(lines, 0, lines.size(), false, table).ColumnsFor(licensing, 1).has_value());
}

// A PDF table without ruled cells writes tabs only between text: a blank 本年增/减 leaves no
// field, so "37\t610" must not become 37 and change 610.
TEST(TableColumns, TabsFromTextWithoutAGridAreNotPositions) {
  const ReportRecord r = ExtractReport(
      "二、主动公开政府信息情况\n"
      "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
      "行政许可\t37\t610\n");
  ASSERT_EQ(r.template_id, TemplateId::k2019);
  EXPECT_EQ(RowText(Row(r.active_disclosure, TemplateId::k2019, true, "licensing")), "null,null,null");
  EXPECT_EQ(CountWarnings(r, "row_ambiguous"), 1u) << Codes(r);
}

// Page text copied from a portal: one cell per line with a trailing " |", full-width punctuation
// folded to ASCII.
TEST(TableColumns, CellPerLineWithTrailingPipesReadsTableTwo) {
  const ReportRecord r = ExtractReport(
      "二、主动公开政府信息情况 |\n第二十条第(一)项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n"
      "现行有效件数 |\n规章 |\n1 |\n0 |\n9 |\n行政规范性文件 |\n4 |\n2 |\n31 |\n第二十条第(五)项 |\n"
      "信息内容 |\n本年处理决定数量 |\n行政许可 |\n250 |\n第二十条第(六)项 |\n信息内容 |\n"
      "本年处理决定数量 |\n行政处罚 |\n17 |\n行政强制 |\n3 |\n第二十条第(八)项 |\n信息内容 |\n"
      "本年收费金额(单位:万元) |\n行政事业性收费 |\n12.5 |\n");
  ASSERT_EQ(r.template_id, TemplateId::k2021) << Codes(r);
  const TemplateId t = TemplateId::k2021;
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "regulations")), "1,0,9");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "normative_documents")), "4,2,31");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "licensing")), "250");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "penalty")), "17");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "coercion")), "3");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "fees_wan_yuan")), "12.5");
  for (const auto& w : r.warnings) {
    if (w.section == "二") ADD_FAILURE() << Codes(r);
  }
}

// Page text whose cells are tab-indented lines ending in "  | ", a value's bar sometimes on the
// next line: a bar is never a value (it was read as an unreadable cell and shifted the row).
TEST(TableColumns, TabIndentedCellPerLinePipesKeepBarsOutOfTheValues) {
  const ReportRecord r = ExtractReport(
      "二、主动公开政府信息情况\n  第二十条第(一)项  | \n\t\t\n信息内容  | \n\t\t\t本年制发件数  | \n"
      "\t\t\t本年废止件数  | \n\t\t\t现行有效件数  | \n\t\t\n规章  | \n\t\t\t1  | \n\t\t\t2  | \n"
      "\t\t\t3\n   | \n\t\t\n行政规范性文件  | \n\t\t\t4  | \n\t\t\t5  | \n\t\t\t6\n   | \n");
  ASSERT_EQ(r.template_id, TemplateId::k2021) << Codes(r);
  EXPECT_EQ(RowText(Row(r.active_disclosure, TemplateId::k2021, true, "regulations")), "1,2,3")
      << Codes(r);
  EXPECT_EQ(RowText(Row(r.active_disclosure, TemplateId::k2021, true, "normative_documents")),
            "4,5,6")
      << Codes(r);
}

TEST(TableColumns, CellPerLineWithLonePipeLinesReadsTableTwo) {
  const ReportRecord r = ExtractReport(
      "二、主动公开政府信息情况\n|\n第二十条第(一)项\n|\n信息内容\n|\n本年制发件数\n|\n本年废止件数\n|\n"
      "现行有效件数\n|\n规章\n|\n1\n|\n0\n|\n9\n|\n行政规范性文件\n|\n4\n|\n2\n|\n31\n|\n"
      "第二十条第(五)项\n|\n信息内容\n|\n本年处理决定数量\n|\n行政许可\n|\n250\n|\n");
  ASSERT_EQ(r.template_id, TemplateId::k2021) << Codes(r);
  const TemplateId t = TemplateId::k2021;
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "regulations")), "1,0,9");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "normative_documents")), "4,2,31");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "licensing")), "250");
}

// Page text of a town's report (柞水县凤凰镇 2021, docs/extractor.md): `|` rows, table 三 filled in
// only under 自然人, every other cell of its rows empty and run together with the row's padding
// ("一、… | 4 | ||||||||"). The value's column is not settled by the text (blank cells and padding
// look alike, and 三's header is not column-true in this layout): the rows are null with a
// warning, never 4 under another column or 0 for the blanks; tables 二 and 四 are read exactly.
TEST(TableColumns, PipeRowsWithOneValueAndTheirPaddingAreNullNotShifted) {
  const ReportRecord r = ExtractReport(
      "测试县测试镇2021年政府信息公开工作年度报告\n"
      "本报告中所列数据的统计时限为2021年1月1日至2021年12月31日。\n"
      "一、总体情况\n"
      "无。\n"
      "二、主动公开政府信息情况\n"
      "第二十条第(一)项 | |||\n"
      "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
      "规章 | 0 | 0 | 0 |\n"
      "行政规范性文件 | 3 | 1 | 12 |\n"
      "第二十条第(五)项 | |||\n"
      "信息内容 | 本年处理决定数量 | ||\n"
      "行政许可 | 7 | ||\n"
      "第二十条第(六)项 | |||\n"
      "信息内容 | 本年处理决定数量 | ||\n"
      "行政处罚 | 2 | ||\n"
      "行政强制 | 0 | ||\n"
      "第二十条第(八)项 | |||\n"
      "信息内容 | 本年收费金额(单位:万元) | ||\n"
      "行政事业性收费 | 0 |\n"
      "三、收到和处理政府信息公开申请情况\n"
      "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||\n"
      "自然人 | 法人或其他组织 | 总计 | |||||||\n"
      "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||\n"
      "一、本年新收政府信息公开申请数量 | 4 | ||||||||\n"
      "二、上年结转政府信息公开申请数量 | 0 | ||||||||\n"
      "三、本年度办理结果 | (一)予以公开 | 3 | |||||||\n"
      "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | |||||||\n"
      "(三)不予公开 | 1.属于国家秘密 | 0 | ||||||\n"
      "四、结转下年度继续办理 | 0 | ||||||||\n"
      "四、政府信息公开行政复议、行政诉讼情况\n"
      "行政复议 | 行政诉讼 | |||||||||||||\n"
      "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||\n"
      "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
      "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
      "测试县测试镇人民政府\n"
      "2022年1月20日\n");
  ASSERT_EQ(r.template_id, TemplateId::k2021) << Codes(r);
  const TemplateId t = TemplateId::k2021;
  EXPECT_EQ(r.agency, "测试县测试镇");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "normative_documents")), "3,1,12");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "licensing")), "7");
  EXPECT_EQ(RowText(Row(r.active_disclosure, t, true, "fees_wan_yuan")), "0");
  // 自然人 may be read (it is the value written) or null; every other cell is null, never a number.
  const std::pair<std::string_view, std::string_view> written[] = {
      {"new_received", "4"}, {"carried_over", "0"}, {"granted", "3"}, {"partial", "1"},
      {"denied_state_secret", "0"}, {"carried_forward", "0"}};
  for (const auto& [key, value] : written) {
    const std::string row = RowText(Row(r.applications, t, false, key));
    const std::string rest = ",null,null,null,null,null,null";
    EXPECT_TRUE(row == "null" + rest || row == std::string(value) + rest) << key << ": " << row;
  }
  EXPECT_GE(CountWarnings(r, "row_ambiguous") + CountWarnings(r, "cell_blank"), 6u) << Codes(r);
  ASSERT_TRUE(r.reviews_litigation.present);
  for (const auto& row : r.reviews_litigation.rows) EXPECT_EQ(RowText(row), "0,0,0,0,0");
}

}  // namespace
}  // namespace xxgk::extract
