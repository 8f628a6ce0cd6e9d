// The parts of ocr_text.h that need no OCR engine: where Tesseract's data is, whether the
// language's data is there, and the OCR header line of a text. The extractor reads the header of
// every stored text, and the ingest step asks about the data before it starts an OCR child, in
// processes that do not load the readers' module (reader_module.h).
#include "extract/text/ocr_text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

namespace xxgk::extract {

std::string OcrDataDir(std::string_view configured) {
  if (!configured.empty()) return std::string(configured);
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix != nullptr && *prefix != '\0') {
    return prefix;
  }
  return "/usr/share/tesseract-ocr/5/tessdata";
}

std::string OcrDataProblem(const OcrLimits& limits) {
  const std::string dir = OcrDataDir(limits.tessdata);
  const std::filesystem::path file = std::filesystem::path(dir) / (limits.language + ".traineddata");
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) return {};
  return "no " + file.filename().string() + " in " + dir +
         (limits.language == "chi_sim" ? " (Debian: apt install tesseract-ocr-chi-sim)" : "");
}

std::string OcrHeaderLine(const OcrHeader& header) {
  char confidence[32];
  std::snprintf(confidence, sizeof confidence, "%.1f", std::clamp(header.mean_confidence, 0.0, 100.0));
  return "[OCR tesseract " + header.language + "] mean confidence " + confidence + "; " +
         std::to_string(header.pages) + " page(s); " + std::string(kOcrUnsureMark) +
         " marks a digit read with low confidence";
}

std::optional<OcrHeader> ParseOcrHeader(std::string_view first_line) {
  static const std::regex kHeader(
      R"(^\[OCR tesseract ([A-Za-z_+]+)\] mean confidence ([0-9]{1,3}\.[0-9]); ([0-9]{1,6}) page\(s\);)");
  std::match_results<std::string_view::const_iterator> m;
  first_line = first_line.substr(0, 160);
  if (!std::regex_search(first_line.begin(), first_line.end(), m, kHeader)) return std::nullopt;
  OcrHeader header;
  header.language = m[1].str();
  header.mean_confidence = std::strtod(m[2].str().c_str(), nullptr);
  header.pages = static_cast<size_t>(std::strtoul(m[3].str().c_str(), nullptr, 10));
  if (header.mean_confidence > 100) return std::nullopt;
  return header;
}

}  // namespace xxgk::extract
