// Test helpers shared by the extractor's tests: reading a file whole, the sample reports in
// seeds/reports/, and a record reduced to what must agree between two renderings of one report.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "extract/report/report_record.h"

namespace xxgk::testing {

// The file's bytes ("" when it cannot be read).
std::string ReadAll(const std::filesystem::path& path);

// seeds/reports/*.txt in name order.
std::vector<std::filesystem::path> SampleReports();

// The record as JSON without doc_id (two renderings of one report differ in blank lines, so their
// ids do) and without warning details (they cite line numbers).
nlohmann::ordered_json ComparableRecord(const extract::ReportRecord& record);

}  // namespace xxgk::testing
