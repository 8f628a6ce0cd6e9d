// Shared test helpers. See sample_reports.h.
#include "tests/extract/sample_reports.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace xxgk::testing {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> SampleReports() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(XXGK_SOURCE_DIR) / "seeds/reports")) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

nlohmann::ordered_json ComparableRecord(const extract::ReportRecord& record) {
  auto json = nlohmann::ordered_json::parse(extract::RecordToJson(record, false));
  json.erase("doc_id");
  if (json.contains("warnings")) {
    for (auto& w : json["warnings"]) w.erase("detail");
  }
  return json;
}

}  // namespace xxgk::testing
