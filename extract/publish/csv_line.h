// CSV lines (RFC 4180) for the exports: fields joined by commas, a field quoted when it holds a
// comma, a quote, CR or LF (quotes doubled), each line ended by CRLF. kUtf8Bom starts a file so
// that spreadsheets read it as UTF-8.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xxgk::extract {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string CsvField(std::string_view field);
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace xxgk::extract
