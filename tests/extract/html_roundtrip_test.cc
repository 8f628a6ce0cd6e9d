// HTML round trip: a report rendered as an HTML page — in the chromes and cell styles portals use,
// in UTF-8 and in GBK (declared or not) — must give, through ToText and the extractor, the same
// record as its text version. And the same report inside different portal chromes must give
// exactly the same text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "extract/text/doc_identity.h"
#include "extract/text/document_text.h"
#include "extract/report/report_extractor.h"
#include "tests/extract/html_report_writer.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/report_expectations.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::testing {
namespace {

namespace fs = std::filesystem;
using extract::TemplateId;

struct Variant {
  std::string name;
  HtmlStyle style;
  bool gbk = false;
};

std::vector<Variant> Variants() {
  std::vector<Variant> v;
  HtmlStyle bare;
  v.push_back({"bare_utf8", bare});
  HtmlStyle trs;
  trs.chrome = Chrome::kTrs;
  trs.merge_cells = true;
  trs.split_labels = true;
  trs.nbsp_blanks = true;
  trs.charset_label = "utf-8";
  v.push_back({"trs_merged_utf8", trs});
  HtmlStyle zoom = trs;
  zoom.chrome = Chrome::kHanwebZoom;
  zoom.charset_label = "gb2312";
  v.push_back({"zoom_merged_gbk_meta", zoom, true});
  HtmlStyle layout = trs;
  layout.chrome = Chrome::kLayoutTables;
  layout.charset_label = "";
  v.push_back({"layout_merged_gbk_undeclared", layout, true});
  HtmlStyle word;
  word.chrome = Chrome::kWordExport;
  word.word_cells = true;
  word.merge_cells = true;
  word.split_labels = true;
  word.charset_label = "gb2312";
  v.push_back({"word_export_gbk", word, true});
  return v;
}

extract::DocumentText HtmlText(const std::string& text, const Variant& variant) {
  std::string html = ReportTextToHtml(text, variant.style);
  if (variant.gbk) html = EncodeGb18030(html);
  return extract::ToText(html, {"", "report.html"});
}

TEST(HtmlRoundTrip, SampleReportsGiveTheSameRecordAsTheirText) {
  for (const fs::path& path : SampleReports()) {
    const std::string text = ReadAll(path);
    const auto expected = ComparableRecord(extract::ExtractReport(text));
    for (const Variant& variant : Variants()) {
      SCOPED_TRACE(path.filename().string() + " " + variant.name);
      const extract::DocumentText doc = HtmlText(text, variant);
      ASSERT_TRUE(doc.ok()) << doc.refusal;
      EXPECT_EQ(doc.format, extract::DocumentFormat::kHtml);
      EXPECT_EQ(doc.charset, variant.gbk ? "GB18030" : "UTF-8");
      EXPECT_EQ(doc.invalid_sequences, 0u);
      const auto actual = ComparableRecord(extract::ExtractReport(doc.text));
      EXPECT_EQ(actual, expected) << "text:\n" << doc.text;
    }
  }
}

class SyntheticHtmlRoundTrip : public ::testing::TestWithParam<std::tuple<TemplateId, uint32_t>> {};

TEST_P(SyntheticHtmlRoundTrip, ExtractsExactlyTheValuesWritten) {
  const auto [id, seed] = GetParam();
  const SyntheticReport report = MakeConsistentReport(id, seed);
  const std::string text = BuildReportText(report, Layout::kTabs);
  const extract::ReportRecord from_text = extract::ExtractReport(text);
  ASSERT_TRUE(from_text.warnings.empty());
  for (const Variant& variant : Variants()) {
    SCOPED_TRACE(variant.name);
    const extract::DocumentText doc = HtmlText(text, variant);
    ASSERT_TRUE(doc.ok()) << doc.refusal;
    const extract::ReportRecord record = extract::ExtractReport(doc.text);
    EXPECT_EQ(ComparableRecord(record), ComparableRecord(from_text)) << doc.text;
    // And against the values written, independently of the text version.
    ExpectRecordHoldsReport(record, report);
  }
}

INSTANTIATE_TEST_SUITE_P(BothTemplates, SyntheticHtmlRoundTrip,
                         ::testing::Combine(::testing::Values(TemplateId::k2019, TemplateId::k2021),
                                            ::testing::Values(1u, 2u, 3u, 4u)));

TEST(HtmlChromeInvariance, SameReportInEveryChromeGivesTheSameText) {
  for (uint32_t seed : {7u, 8u}) {
    const std::string text =
        BuildReportText(MakeConsistentReport(TemplateId::k2021, seed), Layout::kTabs);
    HtmlStyle style;
    style.merge_cells = true;
    style.split_labels = true;
    const std::string reference = extract::ToText(ReportTextToHtml(text, style)).text;
    ASSERT_FALSE(reference.empty());
    for (Chrome chrome : {Chrome::kTrs, Chrome::kHanwebZoom, Chrome::kLayoutTables}) {
      style.chrome = chrome;
      const extract::DocumentText doc = extract::ToText(ReportTextToHtml(text, style));
      EXPECT_EQ(doc.text, reference)
          << "chrome " << static_cast<int>(chrome) << " body found by " << doc.html_body;
      for (std::string_view chrome_word : {"首页", "浏览次数", "打印", "分享到", "主办单位",
                                           "版权所有", "索引号", "地址：测试县"}) {
        EXPECT_EQ(doc.text.find(chrome_word), std::string::npos) << chrome_word;
      }
      EXPECT_EQ(doc.published, "2024-01-29");
      EXPECT_EQ(doc.title, style.title);
    }
  }
}

TEST(HtmlChromeInvariance, ChangingOnlyTheChromeKeepsTheDocumentId) {
  const std::string text =
      BuildReportText(MakeConsistentReport(TemplateId::k2019, 11), Layout::kTabs);
  HtmlStyle a;
  a.chrome = Chrome::kTrs;
  HtmlStyle b = a;
  b.title = "另一个标题_测试县人民政府";  // the chrome's title and date differ too
  b.published = "2024-02-01";
  const std::string text_a = extract::ToText(ReportTextToHtml(text, a)).text;
  const std::string text_b = extract::ToText(ReportTextToHtml(text, b)).text;
  EXPECT_EQ(extract::DocIdOfNormalized(text_a), extract::DocIdOfNormalized(text_b));
}

}  // namespace
}  // namespace xxgk::testing
