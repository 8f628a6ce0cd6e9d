// OCR round trip: a synthetic report (tests/extract/formats/office/synthetic_2021_1, LibreOffice's
// PDF of our own text, ruled tables) rendered to page images by the test tool (ocr_images.h), read
// back by Tesseract (extract/text/ocr_text.h) and extracted. The record must hold the report's
// real values, and no cell may hold a number the report does not state: a digit Tesseract is
// unsure of becomes □ and its cell null with `cell_illegible`, a value no check confirms is null
// with `ocr_unverified`. Each test OCRs one small rendering (a few seconds of Tesseract).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/report/report_extractor.h"
#include "extract/report/report_record.h"
#include "extract/text/document_text.h"
#include "extract/text/ocr_text.h"
#include "tests/extract/ocr_images.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::testing {
namespace {

namespace fs = std::filesystem;
using extract::CellValue;
using extract::ReportRecord;
using extract::TableValues;

fs::path Fixture(const std::string& name) {
  return fs::path(XXGK_SOURCE_DIR) / "tests/extract/formats/office" / name;
}

// The record of the report's own text: the truth.
const ReportRecord& Truth() {
  static const ReportRecord truth =
      extract::ExtractReport(ReadAll(Fixture("synthetic_2021_1.txt")));
  return truth;
}

// The report's pages as one tall PNG at `dpi`.
std::string ReportPng(int dpi) {
  return EncodePng(StackPictures(RenderPdfPages(ReadAll(Fixture("synthetic_2021_1.pdf")), dpi)),
                   dpi);
}

struct Tally {
  size_t truth_values = 0;  // non-null cells of the truth
  size_t equal = 0;         // read back exactly
  size_t null = 0;          // null in the OCR record
  std::vector<std::string> wrong;  // non-null and not the truth's value
};

// Prints the figures (for people reading the test log; nothing is timed).
void Report(const char* what, const Tally& t, const extract::OcrText& ocr) {
  std::printf("%s: %zu of %zu values read back, %zu null, %zu wrong; %zu unsure digit(s), "
              "mean confidence %.1f\n",
              what, t.equal, t.truth_values, t.null, t.wrong.size(), ocr.unsure_digits,
              ocr.mean_confidence);
}

Tally Compare(const ReportRecord& truth, const ReportRecord& ocr) {
  Tally tally;
  const TableValues* truth_tables[] = {&truth.active_disclosure, &truth.applications,
                                       &truth.reviews_litigation};
  const TableValues* ocr_tables[] = {&ocr.active_disclosure, &ocr.applications,
                                     &ocr.reviews_litigation};
  for (size_t t = 0; t < 3; ++t) {
    const TableValues& a = *truth_tables[t];
    const TableValues& b = *ocr_tables[t];
    for (size_t r = 0; r < a.rows.size(); ++r) {
      if (!a.rows[r]) continue;
      for (size_t c = 0; c < a.rows[r]->size(); ++c) {
        const CellValue& want = (*a.rows[r])[c];
        if (want.is_null()) continue;
        ++tally.truth_values;
        const CellValue* got = nullptr;
        if (b.present && r < b.rows.size() && b.rows[r] && c < b.rows[r]->size()) {
          got = &(*b.rows[r])[c];
        }
        if (got == nullptr || got->is_null()) {
          ++tally.null;
        } else if (*got == want) {
          ++tally.equal;
        } else {
          tally.wrong.push_back("table " + std::to_string(t) + " row " + std::to_string(r) +
                                " column " + std::to_string(c) + ": " +
                                std::to_string(got->integer) + got->text + " instead of " +
                                std::to_string(want.integer) + want.text);
        }
      }
    }
    // A cell the truth leaves null (or a row it lacks) must not get a value from OCR.
    for (size_t r = 0; b.present && r < b.rows.size(); ++r) {
      if (!b.rows[r]) continue;
      for (size_t c = 0; c < b.rows[r]->size(); ++c) {
        const bool truth_has = r < a.rows.size() && a.rows[r] && c < a.rows[r]->size() &&
                               !(*a.rows[r])[c].is_null();
        if (!truth_has && !(*b.rows[r])[c].is_null()) {
          tally.wrong.push_back("table " + std::to_string(t) + " row " + std::to_string(r) +
                                " column " + std::to_string(c) + ": a value the report lacks");
        }
      }
    }
  }
  return tally;
}

size_t CountWarnings(const ReportRecord& record, const std::string& code) {
  size_t n = 0;
  for (const extract::Warning& w : record.warnings) n += w.code == code;
  return n;
}

std::string Describe(const ReportRecord& record, const std::string& text) {
  return extract::RecordToJson(record, true) + "\ntext:\n" + text;
}

TEST(OcrRoundTrip, TheTruthIsAFullRecord) {
  const Tally self = Compare(Truth(), Truth());
  EXPECT_GE(self.truth_values, 150u);
  EXPECT_EQ(self.equal, self.truth_values);
}

TEST(OcrRoundTrip, ARenderedReportIsReadBackWithItsValuesAndNoWrongNumber) {
  if (!extract::OcrDataProblem({}).empty()) GTEST_SKIP() << extract::OcrDataProblem({});
  const extract::OcrText ocr = extract::OcrImage(ReportPng(150));
  ASSERT_TRUE(ocr.refusal_code.empty()) << ocr.refusal;
  EXPECT_EQ(ocr.pages, 1u);
  EXPECT_GT(ocr.words, 200u);
  const ReportRecord record = extract::ExtractReport(ocr.text);
  ASSERT_EQ(record.text_source, "ocr") << ocr.text.substr(0, 300);
  ASSERT_TRUE(record.ocr_confidence.has_value());
  EXPECT_GT(*record.ocr_confidence, 70.0);
  EXPECT_EQ(record.year, 2021);
  EXPECT_EQ(record.template_id, Truth().template_id);
  const Tally tally = Compare(Truth(), record);
  Report("150 dpi PNG", tally, ocr);
  EXPECT_TRUE(tally.wrong.empty()) << ::testing::PrintToString(tally.wrong) << "\n"
                                   << Describe(record, ocr.text);
  // Real values come back: most of table 三 and 四 (all checked by their arithmetic).
  EXPECT_GE(tally.equal, 80u) << Describe(record, ocr.text);
  // What is not read back is null for a stated reason, never silently.
  if (tally.null > 0) EXPECT_FALSE(record.warnings.empty());
  // Table 二 has no check: read by OCR, none of its values is kept.
  if (record.active_disclosure.present) EXPECT_GE(CountWarnings(record, "ocr_unverified"), 1u);
}

TEST(OcrRoundTrip, UnsureDigitsAreIllegibleCellsNeverNumbers) {
  if (!extract::OcrDataProblem({}).empty()) GTEST_SKIP() << extract::OcrDataProblem({});
  extract::OcrLimits limits;
  limits.min_digit_confidence = 101;  // no digit is sure enough: every one is written □
  const extract::OcrText ocr = extract::OcrImage(ReportPng(90), limits);
  ASSERT_TRUE(ocr.refusal_code.empty()) << ocr.refusal;
  EXPECT_GT(ocr.unsure_digits, 200u);
  EXPECT_NE(ocr.text.find(extract::kOcrUnsureMark), std::string::npos);
  const ReportRecord record = extract::ExtractReport(ocr.text);
  ASSERT_EQ(record.text_source, "ocr");
  const Tally tally = Compare(Truth(), record);
  Report("90 dpi PNG, every digit unsure", tally, ocr);
  EXPECT_TRUE(tally.wrong.empty()) << ::testing::PrintToString(tally.wrong);
  EXPECT_EQ(tally.equal, 0u) << Describe(record, ocr.text);
  EXPECT_EQ(tally.null, tally.truth_values);
  EXPECT_GE(CountWarnings(record, "cell_illegible"), 20u) << Describe(record, ocr.text);
  bool names_the_mark = false;
  for (const extract::Warning& w : record.warnings) {
    if (w.code == "cell_illegible") {
      names_the_mark = w.detail.find(extract::kOcrUnsureMark) != std::string::npos;
      break;
    }
  }
  EXPECT_TRUE(names_the_mark);
}

TEST(OcrRoundTrip, ACoarseJpegGivesFewerValuesButNoWrongNumber) {
  if (!extract::OcrDataProblem({}).empty()) GTEST_SKIP() << extract::OcrDataProblem({});
  const int dpi = 100;
  const std::string jpeg = EncodeJpeg(
      StackPictures(RenderPdfPages(ReadAll(Fixture("synthetic_2021_1.pdf")), dpi)), 40, dpi);
  const extract::OcrText ocr = extract::OcrImage(jpeg);
  ASSERT_TRUE(ocr.refusal_code.empty()) << ocr.refusal;
  const ReportRecord record = extract::ExtractReport(ocr.text);
  ASSERT_EQ(record.text_source, "ocr");
  const Tally tally = Compare(Truth(), record);
  Report("100 dpi JPEG q40", tally, ocr);
  EXPECT_TRUE(tally.wrong.empty()) << ::testing::PrintToString(tally.wrong) << "\n"
                                   << Describe(record, ocr.text);
  EXPECT_GT(tally.equal, 0u) << Describe(record, ocr.text);
}

TEST(OcrRoundTrip, ADamagedImageIsRefusedNotRead) {
  std::string png = ReportPng(30);
  png.resize(png.size() / 3);
  const extract::OcrText ocr = extract::OcrImage(png);
  EXPECT_FALSE(ocr.refusal_code.empty()) << ocr.text.substr(0, 200);
  EXPECT_TRUE(ocr.text.empty());
}

}  // namespace
}  // namespace xxgk::testing
