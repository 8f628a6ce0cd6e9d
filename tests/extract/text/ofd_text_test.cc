// OFD → text (extract/text/ofd_text.h, directly and through ToText). The OFD files are written in
// the test (tests/extract/ofd_writer.h): text objects at stated positions, table borders as paths.
#include "extract/text/ofd_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "extract/report/report_extractor.h"
#include "extract/text/document_text.h"
#include "tests/extract/docx_writer.h"
#include "tests/extract/ofd_writer.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/report_expectations.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::testing {
namespace {

using extract::DocumentFormat;
using extract::DocumentText;
using extract::OfdLimits;
using extract::OfdToText;
using extract::TextOutcome;
using extract::ToText;

std::string Text(const std::vector<OfdPage>& pages, const OfdLimits& limits = {}) {
  const extract::OfdText t = OfdToText(MakeOfd(pages), limits);
  EXPECT_EQ(t.refusal, "");
  return t.text;
}

TEST(OfdText, WriterProducesAnOfdThatToTextSniffsAndReads) {
  const std::string ofd = MakeOfd({OfdPage{{{20, 20, "政府信息公开工作年度报告"}}, {}}});
  const DocumentText d = ToText(ofd, {"", "report.ofd"});
  EXPECT_EQ(d.format, DocumentFormat::kOfd);
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.text, "政府信息公开工作年度报告\n");
  // Sniffed by content, whatever the name says.
  EXPECT_EQ(ToText(ofd, {"", "report.pdf"}).format, DocumentFormat::kOfd);
}

TEST(OfdText, LinesFollowTheirPositionNotTheContentOrder) {
  EXPECT_EQ(Text({OfdPage{{{20, 60, "第三行"}, {20, 20, "第一行"}, {20, 40, "第二行"}}, {}}}),
            "第一行\n第二行\n第三行\n");
}

TEST(OfdText, DistantColumnsAreTabsAndCloseWordsSpaces) {
  EXPECT_EQ(Text({OfdPage{{{20, 20, "本年新收"}, {120, 20, "17"}, {150, 20, "0"}}, {}}}),
            "本年新收\t17\t0\n");
  EXPECT_EQ(Text({OfdPage{{{20, 20, "Hello"}, {30, 20, "there"}}, {}}}), "Hello there\n");
}

TEST(OfdText, GlyphsPlacedByDeltaXAreSplitAtWideGaps) {
  // One text code whose advances jump over a column gap: two cells.
  OfdPage page;
  page.texts.push_back({20, 20, "合计", 3.5, 3.5, true});
  std::string content = OfdContentXml(page);
  const std::string from = "DeltaX=\"g 1 3.500\">合计";
  ASSERT_NE(content.find(from), std::string::npos) << content;
  content.replace(content.find(from), from.size(), "DeltaX=\"3.5 40 1.75\">合计17");
  const extract::OfdText t = OfdToText(OfdFromContents({content}));
  EXPECT_EQ(t.text, "合计\t17\n");
}

TEST(OfdText, RuledTablesGiveOneRowPerLineWithEmptyCells) {
  OfdPage page;
  const double xs[] = {20, 80, 100, 120};
  const double ys[] = {30, 40, 50};
  for (double x : xs) page.strokes.push_back({x, ys[0], x, ys[2]});
  for (double y : ys) page.strokes.push_back({xs[0], y, xs[3], y});
  page.texts = {{22, 32, "本年新收"}, {82, 32, "5"}, {102, 32, "5"},
                {22, 42, "上年结转"}, {102, 42, "1"}};  // the middle cell of row 2 is empty
  EXPECT_EQ(Text({page}), "本年新收\t5\t5\n上年结转\t\t1\n");
}

TEST(OfdText, PageNumbersAreDroppedAndPagesFollowEachOther) {
  std::vector<OfdPage> pages;
  for (int i = 1; i <= 3; ++i) {
    OfdPage p;
    p.texts = {{20, 30, "第" + std::to_string(i) + "页正文"}, {100, 285, std::to_string(i)}};
    pages.push_back(p);
  }
  EXPECT_EQ(Text(pages), "第1页正文\n第2页正文\n第3页正文\n");
}

TEST(OfdText, PartPathsResolveAbsoluteAndRelative) {
  const std::string content = OfdContentXml(OfdPage{{{20, 20, "正文"}}, {}});
  const std::string ofd = MakeZip({
      {"OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody><ofd:DocRoot>"
                  "/Doc_0/./Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"},
      {"Doc_0/Document.xml", "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Pages>"
                             "<ofd:Page ID=\"1\" BaseLoc=\"Pages/../Pages/P1/Content.xml\"/>"
                             "</ofd:Pages></ofd:Document>"},
      {"Doc_0/Pages/P1/Content.xml", content},
  });
  const extract::OfdText t = OfdToText(ofd);
  EXPECT_EQ(t.refusal, "");
  EXPECT_EQ(t.text, "正文\n");
}

