// Which converted texts are plausibly documents (extract/text/text_plausibility.h): the noise a
// converter makes of random bytes is not; every real text is — the sample reports, every format
// fixture through ToText, synthetic reports in every layout, a short report, a report that is
// mostly a table of digits, a page with a symbol-font bullet or a few replaced bytes.
#include "extract/text/text_plausibility.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "extract/text/document_text.h"
#include "tests/extract/report_builder.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::extract {
namespace {

namespace fs = std::filesystem;

TEST(TextPlausibility, RandomUtf16NoiseIsNotADocumentThoughAThirdOfItIsCjk) {
  for (const size_t units : {400u, 1000u, 20000u}) {
    for (uint32_t seed = 1; seed <= 5; ++seed) {
      const std::string noise = testing::RandomUtf16Noise(units, seed);
      const std::string reason = ImplausibleTextReason(noise);
      EXPECT_NE(reason.find("unreadable"), std::string::npos)
          << units << "/" << seed << ": " << reason;
    }
  }
}

TEST(TextPlausibility, ReplacementAndControlCharactersOverTheShareAreNotADocument) {
  std::string text = "政府信息公开工作年度报告";  // 12 characters
  for (int i = 0; i < 8; ++i) text += "\uFFFD\x01";
  EXPECT_NE(ImplausibleTextReason(text).find("57.1% of its 28 characters"), std::string::npos)
      << ImplausibleTextReason(text);
  std::string private_use = "报告";
  for (int i = 0; i < 16; ++i) private_use += "\uE000";
  EXPECT_NE(ImplausibleTextReason(private_use).find("unreadable"), std::string::npos);
}

TEST(TextPlausibility, AFewOddCharactersInAShortTextAreNotEnough) {
  // 15 replaced bytes in 20 characters: under the 16 it takes, however large their share.
  std::string text = "汾西县年度报告";
  for (int i = 0; i < 15; ++i) text += "\uFFFD";
  EXPECT_EQ(ImplausibleTextReason(text), "");
  EXPECT_NE(ImplausibleTextReason(text + "\uFFFD").find("unreadable"), std::string::npos);
}

TEST(TextPlausibility, NotOneLetterIsNotADocument) {
  EXPECT_NE(ImplausibleTextReason("1\t2\t3\n4\t5\t6\n").find("not one letter"), std::string::npos);
  EXPECT_NE(ImplausibleTextReason("@@@ ### ... 123").find("not one letter"), std::string::npos);
}

TEST(TextPlausibility, ShortTablesOfDigitsAndAFewOddCharactersAreDocuments) {
  EXPECT_EQ(ImplausibleTextReason("汾西县2023年政府信息公开工作年度报告\n"), "");
  EXPECT_EQ(ImplausibleTextReason("Annual report"), "");
  std::string table = "本年收到申请数量\n";
  for (int row = 0; row < 200; ++row) table += "0\t12\t3\t4\t5\t1\t0\t25\n";
  EXPECT_EQ(ImplausibleTextReason(table), "") << "mostly digits, with its label";
  // A symbol font's bullet mapped to private use on every short line, and a GBK page's two
  // replaced bytes.
  std::string list;
  for (int i = 0; i < 40; ++i) list += "\uF0B7 第" + std::to_string(i) + "项\n";
  EXPECT_EQ(ImplausibleTextReason(list + "（一）行政复议\uFFFD\uFFFD情况说明如下。"), "");
  EXPECT_EQ(ImplausibleTextReason(""), "") << "empty text is the callers' case";
  EXPECT_EQ(ImplausibleTextReason(" \n\t\u3000\n"), "");
}

TEST(TextPlausibility, EverySampleReportIsADocument) {
  const std::vector<fs::path> samples = testing::SampleReports();
  ASSERT_FALSE(samples.empty());
  for (const fs::path& path : samples) {
    const std::string text = testing::ReadAll(path);
    const TextPlausibility m = MeasureText(text);
    EXPECT_EQ(ImplausibleTextReason(text), "") << path;
    EXPECT_EQ(m.unreadable, 0u) << path;
  }
}

TEST(TextPlausibility, EveryFormatFixtureConvertsToADocument) {
  int read = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(XXGK_SOURCE_DIR) / "tests/extract/formats")) {
    if (!entry.is_regular_file()) continue;
    const DocumentText doc = ToText(testing::ReadAll(entry.path()), {"", entry.path().string()});
    if (doc.outcome != TextOutcome::kText) continue;  // DOC needs LibreOffice (ingest/)
    ++read;
    const TextPlausibility m = MeasureText(doc.text);
    EXPECT_EQ(ImplausibleTextReason(doc.text), "") << entry.path();
    EXPECT_EQ(m.unreadable, 0u) << entry.path();
  }
  EXPECT_GE(read, 40);
}

TEST(TextPlausibility, SyntheticReportsInEveryLayoutAreDocuments) {
  using testing::Layout;
  for (const TemplateId id : {TemplateId::k2019, TemplateId::k2021}) {
    for (int layout = 0; layout <= static_cast<int>(Layout::kCellPerLineCutHeads); ++layout) {
      const std::string text = testing::BuildReportText(
          testing::MakeConsistentReport(id, 7u + static_cast<uint32_t>(layout)),
          static_cast<Layout>(layout));
      EXPECT_EQ(ImplausibleTextReason(text), "")
          << testing::LayoutName(static_cast<Layout>(layout));
    }
  }
}

}  // namespace
}  // namespace xxgk::extract
