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

// ---- Portal chrome above or around the title (issue 12). Synthetic pages, modelled on the shapes
// portal pages have: breadcrumbs, toolbars, login links, "标题:" fields, English site names.

TEST(ReadMetadata, CutsBreadcrumbsGluedToTheTitle) {
  Read r = ReadText("首页 政务资讯 政务公开 测试县人民政府办公室2023年度政府信息公开工作年度报告\n一、总体情况\n");
  EXPECT_EQ(r.meta.agency, "测试县人民政府办公室");
  EXPECT_EQ(r.meta.year, 2023);
  EXPECT_FALSE(r.Warned("agency_missing"));
}

TEST(ReadMetadata, SkipsChromeLinesAboveTheTitle) {
  Read r = ReadText(
      "登录|注册 无障碍 长者模式\n"
      "当前位置：首页 > 政务公开 > 政府信息公开年报\n"
      "【字体：大 中 小】 打印 关闭\n"
      "测试县教育局2022年政府信息公开工作年度报告\n"
      "一、总体情况\n");
  EXPECT_EQ(r.meta.agency, "测试县教育局");
  EXPECT_EQ(r.meta.year, 2022);
  EXPECT_FALSE(r.Warned("metadata_inferred"));
}

TEST(ReadMetadata, CutsTitleFieldsToolbarsAndEnglishSiteNames) {
  EXPECT_EQ(ReadText("标题：测试市财政局2023年政府信息公开工作年度报告\n").meta.agency, "测试市财政局");
  EXPECT_EQ(ReadText("【字体：大 中 小】打印 测试镇人民政府2023年度政府信息公开工作年度报告\n").meta.agency,
            "测试镇人民政府");
  EXPECT_EQ(ReadText("The People's Government of Ceshi County 测试县人民政府2023年政府信息公开工作年度报告\n")
                .meta.agency,
            "测试县人民政府");
  EXPECT_EQ(ReadText("首页 > 2023年度测试县人民政府政府信息公开工作年度报告\n").meta.agency, "测试县人民政府");
}

TEST(ReadMetadata, RefusesJunkThatIsNotABodysName) {
  // Chrome only, nothing body-shaped before the year: null, never the chrome.
  Read r = ReadText("首页 政务公开 2023年政府信息公开工作年度报告\n一、总体情况\n无。\n");
  EXPECT_EQ(r.meta.agency, std::nullopt);
  EXPECT_EQ(r.meta.year, 2023);
  EXPECT_TRUE(r.Warned("agency_missing"));
}

TEST(ReadMetadata, TakesTheCompilingBodyWhenTheTitleIsInTheChrome) {
  Read r = ReadText(
      "首页 > 政务公开 > 政府信息公开年报\n"
      "发布时间：2024-01-20 来源：本站 浏览次数：12\n"
      "本报告由测试县自然资源局编制。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
      "一、总体情况\n"
      "六、其他需要报告的事项\n无。\n测试县自然资源局\n2024年1月20日\n");
  EXPECT_EQ(r.meta.agency, "测试县自然资源局");
  EXPECT_EQ(r.meta.year, 2023);
  EXPECT_EQ(r.meta.agency_alias, std::nullopt);
  ASSERT_TRUE(r.Warned("metadata_inferred"));
  EXPECT_FALSE(r.Warned("year_inferred"));
}

TEST(ReadMetadata, InfersFromSignatureAndOverviewBelowChrome) {
  Read r = ReadText(
      "您现在的位置：首页 >> 信息公开 >> 年度报告\n"
      "一、总体情况\n2023年，我镇认真贯彻落实《条例》。\n"
      "六、其他需要报告的事项\n无。\n测试镇人民政府\n2024年1月8日\n");
  EXPECT_EQ(r.meta.agency, "测试镇人民政府");
  EXPECT_EQ(r.meta.year, 2023);
  EXPECT_TRUE(r.Warned("year_inferred"));
  EXPECT_TRUE(r.Warned("metadata_inferred"));
}

