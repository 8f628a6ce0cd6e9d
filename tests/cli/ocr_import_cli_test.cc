// OCR end to end with the real binary: a scanned report (an image-only PDF made by the test tool
// from tests/extract/formats/office/synthetic_2021_1.pdf, ocr_images.h) imported into a temporary
// archive is read by Tesseract in the converter child and archived with a record saying
// text_source "ocr"; with --no-ocr it is kept pending (`no_text_layer`) and `xxgk rebuild`
// converts it later. Each test OCRs one small scan (a few seconds of Tesseract).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "extract/text/ocr_text.h"
#include "tests/extract/ocr_images.h"

namespace xxgk::testing {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code = -1;
  std::string out;
};

// OCR's own limit (120 s by default) is a production guard, tested apart (--ocr-timeout 0.001):
// with the whole suite on two cores, four OCR tests at once took a scan past 120 s (stress run,
// 2026-12-04), so the read-back tests give it half an hour.
constexpr std::string_view kLoadedOcrTimeout = "--ocr-timeout 1800";

CliRun Xxgk(const std::string& args) {
  CliRun run;
  FILE* pipe = popen((std::string(XXGK_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class OcrImportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!extract::OcrDataProblem({}).empty()) GTEST_SKIP() << extract::OcrDataProblem({});
    char tmpl[] = "/tmp/xxgk-ocr-cli-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    fs::create_directories(root_ / "in");
    const int dpi = 100;
    const std::string pdf = ReadFile(fs::path(XXGK_SOURCE_DIR) /
                                     "tests/extract/formats/office/synthetic_2021_1.pdf");
    ASSERT_FALSE(pdf.empty());
    std::ofstream(root_ / "in/scan.pdf", std::ios::binary)
        << ImageOnlyPdf(RenderPdfPages(pdf, dpi), dpi);
    archive_ = (root_ / "archive").string();
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
  }

  // The archive's records (export --jsonl).
  std::vector<nlohmann::json> Records() {
    const std::string file = (root_ / "records.jsonl").string();
    const CliRun run = Xxgk("export --archive " + archive_ + " --jsonl " + file);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    std::vector<nlohmann::json> records;
    std::istringstream lines(ReadFile(file));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) records.push_back(nlohmann::json::parse(line));
    }
    return records;
  }

  nlohmann::json Stats() {
    const CliRun run = Xxgk("stats --json --archive " + archive_);
    EXPECT_EQ(run.exit_code, 0) << run.out;
    return nlohmann::json::parse(run.out.substr(run.out.find('{')));
  }

  static void ExpectOcrRecord(const nlohmann::json& record) {
    EXPECT_EQ(record.value("text_source", ""), "ocr") << record.dump(1);
    ASSERT_TRUE(record.contains("ocr_confidence"));
    ASSERT_TRUE(record["ocr_confidence"].is_number()) << record.dump(1);
    EXPECT_GT(record["ocr_confidence"].get<double>(), 50.0);
    EXPECT_LE(record["ocr_confidence"].get<double>(), 100.0);
    EXPECT_EQ(record.value("year", 0), 2021);
    EXPECT_EQ(record.value("template", ""), "2021");
    // A value that survives OCR is the report's: the grand total of table 三 (571) when kept.
    const auto& total = record["applications"]["total"];
    if (total.is_array() && total.size() == 7 && total[6].is_number()) {
      EXPECT_EQ(total[6].get<int>(), 571);
    }
  }

  fs::path root_;
  std::string archive_;
};

TEST_F(OcrImportCli, AScannedPdfIsImportedWithTextSourceOcr) {
  const CliRun import =
      Xxgk("import " + std::string(kLoadedOcrTimeout) + " --archive " + archive_ + " " +
           (root_ / "in").string());
  ASSERT_EQ(import.exit_code, 0) << import.out;
  EXPECT_NE(import.out.find("1 new"), std::string::npos) << import.out;
  const std::vector<nlohmann::json> records = Records();
  ASSERT_EQ(records.size(), 1u);
  ExpectOcrRecord(records[0]);
  const nlohmann::json stats = Stats();
  EXPECT_EQ(stats["pending"], 0) << stats.dump(1);
  EXPECT_EQ(stats["documents"], 1);
  // The stored text opens with the OCR header.
  const CliRun show = Xxgk("show --archive " + archive_ + " " +
                           records[0]["doc_id"].get<std::string>());
  EXPECT_EQ(show.exit_code, 0) << show.out;
  EXPECT_NE(show.out.find("[OCR tesseract chi_sim]"), std::string::npos) << show.out;
}

TEST_F(OcrImportCli, WithNoOcrTheScanIsKeptPendingAndRebuildReadsIt) {
  const CliRun import =
      Xxgk("import --no-ocr --archive " + archive_ + " " + (root_ / "in").string());
  ASSERT_EQ(import.exit_code, 1) << import.out;  // a file kept for later is not imported (yet)
  EXPECT_NE(import.out.find("no_text_layer"), std::string::npos) << import.out;
  EXPECT_NE(import.out.find("kept for later: 1"), std::string::npos) << import.out;
  EXPECT_TRUE(Records().empty());
  nlohmann::json stats = Stats();
  EXPECT_EQ(stats["pending"], 1) << stats.dump(1);
  EXPECT_EQ(stats["pending_by_code"].value("no_text_layer", 0), 1) << stats.dump(1);

  const CliRun rebuild = Xxgk("rebuild " + std::string(kLoadedOcrTimeout) + " --archive " + archive_);
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.out;
  EXPECT_NE(rebuild.out.find("converted 1"), std::string::npos) << rebuild.out;
  const std::vector<nlohmann::json> records = Records();
  ASSERT_EQ(records.size(), 1u);
  ExpectOcrRecord(records[0]);
  stats = Stats();
  EXPECT_EQ(stats["pending"], 0) << stats.dump(1);
}

TEST_F(OcrImportCli, AnOcrPastItsTimeLimitIsKeptPending) {
  const CliRun import = Xxgk("import --ocr-timeout 0.001 --archive " + archive_ + " " +
                             (root_ / "in").string());
  ASSERT_EQ(import.exit_code, 1) << import.out;
  EXPECT_NE(import.out.find("kept for later: 1"), std::string::npos) << import.out;
  const nlohmann::json stats = Stats();
  EXPECT_EQ(stats["pending"], 1) << stats.dump(1);
  const nlohmann::json& codes = stats["pending_by_code"];
  EXPECT_EQ(codes.value("ocr_timeout", 0) + codes.value("conversion_timeout", 0), 1)
      << stats.dump(1);
}

}  // namespace
}  // namespace xxgk::testing
