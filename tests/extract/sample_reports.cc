// Shared test helpers. See sample_reports.h.
#include "tests/extract/sample_reports.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <random>
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

std::string RandomUtf16Noise(size_t units, uint32_t seed) {
  std::mt19937 random(seed);
  std::u16string utf16(units, u'\0');
  for (char16_t& unit : utf16) {
    do {
      unit = static_cast<char16_t>(random() & 0xFFFF);
    } while (unit < 0x20 || unit >= 0xFFFE);  // not in XML, so not in LibreOffice's DOCX either
  }
  std::string text;
  icu::UnicodeString(utf16.data(), static_cast<int32_t>(utf16.size())).toUTF8String(text);
  return text;
}

}  // namespace xxgk::testing