TEST(ReadMetadata, BodyTextNamingTheWebsiteIsNotChrome) {
  Read r = ReadText("本报告电子版可在本机关门户网站查阅。\n一、总体情况\n2023年，我局认真落实《条例》。\n测试县财政局\n2024年1月5日\n");
  EXPECT_EQ(r.meta.agency, "测试县财政局");
  EXPECT_TRUE(r.Warned("year_inferred"));
  EXPECT_FALSE(r.Warned("metadata_inferred"));
}

TEST(ReadMetadata, ReadsTheYearOfACompilingClause) {
  Read r = ReadText("首页 政务公开\n本报告是由测试区人民政府办公室编制的2022年度政府信息公开工作年度报告。\n");
  EXPECT_EQ(r.meta.agency, "测试区人民政府办公室");
  EXPECT_EQ(r.meta.year, 2022);
}

TEST(ReadMetadata, RecordsTheSignaturesOtherNameOfTheSameBody) {
  Read r = ReadText("测试县古韩镇2023年度政府信息公开工作年度报告\n一、总体情况\n无。\n古韩镇人民政府\n2024年1月18日\n");
  EXPECT_EQ(r.meta.agency, "测试县古韩镇");
  EXPECT_EQ(r.meta.agency_alias, "古韩镇人民政府");
  // The same name twice, or another body signing: no alias.
  EXPECT_EQ(ReadText("测试县人民政府办公室2023年政府信息公开工作年度报告\n测试县人民政府办公室\n2024年1月29日\n")
                .meta.agency_alias,
            std::nullopt);
  EXPECT_EQ(ReadText("测试县教育局2023年政府信息公开工作年度报告\n测试县人民政府\n2024年1月29日\n")
                .meta.agency_alias,
            std::nullopt);
}

// Openings seen on real portal pages (docs/extractor.md "Real layouts"), with names of our own.
TEST(ReadMetadata, ReadsATitleSplitBelowAPageMetadataLine) {
  // Breadcrumb naming the report column and a year, the body's short name, a metadata line, then
  // the title over two lines: the chrome line is not glued into the title.
  Read r = ReadText(
      "当前位置: 首页 / 政务公开 / 信息公开年报 / 2021年 / 稿件页\n\n"
      "测试街道\n来源:测试区政府 作者:测试 发布时间:2022-01-26 访问量: 字体大小: 放大 缩小\n\n"
      "      测试市测试区测试街道\n\n    2021年政府信息公开工作年度报告\n\n"
      "一、总体情况\n无。\n测试区测试街道办事处\n2022年1月20日\n");
  EXPECT_EQ(r.meta.agency, "测试市测试区测试街道");
  EXPECT_EQ(r.meta.year, 2021);
  EXPECT_FALSE(r.Warned("metadata_inferred"));
}

TEST(ReadMetadata, ReadsATitleBrokenAfterItsYear) {
  Read r = ReadText(
      "政府信息公开\n\n测试自治区人民政府办公厅\n\n发布时间:2023-01-30   浏览次数:   【字体:\n\n"
      "测试自治区人民政府办公厅2022\n\n政府信息公开工作年度报告\n\n"
      "依据《中华人民共和国政府信息公开条例》编制本报告。\n一、总体情况\n无。\n");
  EXPECT_EQ(r.meta.agency, "测试自治区人民政府办公厅");
  EXPECT_EQ(r.meta.year, 2022);
  // "2022度…" (a title's typo, its 统计期限 says 2023) is no year: the sentence gives it.
  Read typo = ReadText("2022度测试区测试街道信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n");
  EXPECT_EQ(typo.meta.year, 2023);
}

TEST(ReadMetadata, TakesTheStatisticsYearOverABreadcrumbsYear) {
  Read r = ReadText(
      "当前位置: 首页 / 政务公开 / 信息公开年报 / 2021年 / 稿件页\n"
      "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n无。\n"
      "测试镇人民政府\n2023年1月5日\n");
  EXPECT_EQ(r.meta.year, 2022);
  EXPECT_EQ(r.meta.agency, "测试镇人民政府");
  EXPECT_TRUE(r.Warned("metadata_inferred"));
}

