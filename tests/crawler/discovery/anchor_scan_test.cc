// The anchor scanner: title attributes, list dates, links in JavaScript strings and XML data
// islands, OLDSRC, escaped quotes.
#include "crawler/discovery/anchor_scan.h"

#include <gtest/gtest.h>

namespace xxgk::crawl {
namespace {

TEST(AnchorScan, ListItemTitleTextAndDate) {
  const auto anchors = ScanAnchors(
      "<ul><li><a href=\"./202401/t20240129_1.shtml\" title=\"星河县人民政府2023年政府信息公开工作"
      "年度报告\" target=_blank>星河县人民政府2023年政府信息公开...</a><span>2024-01-29</span>"
      "</li><li><a href='/a.html'>下一页</a></li></ul>");
  ASSERT_EQ(anchors.size(), 2u);
  EXPECT_EQ(anchors[0].href, "./202401/t20240129_1.shtml");
  EXPECT_EQ(anchors[0].best_title(), "星河县人民政府2023年政府信息公开工作年度报告");
  EXPECT_EQ(anchors[0].text, "星河县人民政府2023年政府信息公开...");
  EXPECT_EQ(anchors[0].date, "2024-01-29");
  EXPECT_EQ(anchors[1].best_title(), "下一页");
  EXPECT_EQ(anchors[1].date, "");  // the first item's date is not the next one's
}

TEST(AnchorScan, DatesInOtherShapes) {
  EXPECT_EQ(FindDate("[2024/1/9]"), "2024-01-09");
  EXPECT_EQ(FindDate("发布日期：2023年12月5日"), "2023-12-05");
  EXPECT_EQ(FindDate("2024.03.18"), "2024-03-18");
  EXPECT_EQ(FindDate("2024-13-01"), "");
  EXPECT_EQ(FindDate("id 120240101"), "");
}

TEST(AnchorScan, LinksInScriptsIslandsAndOldSrc) {
  const auto anchors = ScanAnchors(
      "<script>var rel_appendix = '<a href=\"./P020240129.pdf\">报告.pdf</a>';</script>"
      "<script>var s = \"<a href=\\\"./P020240130.doc\\\">x</a>\";</script>"
      "<script type=\"text/xml\"><datastore><record><![CDATA[\n<li><a href=\"/art/2024/1/16/"
      "art_1011_7.html\" title=\"T\">t</a><span>2024-01-16</span></li>]]></record></datastore>"
      "</script><p><A HREF=\"./P1.docx\" OLDSRC=\"/protect/P0202401/P1.docx\">附件</A></p>");
  ASSERT_EQ(anchors.size(), 4u);
  EXPECT_EQ(anchors[0].href, "./P020240129.pdf");
  EXPECT_EQ(anchors[1].href, "./P020240130.doc");
  EXPECT_EQ(anchors[2].href, "/art/2024/1/16/art_1011_7.html");
  EXPECT_EQ(anchors[2].date, "2024-01-16");
  EXPECT_EQ(anchors[3].oldsrc, "/protect/P0202401/P1.docx");
}

TEST(AnchorScan, EntitiesAndNestedMenus) {
  const auto anchors = ScanAnchors(
      "<a href=\"/x?a=1&amp;b=2\">政府&nbsp;信息<b>公开</b></a><ul class=c><li><a href=\"#1\">"
      "县政府</a></li></ul><abbr>no</abbr><a name=\"top\">anchor without href</a>");
  ASSERT_EQ(anchors.size(), 2u);
  EXPECT_EQ(anchors[0].href, "/x?a=1&b=2");
  EXPECT_EQ(anchors[0].text, "政府 信息 公开");
  EXPECT_TRUE(anchors[0].opens_list);
  EXPECT_FALSE(anchors[1].opens_list);
  EXPECT_EQ(anchors[0].list_depth, 0u);
  EXPECT_EQ(anchors[1].list_depth, 1u);
}

TEST(AnchorScan, ListDepthFollowsNestedListsAndIgnoresLookAlikeTags) {
  const auto anchors = ScanAnchors(
      "<UL><li><a href=\"#1\">年报</a><ul><li><a href=\"#2\">部门</a><ol><li><a href=\"#3\">"
      "财政局</a></li></ol></li><li><a href=\"#4\">乡镇</a></li></ul></li></UL><ultra>"
      "<a href=\"#5\">页脚</a></ul></ul><a href=\"#6\">after stray closes</a>");
  std::vector<size_t> depths;
  for (const Anchor& a : anchors) depths.push_back(a.list_depth);
  EXPECT_EQ(depths, (std::vector<size_t>{1, 2, 3, 2, 0, 0}));
}

}  // namespace
}  // namespace xxgk::crawl
