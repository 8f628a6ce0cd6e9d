// HTML → text: block and line layout, tables with merged cells, cell contents, entities, chrome
// removal, body finding, metadata, and hostile nesting.
#include "extract/text/html_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

namespace xxgk::extract {
namespace {

std::string Body(std::string_view html) {
  HtmlText t = HtmlToText(std::string("<html><body>") + std::string(html) + "</body></html>");
  EXPECT_TRUE(t.refusal.empty()) << t.refusal;
  return t.text;
}

TEST(HtmlText, BlocksAreLinesSeparatedByOneBlankLineAndBrEndsALine) {
  EXPECT_EQ(
      Body("<h2>一、总体情况</h2><p>第一段</p><div>第二<b>段</b></div><p>甲<br>乙<br/>丙</p>"),
      "一、总体情况\n\n第一段\n\n第二段\n\n甲\n乙\n丙\n");
}

TEST(HtmlText, WhiteSpaceCollapsesAndEntitiesAreDecoded) {
  EXPECT_EQ(
      Body("<p>  a &amp; b&nbsp;&nbsp;c\n\t d &lt;e&gt; &#x4E2D;&#25991; &ldquo;x&rdquo;</p>"),
      "a & b c d <e> 中文 \u201Cx\u201D\n");
  // Chinese paragraph indentation (U+3000) and &nbsp; at the ends of a line are trimmed.
  EXPECT_EQ(Body("<p>\u3000\u30002023年，本机关&nbsp;</p>"), "2023年，本机关\n");
}

TEST(HtmlText, TableRowsAreLinesWithTabSeparatedCells) {
  EXPECT_EQ(Body("<p>前</p><table><tr><td>规章</td><td>0</td><td>1</td></tr>"
                 "<tr><th>行政规范性文件</th><td>2</td><td>3</td></tr></table><p>后</p>"),
            "前\n\n规章\t0\t1\n行政规范性文件\t2\t3\n\n后\n");
}

TEST(HtmlText, ColspanLeavesEmptyCellsSoLaterCellsKeepTheirColumns) {
  EXPECT_EQ(Body("<table><tr><td colspan=2>a</td><td>b</td></tr>"
                 "<tr><td>1</td><td>2</td><td>3</td></tr></table>"),
            "a\t\tb\n1\t2\t3\n");
}

TEST(HtmlText, RowspanAppearsInItsFirstRowAndLeavesEmptyCellsBelow) {
  EXPECT_EQ(Body("<table><tr><td rowspan=3>三、办理结果</td><td>（一）予以公开</td><td>5</td></tr>"
                 "<tr><td>（二）部分公开</td><td>6</td></tr>"
                 "<tr><td>（三）不予公开</td><td>7</td></tr>"
                 "<tr><td>四、结转</td><td></td><td>8</td></tr></table>"),
            "三、办理结果\t（一）予以公开\t5\n\t（二）部分公开\t6\n\t（三）不予公开\t7\n"
            "四、结转\t\t8\n");
}

TEST(HtmlText, RowspanAndColspanTogetherCoverABlock) {
  // a covers rows 1-2 and columns 1-2; b sits in column 3 of both rows.
  EXPECT_EQ(Body("<table><tr><td rowspan=2 colspan=2>a</td><td>b1</td></tr>"
                 "<tr><td>b2</td></tr><tr><td>c</td><td>d</td><td>e</td></tr></table>"),
            "a\t\tb1\n\t\tb2\nc\td\te\n");
  // A covered position in the middle of a row.
  EXPECT_EQ(Body("<table><tr><td>x</td><td rowspan=2>m</td><td>1</td></tr>"
                 "<tr><td>y</td><td>2</td></tr></table>"),
            "x\tm\t1\ny\t\t2\n");
}

TEST(HtmlText, RowspanZeroAndOversizedSpansEndAtTheTable) {
  EXPECT_EQ(Body("<table><tr><td rowspan=0>g</td><td>1</td></tr><tr><td>2</td></tr>"
                 "<tr><td>3</td></tr></table><table><tr><td>z</td><td>9</td></tr></table>"),
            "g\t1\n\t2\n\t3\n\nz\t9\n");
  EXPECT_EQ(Body("<table><tr><td rowspan=99999 colspan=abc>g</td><td>1</td></tr></table>"),
            "g\t1\n");
}

TEST(HtmlText, CellContentIsJoinedIntoOneCellWithoutTabsOrNewlines) {
  EXPECT_EQ(
      Body("<table><tr><td><p>自然</p><p>人</p></td><td><span>法人或</span><span>其他组织</span>"
           "</td><td>社会<br>公益\t组织</td><td>&nbsp;</td><td><p>&nbsp;</p></td>"
           "<td><div><p><span>1</span></p></div></td></tr></table>"),
      "自然 人\t法人或其他组织\t社会 公益 组织\t\t\t1\n");
}

TEST(HtmlText, RowsWhoseCellsAreAllEmptyAreLeftOut) {
  EXPECT_EQ(Body("<table><tr><td>a</td><td>1</td></tr><tr><td>&nbsp;</td><td></td></tr>"
                 "<tr><td>b</td><td>2</td></tr></table>"),
            "a\t1\nb\t2\n");
}

TEST(HtmlText, WordMarkupIsHarmless) {
  EXPECT_EQ(Body("<p class=MsoNormal style='mso-pagination:widow-orphan'><span lang=EN-US "
                 "style='font-size:16.0pt;mso-bidi-font-family:宋体'>2023<o:p></o:p></span>"
                 "<span style='font-family:仿宋_GB2312'>年，本机关<o:p>&nbsp;</o:p></span></p>"
                 "<![if !supportLists]><p class=MsoListParagraph>列表<o:p></o:p></p><![endif]>"),
            "2023年，本机关\n\n列表\n");
}

TEST(HtmlText, LayoutTablesAreBlocksAndDataTablesInsideThemAreTables) {
  EXPECT_EQ(Body("<table><tr><td><p>说明</p><table><tr><td>规章</td><td>0</td></tr></table>"
                 "</td></tr></table>"),
            "说明\n\n规章\t0\n");
  EXPECT_EQ(Body("<table><tr><td>只有一个单元格的排版表格</td></tr></table>"),
            "只有一个单元格的排版表格\n");
}

TEST(HtmlText, ScriptsStylesNavigationAndChromeAreDropped) {
  const std::string text = Body(
      "<script>document.write('脚本')</script><style>p{}</style><nav>导航</nav>"
      "<header>页头</header><div class=bdsharebuttonbox>分享到：微信</div>"
      "<div id=breadcrumb><a href=/>首页</a> &gt; 年报</div><p>正文内容</p>"
      "<p>浏览次数：<span id=count>88</span></p><form><input value=搜索><select>"
      "<option>选项</option></select></form><footer>页脚</footer><noscript>无脚本</noscript>");
  EXPECT_EQ(text, "正文内容\n");
}

TEST(HtmlText, ChromeNamesDoNotDropLongArticleText) {
  // Some CMSs wrap the article in a "print" area; it is long and not links, so it stays.
  std::string paragraph(60, 'x');
  std::string html = "<div id=printContent>";
  for (int i = 0; i < 12; ++i) html += "<p>第" + std::to_string(i) + "段" + paragraph + "</p>";
  html += "</div>";
  EXPECT_NE(Body(html).find("第11段"), std::string::npos);
}

TEST(HtmlText, KnownContainersWinOverTheRestOfThePage) {
  const std::string chrome_text(300, 'c');  // much more text outside than inside
  HtmlText trs = HtmlToText("<html><body><div>" + chrome_text +
                            "</div><div class=\"TRS_Editor\"><p>报告正文</p></div></body></html>");
  EXPECT_EQ(trs.text, "报告正文\n");
  EXPECT_EQ(trs.body_source, "div.TRS_Editor");
  HtmlText zoom = HtmlToText("<html><body><p>" + chrome_text +
                             "</p><div id=zoom><p>正文</p></div></body></html>");
  EXPECT_EQ(zoom.text, "正文\n");
  EXPECT_EQ(zoom.body_source, "div#zoom");
  // A TRS editor inside #zoom: the TRS editor is the more specific container.
  HtmlText both = HtmlToText(
      "<html><body><div id=zoom><p>附件：</p><div class=trs_editor_view>"
      "<p>正文</p></div></div></body></html>");
  EXPECT_EQ(both.text, "正文\n");
}

TEST(HtmlText, WithoutAKnownContainerTheDensestBlockIsTheBody) {
  std::string article;
  for (int i = 0; i < 10; ++i)
    article += "<p>这是报告的第" + std::to_string(i) + "段，内容较长，用于测试。</p>";
  const std::string html =
      "<html><body><table><tr><td><a href=1>首页</a><a href=2>政务公开</a><a "
      "href=3>互动</a></td></tr>"
      "</table><table><tr><td><ul><li><a href=x>年报</a></li></ul></td><td><div class=tt>标题</div>"
      "<div class=box>" +
      article +
      "<table><tr><td>规章</td><td>0</td></tr><tr><td>行政许可</td>"
      "<td>1</td></tr></table></div></td></tr></table><div>地址：某县 "
      "电话：123</div></body></html>";
  HtmlText t = HtmlToText(html);
  EXPECT_EQ(t.body_source, "density");
  EXPECT_EQ(t.text.substr(0, t.text.find('\n')), "这是报告的第0段，内容较长，用于测试。");
  EXPECT_NE(t.text.find("规章\t0\n行政许可\t1\n"), std::string::npos);
  EXPECT_EQ(t.text.find("首页"), std::string::npos);
  EXPECT_EQ(t.text.find("地址"), std::string::npos);
  EXPECT_EQ(t.text.find("标题"), std::string::npos);
}

TEST(HtmlText, ADominantDataTableIsNotEnteredByTheDescent) {
  // The table holds most of the text, but the paragraphs around it belong to the report.
  std::string rows;
  for (int i = 0; i < 30; ++i)
    rows += "<tr><td>第" + std::to_string(i) + "行标签文字</td><td>12345</td></tr>";
  HtmlText t = HtmlToText("<html><body><div><p>前言</p><table>" + rows +
                          "</table><p>后记</p></div></body></html>");
  EXPECT_EQ(t.text.substr(0, 8), "前言\n\n");
  EXPECT_NE(t.text.find("后记"), std::string::npos);
}

TEST(HtmlText, WordExportedPagesUseTheWholeBody) {
  HtmlText t = HtmlToText(
      "<html xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head><meta name=Generator "
      "content=\"Microsoft Word 15\"></head><body><div class=WordSection1><p class=MsoNormal>第一节"
      "</p></div><div class=WordSection2><table class=MsoNormalTable><tr><td><p class=MsoNormal>"
      "规章<o:p></o:p></p></td><td><p class=MsoNormal>0</p></td></tr></table></div></body></html>");
  EXPECT_EQ(t.body_source, "word_export");
  EXPECT_EQ(t.text, "第一节\n\n规章\t0\n");
}

TEST(HtmlText, TitleAndPublicationDateFromMetaTags) {
  HtmlText t = HtmlToText(
      "<html><head><title> 某县2023年年报 _某县人民政府 </title><meta name=\"PubDate\" "
      "content=\"2024-01-29 10:33\"></head><body><p>发布日期：2024-03-01</p>"
      "</body></html>");
  EXPECT_EQ(t.title, "某县2023年年报 _某县人民政府");
  EXPECT_EQ(t.published, "2024-01-29");  // the meta tag wins over the text
}

TEST(HtmlText, PublicationDateFromTheTextNearTheTop) {
  HtmlText t = HtmlToText(
      "<html><body><div>成文日期：2024-01-10</div><div>发布时间：2024年1月29日"
      "</div><div class=TRS_Editor>正文</div></body></html>");
  EXPECT_EQ(t.published, "2024-01-29");
  EXPECT_FALSE(HtmlToText("<html><body><p>2024-01-29</p></body></html>").published.has_value());
}

TEST(HtmlText, ParsePublicationDateAcceptsTheUsualForms) {
  EXPECT_EQ(ParsePublicationDate("2024-01-29 10:33:00"), "2024-01-29");
  EXPECT_EQ(ParsePublicationDate("：2024/1/9"), "2024-01-09");
  EXPECT_EQ(ParsePublicationDate(" 2023年12月31日"), "2023-12-31");
  EXPECT_EQ(ParsePublicationDate("2024.02.05"), "2024-02-05");
  EXPECT_FALSE(ParsePublicationDate("2024-13-01").has_value());
  EXPECT_FALSE(ParsePublicationDate("12024-01-01x").has_value());
  EXPECT_FALSE(ParsePublicationDate("索引号").has_value());
}

TEST(HtmlText, NestingEstimateCountsOnlyElementsThatNest) {
  EXPECT_EQ(EstimateNestingDepth("<div><div><span>x</span></div></div>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("<p>a<p>b<p>c<br><img src=x><li>d<td>e", 100), 0u);
  EXPECT_EQ(EstimateNestingDepth("<script>'<div><div><div>'</script><!-- <div> --><br/>", 100),
            0u);
  EXPECT_EQ(EstimateNestingDepth("<div title='<div><div>'>x</div>", 100), 1u);
  // As the parser does: `/>` closes nothing on an HTML element, it does in SVG.
  EXPECT_EQ(EstimateNestingDepth("<div/><div/><div/>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("<svg><path/><path/><g><path/></g></svg><div>x</div>", 100), 2u);
  // End tags close only what is open and in scope.
  EXPECT_EQ(EstimateNestingDepth("<div></span><div></span><div></span>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("<div><div><div></div></div></div><div></div>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("<div><table><div></div></div></div><div>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("<h1><h2><h3>x</h2><h4>", 100), 1u);
  // Comments: "<!-->" is a whole comment; a quote in an attribute name is part of the name.
  EXPECT_EQ(EstimateNestingDepth("<!--><div><!--><div><!--><div>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("<div x\"y><div x\"y><div x\"y>", 100), 3u);
  EXPECT_EQ(EstimateNestingDepth("</ </div><div><? </div> ><div>", 100), 2u);
  // A formatting end tag above which a block is open keeps the block (the adoption agency).
  EXPECT_EQ(EstimateNestingDepth("<b><div></b><b><div></b><b><div></b>", 100), 4u);
  EXPECT_EQ(EstimateNestingDepth("<font><div>x</font></div><font><div>x</font></div>", 100), 2u);
  // Script: "<!--<script>" hides the first "</script>".
  EXPECT_EQ(EstimateNestingDepth("<div><script><!--<script></script></div></div></script><div>",
                                 100),
            2u);
}

// The four bypasses of the old estimate (each 100,000 times), and one the estimate cannot see:
// all end quickly with a refusal, no tree is built deeper than the limit.
std::string Repeat(std::string_view piece, int times) {
  std::string out = "<html><body>";
  out.reserve(out.size() + piece.size() * static_cast<size_t>(times));
  for (int i = 0; i < times; ++i) out += piece;
  return out + "x";
}

TEST(HtmlTextHostile, NestingBypassesAreRefusedBeforeParsing) {
  for (std::string_view piece :
       {"<div/>", "<div></span>", "<!--><div>", "<div x\"y>", "<div>", "<span/>", "<b><div></b>",
        "<svg><g/><font color=red/>", "<table><tr><td><table><tr><td>"}) {
    const std::string html = Repeat(piece, 100000);
    const auto start = std::chrono::steady_clock::now();
    const HtmlText t = HtmlToText(html);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(t.refusal_code, "html_too_deep") << piece;
    EXPECT_NE(t.refusal.find("refused before parsing"), std::string::npos) << t.refusal;
    EXPECT_TRUE(t.text.empty());
    std::printf("100,000 × %s (%zu bytes): refused in %.3f s\n", std::string(piece).c_str(),
                html.size(), seconds);
  }
}

// The tree builder re-opens every open formatting element for each new paragraph: 3,000
// distinct <b> (under the depth limit) and then paragraphs clone 3,000 elements each. The estimate
// does not model that; the parse's memory budget stops it.
TEST(HtmlTextHostile, FormattingReconstructionIsStoppedByTheMemoryBudget) {
  std::string html = "<html><body><p>";
  for (int i = 0; i < 3000; ++i) html += "<b id=" + std::to_string(i) + ">";
  html += "</p>";  // pops them all; they stay on the list of active formatting elements
  for (int i = 0; i < 20000; ++i) html += "<p>x</p>";
  ASSERT_LE(EstimateNestingDepth(html, 4096), 4096u);
  HtmlLimits limits;
  limits.max_tree_bytes = size_t{64} << 20;
  const HtmlText t = HtmlToText(html, limits);
  EXPECT_EQ(t.refusal_code, "html_too_large") << t.refusal;
  EXPECT_NE(t.refusal.find("64 MiB"), std::string::npos) << t.refusal;
  EXPECT_TRUE(t.text.empty());
}

TEST(HtmlTextHostile, AnExpiredDeadlineStopsTheParseItself) {
  HtmlLimits limits;
  limits.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const HtmlText t = HtmlToText(Repeat("<p>paragraph</p>", 1000), limits);
  EXPECT_EQ(t.refusal_code, "time_limit");
  EXPECT_NE(t.refusal.find("while parsing"), std::string::npos) << t.refusal;
}

// A tree as deep as allowed is parsed, walked and freed without recursion, and the budget is
// not in the way of an ordinary page.
TEST(HtmlTextHostile, ADeepTreeWithinTheLimitsIsReadAndFreed) {
  HtmlLimits limits;
  limits.max_nesting = 10000;
  const HtmlText t = HtmlToText(Repeat("<div>", 10000), limits);
  EXPECT_TRUE(t.refusal.empty()) << t.refusal;
  EXPECT_EQ(t.text, "x\n");
}

// Hostile nesting: Gumbo's tree building is quadratic in the depth, so very deep input is refused
// before parsing; moderately deep input is parsed and walked without recursion.
TEST(HtmlTextHostile, HundredThousandNestedElementsAreRefusedQuickly) {
  for (std::string_view tag : {"div", "span", "table", "b", "o:p"}) {
    std::string html = "<html><body>";
    for (int i = 0; i < 100000; ++i) html += "<" + std::string(tag) + ">";
    html += "deep";
    const auto start = std::chrono::steady_clock::now();
    HtmlText t = HtmlToText(html);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(t.refusal_code, "html_too_deep") << tag;
    EXPECT_TRUE(t.text.empty());
    std::printf("100,000 nested <%s>: refused in %.3f s\n", std::string(tag).c_str(), seconds);
  }
}

TEST(HtmlTextHostile, DeepButAllowedNestingIsParsedWithoutRecursion) {
  std::string html = "<html><body>";
  for (int i = 0; i < 4000; ++i) html += i % 2 ? "<span>" : "<div>";
  html += "深处的文字";
  const auto start = std::chrono::steady_clock::now();
  HtmlText t = HtmlToText(html);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(t.refusal.empty());
  EXPECT_EQ(t.text, "深处的文字\n");
  std::printf("4,000 nested elements: parsed in %.3f s\n", seconds);
}

TEST(HtmlTextHostile, HundredThousandUnclosedParagraphsAreFlatAndParsed) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<p>" + std::to_string(i % 10);
  HtmlText t = HtmlToText(html);
  EXPECT_TRUE(t.refusal.empty());
  EXPECT_EQ(std::count(t.text.begin(), t.text.end(), '\n'), 2 * 100000 - 1);
}

TEST(HtmlTextHostile, HugeSpansAreBoundedByTheCellBudget) {
  std::string html = "<html><body><table>";
  for (int i = 0; i < 200; ++i) html += "<tr><td colspan=1000>x</td><td colspan=1000>y</td></tr>";
  html += "</table>";
  HtmlLimits limits;
  limits.max_table_cells = 50000;
  HtmlText t = HtmlToText(html, limits);
  EXPECT_TRUE(t.spans_clamped);
  EXPECT_LT(t.text.size(), 200000u);
}

TEST(HtmlTextHostile, RandomMarkupSoupNeverCrashes) {
  std::mt19937 rng(42);
  const std::vector<std::string> pieces = {"<table>",
                                           "</table>",
                                           "<tr>",
                                           "<td rowspan=3>",
                                           "<td colspan=7>",
                                           "</td>",
                                           "<th>",
                                           "<p>",
                                           "</p>",
                                           "<br>",
                                           "<div class=TRS_Editor>",
                                           "</div>",
                                           "<div id=zoom>",
                                           "<script>",
                                           "</script>",
                                           "<!--",
                                           "-->",
                                           "&nbsp;",
                                           "&#0;",
                                           "&#xD800;",
                                           "文字",
                                           "12",
                                           "\t",
                                           "<o:p>",
                                           "<![if !x]>",
                                           "<svg><p>",
                                           "<math>",
                                           "<select><option>",
                                           "<table><caption>",
                                           "<b><i></b></i>",
                                           "<a href=x>",
                                           "<meta name=PubDate content='2024-01-01'>",
                                           "<title>",
                                           "</title>",
                                           "\xC2\xA0",
                                           "<pre>\n"};
  for (int round = 0; round < 2000; ++round) {
    std::string html;
    const int n = std::uniform_int_distribution<int>(0, 200)(rng);
    for (int i = 0; i < n; ++i) {
      html += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    }
    HtmlText t = HtmlToText(html);
    EXPECT_EQ(t.text.find("\r"), std::string::npos);
  }
}

}  // namespace
}  // namespace xxgk::extract
