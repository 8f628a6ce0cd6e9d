// The document pipeline (crawler/ingest/document_pipeline.h): a payload becomes an archived
// document with its identity, source and record, or a pending payload, whatever its format.
#include "crawler/ingest/document_pipeline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "extract/text/doc_identity.h"
#include "extract/text/ocr_text.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::ingest {
namespace {

const std::string kPage =
    "<html><head><meta charset=\"utf-8\"><title>测试县人民政府2023年政府信息公开工作年度报告</title>"
    "<meta name=\"PubDate\" content=\"2024-01-29 10:00\"></head><body>"
    "<div class=\"TRS_Editor\"><p>测试县人民政府2023年政府信息公开工作年度报告</p>"
    "<p>一、总体情况</p></div></body></html>";

TEST(DocumentPipeline, AWebPageKeepsItsTitleAndDateInItsSource) {
  const PreparedDocument p = PrepareDocument(kPage, {"url", "https://xxgk.example.gov.cn/a.html",
                                                     "text/html", "2026-11-22T00:00:00Z"});
  ASSERT_TRUE(p.document) << p.error;
  const store::NewDocument& d = *p.document;
  EXPECT_EQ(d.source.title, "测试县人民政府2023年政府信息公开工作年度报告");
  EXPECT_EQ(d.source.published, "2024-01-29");
  EXPECT_EQ(d.source.content_type, "html; charset=UTF-8");
  EXPECT_EQ(d.source.payload_sha256, extract::Sha256Hex(kPage));
  EXPECT_EQ(d.text_sha256, extract::Sha256Hex(d.text));
  EXPECT_EQ(d.doc_id, d.text_sha256.substr(0, 16));
  EXPECT_NE(d.text.find("一、总体情况"), std::string::npos);
  EXPECT_TRUE(d.record.has_value());
}

TEST(DocumentPipeline, ATextFileHasNoPageMetadata) {
  const std::string text = testing::ReadAll(testing::SampleReports().front());
  const PreparedDocument p = PrepareDocument(text, {"file", "report.txt", "", ""});
  ASSERT_TRUE(p.document) << p.error;
  EXPECT_EQ(p.document->source.title, "");
  EXPECT_EQ(p.document->source.published, "");
}

TEST(DocumentPipeline, AnUnsupportedPayloadIsPendingWithItsSource) {
  const std::string png = "\x89PNG\r\n\x1a\n" + std::string(64, '\0');
  ConvertOptions no_ocr;
  no_ocr.ocr.enabled = false;  // an image is converted only by OCR
  const PreparedDocument p = PrepareDocument(png, {"file", "scan.png", "", ""}, true, no_ocr);
  EXPECT_FALSE(p.document);
  ASSERT_TRUE(p.pending);
  EXPECT_EQ(p.pending->code, "unsupported_format");
  EXPECT_NE(p.pending->reason.find("--no-ocr"), std::string::npos) << p.pending->reason;
  EXPECT_EQ(p.pending->source.origin, "scan.png");
  EXPECT_EQ(p.pending->source.payload_sha256, extract::Sha256Hex(png));
  EXPECT_EQ(p.pending->payload, png);
}

TEST(DocumentPipeline, ADamagedImageIsPendingAsRefusedByOcr) {
  const std::string png = "\x89PNG\r\n\x1a\n" + std::string(64, '\0');
  const PreparedDocument p = PrepareDocument(png, {"file", "scan.png", "", ""});
  EXPECT_FALSE(p.document);
  ASSERT_TRUE(p.pending);
  if (!extract::OcrDataProblem({}).empty()) {
    EXPECT_EQ(p.pending->code, "unsupported_format");  // no chi_sim data: kept for later
  } else {
    EXPECT_EQ(p.pending->code, "ocr_failed") << p.pending->reason;
    EXPECT_EQ(p.pending->outcome, "refused");
  }
  EXPECT_EQ(p.pending->payload, png);
}

}  // namespace
}  // namespace xxgk::ingest
