// DOCX → text (extract/text/docx_text.h through ToText): DOCX files are built in the test with libzip
// (tests/extract/docx_writer.h: a minimal [Content_Types].xml and word/document.xml in memory). Covers paragraphs,
// tabs and breaks, tables with gridSpan and vMerge, nested and layout tables, a round trip of the
// sample and synthetic reports (same record as the text version), and hostile files: a zip bomb
// (honest and lying headers), truncated archives, random bytes, 10,000 nested tables, entities.
#include "extract/text/docx_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <utility>
#include <vector>

#include "extract/text/doc_identity.h"
#include "extract/text/document_text.h"
#include "extract/report/report_extractor.h"
#include "tests/extract/docx_writer.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/report_expectations.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::testing {
namespace {

namespace fs = std::filesystem;
using extract::DocumentFormat;
using extract::DocumentText;
using extract::TemplateId;
using extract::TextOutcome;
using extract::ToText;

std::string P(std::string_view text) { return DocxParagraph(text); }
std::string Tc(std::string_view text, std::string_view props = "") { return DocxCell(text, props); }

DocumentText DocxText(std::string_view body) { return ToText(Docx(body), {"", "report.docx"}); }

TEST(DocxText, ParagraphsTabsAndBreaks) {
  const std::string body =
      P("襄垣县人民政府办公室") +
      // a tab stop definition in w:pPr is not a tab; w:tab in a run is; w:br ends a line
      "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
      "<w:r><w:t>一、总体情况</w:t></w:r><w:r><w:tab/><w:t>甲</w:t><w:br/>"
      "<w:t xml:space=\"preserve\">乙 &amp; 丙</w:t></w:r></w:p>"
      // deleted text, field instructions and run properties are not text; insertions are
      "<w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
      "<w:r><w:instrText> PAGE </w:instrText></w:r><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>"
      "<w:r><w:t>文字</w:t></w:r></w:p>"
      // a content control around a paragraph; an alternate-content text box counted once
      "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>" +
      P("控件内容") +
      "</w:sdtContent></w:sdt>"
      "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>" +
      P("文本框") + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>" +
      P("文本框") + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>" +
      P("") + P("末行  ");
  const DocumentText d = DocxText(body);
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.format, DocumentFormat::kDocx);
  EXPECT_EQ(d.format_evidence, extract::FormatEvidence::kContent);
  EXPECT_EQ(d.text,
            "襄垣县人民政府办公室\n一、总体情况\t甲\n乙 & 丙\n插入的文字\n控件内容\n文本框\n\n末行\n");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DocxText, TableWithGridSpanAndVMerge) {
  const std::string table =
      "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
      "<w:tblGrid><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"1000\"/>"
      "<w:gridCol w:w=\"1000\"/></w:tblGrid>"
      // a header cell spanning three columns
      "<w:tr>" + Tc("本年新收", "<w:gridSpan w:val=\"3\"/>") + Tc("合计") + "</w:tr>"
      // a label merged over two rows (restart, then continue without a value)
      "<w:tr>" + Tc("三、本年度办理结果", "<w:vMerge w:val=\"restart\"/>") + Tc("1") + Tc("2") +
      Tc("3") + "</w:tr>"
      "<w:tr>" + Tc("不该出现", "<w:vMerge/>") + Tc("4") + Tc("") + Tc("6") + "</w:tr>"
      // a cell with two paragraphs and a stray tab: one cell, words joined by a space
      "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr>" + P("x") + "</w:tc><w:tc>" +
      P("（一）予以") + "<w:p><w:r><w:t>公开</w:t><w:tab/><w:t>全部</w:t></w:r></w:p></w:tc>" +
      Tc("7") + "</w:tr>"
      // an all-empty row is left out; gridBefore adds leading empty cells
      "<w:tr>" + Tc("") + Tc("") + "</w:tr>"
      "<w:tr><w:trPr><w:gridBefore w:val=\"2\"/></w:trPr>" + Tc("8") + Tc("9") + "</w:tr>"
      "</w:tbl>";
  const DocumentText d = DocxText(P("表前") + table + P("表后"));
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.text,
            "表前\n\n"
            "本年新收\t\t\t合计\n"
            "三、本年度办理结果\t1\t2\t3\n"
            "\t4\t\t6\n"
            "\t（一）予以 公开 全部\t7\n"
            "\t\t8\t9\n"
            "\n表后\n");
}