TEST(OfdText, DamagedPackagesAreRefused) {
  EXPECT_EQ(OfdToText("not a zip").refusal_code, "ofd_damaged");
  EXPECT_EQ(OfdToText(MakeZip({{"OFD.xml", "<ofd:OFD"}})).refusal_code, "ofd_parse_failed");
  EXPECT_EQ(OfdToText(MakeZip({{"OFD.xml", "<OFD><DocBody/></OFD>"}})).refusal_code,
            "ofd_parse_failed");
  EXPECT_EQ(OfdToText(MakeZip({{"OFD.xml", "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot>"
                                           "</DocBody></OFD>"}}))
                .refusal_code,
            "ofd_damaged");  // the document part is missing
  std::string ofd = MakeOfd({OfdPage{{{20, 20, "正文"}}, {}}});
  const DocumentText d = ToText(OfdFromContents({"<ofd:Page><ofd:Content>"}), {"", "x.ofd"});
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "ofd_parse_failed");
}

TEST(OfdText, SizeLimitsAreThoseOfDocx) {
  // A page part that inflates past the per-part cap: a zip bomb, refused.
  const std::string big = OfdContentXml(OfdPage{{{20, 20, std::string(300000, 'a')}}, {}});
  OfdLimits limits;
  limits.max_part_bytes = 100000;
  EXPECT_EQ(OfdToText(OfdFromContents({big}), limits).refusal_code, "zip_too_large");
  // All parts together past the total cap.
  const std::string page = OfdContentXml(OfdPage{{{20, 20, std::string(40000, 'b')}}, {}});
  limits.max_part_bytes = 100000;
  limits.max_total_bytes = 150000;
  EXPECT_EQ(OfdToText(OfdFromContents({page, page, page, page}), limits).refusal_code,
            "zip_too_large");
  // Too many pages.
  limits = OfdLimits{};
  limits.max_pages = 2;
  EXPECT_EQ(OfdToText(OfdFromContents({page, page, page}), limits).refusal_code, "zip_too_large");
  // Through ToText, the DOCX cap applies to OFD parts as well.
  extract::DocumentLimits document_limits;
  document_limits.ofd.max_part_bytes = 100000;
  EXPECT_EQ(ToText(OfdFromContents({big}), {"", "x.ofd"}, document_limits).refusal_code,
            "zip_too_large");
}

TEST(OfdText, TimeLimitAndScans) {
  extract::DocumentLimits limits;
  limits.max_time = std::chrono::milliseconds(0);
  const DocumentText late = ToText(MakeOfd({OfdPage{{{20, 20, "正文"}}, {}}}), {"", "x.ofd"}, limits);
  EXPECT_EQ(late.refusal_code, "time_limit");
  const DocumentText scan = ToText(MakeOfd({OfdPage{}, OfdPage{}}), {"", "x.ofd"});
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(scan.HasWarning("no_text_layer"));
}

TEST(TextOfd, SyntheticReportsGiveExactlyTheValuesWritten) {
  for (bool ruled : {false, true}) {
    for (extract::TemplateId id : {extract::TemplateId::k2019, extract::TemplateId::k2021}) {
      SCOPED_TRACE(std::string(ruled ? "ruled " : "plain ") + (id == extract::TemplateId::k2019 ? "2019" : "2021"));
      const SyntheticReport report = MakeConsistentReport(id, 7);
      const DocumentText d = ToText(MakeTextOfd(BuildReportText(report, Layout::kTabs), ruled),
                                    {"", "report.ofd"});
      ASSERT_TRUE(d.ok()) << d.refusal;
      EXPECT_NE(d.text.find("收到和处理政府信息公开申请情况"), std::string::npos);
      ExpectRecordHoldsReport(extract::ExtractReport(d.text), report);
    }
  }
}

// The five samples printed as OFD give the sample's record. Ruled: every sample. Plain (no
// borders): all but 001, whose one-cell-per-line table puts lone numbers at page edges, where they
// cannot be told from page numbers (the same holds for a PDF printed that way).
TEST(TextOfd, SamplesGiveTheirRecords) {
  for (const auto& path : SampleReports()) {
    const std::string text = ReadAll(path);
    const auto expected = ComparableRecord(extract::ExtractReport(text));
    for (bool ruled : {false, true}) {
      if (!ruled && path.filename().string().starts_with("001")) continue;
      const DocumentText d = ToText(MakeTextOfd(text, ruled), {"", "report.ofd"});
      ASSERT_TRUE(d.ok()) << d.refusal;
      EXPECT_EQ(ComparableRecord(extract::ExtractReport(d.text)), expected)
          << path.filename() << (ruled ? " ruled" : " plain");
    }
  }
}

}  // namespace
}  // namespace xxgk::testing