TEST(ReadMetadata, SkipsSiteNavigationAndKeepsABodysBracketedSecondName) {
  Read r = ReadText(
      "站群导航\n|\n加入收藏\n|\n设为首页\n|\n手机版\n\n测试国家高新区(测试区)\n\n政府信息公开\n\n"
      "全文检索\n\n2022年测试高新区(测试区)政府信息公开工作年度报告\n\n"
      "来源: 发布时间:2023-01-31 浏览次数: 【字体:\n\n一、总体情况\n无。\n");
  EXPECT_EQ(r.meta.agency, "测试高新区(测试区)");
  EXPECT_EQ(r.meta.year, 2022);
  // A remark in brackets is still no part of the name.
  EXPECT_EQ(ReadText("一、总体情况\n无。\n测试县人民政府办公室(盖章)\n2024年1月5日\n").meta.agency,
            "测试县人民政府办公室");
}


TEST(ReadMetadata, ReadsATitleWhoseYearIsAloneOnALine) {
  // Digits alone are no chrome line (an ASCII line of bars or English words is): the title goes on.
  Read r = ReadText("测试县人民政府办公室\n2022\n年度政府信息公开工作年度报告\n一、总体情况\n无。\n");
  EXPECT_EQ(r.meta.agency, "测试县人民政府办公室");
  EXPECT_EQ(r.meta.year, 2022);
  Read bars = ReadText("测试县人民政府办公室\n|\nEN\n2022年度政府信息公开工作年度报告\n一、总体情况\n");
  EXPECT_EQ(bars.meta.agency, std::nullopt);  // the bar restarts the title: no body in it
  EXPECT_EQ(bars.meta.year, 2022);
}

TEST(ReadMetadata, TakesTheTitlesOrTheCompilingClausesYearOverABreadcrumbs) {
  constexpr std::string_view kCrumb = "当前位置: 首页 / 政务公开 / 信息公开年报 / 2021年 / 稿件页\n";
  Read titled = ReadText(std::string(kCrumb) +
                         "2022年政府信息公开工作年度报告\n一、总体情况\n无。\n测试镇人民政府\n2023年1月5日\n");
  EXPECT_EQ(titled.meta.year, 2022);
  EXPECT_EQ(titled.meta.agency, "测试镇人民政府");
  Read compiled = ReadText(std::string(kCrumb) +
                           "本报告由测试镇人民政府编制的2022年度政府信息公开工作年度报告。\n一、总体情况\n无。\n");
  EXPECT_EQ(compiled.meta.year, 2022);
  EXPECT_TRUE(compiled.Warned("metadata_inferred"));
  // With nothing else, the breadcrumb's year is taken, and the warning says so.
  Read crumb = ReadText(std::string(kCrumb) + "一、总体情况\n无。\n测试镇人民政府\n2022年1月5日\n");
  EXPECT_EQ(crumb.meta.year, 2021);
  bool said = false;
  for (const auto& w : crumb.warnings) {
    said = said || w.detail.find("breadcrumb") != std::string::npos;
  }
  EXPECT_TRUE(said);
}

TEST(ReadMetadata, TakesTheBodyOfATitleWithoutAYear) {
  // A county department's page (docs/extractor.md, 会同县林业局 2020): the title names no year,
  // the 统计时限 sentence does.
  Read r = ReadText("测试县林业局信息公开工作年度报告\n一、总体情况\n本年报统计时限为2020年1月1日至2020年12月31日止。\n");
  EXPECT_EQ(r.meta.agency, "测试县林业局");
  EXPECT_EQ(r.meta.year, 2020);
  EXPECT_FALSE(r.Warned("agency_missing"));
  EXPECT_EQ(ReadText("测试县人民政府政府信息公开工作年度报告\n").meta.agency, "测试县人民政府");
  EXPECT_EQ(ReadText("测试县人民政府信息公开工作年度报告\n").meta.agency, "测试县人民政府");
  EXPECT_EQ(ReadText("关于测试镇人民政府信息公开工作年度报告\n").meta.agency, "测试镇人民政府");
  EXPECT_EQ(ReadText("政府信息公开工作年度报告\n").meta.agency, std::nullopt);
}