TEST(DocxText, NestedAndLayoutTables) {
  // A data table with a table nested in a cell is a layout table: its cells become blocks.
  const std::string inner = "<w:tbl><w:tr>" + Tc("a") + Tc("b") + "</w:tr><w:tr>" + Tc("c") +
                            Tc("d") + "</w:tr></w:tbl>";
  const std::string outer = "<w:tbl><w:tr><w:tc>" + P("标题") + inner + "</w:tc>" + Tc("旁注") +
                            "</w:tr></w:tbl>";
  DocumentText d = DocxText(outer);
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.text, "标题\n\na\tb\nc\td\n\n旁注\n");
  // A single-cell table (a frame around the text) is rendered as its paragraphs.
  d = DocxText("<w:tbl><w:tr><w:tc>" + P("第一段") + P("第二段") + "</w:tc></w:tr></w:tbl>");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.text, "第一段\n第二段\n");
  // Beyond the layout depth limit a nested table is flattened into its cell, words spaced.
  extract::DocumentLimits limits;
  limits.docx.max_table_depth = 0;
  d = ToText(Docx(outer), {}, limits);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.text, "标题 a b c d\t旁注\n");
}

TEST(DocxText, StrictNamespaceAndEmptyBody) {
  const std::string strict =
      "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/"
      "main\"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>";
  DocumentText d = ToText(MakeZip({{"word/document.xml", strict}}));
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_EQ(d.text, "严格\n");
  d = DocxText("");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.text, "");
  EXPECT_TRUE(d.HasWarning("empty_text"));
  // Not a Word document part.
  d = ToText(MakeZip({{"word/document.xml", "<html><body>x</body></html>"}}));
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "docx_parse_failed");
}

// ---- round trip ------------------------------------------------------------------------------

TEST(DocxRoundTrip, SampleReportsGiveTheSameRecordAsTheirText) {
  size_t reports = 0;
  for (const fs::path& path : SampleReports()) {
    ++reports;
    const std::string text = ReadAll(path);
    const auto expected = ComparableRecord(extract::ExtractReport(text));
    for (bool merge : {false, true}) {
      SCOPED_TRACE(path.filename().string() + (merge ? " merged" : " plain"));
      const DocumentText d = DocxText(ReportTextToDocxBody(text, merge));
      ASSERT_TRUE(d.ok()) << d.refusal;
      EXPECT_EQ(ComparableRecord(extract::ExtractReport(d.text)), expected) << d.text;
    }
  }
  EXPECT_GT(reports, 0u);
}

TEST(DocxRoundTrip, SyntheticReportsGiveExactlyTheValuesWritten) {
  for (TemplateId id : {TemplateId::k2019, TemplateId::k2021}) {
    for (uint32_t seed : {1u, 2u, 3u}) {
      SCOPED_TRACE(std::to_string(seed));
      const SyntheticReport report = MakeConsistentReport(id, seed);
      const std::string text = BuildReportText(report, Layout::kTabs);
      const extract::ReportRecord from_text = extract::ExtractReport(text);
      ASSERT_TRUE(from_text.warnings.empty());
      const std::string body = ReportTextToDocxBody(text, /*merge=*/true);
      ASSERT_NE(body.find("w:gridSpan"), std::string::npos);  // the merge path is exercised
      const DocumentText d = DocxText(body);
      ASSERT_TRUE(d.ok()) << d.refusal;
      const extract::ReportRecord record = extract::ExtractReport(d.text);
      EXPECT_EQ(ComparableRecord(record), ComparableRecord(from_text)) << d.text;
      ExpectRecordHoldsReport(record, report);
    }
  }
}

// ---- hostile files ---------------------------------------------------------------------------

