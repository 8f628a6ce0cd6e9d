// No junk agencies (issue 12): every fixture's record names a government body or no agency at all,
// never portal chrome glued to a name. Runs the sample reports, the HTML and office fixtures
// (through ToText), every HTML chrome of the report writer, and the sample texts under synthetic
// chrome openings (breadcrumbs, toolbars, login links, "标题:" fields, English site names).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "extract/report/agency_name.h"
#include "extract/report/report_extractor.h"
#include "extract/text/document_text.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/ofd_writer.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::extract {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SampleReports;

// Synthetic chrome openings (no third-party text): each is put above a report's text.
const std::vector<std::string>& ChromeOpenings() {
  static const std::vector<std::string> openings = {
      "首页 政务资讯 政务公开 信息公开年报\n",
      "登录|注册 无障碍 长者模式 English\n当前位置：首页 > 政务公开 > 政府信息公开年报\n",
      "【字体：大 中 小】 打印 关闭\n",
      "Ceshi County People's Government\n首页 | 政务公开 | 政务服务 | 互动交流\n",
      "发布时间：2024-01-20 10:31 来源：本站 浏览次数：87\n【字体：大 中 小】【打印】【关闭】\n",
      "您现在的位置：首页 >> 政府信息公开 >> 政府信息公开年报\n索引号：000000000/2024-00001 发布机构：本站\n",
      // Spaced menu words, a row of sister sites, a metadata table.
      "中国政府网 省政府网 English Русская версия\n首  页 政 务 公 开 网 上 办 事 互 动 交 流 走 进 测 试\n"
      "索 引 号 0000-00001 分  类 其他 发 布 机 构 测试县人民政府办公室 发 文 日 期 2024-01-20\n",
      // The page's metadata as a bar table naming another body (a town's page, 2021).
      "索引号 | 000000000/2022-00011 | 分类 | 信息公开年报 |\n发布机构 | 测试镇 | 发文日期 | 2022-01-18 |\n"
      "文号 | 时效 |\n",
      // Bulleted accessibility links, the site's name, a breadcrumb naming the site again (2021).
      "  • 无障碍\n  • 长辈版\n测试镇人民政府\n您现在所在的位置: 网站首页 > 政府信息公开 > 测试镇人民政府 > "
      "政府信息公开年报\n",
      // Language and accessibility links, a column name alone, a search form's labels (2025).
      "简体 繁體 无障碍阅读 长者模式 测试省政府服务网-测试\n\n政府信息公开\n\n搜索位置:\n匹配度:\n排序:\n\n",
  };
  return openings;
}

void ExpectNoJunk(const ReportRecord& record, const std::string& what) {
  if (record.agency) {
    EXPECT_TRUE(HasBodyShape(*record.agency)) << what << ": junk agency \"" << *record.agency << "\"";
  }
  if (record.agency_alias) {
    EXPECT_TRUE(HasBodyShape(*record.agency_alias)) << what << ": junk alias \"" << *record.agency_alias
                                                    << "\"";
  }
}

TEST(AgencyFixtures, SampleReportsNameTheirBodies) {
  for (const fs::path& report : SampleReports()) {
    const ReportRecord record = ExtractReport(ReadAll(report));
    ASSERT_TRUE(record.agency.has_value()) << report;
    ExpectNoJunk(record, report.filename().string());
  }
}

TEST(AgencyFixtures, ChromeAboveASampleChangesNoAgency) {
  size_t checked = 0;
  for (const fs::path& report : SampleReports()) {
    const std::string text = ReadAll(report);
    const ReportRecord clean = ExtractReport(text);
    for (const std::string& opening : ChromeOpenings()) {
      const ReportRecord record = ExtractReport(opening + text);
      ExpectNoJunk(record, report.filename().string() + " under " + opening);
      EXPECT_EQ(record.agency, clean.agency) << report.filename() << " under " << opening;
      EXPECT_EQ(record.year, clean.year) << report.filename() << " under " << opening;
      ++checked;
    }
  }
  EXPECT_EQ(checked, SampleReports().size() * ChromeOpenings().size());
}

TEST(AgencyFixtures, FormatFixturesHaveNoJunkAgency) {
  size_t documents = 0;
  for (const char* dir : {"tests/extract/formats", "tests/extract/formats/office"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(XXGK_SOURCE_DIR) / dir)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name.ends_with(".txt")) continue;
      const DocumentText text = ToText(ReadAll(entry.path()), {"", name});
      if (!text.ok()) continue;
      ExpectNoJunk(ExtractReport(text.text), name);
      ++documents;
    }
  }
  EXPECT_GE(documents, 40u);
}

TEST(AgencyFixtures, EveryHtmlChromeOfTheWriterGivesTheBody) {
  using testing::Chrome;
  for (const fs::path& report : SampleReports()) {
    const std::string text = ReadAll(report);
    const ReportRecord clean = ExtractReport(text);
    for (Chrome chrome : {Chrome::kBare, Chrome::kTrs, Chrome::kHanwebZoom, Chrome::kLayoutTables,
                          Chrome::kWordExport}) {
      testing::HtmlStyle style;
      style.chrome = chrome;
      const DocumentText page = ToText(testing::ReportTextToHtml(text, style), {"", "r.html"});
      ASSERT_TRUE(page.ok()) << report;
      const ReportRecord record = ExtractReport(page.text);
      ExpectNoJunk(record, report.filename().string());
      if (clean.agency) {
        EXPECT_TRUE(record.agency.has_value()) << report.filename() << " chrome "
                                               << static_cast<int>(chrome);
      }
    }
  }
}

TEST(AgencyFixtures, SamplesPrintedAsOfdKeepTheirAgency) {
  for (const fs::path& report : SampleReports()) {
    const std::string text = ReadAll(report);
    const ReportRecord clean = ExtractReport(text);
    const DocumentText ofd = ToText(testing::MakeTextOfd(text), {"", "r.ofd"});
    ASSERT_TRUE(ofd.ok()) << report << ": " << ofd.refusal;
    const ReportRecord record = ExtractReport(ofd.text);
    ExpectNoJunk(record, report.filename().string() + " as OFD");
    EXPECT_EQ(record.agency, clean.agency) << report.filename();
    EXPECT_EQ(record.year, clean.year) << report.filename();
  }
}

}  // namespace
}  // namespace xxgk::extract
