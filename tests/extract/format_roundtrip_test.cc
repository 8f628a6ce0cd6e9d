// Format round trip with real tools: the fixtures in tests/extract/formats/office/ (made by
// scripts/make-format-fixtures.sh: portal HTML in UTF-8 and GBK from our writer, DOCX and PDF
// from LibreOffice Writer) for the five sample reports and for synthetic reports in both national
// templates must each give, through ToText and the extractor, the record of the report's text;
// the synthetic ones must also give exactly the values written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "extract/text/document_text.h"
#include "extract/report/report_extractor.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/report_expectations.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::testing {
namespace {

namespace fs = std::filesystem;
using extract::DocumentFormat;
using extract::TemplateId;

fs::path OfficeDir() { return fs::path(XXGK_SOURCE_DIR) / "tests/extract/formats/office"; }

struct Version {
  std::string suffix;
  DocumentFormat format;
  std::string charset;  // expected for HTML; empty: not checked
};

void PrintTo(const Version& version, std::ostream* os) { *os << version.suffix; }

const std::vector<Version>& Versions() {
  static const std::vector<Version> versions = {
      {".html", DocumentFormat::kHtml, "UTF-8"},
      {".gbk.html", DocumentFormat::kHtml, "GB18030"},
      {".docx", DocumentFormat::kDocx, ""},
      {".pdf", DocumentFormat::kPdf, ""},
  };
  return versions;
}

// Fixture names (one per report), in name order: the stems of the PDFs.
std::vector<std::string> FixtureNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(OfficeDir())) {
    if (entry.path().extension() == ".pdf") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A fixture's source text: NAME.txt beside it (synthetic reports) or the sample report.
std::string SourceText(const std::string& name) {
  const fs::path own = OfficeDir() / (name + ".txt");
  if (fs::exists(own)) return ReadAll(own);
  return ReadAll(fs::path(XXGK_SOURCE_DIR) / "seeds/reports" / (name + ".txt"));
}

extract::DocumentText VersionText(const std::string& name, const Version& version) {
  const std::string file = name + version.suffix;
  return extract::ToText(ReadAll(OfficeDir() / file), {.file_name = file});
}

TEST(FormatRoundTrip, FixturesCoverEverySampleAndBothTemplates) {
  const std::vector<std::string> names = FixtureNames();
  for (const fs::path& sample : SampleReports()) {
    EXPECT_NE(std::find(names.begin(), names.end(), sample.stem().string()), names.end())
        << sample;
  }
  for (const char* synthetic :
       {"synthetic_2019_1", "synthetic_2019_2", "synthetic_2021_1", "synthetic_2021_2"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), synthetic), names.end()) << synthetic;
  }
  for (const std::string& name : names) {
    EXPECT_FALSE(SourceText(name).empty()) << name;
    for (const Version& version : Versions()) {
      EXPECT_TRUE(fs::is_regular_file(OfficeDir() / (name + version.suffix)))
          << name << version.suffix;
    }
  }
}

class FormatRoundTrip : public ::testing::TestWithParam<Version> {};

TEST_P(FormatRoundTrip, EveryFixtureGivesTheRecordOfItsText) {
  const Version& version = GetParam();
  const std::vector<std::string> names = FixtureNames();
  ASSERT_GE(names.size(), 9u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name + version.suffix);
    const auto expected = ComparableRecord(extract::ExtractReport(SourceText(name)));
    const extract::DocumentText doc = VersionText(name, version);
    ASSERT_TRUE(doc.ok()) << doc.refusal;
    EXPECT_EQ(doc.format, version.format);
    if (!version.charset.empty()) EXPECT_EQ(doc.charset, version.charset);
    EXPECT_EQ(doc.invalid_sequences, 0u);
    const auto actual = ComparableRecord(extract::ExtractReport(doc.text));
    EXPECT_EQ(actual, expected) << "differences (JSON patch from the text's record):\n"
                                << nlohmann::ordered_json::diff(expected, actual).dump(1)
                                << "\ntext:\n"
                                << doc.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, FormatRoundTrip, ::testing::ValuesIn(Versions()),
                         [](const ::testing::TestParamInfo<Version>& info) {
                           std::string name = info.param.suffix.substr(1);
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

TEST(FormatRoundTrip, SyntheticFixturesGiveExactlyTheValuesWritten) {
  for (const TemplateId id : {TemplateId::k2019, TemplateId::k2021}) {
    for (const uint32_t seed : {1u, 2u}) {
      const std::string name = std::string("synthetic_") +
                               (id == TemplateId::k2019 ? "2019_" : "2021_") +
                               std::to_string(seed);
      const SyntheticReport report = MakeConsistentReport(id, seed);
      // The committed text is what the builder writes today (else: rerun the fixture script).
      ASSERT_EQ(SourceText(name), BuildReportText(report, Layout::kTabs)) << name;
      for (const Version& version : Versions()) {
        SCOPED_TRACE(name + version.suffix);
        const extract::DocumentText doc = VersionText(name, version);
        ASSERT_TRUE(doc.ok()) << doc.refusal;
        const extract::ReportRecord record = extract::ExtractReport(doc.text);
        ExpectRecordHoldsReport(record, report);
      }
    }
  }
}

}  // namespace
}  // namespace xxgk::testing
