// Report titles: which list titles are annual reports of 政府信息公开, their years, and the link
// texts that name the openness section and the annual-report column.
#include "crawler/discovery/report_title.h"

#include <gtest/gtest.h>

namespace xxgk::crawl {
namespace {

TEST(ReportTitle, ReportsNameOpennessAnAnnualReportAndAYear) {
  EXPECT_EQ(AnnualReportYear("星河县人民政府2023年政府信息公开工作年度报告"), 2023);
  EXPECT_EQ(AnnualReportYear("星河县财政局2019年政府信息公开工作年度报告"), 2019);
  EXPECT_EQ(AnnualReportYear("汾西县2022年度政府信息公开工作年度报告"), 2022);
  EXPECT_EQ(AnnualReportYear("古城镇政府信息公开年报（2021）"), 2021);
  EXPECT_EQ(AnnualReportYear("襄垣县二〇二二年政府信息公开工作年度报告"), 2022);
  EXPECT_EQ(AnnualReportYear("襄垣县二零一九年政府信息公开工作年度报告"), 2019);
  EXPECT_EQ(AnnualReportYear("XX县2020年政务公开工作年度报告"), 2020);
}

TEST(ReportTitle, NoticesAboutReportsAreNotReports) {
  EXPECT_FALSE(AnnualReportYear("关于报送2023年度政府信息公开工作年度报告的通知"));
  EXPECT_FALSE(AnnualReportYear("关于做好2022年度政府信息公开工作年度报告编制发布工作的通知"));
  EXPECT_FALSE(AnnualReportYear("星河县召开2023年度政府信息公开工作年报培训会"));
  EXPECT_FALSE(AnnualReportYear("星河县2024年政务公开工作要点"));
  EXPECT_FALSE(AnnualReportYear("2023年政府信息公开工作年度报告模板"));
  EXPECT_FALSE(AnnualReportYear("全市政务公开工作推进会召开"));
}

TEST(ReportTitle, ATitleWithoutYearOrWithoutOpennessIsNoReport) {
  EXPECT_FALSE(AnnualReportYear("政府信息公开工作年度报告"));  // a column label
  EXPECT_FALSE(AnnualReportYear("星河县2023年国民经济和社会发展统计公报"));
  EXPECT_FALSE(AnnualReportYear("星河县2023年财政预算执行情况年度报告"));  // not 信息公开
}

TEST(ReportTitle, YearsInText) {
  EXPECT_EQ(YearIn("2023年度"), 2023);
  EXPECT_EQ(YearIn("第12023号 2021年"), 2021);  // a longer number is no year
  EXPECT_EQ(YearIn("二〇二〇年"), 2020);
  EXPECT_EQ(YearIn("报告2018"), 2018);
  EXPECT_FALSE(YearIn("共123页"));
  EXPECT_FALSE(YearIn("3000年"));
}

TEST(ReportTitle, ColumnAndOpennessLinkTexts) {
  for (const char* name :
       {"政府信息公开年报", "年度报告", "公开年报", "信息公开年报", "政府信息公开工作年度报告"}) {
    EXPECT_TRUE(IsReportColumnName(name)) << name;
  }
  EXPECT_FALSE(IsReportColumnName("星河县人民政府2023年政府信息公开工作年度报告"));
  EXPECT_FALSE(IsReportColumnName("政府信息公开指南"));
  EXPECT_TRUE(IsOpennessName("政府信息公开"));
  EXPECT_TRUE(IsOpennessName("信息公开"));
  EXPECT_FALSE(IsOpennessName("政府信息公开年报"));
  EXPECT_FALSE(IsOpennessName("政务服务"));
  EXPECT_TRUE(IsOpennessName("法定主动公开内容"));
  EXPECT_TRUE(IsOpennessName("政府信息公开目录"));
  EXPECT_FALSE(IsOpennessName("政府信息公开指南"));
  EXPECT_FALSE(IsOpennessName("政府信息公开制度"));
  EXPECT_FALSE(IsOpennessName("依申请公开"));
}

}  // namespace
}  // namespace xxgk::crawl