// A well-formed document.xml of about `bytes` bytes: the same paragraph repeated.
std::string BigDocumentXml(size_t bytes) {
  const std::string para = "<w:p><w:r><w:t>0000000000000000000000000000000000</w:t></w:r></w:p>";
  std::string body;
  body.reserve(bytes + para.size());
  while (body.size() < bytes) body += para;
  return DocumentXml(body);
}

TEST(DocxHostile, ZipBombIsRefusedQuickly) {
  const std::string bomb = MakeZip({{"word/document.xml", BigDocumentXml(size_t{200} << 20)}}, 1);
  ASSERT_LT(bomb.size(), size_t{2} << 20);  // ~200 MB in under 2 MB
  const auto start = std::chrono::steady_clock::now();
  const DocumentText d = ToText(bomb, {"", "report.docx"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(d.format, DocumentFormat::kDocx);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "zip_too_large");
  EXPECT_NE(d.refusal.find("67108864"), std::string::npos) << d.refusal;
  EXPECT_TRUE(d.text.empty());
  EXPECT_LT(seconds, 2.0);
}

TEST(DocxHostile, PartSizeLimitIsConfigurableAndExact) {
  const std::string xml = BigDocumentXml(size_t{1} << 20);
  const std::string docx = MakeZip({{"word/document.xml", xml}});
  extract::DocumentLimits limits;
  limits.docx.max_part_bytes = xml.size();
  EXPECT_TRUE(ToText(docx, {}, limits).ok());
  limits.docx.max_part_bytes = xml.size() - 1;
  const DocumentText d = ToText(docx, {}, limits);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  EXPECT_EQ(d.refusal_code, "zip_too_large");
}

// Overwrites the 4-byte little-endian uncompressed size in every local and central header.
void LieAboutSizes(std::string* zip, uint32_t size) {
  auto put = [&](size_t at) {
    for (int i = 0; i < 4; ++i) (*zip)[at + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  };
  for (size_t at = zip->find("PK\x03\x04"); at != std::string::npos;
       at = zip->find("PK\x03\x04", at + 4)) {
    put(at + 22);
  }
  for (size_t at = zip->find("PK\x01\x02"); at != std::string::npos;
       at = zip->find("PK\x01\x02", at + 4)) {
    put(at + 24);
  }
}

TEST(DocxHostile, LyingSizeHeadersDoNotLiftTheLimit) {
  std::string docx = MakeZip({{"word/document.xml", BigDocumentXml(size_t{8} << 20)}});
  LieAboutSizes(&docx, 1000);
  extract::DocumentLimits limits;
  limits.docx.max_part_bytes = size_t{1} << 20;
  const DocumentText d = ToText(docx, {}, limits);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);
  // libzip may notice the mismatch itself; either way nothing past the limit is processed.
  EXPECT_TRUE(d.refusal_code == "zip_too_large" || d.refusal_code == "docx_damaged")
      << d.refusal_code << ": " << d.refusal;
  EXPECT_TRUE(d.text.empty());
}

TEST(DocxHostile, FakeAndTruncatedDocxAreRefusedNotCrashes) {
  const DocumentText fake = ToText(std::string("PK\x03\x04\x14\0\0\0word/document.xml", 25));
  EXPECT_EQ(fake.format, DocumentFormat::kDocx);
  EXPECT_EQ(fake.outcome, TextOutcome::kRefused);
  EXPECT_EQ(fake.refusal_code, "docx_damaged");

  std::string body;
  for (int i = 0; i < 200; ++i) body += P("第" + std::to_string(i) + "段");
  const std::string docx = Docx(body);
  for (size_t len = 0; len < docx.size(); len += 13) {
    const DocumentText d = ToText(std::string_view(docx).substr(0, len));
    if (d.ok()) EXPECT_FALSE(extract::FindInvalidUtf8(d.text).has_value());
    if (d.outcome == TextOutcome::kRefused) EXPECT_FALSE(d.refusal_code.empty());
  }
}

TEST(DocxHostile, RandomBytesInsideTheZipDoNotCrash) {
  std::mt19937 rng(11);
  const std::string good = Docx(P("正文") + "<w:tbl><w:tr>" + Tc("a") + Tc("1") + "</w:tr></w:tbl>");
  size_t refused = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    if (round % 2 == 0) {  // random bytes as the document part
      std::string junk(std::uniform_int_distribution<size_t>(0, 3000)(rng), '\0');
      for (char& c : junk) c = static_cast<char>(rng());
      if (round % 4 == 0) junk = "<w:document>" + junk;
      bytes = MakeZip({{"word/document.xml", junk}});
    } else {  // random bytes written over a valid DOCX
      bytes = good;
      const size_t n = std::uniform_int_distribution<size_t>(1, 20)(rng);
      for (size_t k = 0; k < n; ++k) {
        bytes[std::uniform_int_distribution<size_t>(4, bytes.size() - 1)(rng)] =
            static_cast<char>(rng());
      }
    }
    const DocumentText d = ToText(bytes);
    if (d.ok()) EXPECT_FALSE(extract::FindInvalidUtf8(d.text).has_value());
    if (d.outcome == TextOutcome::kRefused) ++refused;
  }
  EXPECT_GT(refused, 100u);
}

