// Golden records: the five sample reports must extract to their hand-verified records exactly.
// Each tests/extract/golden/NNN.json was checked value by value against the report text by two
// independent readings (see docs/extractor.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extract/report/report_extractor.h"
#include "tests/extract/sample_reports.h"

namespace xxgk::extract {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SampleReports;

TEST(Golden, AllFiveSamplesArePresent) { EXPECT_EQ(SampleReports().size(), 5u); }

TEST(Golden, EverySampleExtractsToItsHandVerifiedRecord) {
  for (const fs::path& report : SampleReports()) {
    const std::string prefix = report.filename().string().substr(0, 3);
    const fs::path golden = fs::path(XXGK_SOURCE_DIR) / "tests/extract/golden" / (prefix + ".json");
    ASSERT_TRUE(fs::exists(golden)) << golden;
    const auto expected = nlohmann::ordered_json::parse(ReadAll(golden));
    const auto actual = nlohmann::ordered_json::parse(RecordToJson(ExtractReport(ReadAll(report)), false));
    EXPECT_EQ(actual, expected) << report.filename() << "\nactual:\n" << actual.dump(2);
  }
}

}  // namespace
}  // namespace xxgk::extract
