// Test helpers shared by the extractor's tests: reading a file whole, the sample reports in
// seeds/reports/, a record reduced to what must agree between two renderings of one report, and
// the noise a converter makes of random bytes (the opposite of a report).
#pragma once

#include <cstddef>
#include <cstdint>
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

// `units` random 16-bit code units (from `seed`) read as UTF-16, as UTF-8 (a lone surrogate
// becomes U+FFFD; C0 controls, U+FFFE and U+FFFF are left out, as XML cannot hold them): what
// LibreOffice makes of random bytes behind an OLE2 header — a third CJK ideographs, a sixth
// Hangul, an eighth private-use or unassigned code points.
std::string RandomUtf16Noise(size_t units, uint32_t seed);

}  // namespace xxgk::testing