TEST(ReadMetadata, ReadsTheSentenceAnnouncingTheReport) {
  // Pages with no title line, the page's metadata as a bar table above (大泗镇 2021, 杨凌 2022).
  Read town = ReadText(
      "索引号 | 000000000/2022-00011 | 分类 | 信息公开年报 |\n发布机构 | 测试镇 | 发文日期 | 2022-01-18 |\n"
      "文号 | 时效 |\n根据《中华人民共和国政府信息公开条例》规定,现公布测试镇2021年政府信息公开工作年度报告。\n"
      "一、总体情况\n无。\n测试县人民政府\n2022年1月18日\n");
  EXPECT_EQ(town.meta.agency, "测试镇");  // not the signing county
  EXPECT_EQ(town.meta.year, 2021);
  EXPECT_TRUE(town.Warned("metadata_inferred"));
  Read bureau = ReadText(
      "一、总体情况\n根据《中华人民共和国政府信息公开条例》规定,现公布我局2022年政府信息公开工作年度报告。\n");
  EXPECT_EQ(bureau.meta.agency, std::nullopt);  // 我局 names no body
  EXPECT_EQ(bureau.meta.year, 2022);
  EXPECT_FALSE(bureau.Warned("year_missing"));
  EXPECT_EQ(ReadText("一、总体情况\n特向社会公布2021年度本镇政府信息公开年度报告。\n").meta.year, 2021);
  EXPECT_EQ(ReadText("一、总体情况\n向社会公布2020年本级政府信息公开工作年度报告。\n").meta.year, 2020);
  // 公布 followed by something else than the report is no source.
  Read other = ReadText("一、总体情况\n及时公布2021年度财政预决算信息公开情况报告。\n");
  EXPECT_EQ(other.meta.year, std::nullopt);
  EXPECT_EQ(ReadText("一、总体情况\n公布2021年政府信息公开指南。\n").meta.year, std::nullopt);
}

TEST(ReadMetadata, ReadsATitleBelowTheSitesNameAndAnUndatedBreadcrumb) {
  // A town's page (杨柳镇 2021): the site's name, a breadcrumb ending in the report column, the title.
  Read r = ReadText(
      "  • 无障碍\n  • 长辈版\n测试镇人民政府\n您现在所在的位置: 网站首页 > 政府信息公开 > 测试镇人民政府 > "
      "政府信息公开年报\n测试镇2021年政府信息公开工作年度报告\n发布时间:2022-01-07 来源:测试镇人民政府 字体:[ ]\n"
      "本年度报告中所列数据统计期限从202111日到1231日止。\n一、总体情况\n无。\n");
  EXPECT_EQ(r.meta.agency, "测试镇");
  EXPECT_EQ(r.meta.year, 2021);
  // The same statistics sentence without the title gives no year (its digits are not a year).
  Read lost = ReadText("本年度报告中所列数据统计期限从202111日到1231日止。\n一、总体情况\n无。\n");
  EXPECT_EQ(lost.meta.year, std::nullopt);
  EXPECT_TRUE(lost.Warned("year_missing"));
}

TEST(ReadMetadata, ReadsATitleWhoseLastGlyphWasLost) {
  // A town's page (兴国镇 2025): the title broken before "年度报", its 告 lost; the 统计期限
  // sentence without its 年/月 (no year in it).
  Read r = ReadText(
      "测试镇人民政府2025年政府信息公开工作\n\n年度报\n\n\n根据《中华人民共和国政府信息公开条例》要求编制本报告。"
      "报告中所列数据统计期限为2025111231日。\n\n一、总体情况\n\n2025年,测试镇坚持公开。\n");
  EXPECT_EQ(r.meta.agency, "测试镇人民政府");
  EXPECT_EQ(r.meta.year, 2025);
  EXPECT_FALSE(r.Warned("year_inferred"));
}

}  // namespace
}  // namespace xxgk::extract
