// Section finder: which lines are the six report headings.
#include "extract/report/section_finder.h"

#include <gtest/gtest.h>

#include "extract/report/report_lines.h"

namespace xxgk::extract {
namespace {

SectionLayout Find(const std::string& text) { return FindSections(PrepareReportLines(text)); }

TEST(FindSections, FindsNumberedMarkdownAndUnnumberedHeadings) {
  const SectionLayout layout = Find(
      "一、总体情况\n## 二、主动公开政府信息情况\n### 三、收到和处理政府信息公开申请情况\n"
      " 四、政府信息公开行政复议、行政诉讼情况\n存在的主要问题及改进情况\n六、其他需要报告的事项\n");
  for (size_t s = 0; s < kSectionCount; ++s) {
    ASSERT_TRUE(layout.heading[s].has_value()) << s;
    EXPECT_EQ(*layout.heading[s], s);
  }
}

TEST(FindSections, AcceptsThe2019ReviewHeading) {
  EXPECT_TRUE(Find("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n").Has(Section::kReviews));
}

TEST(FindSections, IgnoresTableRowsAndSentencesThatMentionHeadingWords) {
  const SectionLayout layout = Find(
      "四、结转下年度继续办理 0 0 0 0 0 0 0\n"
      "全文由总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况等六部分组成。\n"
      "无其他需要报告的事项\n");
  for (size_t s = 0; s < kSectionCount; ++s) EXPECT_FALSE(layout.heading[s].has_value()) << s;
}

TEST(FindSections, KeepsTheFirstOccurrenceAndRequiresOrder) {
  const SectionLayout layout = Find(
      "三、收到和处理政府信息公开申请情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n");
  EXPECT_EQ(layout.heading[2], 0u);
  EXPECT_FALSE(layout.Has(Section::kActive));  // came after 三
}

TEST(SectionLayout, BodyEndsAtTheNextFoundHeading) {
  const SectionLayout layout =
      Find("二、主动公开政府信息情况\n规章 0 0 0\n五、存在的主要问题及改进情况\n无\n");
  auto body = layout.Body(Section::kActive);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->first, 1u);
  EXPECT_EQ(body->second, 2u);
  EXPECT_FALSE(layout.Body(Section::kReviews));
}

TEST(PrepareReportLines, FoldsFullWidthFormsAndDropsPageNumbersAndRules) {
  const auto lines = PrepareReportLines("（一）予以公开 １７\n- 3 -\n第 4 页 共 9 页\n| --- | --- |\n**规章**\n⼀、总体情况");
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "(一)予以公开 17");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(lines[4], "规章");
  EXPECT_EQ(lines[5], "一、总体情况");  // Kangxi radical ⼀ (U+2F00) folded to 一
}

TEST(PrepareReportLines, KeepsARowOfSingleDashPlaceholders) {
  const auto lines = PrepareReportLines("-\t-\t-");
  EXPECT_EQ(lines[0], "-\t-\t-");
}

TEST(Compact, RemovesAsciiWhiteSpaceOnly) {
  EXPECT_EQ(Compact(" 行政\t许可\r\n 37 \v\f"), "行政许可37");
  EXPECT_EQ(Compact("\xe3\x80\x80全角"), "\xe3\x80\x80全角");  // U+3000 is not ASCII space
  EXPECT_EQ(Compact(""), "");
  EXPECT_EQ(Compact(" \t "), "");
}

}  // namespace
}  // namespace xxgk::extract