TEST(DocxHostile, TenThousandNestedTablesDoNotCrash) {
  std::string body;
  for (int i = 0; i < 10000; ++i) body += "<w:tbl><w:tr><w:tc>";
  body += P("深处");
  for (int i = 0; i < 10000; ++i) body += "</w:tc></w:tr></w:tbl>";
  const DocumentText d = DocxText(body);
  EXPECT_EQ(d.outcome, TextOutcome::kRefused);  // libxml2's depth limit (no XML_PARSE_HUGE)
  EXPECT_EQ(d.refusal_code, "docx_parse_failed");

  // Within the parser's depth limit, nested tables give their text.
  std::string shallow;
  for (int i = 0; i < 60; ++i) shallow += "<w:tbl><w:tr>" + Tc("格" + std::to_string(i)) + "<w:tc>";
  shallow += P("深处");
  for (int i = 0; i < 60; ++i) shallow += "</w:tc></w:tr></w:tbl>";
  const DocumentText ok = DocxText(shallow);
  ASSERT_TRUE(ok.ok()) << ok.refusal;
  EXPECT_NE(ok.text.find("格0\n"), std::string::npos) << ok.text;
  EXPECT_NE(ok.text.find("深处"), std::string::npos);
  EXPECT_NE(ok.text.find("格59"), std::string::npos);
}

TEST(DocxHostile, EntitiesAreNeitherLoadedNorExpanded) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [\n"
      "<!ENTITY ext SYSTEM \"file:///etc/passwd\">\n"
      "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
      "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
      "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n]>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body><w:p><w:r><w:t>前&ext;&e;后</w:t></w:r></w:p></w:body></w:document>";
  const auto start = std::chrono::steady_clock::now();
  const DocumentText d = ToText(MakeZip({{"word/document.xml", xml}}));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
  if (d.ok()) {
    EXPECT_EQ(d.text.find("root:"), std::string::npos);
    EXPECT_LT(d.text.size(), 1000u);
  }
}

TEST(DocxHostile, HugeGridSpansAreClampedWithAWarning) {
  std::string row = "<w:tbl>";
  for (int r = 0; r < 50; ++r) {
    row += "<w:tr>" + Tc("x", "<w:gridSpan w:val=\"999999999\"/>") + Tc("y") + "</w:tr>";
  }
  row += "</w:tbl>";
  extract::DocumentLimits limits;
  limits.docx.max_table_cells = 10000;
  const DocumentText d = ToText(Docx(row), {}, limits);
  ASSERT_TRUE(d.ok()) << d.refusal;
  EXPECT_TRUE(d.HasWarning("table_spans_clamped"));
  EXPECT_LT(d.text.size(), 10000u * 2 + 1000);
  EXPECT_NE(d.text.find("x\t\t"), std::string::npos);  // early spans are honoured (up to 1000)
}

}  // namespace
}  // namespace xxgk::testing
