// Report metadata: agency, covered year and signing date.
#include "extract/report/report_metadata.h"

#include <gtest/gtest.h>

#include "extract/report/report_lines.h"

namespace xxgk::extract {
namespace {

struct Read {
  ReportMetadata meta;
  std::vector<Warning> warnings;
  bool Warned(std::string_view code) const {
    for (const auto& w : warnings) {
      if (w.code == code) return true;
    }
    return false;
  }
};

Read ReadText(const std::string& text) {
  Read r;
  const auto lines = PrepareReportLines(text);
  r.meta = ReadMetadata(lines, FindSections(lines), &r.warnings);
  return r;
}

TEST(ReadMetadata, TakesAgencyAndYearFromATitleBrokenOverLines) {
  Read r = ReadText(" 襄垣县人民政府办公室 2023 年度政府信\n息公开工作年度报告\n\n一、总体情况\n");
  EXPECT_EQ(r.meta.agency, "襄垣县人民政府办公室");
  EXPECT_EQ(r.meta.year, 2023);
}

TEST(ReadMetadata, ReadsTitlesWithTheYearFirstOrWithGuanyu) {
  EXPECT_EQ(ReadText("2022年度汾阳市人民政府政府信息公开工作年度报告\n").meta.agency, "汾阳市人民政府");
  Read r = ReadText("平遥县教育局关于2021年政府信息公开工作年度报告\n");
  EXPECT_EQ(r.meta.agency, "平遥县教育局");
  EXPECT_EQ(r.meta.year, 2021);
}

TEST(ReadMetadata, UsesTheStatisticsSentenceWhenTheTitleHasNoYear) {
  Read r = ReadText("政府信息公开工作年度报告\n本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n");
  EXPECT_EQ(r.meta.year, 2022);
  EXPECT_FALSE(r.Warned("year_inferred"));
}

TEST(ReadMetadata, FallsBackToSignatureAndOverviewYearWithWarnings) {
  Read r = ReadText("一、总体情况\n2023 年，我市坚持公开。\n六、其他需要报告的事项\n无。\n汾阳市人民政府\n\n2024 年 1 月 5 日\n");
  EXPECT_EQ(r.meta.agency, "汾阳市人民政府");
  EXPECT_EQ(r.meta.year, 2023);
  EXPECT_EQ(r.meta.published, "2024-01-05");
  EXPECT_TRUE(r.Warned("year_inferred"));
}

TEST(ReadMetadata, NeverTakesTheYearFromTheSigningDate) {
  Read r = ReadText("一、总体情况\n本机关认真开展工作。\n某某局\n2024年1月5日\n");
  EXPECT_EQ(r.meta.year, std::nullopt);
  EXPECT_TRUE(r.Warned("year_missing"));
  EXPECT_EQ(r.meta.published, "2024-01-05");
}

TEST(ReadMetadata, WarnsWhenNothingIsFound) {
  Read r = ReadText("无其他需要报告的事项\n");
  EXPECT_EQ(r.meta.agency, std::nullopt);
  EXPECT_EQ(r.meta.published, std::nullopt);
  EXPECT_TRUE(r.Warned("agency_missing"));
  EXPECT_TRUE(r.Warned("published_missing"));
}

TEST(ReadMetadata, ReadsADateOnTheSignatureLine) {
  Read r = ReadText("汾西县人民政府办公室 2024年1月29日\n");
  EXPECT_EQ(r.meta.published, "2024-01-29");
  EXPECT_EQ(r.meta.agency, "汾西县人民政府办公室");
}

TEST(ParseChineseDate, ReadsDigitsAndChineseNumerals) {
  EXPECT_EQ(ParseChineseDate("2024年1月29日"), "2024-01-29");
  EXPECT_EQ(ParseChineseDate("二〇二四年一月二十九日"), "2024-01-29");
  EXPECT_EQ(ParseChineseDate("二○二三年十二月三十一日"), "2023-12-31");
  EXPECT_EQ(ParseChineseDate("二〇二四年十月十日"), "2024-10-10");
  EXPECT_EQ(ParseChineseDate("2024年13月1日"), std::nullopt);
  EXPECT_EQ(ParseChineseDate("2024年1月29日起"), std::nullopt);
  EXPECT_EQ(ParseChineseDate("1850年1月1日"), std::nullopt);
}

}  // namespace
}  // namespace xxgk::extract
